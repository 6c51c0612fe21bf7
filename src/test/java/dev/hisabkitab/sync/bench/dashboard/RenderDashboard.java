package dev.hisabkitab.sync.bench.dashboard;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;

import javax.imageio.ImageIO;

/**
 * Renders a Grafana dashboard JSON over a directory of {@code /q/metrics} scrapes into a PNG (bench/dashboard.sh):
 * {@code RenderDashboard <dashboard.json> <snapshot-dir> <out.png> [note]}. Prints what each panel shows.
 */
public final class RenderDashboard {

    private RenderDashboard() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: RenderDashboard <dashboard.json> <snapshot-dir> <out.png> [note]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Dashboard dashboard = Dashboard.read(Path.of(args[0]));
        Snapshots db = Snapshots.read(Path.of(args[1]));
        String note = args.length > 3 ? args[3] : "";
        for (Dashboard.Panel p : dashboard.panels()) {
            DashboardRenderer.PanelData data = DashboardRenderer.evaluate(p, db);
            StringBuilder what = new StringBuilder();
            data.lines().forEach(l -> what.append(what.isEmpty() ? "" : ", ").append(l.name()).append(" (last ")
                    .append(Units.format(p.unit(), l.last(), 0)).append(")"));
            for (int r = 0; r < data.rows().size(); r++) {
                what.append(what.isEmpty() ? "" : ", ").append(data.rows().get(r).values()).append(" = ")
                        .append(Units.format(p.unit(), data.rowValues().get(r), 0));
            }
            System.out.printf("  %-62s %s%n", p.title(), what.isEmpty() ? "no data" : what);
        }
        ZoneId zone = ZoneId.of(System.getProperty("dashboard.zone", ZoneOffset.UTC.getId()));
        BufferedImage image = new DashboardRenderer(Integer.getInteger("dashboard.width", 1600), zone)
                .render(dashboard, db, note);
        Path out = Path.of(args[2]);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        ImageIO.write(image, "png", out.toFile());
        System.out.println("Wrote " + out + " (" + image.getWidth() + "x" + image.getHeight() + ", " + db.all().size()
                + " scrapes)");
    }
}

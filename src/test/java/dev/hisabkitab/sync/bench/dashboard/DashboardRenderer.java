package dev.hisabkitab.sync.bench.dashboard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Draws a {@link Dashboard} over {@link Snapshots} with Java2D, laid out on Grafana's grid (24 columns, rows of 30 px)
 * in Grafana's dark theme: time series as lines with a legend, tables as rows of the labels and the value at the end
 * of the range, stat panels as their last value. Every expression is evaluated with {@link PromQl} at each step of the
 * range, Grafana's {@code $__rate_interval} / {@code $__interval} / {@code $__range} filled in as Grafana would.
 */
public final class DashboardRenderer {

    /** Grafana's classic palette, in its order. */
    static final Color[] PALETTE = { rgb(0x73BF69), rgb(0xF2CC0C), rgb(0x8AB8FF), rgb(0xFF780A), rgb(0xF2495C),
            rgb(0x5794F2), rgb(0xB877D9), rgb(0x705DA0), rgb(0x37872D), rgb(0xFADE2A), rgb(0x447EBC), rgb(0xC15C17),
            rgb(0x890F02), rgb(0x0A437C), rgb(0x6D1F62), rgb(0x584477) };
    static final Color BACKGROUND = rgb(0x111217);
    static final Color PANEL = rgb(0x181B1F);
    static final Color BORDER = rgb(0x2C3235);
    static final Color GRID = rgb(0x24272C);
    static final Color TEXT = rgb(0xCCCCDC);
    static final Color DIM = rgb(0x8E8E8E);

    static final int COLUMNS = 24;
    static final int ROW = 30;
    static final int GAP = 8;
    static final int HEADER = 64;
    static final int MAX_POINTS = 600;

    private final int width;
    private final ZoneId zone;

    public DashboardRenderer(int width, ZoneId zone) {
        this.width = width;
        this.zone = zone;
    }

    /** One plotted series of a panel. */
    record Line(String name, double[] values) {
        double last() {
            for (int k = values.length - 1; k >= 0; k--) {
                if (!Double.isNaN(values[k])) {
                    return values[k];
                }
            }
            return Double.NaN;
        }
    }

    /** What a panel shows: for time series one value per step, for tables the rows. */
    record PanelData(List<Line> lines, List<Map<String, String>> rows, List<Double> rowValues) {
    }

    /** The time steps the range is evaluated at. */
    static long[] steps(Snapshots db) {
        long from = db.first();
        long to = db.last();
        long scrape = db.scrapeIntervalMillis();
        long step = scrape * Math.max(1, (long) Math.ceil((to - from) / (double) scrape / MAX_POINTS));
        int n = (int) ((to - from) / step) + 1;
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            t[k] = from + k * step;
        }
        return t;
    }

    /** Evaluates every target of a panel over the range (instant targets: at its end). */
    public static PanelData evaluate(Dashboard.Panel panel, Snapshots db) {
        long[] t = steps(db);
        long step = t.length > 1 ? t[1] - t[0] : db.scrapeIntervalMillis();
        long range = db.last() - db.first();
        Map<String, double[]> lines = new LinkedHashMap<>();
        List<Map<String, String>> rows = new ArrayList<>();
        List<Double> rowValues = new ArrayList<>();
        for (Dashboard.Target target : panel.targets()) {
            String expr = Dashboard.interpolate(target.expr(), step, db.scrapeIntervalMillis(), Math.max(range, step));
            PromQl.Expr parsed = PromQl.parse(expr);
            if (target.instant() || panel.type().equals("table")) {
                List<PromQl.Sample> result = new ArrayList<>(PromQl.evaluate(parsed, db, db.last()));
                result.sort(Comparator.comparingDouble((PromQl.Sample s) -> -s.value()));
                for (PromQl.Sample s : result) {
                    Map<String, String> labels = new TreeMap<>(s.labels());
                    labels.remove(PromQl.NAME);
                    rows.add(labels);
                    rowValues.add(s.value());
                }
                continue;
            }
            for (int k = 0; k < t.length; k++) {
                for (PromQl.Sample s : PromQl.evaluate(parsed, db, t[k])) {
                    String name = PromQl.legend(target.legendFormat(), s.labels());
                    double[] values = lines.computeIfAbsent(name, x -> {
                        double[] v = new double[t.length];
                        java.util.Arrays.fill(v, Double.NaN);
                        return v;
                    });
                    values[k] = s.value();
                }
            }
        }
        List<Line> out = new ArrayList<>();
        new TreeMap<>(lines).forEach((name, values) -> out.add(new Line(name, values)));
        return new PanelData(out, rows, rowValues);
    }

    public BufferedImage render(Dashboard dashboard, Snapshots db, String note) {
        int rows = dashboard.panels().stream().mapToInt(p -> p.grid().y() + p.grid().h()).max().orElse(8);
        int height = HEADER + rows * ROW + GAP;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            header(g, dashboard, db, note);
            long[] t = steps(db);
            double column = (width - GAP) / (double) COLUMNS;
            for (Dashboard.Panel p : dashboard.panels()) {
                int x = (int) Math.round(GAP + p.grid().x() * column);
                int w = (int) Math.round(p.grid().w() * column) - GAP;
                int y = HEADER + p.grid().y() * ROW;
                int h = p.grid().h() * ROW - GAP;
                panel(g, p, evaluate(p, db), t, x, y, w, h);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private void header(Graphics2D g, Dashboard d, Snapshots db, String note) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        g.setColor(TEXT);
        g.setFont(font(Font.BOLD, 20));
        g.drawString(d.title(), GAP + 4, 28);
        g.setFont(font(Font.PLAIN, 13));
        g.setColor(DIM);
        long seconds = Math.round((db.last() - db.first()) / 1000.0);
        String range = f.format(Instant.ofEpochMilli(db.first())) + " to "
                + DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone).format(Instant.ofEpochMilli(db.last()))
                + " " + (zone.getId().equals("Z") ? "UTC" : zone.getId()) + " (" + seconds + " s, " + db.all().size() + " scrapes every "
                + Dashboard.duration(db.scrapeIntervalMillis()) + ")";
        g.drawString(range, GAP + 4, 50);
        if (note != null && !note.isBlank()) {
            FontMetrics m = g.getFontMetrics();
            g.drawString(note, width - GAP - 4 - m.stringWidth(note), 50);
        }
    }

    private void panel(Graphics2D g, Dashboard.Panel p, PanelData data, long[] t, int x, int y, int w, int h) {
        Shape box = new RoundRectangle2D.Double(x, y, w, h, 6, 6);
        g.setColor(PANEL);
        g.fill(box);
        g.setColor(BORDER);
        g.setStroke(new BasicStroke(1f));
        g.draw(box);
        g.setColor(TEXT);
        g.setFont(font(Font.BOLD, 14));
        g.drawString(fit(g, p.title(), w - 16), x + 8, y + 20);
        int top = y + 30;
        switch (p.type()) {
            case "timeseries", "graph" -> timeSeries(g, p, data, t, x + 8, top, w - 16, y + h - top - 6);
            case "table" -> table(g, p, data, x + 8, top, w - 16, y + h - top - 6);
            case "stat", "gauge" -> stat(g, p, data, x + 8, top, w - 16, y + h - top - 6);
            case "row" -> {
            }
            default -> noData(g, "panel type " + p.type() + " is not drawn", x, top, w, y + h - top);
        }
    }

    private void timeSeries(Graphics2D g, Dashboard.Panel p, PanelData data, long[] t, int x, int y, int w, int h) {
        List<Line> lines = data.lines();
        // legend: entries in rows under the plot
        g.setFont(font(Font.PLAIN, 12));
        FontMetrics lm = g.getFontMetrics();
        List<int[]> placed = new ArrayList<>();
        int lx = 0;
        int legendRows = lines.isEmpty() ? 0 : 1;
        for (Line l : lines) {
            int entry = 18 + lm.stringWidth(l.name()) + 16;
            if (lx > 0 && lx + entry > w) {
                legendRows++;
                lx = 0;
            }
            placed.add(new int[] { lx, legendRows - 1 });
            lx += entry;
        }
        int legendHeight = legendRows * 16;
        int plotBottom = y + h - legendHeight - 18;
        double max = 0;
        double min = 0;
        boolean any = false;
        for (Line l : lines) {
            for (double v : l.values()) {
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                    any = true;
                }
            }
        }
        if (!any) {
            noData(g, "No data", x, y, w, h);
            return;
        }
        double[] ticks = niceTicks(min, max == min ? min + 1 : max, 5);
        double lo = ticks[0];
        double hi = ticks[ticks.length - 1];
        g.setFont(font(Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        double tickStep = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int labelWidth = 0;
        for (double v : ticks) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(Units.format(p.unit(), v, tickStep)));
        }
        int plotLeft = x + labelWidth + 8;
        int plotRight = x + w - 4;
        int plotTop = y + 4;
        // horizontal grid and y labels
        for (double v : ticks) {
            int py = (int) Math.round(plotBottom - (v - lo) / (hi - lo) * (plotBottom - plotTop));
            g.setColor(GRID);
            g.drawLine(plotLeft, py, plotRight, py);
            g.setColor(DIM);
            String label = Units.format(p.unit(), v, tickStep);
            g.drawString(label, plotLeft - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        // vertical grid and time labels
        long from = t[0];
        long to = t[t.length - 1];
        long span = Math.max(1, to - from);
        long timeStep = niceTimeStep(span, Math.max(2, (plotRight - plotLeft) / 110));
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
        for (long tick = (from / timeStep + 1) * timeStep; tick <= to; tick += timeStep) {
            int px = (int) Math.round(plotLeft + (tick - from) / (double) span * (plotRight - plotLeft));
            g.setColor(GRID);
            g.drawLine(px, plotTop, px, plotBottom);
            g.setColor(DIM);
            String label = hms.format(Instant.ofEpochMilli(tick));
            g.drawString(label, px - fm.stringWidth(label) / 2, plotBottom + 14);
        }
        // lines
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int s = 0; s < lines.size(); s++) {
            Line l = lines.get(s);
            Color c = PALETTE[s % PALETTE.length];
            Path2D path = new Path2D.Double();
            boolean drawing = false;
            int single = -1;
            for (int k = 0; k < l.values().length; k++) {
                double v = l.values()[k];
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    drawing = false;
                    continue;
                }
                double px = plotLeft + (t[k] - from) / (double) span * (plotRight - plotLeft);
                double py = plotBottom - (v - lo) / (hi - lo) * (plotBottom - plotTop);
                if (drawing) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    drawing = true;
                    single = k;
                }
            }
            g.setColor(c);
            g.draw(path);
            if (single >= 0 && l.values().length == 1) {
                g.fill(new Rectangle2D.Double(plotLeft - 2, plotBottom - 2, 4, 4));
            }
        }
        // legend
        g.setFont(font(Font.PLAIN, 12));
        for (int s = 0; s < lines.size(); s++) {
            int ex = x + placed.get(s)[0];
            int ey = plotBottom + 22 + placed.get(s)[1] * 16;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(ex, ey + 6, 14, 3);
            g.setColor(TEXT);
            g.drawString(lines.get(s).name(), ex + 18, ey + 12);
        }
    }

    private void table(Graphics2D g, Dashboard.Panel p, PanelData data, int x, int y, int w, int h) {
        if (data.rows().isEmpty()) {
            noData(g, "No data", x, y, w, h);
            return;
        }
        TreeSet<String> columns = new TreeSet<>();
        data.rows().forEach(r -> columns.addAll(r.keySet()));
        List<String> header = new ArrayList<>(columns);
        header.add("Value");
        g.setFont(font(Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = fm.stringWidth(header.get(c));
        }
        List<List<String>> cells = new ArrayList<>();
        for (int r = 0; r < data.rows().size(); r++) {
            List<String> row = new ArrayList<>();
            for (String c : columns) {
                row.add(data.rows().get(r).getOrDefault(c, ""));
            }
            row.add(Units.format(p.unit(), data.rowValues().get(r), 0));
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], fm.stringWidth(row.get(c)));
            }
            cells.add(row);
        }
        int total = 0;
        for (int c : widths) {
            total += c;
        }
        int spare = Math.max(16, (w - total) / header.size());
        int rowHeight = 22;
        int cy = y + 4;
        g.setColor(rgb(0x22252B));
        g.fillRect(x, cy, w, rowHeight);
        int cx = x + 6;
        g.setFont(font(Font.BOLD, 12));
        g.setColor(rgb(0x6E9FFF));
        for (int c = 0; c < header.size(); c++) {
            g.drawString(header.get(c), c == header.size() - 1 ? x + w - 6 - g.getFontMetrics().stringWidth(header.get(c)) : cx,
                    cy + 15);
            cx += widths[c] + spare;
        }
        g.setFont(font(Font.PLAIN, 12));
        int shown = Math.max(1, (y + h - cy - rowHeight) / rowHeight);
        for (int r = 0; r < Math.min(shown, cells.size()); r++) {
            cy += rowHeight;
            g.setColor(GRID);
            g.drawLine(x, cy, x + w, cy);
            g.setColor(TEXT);
            cx = x + 6;
            List<String> row = cells.get(r);
            for (int c = 0; c < row.size(); c++) {
                String text = row.get(c);
                g.drawString(text, c == row.size() - 1 ? x + w - 6 - fm.stringWidth(text) : cx, cy + 15);
                cx += widths[c] + spare;
            }
        }
        if (cells.size() > shown) {
            g.setColor(DIM);
            g.drawString("+ " + (cells.size() - shown) + " more rows", x + 6, y + h - 2);
        }
    }

    private void stat(Graphics2D g, Dashboard.Panel p, PanelData data, int x, int y, int w, int h) {
        List<Line> lines = data.lines();
        if (lines.isEmpty()) {
            noData(g, "No data", x, y, w, h);
            return;
        }
        int cell = w / lines.size();
        for (int s = 0; s < lines.size(); s++) {
            String value = Units.format(p.unit(), lines.get(s).last(), 0);
            g.setFont(font(Font.BOLD, Math.min(48, Math.max(18, h / 3))));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(PALETTE[s % PALETTE.length]);
            g.drawString(value, x + s * cell + (cell - fm.stringWidth(value)) / 2, y + h / 2 + fm.getAscent() / 3);
            g.setFont(font(Font.PLAIN, 12));
            g.setColor(TEXT);
            FontMetrics nm = g.getFontMetrics();
            g.drawString(lines.get(s).name(), x + s * cell + (cell - nm.stringWidth(lines.get(s).name())) / 2, y + h - 4);
        }
    }

    private static void noData(Graphics2D g, String text, int x, int y, int w, int h) {
        g.setFont(font(Font.PLAIN, 14));
        g.setColor(DIM);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x + (w - fm.stringWidth(text)) / 2, y + h / 2);
    }

    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (!s.isEmpty() && fm.stringWidth(s + "…") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    /** About {@code count} round tick values from below {@code min} to above {@code max}. */
    static double[] niceTicks(double min, double max, int count) {
        double raw = (max - min) / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] { 1, 2, 5, 10 }) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        double lo = Math.floor(min / step) * step;
        double hi = Math.ceil(max / step) * step;
        int n = (int) Math.round((hi - lo) / step) + 1;
        double[] ticks = new double[n];
        for (int k = 0; k < n; k++) {
            ticks[k] = lo + k * step;
        }
        return ticks;
    }

    static long niceTimeStep(long spanMillis, int maxTicks) {
        long[] steps = { 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
                1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000 };
        for (long s : steps) {
            if (spanMillis / s <= maxTicks) {
                return s;
            }
        }
        return steps[steps.length - 1];
    }

    private static Font font(int style, int size) {
        return new Font("DejaVu Sans", style, size);
    }

    private static Color rgb(int rgb) {
        return new Color(rgb);
    }
}

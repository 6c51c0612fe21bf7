package dev.hisabkitab.sync.bench.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scrapes of {@code /q/metrics} taken one after another: the data a Prometheus server would have stored. A directory
 * holds one file per scrape, named {@code <epoch-millis>.prom}; each sample's time is its file's.
 */
public final class Snapshots {

    /** One scrape: when, and every series' value then. */
    public record Snapshot(long millis, Map<Map<String, String>, Double> series) {
    }

    private final List<Snapshot> snapshots;

    public Snapshots(List<Snapshot> snapshots) {
        List<Snapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(Comparator.comparingLong(Snapshot::millis));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no snapshots");
        }
        this.snapshots = List.copyOf(sorted);
    }

    /** Reads every {@code <epoch-millis>.prom} file of a directory. */
    public static Snapshots read(Path dir) {
        List<Snapshot> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("\\d+\\.prom")).toList()) {
                String name = f.getFileName().toString();
                long millis = Long.parseLong(name.substring(0, name.length() - ".prom".length()));
                list.add(snapshot(millis, Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshots in " + dir, e);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no <epoch-millis>.prom files in " + dir);
        }
        return new Snapshots(list);
    }

    public static Snapshot snapshot(long millis, String promText) {
        Map<Map<String, String>, Double> series = new LinkedHashMap<>();
        for (PromText.Sample s : PromText.parse(promText)) {
            series.put(s.labels(), s.value());
        }
        return new Snapshot(millis, series);
    }

    public List<Snapshot> all() {
        return snapshots;
    }

    public long first() {
        return snapshots.get(0).millis();
    }

    public long last() {
        return snapshots.get(snapshots.size() - 1).millis();
    }

    /** The median time between two scrapes (Prometheus' scrape interval); 15 s for a single scrape. */
    public long scrapeIntervalMillis() {
        if (snapshots.size() < 2) {
            return 15_000;
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < snapshots.size(); i++) {
            gaps.add(snapshots.get(i).millis() - snapshots.get(i - 1).millis());
        }
        gaps.sort(null);
        return Math.max(1, gaps.get(gaps.size() / 2));
    }

    /** The index of the last scrape at or before {@code millis}, -1 when none. */
    int lastAtOrBefore(long millis) {
        int lo = 0;
        int hi = snapshots.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (snapshots.get(mid).millis() <= millis) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}

package dev.hisabkitab.sync.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.hisabkitab.sync.idempotency.CompletedEvent;
import dev.hisabkitab.sync.idempotency.CompletedIndex;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.idempotency.HeapCompletedIndex;
import dev.hisabkitab.sync.idempotency.RocksCompletedIndex;

/**
 * The completed-events index alone (bench/completed-index.sh): N ids put in batches of 500 (what the Kafka follower
 * applies per poll, at most), then heap used after a GC, the time to open it again and the look-up rate. Not the
 * connector's start-to-ready (bench/start-to-ready.sh): this measures the part that grows with N.
 * Args: heap|rocksdb N DIR. Prints one Markdown table row.
 */
public final class CompletedIndexBench {

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        long heapBefore = heapAfterGc();
        long t0 = System.nanoTime();
        CompletedIndex index = open(kind, dir);
        List<CompletedEvent> batch = new ArrayList<>(500);
        for (int i = 0; i < n; i++) {
            batch.add(event(i));
            if (batch.size() == 500 || i == n - 1) {
                index.apply(batch, List.of(), Map.of("kafka.next-offset/0", Long.toString(i + 1)));
                batch.clear();
            }
        }
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        long heapFilled = heapAfterGc();
        double reopenSeconds = Double.NaN;
        if (!kind.equals("heap")) {
            index.close();
            long t1 = System.nanoTime();
            index = open(kind, dir);
            if (index.size() != n) {
                throw new IllegalStateException("reopened with " + index.size() + " ids, not " + n);
            }
            reopenSeconds = (System.nanoTime() - t1) / 1e9;
        }
        // half the look-ups hit (a resend), half miss (a new id): the pipeline's question for every event
        SplittableRandom random = new SplittableRandom(7);
        int lookups = 200_000;
        int hits = 0;
        long t2 = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            int id = random.nextInt(Math.max(1, 2 * n));
            if (index.contains(new EventKey("acme", "erp-" + id))) {
                hits++;
            }
        }
        double lookupsPerSecond = lookups / ((System.nanoTime() - t2) / 1e9);
        long heapAfterLookups = heapAfterGc();
        if (index instanceof RocksCompletedIndex rocks) {
            System.err.println(kind + " " + n + ": " + rocks.stats());
        }
        long diskBytes = kind.equals("heap") ? 0 : size(dir);
        index.close();
        System.out.printf("| %s | %,d | %.1f s | %.1f MB | %.1f MB | %s | %,.0f /s (%d%% hits) | %.0f MB |%n", kind, n,
                fillSeconds, (heapFilled - heapBefore) / 1e6, (heapAfterLookups - heapBefore) / 1e6,
                Double.isNaN(reopenSeconds) ? "–" : String.format("%.2f s", reopenSeconds), lookupsPerSecond,
                lookups == 0 ? 0 : 100 * hits / lookups, diskBytes / 1e6);
    }

    private static CompletedIndex open(String kind, Path dir) {
        return kind.equals("heap") ? new HeapCompletedIndex() : RocksCompletedIndex.open(dir, false);
    }

    /** A record as the connector writes one (about 190 bytes of JSON). */
    static CompletedEvent event(int i) {
        return new CompletedEvent(new EventKey("acme", "erp-" + i), 100_000L + i, "INV-" + i,
                "Sale Transaction Created Successfully", "2026-01-01T10:00:00Z", "hisabkitab.events/3@" + i);
    }

    /** Heap in use once the collector has run (twice: the first may leave finalizable objects). */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

package dev.hisabkitab.sync.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.hisabkitab.sync.idempotency.CompletedEvent;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.idempotency.FileIdempotencyStore;
import dev.hisabkitab.sync.idempotency.HeapCompletedIndex;

/**
 * The file store (no Kafka) with N completed ids (bench/file-store.sh): a file of N lines as the connector appends them,
 * then the heap after a GC, the first start (the index built from the whole file), 1,000 records through the store
 * (each synced), a restart (the index's checkpoint: no line read again) and look-ups. {@code heap} loads the same file
 * into the heap as the store did before its index ({@link HeapCompletedIndex}), for comparison.
 * Args: file|heap N DIR. Prints one Markdown table row.
 */
public final class FileStoreBench {

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Files.createDirectories(dir);
        Path file = dir.resolve("completed.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                out.write(CompletedIndexBench.event(i).toJson());
                out.write('\n');
            }
        }
        long heapBefore = CompletedIndexBench.heapAfterGc();
        if (kind.equals("heap")) {
            heapOnly(n, file, heapBefore);
            return;
        }
        long t0 = System.nanoTime();
        FileIdempotencyStore store = new FileIdempotencyStore(file, Integer.MAX_VALUE);
        store.open();
        double firstStart = (System.nanoTime() - t0) / 1e9;
        long heapOpen = CompletedIndexBench.heapAfterGc();
        int records = 1_000;
        long t1 = System.nanoTime();
        for (int i = n; i < n + records; i++) {
            store.record(CompletedIndexBench.event(i));
        }
        double recordsPerSecond = records / ((System.nanoTime() - t1) / 1e9);
        store.close();
        long t2 = System.nanoTime();
        FileIdempotencyStore restarted = new FileIdempotencyStore(file, Integer.MAX_VALUE);
        restarted.open();
        double restart = (System.nanoTime() - t2) / 1e9;
        if (restarted.size() != n + records || restarted.linesReadAtOpen() != 0) {
            throw new IllegalStateException("restarted with " + restarted.size() + " ids, "
                    + restarted.linesReadAtOpen() + " lines read");
        }
        double lookups = lookups(n, key -> restarted.known(key).isPresent());
        long heapAfter = CompletedIndexBench.heapAfterGc();
        restarted.close();
        System.out.printf("| file store, index on disk | %,d | %.1f s | %.2f s | %.1f MB | %.1f MB | %,.0f /s | %,.0f /s "
                + "| %.0f MB + %.0f MB |%n", n, firstStart, restart, (heapOpen - heapBefore) / 1e6,
                (heapAfter - heapBefore) / 1e6, recordsPerSecond, lookups, Files.size(file) / 1e6,
                size(restarted.indexDir()) / 1e6);
    }

    /** What the file store did before its index: every line read into the heap at each start. */
    private static void heapOnly(int n, Path file, long heapBefore) throws Exception {
        long t0 = System.nanoTime();
        HeapCompletedIndex index = new HeapCompletedIndex();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                index.apply(List.of(CompletedEvent.fromJson(line)), List.of(), Map.of());
            }
        }
        double start = (System.nanoTime() - t0) / 1e9;
        long heapOpen = CompletedIndexBench.heapAfterGc();
        double lookups = lookups(n, index::contains);
        long heapAfter = CompletedIndexBench.heapAfterGc();
        System.out.printf("| file read whole into the heap (before) | %,d | %.1f s | %.1f s (the same) | %.1f MB | %.1f MB "
                + "| – | %,.0f /s | %.0f MB |%n", n, start, start, (heapOpen - heapBefore) / 1e6,
                (heapAfter - heapBefore) / 1e6, lookups, Files.size(file) / 1e6);
        if (index.size() != n) {
            throw new IllegalStateException(index.size() + " ids, not " + n);
        }
    }

    /** 200,000 look-ups, half of them hits (a resend), half misses (a new id). */
    private static double lookups(int n, java.util.function.Predicate<EventKey> known) {
        SplittableRandom random = new SplittableRandom(7);
        int count = 200_000;
        int hits = 0;
        long t = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (known.test(new EventKey("acme", "erp-" + random.nextInt(Math.max(1, 2 * n))))) {
                hits++;
            }
        }
        double perSecond = count / ((System.nanoTime() - t) / 1e9);
        if (n > 0 && (hits < count / 3 || hits > 2 * count / 3)) {
            throw new IllegalStateException(hits + " hits of " + count);
        }
        return perSecond;
    }

    private static long size(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

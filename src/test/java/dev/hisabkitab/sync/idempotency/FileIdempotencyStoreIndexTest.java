package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's completed ids on disk ({@code <file>.index}, RocksDB), not in the heap: a reopen reads only the
 * lines after the index's checkpoint; an index that does not match the file is rebuilt from it; an acknowledged id
 * survives a SIGKILL.
 */
public class FileIdempotencyStoreIndexTest {

    @TempDir
    Path dir;

    private static FileIdempotencyStore open(Path file) {
        FileIdempotencyStore store = new FileIdempotencyStore(file, 10_000_000);
        store.open();
        return store;
    }

    private static CompletedEvent event(int i) {
        return FileIdempotencyStoreTest.completed("acme", "erp-" + i, (long) i, "INV-" + i);
    }

    /** Lines as the store appends them (a file grown over months; syncing each of them here would take minutes). */
    private static void appendLines(Path file, int from, int to) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (int i = from; i < to; i++) {
                out.write(event(i).toJson());
                out.write('\n');
            }
        }
    }

    @Test
    void twoHundredThousandIdsAreAnsweredFromTheIndexOnDiskAndAReopenReadsOnlyTheTail() throws IOException {
        int n = 200_000;
        Path file = dir.resolve("completed.jsonl");
        appendLines(file, 0, n);
        WriteIntent open = FileIdempotencyStoreTest.intent("acme", "open-1", "INV-X");
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(n, store.linesReadAtOpen(), "no index yet: built from the whole file");
            assertEquals(n, store.size());
            store.record(event(n));
            store.recordIntent(open);
        }
        assertTrue(Files.isDirectory(dir.resolve("completed.jsonl.index")), "the index is beside the file");

        try (FileIdempotencyStore store = open(file)) {
            // the heap holds no completed id: the store answers from RocksDB, and read no line to start
            assertInstanceOf(RocksCompletedIndex.class, store.index());
            assertEquals(0, store.linesReadAtOpen(), "the index's checkpoint covers the whole file");
            assertEquals(n + 1, store.size());
            assertEquals(Optional.of(event(0)), store.known(event(0).key()));
            assertEquals(Optional.of(event(n - 1)), store.known(event(n - 1).key()));
            assertEquals(Optional.of(event(n)), store.known(event(n).key()));
            assertTrue(store.known(new EventKey("acme", "erp-" + (n + 1))).isEmpty());
            assertEquals(List.of(open), List.copyOf(store.intents()), "the open intent is kept in the index too");
            assertEquals(n + 2, store.lines());
        }

        // a line synced but never indexed (the process killed in between): read again, and only it
        appendLines(file, n + 1, n + 2);
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(1, store.linesReadAtOpen());
            assertEquals(Optional.of(event(n + 1)), store.known(event(n + 1).key()));
            assertEquals(n + 2, store.size());
        }
    }

    @Test
    void anIndexMadeFromAnotherFileIsRebuiltFromThisOne() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        try (FileIdempotencyStore store = open(file)) {
            for (int i = 0; i < 5; i++) {
                store.record(event(i));
            }
        }
        // the file replaced by another one, longer than the checkpoint, the index left as it was
        Files.delete(file);
        appendLines(file, 100, 120);
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(20, store.linesReadAtOpen(), "rebuilt from the whole file");
            assertEquals(20, store.size());
            assertTrue(store.known(event(0).key()).isEmpty(), "ids only the old index held are gone with it");
            assertTrue(store.known(event(119).key()).isPresent());
        }
        // the same file, its lines rewritten in place (same inode, same length): the last line's CRC tells
        String text = Files.readString(file).replace("erp-119", "erp-918");
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(20, store.linesReadAtOpen());
            assertTrue(store.known(new EventKey("acme", "erp-918")).isPresent());
            assertTrue(store.known(event(119).key()).isEmpty());
        }
        // no index at all: built from the file, nothing lost
        RocksCompletedIndex.delete(dir.resolve("completed.jsonl.index"));
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(20, store.linesReadAtOpen());
            assertEquals(20, store.size());
        }
        // an index RocksDB finds damaged: deleted and built from the file
        Files.writeString(dir.resolve("completed.jsonl.index/CURRENT"), "damaged");
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(20, store.linesReadAtOpen());
            assertEquals(20, store.size());
            assertTrue(store.known(new EventKey("acme", "erp-918")).isPresent());
        }
    }

    @Test
    void theRetentionSweepForgetsIdsInTheIndexAndTheFileAndAReopenReadsNothingAgain() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        CompletedEvent recent = new CompletedEvent(new EventKey("acme", "new"), 2L, "B-2", "ok", "2026-06-01T00:00:00Z");
        try (FileIdempotencyStore store = open(file)) {
            for (int i = 0; i < 50; i++) {
                store.record(event(i)); // completed 2025-02-11
            }
            store.record(recent);
            assertEquals(50, store.forgetCompletedBefore(java.time.Instant.parse("2026-01-01T00:00:00Z")));
            assertEquals(1, store.lines(), "the file rewritten without them");
            store.record(event(1000));
        }
        assertEquals(2, Files.readAllLines(file).size());
        assertFalse(Files.readString(file).contains("\"erp-1\""));
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(0, store.linesReadAtOpen(), "the checkpoint moved to the rewritten file");
            assertEquals(2, store.size());
            assertTrue(store.known(event(1).key()).isEmpty());
            assertEquals(Optional.of(recent), store.known(recent.key()));
        }
    }

    @Test
    void aRewriteOwedWhenTheProcessStoppedIsDoneAtTheNextStart() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        try (FileIdempotencyStore store = open(file)) {
            for (int i = 0; i < 3; i++) {
                store.record(event(i));
            }
            // the sweep's removal reached the index, the rewrite of the file did not (the process died in between)
            store.index().apply(List.of(), List.of(event(0).key()), store.forgetting());
        }
        assertEquals(3, Files.readAllLines(file).size());
        try (FileIdempotencyStore store = open(file)) {
            assertEquals(2, store.size());
            assertTrue(store.known(event(0).key()).isEmpty());
        }
        assertEquals(2, Files.readAllLines(file).size(), "rewritten at start without the forgotten id");
    }

    @Test
    void everyIdAcknowledgedBeforeASigkillIsKnownAfterIt() throws Exception {
        Path file = dir.resolve("completed.jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FileStoreRecorder.class.getName(), file.toString()).redirectErrorStream(true).start();
        int acknowledged = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("acknowledged ")) {
                    acknowledged = Integer.parseInt(line.substring("acknowledged ".length()));
                    if (acknowledged == 300) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(300, acknowledged, "the recorder ran");
        try (FileIdempotencyStore store = open(file)) {
            assertInstanceOf(RocksCompletedIndex.class, store.index());
            for (int i = 0; i <= acknowledged; i++) {
                EventKey key = new EventKey("default", "k-" + i);
                assertTrue(store.known(key).isPresent(), key + " was acknowledged before the kill");
            }
            // the kill came after 300 or a few records later: nothing beyond what the file holds
            assertEquals(Files.readAllLines(file).size(), store.size());
        }
    }
}

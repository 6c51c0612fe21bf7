package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completed-events file: durable lines, reloaded by a new instance, torn tails after a crash, compaction. */
public class FileIdempotencyStoreTest {

    @TempDir
    Path dir;

    public static CompletedEvent completed(String company, String id, Object hisabkitabId, String number) {
        return new CompletedEvent(new EventKey(company, id), hisabkitabId, number, "Sale Transaction Created Successfully",
                "2025-02-11T11:09:39Z");
    }

    private FileIdempotencyStore open(Path file, int compactAbove) {
        FileIdempotencyStore store = new FileIdempotencyStore(file, compactAbove);
        store.open();
        return store;
    }

    @Test
    void recordedEventsAreKnownToANewInstanceOfTheSameFile() throws IOException {
        Path file = dir.resolve("data/completed.jsonl"); // the folder is created
        CompletedEvent sale = completed("default", "erp-1", 3L, "Bill-3");
        CompletedEvent sameIdOtherCompany = completed("acme", "erp-1", 17L, "INV-17");
        CompletedEvent textId = new CompletedEvent(new EventKey("default", "erp-2"), "abc-9", null, null, "2025-02-12T00:00:00Z");
        try (FileIdempotencyStore store = open(file, 10_000)) {
            store.record(sale);
            store.record(sameIdOtherCompany);
            store.record(textId);
            assertTrue(store.isDurable(sale.key()));
            assertEquals(Optional.of(sale), store.find(new EventKey("default", "erp-1")));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(Files.readString(file).endsWith("}\n"));
        assertFalse(lines.get(0).contains("\"data\""), "records carry no data blob: " + lines.get(0));

        try (FileIdempotencyStore again = open(file, 10_000)) {
            assertEquals(3, again.size());
            assertEquals(Optional.of(sale), again.find(new EventKey("default", "erp-1")));
            assertEquals(Optional.of(sameIdOtherCompany), again.find(new EventKey("acme", "erp-1")));
            assertEquals(Optional.of(textId), again.find(new EventKey("default", "erp-2")));
            assertEquals(Optional.empty(), again.find(new EventKey("default", "erp-3")));
            assertTrue(again.isDurable(new EventKey("acme", "erp-1")));
        }
    }

    @Test
    void aTornLastLineFromACrashIsIgnoredAndCutSoTheNextRecordIsReadable() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        try (FileIdempotencyStore store = open(file, 10_000)) {
            store.record(completed("default", "t-1", 1L, "A-1"));
            store.record(completed("default", "t-2", 2L, "A-2"));
        }
        // the process died in the middle of appending t-3
        String full = completed("default", "t-3", 3L, "A-3").toJson();
        Files.writeString(file, full.substring(0, full.length() / 2), StandardOpenOption.APPEND);

        try (FileIdempotencyStore store = open(file, 10_000)) {
            assertEquals(2, store.size());
            assertTrue(store.find(new EventKey("default", "t-3")).isEmpty(), "an unfinished record does not count");
            store.record(completed("default", "t-4", 4L, "A-4"));
        }
        try (FileIdempotencyStore store = open(file, 10_000)) {
            assertEquals(3, store.size());
            assertEquals(4L, store.find(new EventKey("default", "t-4")).orElseThrow().hisabkitabId());
        }
        for (String line : Files.readAllLines(file)) {
            CompletedEvent.fromJson(line); // every line whole: the torn tail was cut, not glued to t-4
        }
    }

    @Test
    void aTailOfZeroBytesAfterACrashIsIgnored() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        try (FileIdempotencyStore store = open(file, 10_000)) {
            store.record(completed("default", "z-1", 1L, "Z-1"));
        }
        Files.write(file, new byte[64], StandardOpenOption.APPEND);
        try (FileIdempotencyStore store = open(file, 10_000)) {
            assertEquals(1, store.size());
            store.record(completed("default", "z-2", 2L, "Z-2"));
        }
        assertEquals(2, Files.readAllLines(file).size());
        try (FileIdempotencyStore store = open(file, 10_000)) {
            assertEquals(2, store.size());
        }
    }

    @Test
    void aDamagedCompleteLineIsSkippedAndTheOthersAreKept() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        Files.writeString(file, completed("default", "d-1", 1L, "D-1").toJson() + "\n{\"nonsense\": true}\n"
                + completed("default", "d-2", 2L, "D-2").toJson() + "\n");
        try (FileIdempotencyStore store = open(file, 10_000)) {
            assertEquals(2, store.size());
            assertTrue(store.find(new EventKey("default", "d-2")).isPresent());
        }
    }

    @Test
    void aLargeFileWithRedundantLinesIsCompactedOnStartToOneLinePerId() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        StringBuilder text = new StringBuilder();
        for (int round = 1; round <= 3; round++) {
            for (int i = 1; i <= 3; i++) {
                text.append(completed("default", "c-" + i, (long) (round * 10 + i), "C-" + round).toJson()).append('\n');
            }
        }
        text.append("not json at all\n");
        Files.writeString(file, text);

        // below the threshold: left as it is
        try (FileIdempotencyStore store = open(file, 100)) {
            assertEquals(3, store.size());
        }
        assertEquals(10, Files.readAllLines(file).size());

        try (FileIdempotencyStore store = open(file, 5)) {
            assertEquals(3, store.size());
            assertEquals(3, store.lines());
            store.record(completed("default", "c-4", 44L, "C-4"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size(), lines.toString());
        try (FileIdempotencyStore store = open(file, 5)) {
            assertEquals(4, store.size());
            // the last record of an id wins
            assertEquals(33L, store.find(new EventKey("default", "c-3")).orElseThrow().hisabkitabId());
            assertEquals("C-3", store.find(new EventKey("default", "c-1")).orElseThrow().number());
        }
        assertFalse(Files.exists(dir.resolve("completed.jsonl.compacting")));
    }

    @Test
    void aSecondStoreOnTheSameFileIsRefused() {
        Path file = dir.resolve("completed.jsonl");
        try (FileIdempotencyStore first = open(file, 10_000)) {
            IdempotencyStoreException e = assertThrows(IdempotencyStoreException.class, () -> open(file, 10_000));
            assertTrue(e.getMessage().contains("already uses it"), e.getMessage());
        }
        try (FileIdempotencyStore afterClose = open(file, 10_000)) {
            assertEquals(0, afterClose.size());
        }
    }

    @Test
    void aRecordThatCannotBeWrittenIsStillKnownToThisProcessButNotDurable() {
        FileIdempotencyStore store = open(dir.resolve("completed.jsonl"), 10_000);
        store.close();
        CompletedEvent event = completed("default", "w-1", 1L, "W-1");
        assertThrows(IdempotencyStoreException.class, () -> store.record(event));
        assertEquals(Optional.of(event), store.find(event.key()));
        assertFalse(store.isDurable(event.key()));
    }

    @Test
    void aLongMessageIsCutAndTheKeyIsUnambiguous() {
        CompletedEvent event = new CompletedEvent(new EventKey("a\",\"b", "c"), 1L, null, "x".repeat(5000), "t");
        assertEquals(CompletedEvent.MAX_MESSAGE, event.message().length());
        assertEquals(event, CompletedEvent.fromJson(event.toJson()));
        EventKey tricky = new EventKey("a\",\"b", "c");
        assertEquals(tricky, EventKey.parse(tricky.text()));
        assertFalse(tricky.text().equals(new EventKey("a", "b\",\"c").text()));
    }

    @Test
    void idsOlderThanTheCutoffAreForgottenAndStayForgottenAfterARestartIntentsAreKept() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        CompletedEvent recent = new CompletedEvent(new EventKey("acme", "new"), 2L, "B-2", "ok", "2026-06-01T00:00:00Z");
        try (FileIdempotencyStore store = open(file, 10_000)) {
            store.record(completed("acme", "old-1", 1L, "B-1")); // completed 2025-02-11
            store.record(completed("acme", "old-2", 3L, "B-3"));
            store.record(recent);
            store.recordIntent(intent("acme", "open", "B-9"));
            assertEquals(2, store.forgetCompletedBefore(java.time.Instant.parse("2026-01-01T00:00:00Z")));
            assertTrue(store.find(new EventKey("acme", "old-1")).isEmpty());
            // appends go on after the rewrite
            store.record(completed("acme", "after", 4L, "B-4"));
        }
        assertFalse(Files.readString(file).contains("old-1"), "the file no longer holds them");
        try (FileIdempotencyStore store = open(file, 10_000)) {
            assertTrue(store.find(new EventKey("acme", "old-2")).isEmpty());
            assertEquals(Optional.of(recent), store.find(recent.key()));
            assertTrue(store.find(new EventKey("acme", "after")).isPresent());
            assertTrue(store.intent(new EventKey("acme", "open")).isPresent());
            assertEquals(2, store.size());
        }
    }

    public static WriteIntent intent(String company, String id, String number) {
        return new WriteIntent(new EventKey(company, id), "sale.create-item", number, "sale", "f1", "run-1",
                "2025-02-11T11:09:38Z");
    }

    @Test
    void writeIntentsSurviveARestartUntilTheirEventCompletesAndCompactionKeepsThem() throws IOException {
        Path file = dir.resolve("completed.jsonl");
        WriteIntent crashed = intent("default", "erp-7", "INV-7");
        WriteIntent completes = intent("default", "erp-8", "INV-8");
        try (FileIdempotencyStore store = open(file, 10_000)) {
            store.recordIntent(crashed);
            store.recordIntent(completes);
            store.record(completed("default", "erp-8", 8L, "INV-8"));
            assertEquals(Optional.of(crashed), store.intent(crashed.key()));
            assertEquals(Optional.empty(), store.intent(completes.key()), "the completion replaced the intent");
            assertTrue(store.find(crashed.key()).isEmpty(), "an intent is no completion");
        }
        assertEquals(3, Files.readAllLines(file).size(), "each durable before it returned");
        try (FileIdempotencyStore again = open(file, 10_000)) {
            assertEquals(Optional.of(crashed), again.intent(crashed.key()), "read back after the restart");
            assertEquals(List.of(crashed), List.copyOf(again.intents()));
            assertEquals(Optional.empty(), again.intent(completes.key()));
            assertEquals(1, again.size(), "one completion");
        }
        try (FileIdempotencyStore compacting = open(file, 1)) {
            assertEquals(Optional.of(crashed), compacting.intent(crashed.key()));
        }
        assertEquals(2, Files.readAllLines(file).size(), "compacted to the completion and the open intent");
        try (FileIdempotencyStore afterCompaction = open(file, 10_000)) {
            assertEquals(Optional.of(crashed), afterCompaction.intent(crashed.key()));
            assertTrue(afterCompaction.find(completes.key()).isPresent());
        }
    }
}

package dev.hisabkitab.sync.inbox;

import dev.hisabkitab.sync.event.SourceEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.Reply;

class DropFileTest {

    @Test
    void ndjsonIsOneEventPerNonBlankLineNumberedAsInTheFile() {
        List<SourceEvent> events = DropFileReader.events("a.ndjson", "{\"id\":\"1\"}\r\n\n{\"id\":\"2\"}\n{bad\n");
        assertEquals(List.of(new SourceEvent("line 1", "{\"id\":\"1\"}"), new SourceEvent("line 3", "{\"id\":\"2\"}"),
                new SourceEvent("line 4", "{bad")), events);
        assertEquals(1, DropFileReader.events("b.JSONL", "{}").size());
    }

    @Test
    void jsonIsOneEnvelopeOrAnArrayOfThem() {
        assertEquals(List.of(new SourceEvent("file", "{\"id\":\"1\"}")), DropFileReader.events("a.json", "{\"id\":\"1\"}"));
        assertEquals(List.of(new SourceEvent("item 1", "{\"id\":\"1\"}"), new SourceEvent("item 2", "{\"id\":\"2\"}")),
                DropFileReader.events("a.json", "\uFEFF[{\"id\":\"1\"}, {\"id\": \"2\"}]"));
        // unreadable JSON stays one event so it still gets exactly one dead letter
        assertEquals(List.of(new SourceEvent("file", "[{\"id\":")), DropFileReader.events("a.json", "[{\"id\":"));
        // a file without events is still one (failed) event, so it gets its dead letter too
        assertEquals(List.of(SourceEvent.unreadable("file", "The file holds no events: it is an empty JSON array")),
                DropFileReader.events("a.json", "[]"));
        assertEquals(List.of(SourceEvent.unreadable("file", "The file holds no events: it is empty or holds only blank lines")),
                DropFileReader.events("a.ndjson", " \r\n\n\t\n"));
    }

    /**
     * Found while checking the fuzz findings, kept as DropFileFuzzTest's input crash-exponent-out-of-range.json: the
     * JSON reader's NumberFormatException for a number such as 1.5E-2147483647 escaped the reader.
     */
    @Test
    void aJsonFileWithANumberWhoseExponentIsOutOfRangeIsOneEventNotANumberFormatException() {
        String text = "[{\"id\":\"1\",\"type\":\"invoice.create\",\"payload\":{\"rate\":1.5E-2147483647}}]";
        assertEquals(List.of(new SourceEvent("file", text)), DropFileReader.events("a.json", text));
    }

    @Test
    void reportHasOneRowPerEventAndQuotesWhatNeedsIt() throws Exception {
        StringWriter csv = new StringWriter();
        DropReport report = new DropReport(csv);
        report.add("line 1", new Reply("e1", "api.sale.create-item", "default", Reply.OK,
                new Reply.Result(3L, "Bill-3", "Created", null), 1, "2025-01-01T00:00:00Z"));
        assertTrue(report.allSucceeded());
        assertEquals(DropReport.HEADER + "\nline 1,e1,api.sale.create-item,ok,3,Bill-3,,\n", csv.toString(),
                "each row is written as it comes");
        report.add("line 2", new DeadLetter(null, null, null, DeadLetter.FAILED,
                new DeadLetter.Error(ErrorCategory.INVALID_EVENT, "The event is not valid JSON: \"x\", y", null, null,
                        List.of()), 0, "2025-01-01T00:00:00Z", "{x"));
        report.close();
        assertFalse(report.allSucceeded());
        assertEquals(DropReport.HEADER + "\n"
                + "line 1,e1,api.sale.create-item,ok,3,Bill-3,,\n"
                + "line 2,,,failed,,,invalid-event,\"The event is not valid JSON: \"\"x\"\", y\"\n", csv.toString());
    }

    @Test
    void anEmptyDropIsNotASuccess() throws Exception {
        StringWriter csv = new StringWriter();
        DropReport empty = new DropReport(csv);
        empty.close();
        assertFalse(empty.allSucceeded());
        assertTrue(csv.toString().contains("holds no events"));
    }

    @Test
    void progressIsSaidOnceAnIntervalWithTheRateAndHowMuchOfTheFileWasRead() {
        DropProgress progress = new DropProgress("invoices.csv", 0, Duration.ofSeconds(10));
        assertTrue(progress.documentDone(1_000_000_000L, 0.1).isEmpty());
        assertEquals("Inbox file invoices.csv: 2 document(s) done, 0.2/s, 25% of the file read, about 30 s left",
                progress.documentDone(10_000_000_000L, 0.25).orElseThrow());
        assertTrue(progress.documentDone(11_000_000_000L, 0.3).isEmpty(), "not again within the interval");
        assertEquals("Inbox file invoices.csv: 3 document(s) done, 0.3/s", progress.summary(10_000_000_000L));
    }

    @Test
    void theTimeLeftIsTheTimeSpentScaledByWhatIsLeftToReadOnceATwentiethIsRead() {
        DropProgress progress = new DropProgress("invoices.csv", 0, Duration.ofSeconds(10));
        progress.documentDone(1_000_000_000L, 0.01, false);
        assertTrue(progress.secondsLeft(1_000_000_000L).isEmpty(), "too early to say");
        progress.documentDone(20_000_000_000L, 0.25, true);
        assertEquals(60, progress.secondsLeft(20_000_000_000L).getAsLong(), "20 s for a quarter: 60 s for the rest");
        assertEquals("Inbox file invoices.csv: 3 document(s) done, 0.1/s, 50% of the file read, about 30 s left",
                progress.documentDone(30_000_000_000L, 0.5, false).orElseThrow());
        assertEquals(1, progress.failed());
    }

    @Test
    void theStatusFileSaysWhatIsDoneFailedReadAndLeft() {
        DropProgress progress = new DropProgress("invoices.csv", 0, Duration.ofSeconds(10));
        progress.documentDone(100_000_000_000L, 0.4, true);
        progress.documentDone(200_000_000_000L, 0.8, false);
        assertEquals("""
                file: invoices.csv
                state: booking
                documents done: 2
                documents failed: 1
                documents a second: 0.0
                file read: 80 %
                time left: 50 s
                updated: 2026-12-07T05:40:12Z
                """, progress.statusText(200_000_000_000L, java.time.Instant.parse("2026-12-07T05:40:12.9Z"), "booking"));
        assertEquals("3 min 5 s", DropProgress.duration(185));
        assertEquals("1 h 2 min", DropProgress.duration(3720));
    }
}

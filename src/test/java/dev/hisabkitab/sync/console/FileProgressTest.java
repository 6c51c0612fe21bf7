package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hisabkitab.sync.inbox.DropProgress;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The console reads the status file the inbox writes: parsed from DropProgress's own text, not a copy of it. */
class FileProgressTest {

    @Test
    void theStatusFileOfAFileHalfReadGivesItsFigures() {
        DropProgress progress = new DropProgress("invoices.csv", 0, Duration.ofSeconds(10));
        progress.documentDone(1_000_000_000L, 0.25, false);
        progress.documentDone(2_000_000_000L, 0.5, true);
        String text = progress.statusText(4_000_000_000L, Instant.parse("2026-12-07T05:40:12Z"), "booking");

        FileProgress parsed = FileProgress.parse("invoices.csv", "book", text);
        assertEquals(new FileProgress("invoices.csv", "book", "booking", 2, 1, 0.5, 50, "4 s"), parsed);
    }

    @Test
    void anUnknownShareOrTimeLeftStaysUnknown() {
        DropProgress progress = new DropProgress("events.json", 0, Duration.ofSeconds(10));
        String text = progress.statusText(1_000_000_000L, Instant.parse("2026-12-07T05:40:12Z"),
                "checking (dry run: nothing is booked)");
        FileProgress parsed = FileProgress.parse("events.json", "check", text);
        assertEquals(-1, parsed.percentRead());
        assertEquals("", parsed.timeLeft());
        assertEquals("checking (dry run: nothing is booked)", parsed.state());
    }

    @Test
    void anEmptyStatusFileIsAFileJustTaken() {
        FileProgress parsed = FileProgress.parse("a.csv", "book", "");
        assertEquals(0, parsed.done());
        assertEquals(-1, parsed.percentRead());
    }
}

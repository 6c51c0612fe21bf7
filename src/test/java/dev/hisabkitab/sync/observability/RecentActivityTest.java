package dev.hisabkitab.sync.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RecentActivityTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:30Z");

    @Test
    void theLastHourAndTheLastDayAreTheOutcomesOfThosePeriods() {
        RecentActivity activity = new RecentActivity();
        activity.record("acme", "ok", null, NOW);
        activity.record("acme", "duplicate", null, NOW.minus(Duration.ofMinutes(59)));
        activity.record("acme", "planned", null, NOW.minus(Duration.ofMinutes(61)));
        activity.record("acme", "mapping", failure("e-1", NOW.minus(Duration.ofHours(23))), NOW.minus(Duration.ofHours(23)));
        // older than a day: forgotten, and its bucket reused by the minute a day later
        activity.record("acme", "ok", null, NOW.minus(Duration.ofHours(25)));

        RecentActivity.Summary acme = activity.summaries(NOW).get("acme");
        assertEquals(new RecentActivity.Counts(2, 1, 1, 0, 0), acme.lastHour());
        assertEquals(new RecentActivity.Counts(4, 1, 1, 1, 1), acme.lastDay());
        assertEquals("e-1", acme.lastError().eventId());
    }

    @Test
    void aMinuteOfTheDayBeforeDoesNotCountInTheSameMinuteToday() {
        RecentActivity activity = new RecentActivity();
        activity.record("acme", "ok", null, NOW.minus(Duration.ofDays(1)));
        activity.record("acme", "ok", null, NOW);
        assertEquals(1, activity.summaries(NOW).get("acme").lastDay().in());
    }

    @Test
    void theLastErrorIsTheNewestAndCompaniesAreKeptApart() {
        RecentActivity activity = new RecentActivity();
        activity.record("acme", "rejected", failure("new", NOW), NOW);
        activity.record("acme", "mapping", failure("old", NOW.minusSeconds(5)), NOW.minusSeconds(5));
        activity.record("default", "ok", null, NOW);

        Map<String, RecentActivity.Summary> all = activity.summaries(NOW);
        assertEquals("new", all.get("acme").lastError().eventId());
        assertNull(all.get("default").lastError());
        assertEquals(1, all.get("default").lastHour().ok());
    }

    private static RecentActivity.LastError failure(String id, Instant at) {
        return RecentActivity.LastError.of(at, id, "invoice.create", "mapping", "No party");
    }
}

package dev.hisabkitab.sync.observability;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What each company's events came to lately, for the console's overview: outcomes counted by minute over the last
 * day (so "the last hour" and "the last day" are sums of buckets, in bounded memory whatever the traffic) and the last
 * dead letter. Fed by {@link PipelineObserver#outcome} with each event's one outcome; kept in memory only (a restart
 * starts the counts afresh: the metrics are the durable record).
 */
@ApplicationScoped
public class RecentActivity {

    static final int MINUTES_KEPT = 24 * 60;

    /** The last dead letter of a company: when (ISO-8601, UTC, to the second), which event, why. */
    public record LastError(String at, String eventId, String type, String category, String message) {

        public static LastError of(Instant at, String eventId, String type, String category, String message) {
            return new LastError(at.truncatedTo(ChronoUnit.SECONDS).toString(), eventId, type, category, message);
        }
    }

    /** Outcomes in a period. */
    public record Counts(long in, long ok, long duplicate, long planned, long failed) {
    }

    /** One company's recent activity. */
    public record Summary(String company, Counts lastHour, Counts lastDay, LastError lastError) {
    }

    private final Map<String, Window> companies = new ConcurrentHashMap<>();

    /** One outcome: {@code result} is {@code ok}, {@code duplicate}, {@code planned} or a dead letter's category. */
    public void record(String company, String result, LastError failure, Instant at) {
        companies.computeIfAbsent(company, c -> new Window()).record(result, failure, at);
    }

    /** Every company seen since the start, by name. */
    public Map<String, Summary> summaries(Instant now) {
        Map<String, Summary> all = new TreeMap<>();
        companies.forEach((company, window) -> all.put(company, window.summary(company, now)));
        return all;
    }

    /** A company's minute buckets (a ring over the last day) and its last error. */
    static final class Window {
        private final long[] minute = new long[MINUTES_KEPT];
        private final long[][] counts = new long[MINUTES_KEPT][4];
        private LastError lastError;

        synchronized void record(String result, LastError failure, Instant at) {
            long now = at.getEpochSecond() / 60;
            int slot = (int) (now % MINUTES_KEPT);
            if (minute[slot] != now) {
                minute[slot] = now;
                counts[slot] = new long[4];
            }
            counts[slot][index(result)]++;
            if (failure != null && (lastError == null
                    || !Instant.parse(failure.at()).isBefore(Instant.parse(lastError.at())))) {
                lastError = failure;
            }
        }

        synchronized Summary summary(String company, Instant at) {
            return new Summary(company, sum(at, 60), sum(at, MINUTES_KEPT), lastError);
        }

        private Counts sum(Instant at, int minutes) {
            long now = at.getEpochSecond() / 60;
            long[] total = new long[4];
            for (int slot = 0; slot < MINUTES_KEPT; slot++) {
                if (minute[slot] > now - minutes && minute[slot] <= now) {
                    for (int i = 0; i < 4; i++) {
                        total[i] += counts[slot][i];
                    }
                }
            }
            return new Counts(total[0] + total[1] + total[2] + total[3], total[0], total[1], total[2], total[3]);
        }

        private static int index(String result) {
            return switch (result) {
                case "ok" -> 0;
                case "duplicate" -> 1;
                case "planned" -> 2;
                default -> 3; // a dead letter's category
            };
        }
    }
}

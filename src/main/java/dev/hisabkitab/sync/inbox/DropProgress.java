package dev.hisabkitab.sync.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far a dropped file is: documents done and failed, documents a second, how much of the file is read and the time
 * left at that pace. Says so in the log at most once an interval (a 100,000-row file logs a line every few seconds,
 * not one per document) and renders the status file a folder-only user reads beside the file ({@link #statusText}).
 * Pure: the caller gives the time. Not thread-safe (one file is processed by one thread).
 */
public final class DropProgress {

    private final String file;
    private final long startNanos;
    private final long intervalNanos;
    private long lastNanos;
    private long done;
    private long failed;
    /** How much of the file is read (0–1), or -1 when unknown. */
    private double fraction = -1;

    public DropProgress(String file, long startNanos, Duration interval) {
        this.file = file;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.intervalNanos = interval.toNanos();
    }

    /** One more document done; the line to log when an interval has passed since the last. */
    public Optional<String> documentDone(long nowNanos, double fractionRead) {
        return documentDone(nowNanos, fractionRead, false);
    }

    /**
     * One more document done ({@code failed}: its outcome is a dead letter); {@code fractionRead} how much of the file
     * is read now (0–1; -1 unknown). The line to log when an interval has passed since the last.
     */
    public Optional<String> documentDone(long nowNanos, double fractionRead, boolean failed) {
        done++;
        if (failed) {
            this.failed++;
        }
        fraction = fractionRead;
        if (intervalNanos <= 0 || nowNanos - lastNanos < intervalNanos) {
            return Optional.empty();
        }
        lastNanos = nowNanos;
        StringBuilder line = new StringBuilder(summary(nowNanos));
        if (fractionRead >= 0) {
            line.append(String.format(Locale.ROOT, ", %.0f%% of the file read", fractionRead * 100));
        }
        secondsLeft(nowNanos).ifPresent(s -> line.append(", about ").append(duration(s)).append(" left"));
        return Optional.of(line.toString());
    }

    public long done() {
        return done;
    }

    public long failed() {
        return failed;
    }

    public String summary(long nowNanos) {
        return String.format(Locale.ROOT, "Inbox file %s: %d document(s) done, %.1f/s", file, done, perSecond(nowNanos));
    }

    public double perSecond(long nowNanos) {
        double seconds = (nowNanos - startNanos) / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /**
     * The time left at the pace so far: the time spent × what is left to read ÷ what was read. Unknown before a
     * twentieth of the file (too early to say) or when how much is read is unknown.
     */
    public OptionalLong secondsLeft(long nowNanos) {
        if (fraction < 0.05 || fraction > 1) {
            return OptionalLong.empty();
        }
        double spent = (nowNanos - startNanos) / 1e9;
        return OptionalLong.of(Math.round(spent * (1 - fraction) / fraction));
    }

    /**
     * The status file's text: a few {@code name: value} lines a person reads in a folder (and a program parses).
     * {@code state} says what the connector does with the file: {@code booking} or {@code checking} (a dry run).
     */
    public String statusText(long nowNanos, Instant now, String state) {
        StringBuilder s = new StringBuilder();
        s.append("file: ").append(file).append('\n');
        s.append("state: ").append(state).append('\n');
        s.append("documents done: ").append(done).append('\n');
        s.append("documents failed: ").append(failed).append('\n');
        s.append(String.format(Locale.ROOT, "documents a second: %.1f%n", perSecond(nowNanos)));
        s.append("file read: ").append(fraction < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f %%", fraction * 100))
                .append('\n');
        s.append("time left: ").append(secondsLeft(nowNanos).stream().mapToObj(DropProgress::duration).findFirst()
                .orElse("unknown")).append('\n');
        s.append("updated: ").append(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append('\n');
        return s.toString();
    }

    /** {@code 45 s}, {@code 3 min 5 s}, {@code 1 h 2 min}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}

package dev.hisabkitab.sync.inbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a dropped file is: documents done, documents a second, percent of the file read. Says so at most once an
 * interval, so a 100,000-row file logs a line every few seconds, not one per document. Pure: the caller gives the
 * time. Not thread-safe (one file is processed by one thread).
 */
public final class DropProgress {

    private final String file;
    private final long startNanos;
    private final long intervalNanos;
    private long lastNanos;
    private long done;

    public DropProgress(String file, long startNanos, Duration interval) {
        this.file = file;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.intervalNanos = interval.toNanos();
    }

    /** One more document done; the line to log when an interval has passed since the last. */
    public Optional<String> documentDone(long nowNanos, double fractionRead) {
        done++;
        if (intervalNanos <= 0 || nowNanos - lastNanos < intervalNanos) {
            return Optional.empty();
        }
        lastNanos = nowNanos;
        return Optional.of(summary(nowNanos) + (fractionRead >= 0
                ? String.format(Locale.ROOT, ", %.0f%% of the file read", fractionRead * 100) : ""));
    }

    public long done() {
        return done;
    }

    public String summary(long nowNanos) {
        return String.format(Locale.ROOT, "Inbox file %s: %d document(s) done, %.1f/s", file, done, perSecond(nowNanos));
    }

    public double perSecond(long nowNanos) {
        double seconds = (nowNanos - startNanos) / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }
}

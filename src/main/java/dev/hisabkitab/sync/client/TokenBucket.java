package dev.hisabkitab.sync.client;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code capacity} saved up. Pure and thread-safe; the
 * time comes in (nanoseconds of a monotonic clock), so tests drive it with a fake clock.
 *
 * <p>{@link #reserve} always takes a token and says how long the caller must wait for it: the balance may go
 * negative, which queues callers in arrival order without anyone polling.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long updatedAt;

    public TokenBucket(double perSecond, double capacity, long now) {
        if (!(perSecond > 0) || !(capacity >= 1)) {
            throw new IllegalArgumentException("a token bucket needs a rate > 0 and a capacity >= 1");
        }
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.tokens = capacity;
        this.updatedAt = now;
    }

    /** Takes one token; returns the nanoseconds until it is there (0: go now). */
    public synchronized long reserve(long now) {
        refill(now);
        tokens -= 1;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens / perSecond * NANOS_PER_SECOND);
    }

    /** Tokens available now (negative: that many callers already wait). */
    public synchronized double available(long now) {
        refill(now);
        return tokens;
    }

    public double perSecond() {
        return perSecond;
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perSecond / NANOS_PER_SECOND);
            updatedAt = now;
        }
    }
}

package dev.hisabkitab.sync.client;

/**
 * The circuit breaker of one company's HisabKitab calls. Pure and thread-safe; the time comes in (nanoseconds of
 * a monotonic clock), so tests drive it with a fake clock.
 *
 * <ul>
 * <li>closed: calls go; {@code failureThreshold} outages in a row (5xx, timeouts, connection errors: see
 * {@link CircuitBreakers#verdict}) open it;</li>
 * <li>open: calls are refused (they fail fast) for {@code openNanos};</li>
 * <li>half-open: then one call goes as a probe while the others are still refused; its success closes the
 * breaker, its outage opens it again for {@code openNanos}. A probe that reports nothing within {@code openNanos}
 * (its thread died) is replaced by the next call.</li>
 * </ul>
 * Any call that got an answer from HisabKitab (success, 4xx, 429) counts as success: the service is there.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    /**
     * Whether a call may go.
     *
     * @param allowed      it may
     * @param probe        it is the half-open probe (must report back)
     * @param retryInNanos when refused: how long until the next probe may go
     */
    public record Permit(boolean allowed, boolean probe, long retryInNanos) {
        static final Permit GO = new Permit(true, false, 0);
        static final Permit PROBE = new Permit(true, true, 0);

        static Permit refused(long retryInNanos) {
            return new Permit(false, false, Math.max(0, retryInNanos));
        }
    }

    private final int failureThreshold;
    private final long openNanos;
    private State state = State.CLOSED;
    private int consecutiveOutages;
    private long openedAt;
    private boolean probing;
    private long probeSince;

    /** @param failureThreshold outages in a row that open the breaker (≥ 1) */
    public CircuitBreaker(int failureThreshold, long openNanos) {
        if (failureThreshold < 1 || openNanos < 0) {
            throw new IllegalArgumentException("a circuit breaker needs a failure threshold >= 1 and an open time >= 0");
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openNanos;
    }

    public synchronized Permit tryAcquire(long now) {
        switch (state) {
            case CLOSED:
                return Permit.GO;
            case OPEN:
                if (now - openedAt < openNanos) {
                    return Permit.refused(openedAt + openNanos - now);
                }
                state = State.HALF_OPEN;
                return startProbe(now);
            default: // HALF_OPEN
                if (probing && now - probeSince < openNanos) {
                    return Permit.refused(probeSince + openNanos - now);
                }
                return startProbe(now);
        }
    }

    private Permit startProbe(long now) {
        probing = true;
        probeSince = now;
        return Permit.PROBE;
    }

    /** HisabKitab answered. Returns the state before (so a caller can tell that it closed). */
    public synchronized State onSuccess() {
        State before = state;
        state = State.CLOSED;
        consecutiveOutages = 0;
        probing = false;
        return before;
    }

    /** HisabKitab was unavailable. Returns whether this opened the breaker. */
    public synchronized boolean onOutage(long now) {
        consecutiveOutages++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveOutages >= failureThreshold)) {
            state = State.OPEN;
            openedAt = now;
            probing = false;
            return true;
        }
        return false;
    }

    /** The call ended without telling anything about HisabKitab (e.g. the request could not be built): a probe
     *  that ends so lets the next call probe. */
    public synchronized void onNeither(boolean wasProbe) {
        if (wasProbe && state == State.HALF_OPEN) {
            probing = false;
        }
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveOutages() {
        return consecutiveOutages;
    }
}

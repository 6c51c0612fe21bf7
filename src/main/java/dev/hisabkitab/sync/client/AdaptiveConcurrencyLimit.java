package dev.hisabkitab.sync.client;

/**
 * How many HisabKitab calls of one company may be in flight at once, learnt from HisabKitab's answers (AIMD, as TCP
 * finds a connection's window): an answer grows the limit additively, an overload (429, a slow answer) shrinks it
 * multiplicatively, always within [1, max]. Pure and thread-safe; the times come in (nanoseconds of a monotonic
 * clock), so tests drive it with a fake clock. {@link CompanyBulkheads} applies it to the company's slots.
 *
 * <ul>
 * <li><b>Start</b>: at {@value #INITIAL} (at most max), growing by one per answer until the first overload (slow
 * start: the limit doubles each round trip), then by one per limit's worth of answers (one per round trip).</li>
 * <li><b>Grow</b> only while the limit is in use (at least half of it in flight when the answer came): a company that
 * sends a few calls at a time has said nothing about how many more HisabKitab would take.</li>
 * <li><b>Shrink</b> on an overload: the limit halves. Once per round trip: the calls sent before the last cut were
 * sent under the old limit, so their 429s (a burst of them comes together) do not cut again.</li>
 * <li><b>Latency</b>: the answer times, smoothed ({@code srtt}, 1/8 of each new one, as TCP does), are compared with
 * the lowest smoothed time of the last {@value #MIN_RTT_WINDOW_SECONDS}–{@code 2×}{@value #MIN_RTT_WINDOW_SECONDS} s.
 * When it has grown beyond {@code latencyTolerance} times that, HisabKitab is queueing the calls: the limit shrinks
 * by that gradient ({@code tolerance × lowest / srtt}, between halving and 0.9), again once per round trip. The
 * smoothed time, not each call's, is the baseline: a company's operations differ (a list is quicker than a create
 * with attachments), and a steady mix of them is no growth.</li>
 * </ul>
 */
public final class AdaptiveConcurrencyLimit {

    /** The limit a company starts with (or its max, when lower). */
    public static final int INITIAL = 10;
    /** An overload halves the limit. */
    static final double BACKOFF = 0.5;
    /** A latency cut takes at most this factor (and at least {@link #BACKOFF}). */
    static final double GENTLEST_LATENCY_CUT = 0.9;
    static final long MIN_RTT_WINDOW_SECONDS = 30;
    private static final long WINDOW_NANOS = MIN_RTT_WINDOW_SECONDS * 1_000_000_000L;

    private final int max;
    private final double latencyTolerance;
    private double limit;
    private boolean slowStart = true;
    private boolean cut;
    private long lastCutAt;
    /** Smoothed answer time, nanoseconds; negative: no answer yet. */
    private double srtt = -1;
    private long windowStartedAt;
    private boolean windowStarted;
    private double lowestThisWindow = Double.MAX_VALUE;
    private double lowestLastWindow = Double.MAX_VALUE;

    /**
     * @param max              the highest limit (at least 1)
     * @param latencyTolerance how many times its lowest recent smoothed answer time a company's may grow to before
     *                         it shrinks the limit; 0 or less: answer times never shrink it
     */
    public AdaptiveConcurrencyLimit(int max, double latencyTolerance) {
        if (max < 1) {
            throw new IllegalArgumentException("an adaptive concurrency limit needs a max of at least 1");
        }
        this.max = max;
        this.latencyTolerance = latencyTolerance;
        this.limit = Math.min(INITIAL, max);
    }

    /** The calls that may be in flight now (at least 1, at most max). */
    public synchronized int limit() {
        return (int) Math.floor(limit);
    }

    public int max() {
        return max;
    }

    /**
     * HisabKitab answered (anything but an overload) a call sent at {@code sentAt}, {@code now}, with {@code inFlight}
     * calls of the company in flight (this one included); returns the new limit.
     */
    public synchronized int answered(long sentAt, long now, int inFlight) {
        double rtt = Math.max(0, now - sentAt);
        srtt = srtt < 0 ? rtt : srtt + (rtt - srtt) / 8;
        double lowest = lowestSmoothed(srtt, now);
        boolean inUse = inFlight * 2 >= limit;
        if (latencyTolerance > 0 && inUse && lowest > 0 && srtt > latencyTolerance * lowest) {
            double gradient = Math.max(BACKOFF, Math.min(GENTLEST_LATENCY_CUT, latencyTolerance * lowest / srtt));
            cutTo(limit * gradient, sentAt, now);
        } else if (inUse) {
            limit = Math.min(max, limit + (slowStart ? 1 : 1 / Math.floor(limit)));
        }
        return limit();
    }

    /**
     * HisabKitab said it is overloaded (429, or it did not answer in time) for a call sent at {@code sentAt};
     * returns the new limit.
     */
    public synchronized int overloaded(long sentAt, long now) {
        cutTo(limit * BACKOFF, sentAt, now);
        return limit();
    }

    /** Cuts the limit unless it was cut after this call was sent (the cut answered that round trip already). */
    private void cutTo(double lower, long sentAt, long now) {
        if (cut && sentAt - lastCutAt < 0) {
            return;
        }
        limit = Math.max(1, lower);
        slowStart = false;
        cut = true;
        lastCutAt = now;
    }

    /** The lowest smoothed answer time of this window and the last one, {@code srtt} included. */
    private double lowestSmoothed(double smoothed, long now) {
        if (!windowStarted) {
            windowStarted = true;
            windowStartedAt = now;
        } else if (now - windowStartedAt >= WINDOW_NANOS) {
            // a window with no answers at all leaves nothing of the older times behind
            lowestLastWindow = now - windowStartedAt >= 2 * WINDOW_NANOS ? Double.MAX_VALUE : lowestThisWindow;
            lowestThisWindow = Double.MAX_VALUE;
            windowStartedAt = now;
        }
        lowestThisWindow = Math.min(lowestThisWindow, smoothed);
        return Math.min(lowestThisWindow, lowestLastWindow);
    }
}

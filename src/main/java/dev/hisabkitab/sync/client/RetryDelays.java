package dev.hisabkitab.sync.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before trying a HisabKitab call again: the one delay function of the retry policy
 * ({@link RetryPolicy}, routes/error-handling.yaml). Pure: the settings and the random number come in.
 *
 * <ul>
 * <li>Without {@code Retry-After}: exponential backoff {@code initial × multiplier^(attempt−1)}, capped at
 * {@code maxDelay}, then spread by ± {@code jitter} (a fraction: 0.2 = ±20 %) and capped again. So the wait lies
 * in {@code [d × (1 − jitter), min(cap, d × (1 + jitter))]} for the capped backoff {@code d}.</li>
 * <li>With {@code Retry-After} no longer than the cap: never sooner than HisabKitab asked, spread later by up to
 * {@code jitter} of it (so callers told the same time do not all come back at once), at least the backoff above,
 * at most the cap.</li>
 * <li>With {@code Retry-After} longer than the cap: the cap, marked {@link Delay#retryAfterCapped()} so the dead
 * letter can say so if the budget runs out.</li>
 * </ul>
 */
public final class RetryDelays {

    private RetryDelays() {
    }

    /**
     * The retry settings ({@code hisabkitab.retry.*}).
     *
     * @param maxAttempts  calls in all for one event, the first included
     * @param initialDelay wait after the first failed attempt
     * @param multiplier   growth of the wait per further attempt (≥ 1)
     * @param maxDelay     longest wait, also for a longer {@code Retry-After}
     * @param jitter       spread of each wait, a fraction in [0, 1)
     */
    public record Settings(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay,
            double jitter) {

        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("hisabkitab.retry.max-attempts must be at least 1, not " + maxAttempts);
            }
            if (initialDelay.isNegative() || maxDelay.isNegative()) {
                throw new IllegalArgumentException("hisabkitab.retry delays must not be negative");
            }
            if (!(multiplier >= 1)) {
                throw new IllegalArgumentException("hisabkitab.retry.multiplier must be at least 1, not " + multiplier);
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("hisabkitab.retry.jitter must be in [0, 1), not " + jitter);
            }
        }
    }

    /**
     * The wait before the next attempt.
     *
     * @param duration          how long to wait
     * @param retryAfter        what HisabKitab asked for, or null
     * @param retryAfterCapped  whether HisabKitab asked for longer than the cap (and the cap is waited instead)
     */
    public record Delay(Duration duration, Duration retryAfter, boolean retryAfterCapped) {
    }

    /**
     * @param failedAttempt the attempt that just failed, 1 for the first
     * @param retryAfter    HisabKitab's {@code Retry-After}, or null
     * @param random        a number in [0, 1) (e.g. {@code ThreadLocalRandom.current()::nextDouble})
     */
    public static Delay next(int failedAttempt, Duration retryAfter, Settings settings, DoubleSupplier random) {
        long capMs = settings.maxDelay().toMillis();
        double r = Math.min(Math.max(random.getAsDouble(), 0), 1);
        double backoff = Math.min(capMs,
                settings.initialDelay().toMillis() * Math.pow(settings.multiplier(), Math.max(0, failedAttempt - 1)));
        long jittered = clamp(Math.round(backoff * (1 + settings.jitter() * (2 * r - 1))), capMs);
        if (retryAfter == null) {
            return new Delay(Duration.ofMillis(jittered), null, false);
        }
        if (retryAfter.toMillis() > capMs) {
            return new Delay(Duration.ofMillis(capMs), retryAfter, true);
        }
        long asked = retryAfter.toMillis();
        long later = clamp(Math.round(asked * (1 + settings.jitter() * r)), capMs);
        return new Delay(Duration.ofMillis(Math.max(asked, Math.max(later, jittered))), retryAfter, false);
    }

    private static long clamp(long millis, long capMs) {
        return Math.max(0, Math.min(millis, capMs));
    }
}

package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The jittered backoff's bounds for any attempt and any random number (jqwik). Apart from {@link RetryDelaysTest}: in a
 * class of both, surefire's count keeps only one engine's tests (docs/testing.md, "Property tests").
 */
class RetryDelaysPropertiesTest {

    @Property(tries = 500)
    void everyJitteredWaitLiesWithinItsBoundsAndNeverBeyondTheCap(@ForAll @IntRange(min = 1, max = 8) int attempt,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        double backoff = Math.min(10_000, 500 * Math.pow(2, attempt - 1));
        long w = RetryDelaysTest.waitMs(attempt, null, RetryDelaysTest.JITTER, random);
        assertTrue(w >= Math.floor(backoff * 0.8) && w <= Math.min(10_000, Math.ceil(backoff * 1.2)),
                "attempt " + attempt + ": " + w);
    }
}

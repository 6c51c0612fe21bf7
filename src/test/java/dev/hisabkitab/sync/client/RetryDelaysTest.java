package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RetryDelaysTest {

    static final RetryDelays.Settings NO_JITTER = new RetryDelays.Settings(6, Duration.ofMillis(500), 2,
            Duration.ofSeconds(10), 0);
    static final RetryDelays.Settings JITTER = new RetryDelays.Settings(6, Duration.ofMillis(500), 2,
            Duration.ofSeconds(10), 0.2);

    static long waitMs(int attempt, Duration retryAfter, RetryDelays.Settings s, double r) {
        return RetryDelays.next(attempt, retryAfter, s, () -> r).duration().toMillis();
    }

    @Test
    void withoutJitterTheWaitGrowsExponentiallyUpToTheCap() {
        assertEquals(500, waitMs(1, null, NO_JITTER, 0.7));
        assertEquals(1000, waitMs(2, null, NO_JITTER, 0.7));
        assertEquals(2000, waitMs(3, null, NO_JITTER, 0.7));
        assertEquals(4000, waitMs(4, null, NO_JITTER, 0.7));
        assertEquals(8000, waitMs(5, null, NO_JITTER, 0.7));
        assertEquals(10000, waitMs(6, null, NO_JITTER, 0.7), "capped");
        assertEquals(10000, waitMs(400, null, NO_JITTER, 0.7), "no overflow for absurd attempts");
    }

    @Test
    void jitterSpreadsEachWaitWithinItsBoundsAndNeverBeyondTheCap() {
        assertEquals(400, waitMs(1, null, JITTER, 0.0), "lowest: -20 %");
        assertEquals(500, waitMs(1, null, JITTER, 0.5), "middle: the backoff itself");
        assertEquals(600, waitMs(1, null, JITTER, 1.0), "highest: +20 %");
        assertEquals(8000, waitMs(6, null, JITTER, 0.0), "the capped backoff spreads down");
        assertEquals(10000, waitMs(6, null, JITTER, 1.0), "but never above the cap");

        // the waits of one attempt are really spread over that range, not a few steps of it
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(waitMs(2, null, JITTER, i / 1000.0));
        }
        assertTrue(seen.size() > 100, "the waits are actually spread: " + seen.size() + " distinct");
    }

    @Test
    void retryAfterIsHonouredNeverSoonerAndSpreadOnlyLater() {
        Duration oneSecond = Duration.ofSeconds(1);
        RetryDelays.Delay d = RetryDelays.next(1, oneSecond, JITTER, () -> 0.0);
        assertEquals(1000, d.duration().toMillis(), "not sooner than asked, although the backoff is 400-600 ms");
        assertEquals(oneSecond, d.retryAfter());
        assertFalse(d.retryAfterCapped());
        assertEquals(1200, waitMs(1, oneSecond, JITTER, 1.0), "spread later by up to the jitter");
        assertEquals(1000, waitMs(1, oneSecond, NO_JITTER, 0.9));
        assertEquals(4000, waitMs(4, oneSecond, NO_JITTER, 0.9), "a longer backoff still applies");
        assertEquals(500, waitMs(1, Duration.ZERO, NO_JITTER, 0.3), "Retry-After: 0 still waits the backoff");
    }

    @Test
    void aRetryAfterLongerThanTheCapWaitsTheCapAndSaysSo() {
        RetryDelays.Delay d = RetryDelays.next(1, Duration.ofSeconds(120), JITTER, () -> 0.5);
        assertEquals(10_000, d.duration().toMillis());
        assertTrue(d.retryAfterCapped());
        assertEquals(Duration.ofSeconds(120), d.retryAfter());
        RetryDelays.Delay atCap = RetryDelays.next(1, Duration.ofSeconds(10), JITTER, () -> 1.0);
        assertEquals(10_000, atCap.duration().toMillis(), "exactly the cap: honoured, spread clipped at the cap");
        assertFalse(atCap.retryAfterCapped());
    }

    @Test
    void randomNumbersOutsideTheUnitIntervalCannotBreakTheBounds() {
        assertEquals(400, waitMs(1, null, JITTER, -3));
        assertEquals(600, waitMs(1, null, JITTER, 7));
        assertNotEquals(0, waitMs(1, null, JITTER, Double.MIN_VALUE));
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheSettingName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetryDelays.Settings(4, Duration.ofMillis(1), 2, Duration.ofSeconds(1), 1.5));
        assertTrue(e.getMessage().contains("hisabkitab.retry.jitter"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RetryDelays.Settings(0, Duration.ofMillis(1), 2, Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryDelays.Settings(4, Duration.ofMillis(1), 0.5, Duration.ofSeconds(1), 0));
    }
}

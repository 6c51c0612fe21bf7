package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Per-company rate limits with a fake clock: one company's saturated limit does not delay another's calls. */
class RateLimitsTest {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final AtomicLong clock = new AtomicLong(1_000_000 * MS);
    final RateLimits limits = new RateLimits(c -> Map.of("acme", 1.0, "bulk", 0.0).getOrDefault(c, 20.0), clock::get);

    @Test
    void aSaturatedCompanyWaitsWhileAnotherGoesAtOnce() {
        assertEquals(0, limits.reserve("acme"));
        for (int i = 1; i <= 5; i++) {
            assertEquals(i * 1000 * MS, limits.reserve("acme"), "acme's call " + (i + 1) + " queues behind the others");
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(0, limits.reserve("default"), "the default company has its own 20 a second");
        }
        assertTrue(limits.reserve("default") > 0, "and its own limit too");
        assertEquals(6000 * MS, limits.reserve("acme"), "acme's queue is unchanged by the other company's calls");
    }

    @Test
    void aCompanyWithoutALimitNeverWaits() {
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, limits.reserve("bulk"));
        }
    }

    @Test
    void theLimitRecoversWithTime() {
        assertEquals(0, limits.reserve("acme"));
        assertEquals(1000 * MS, limits.reserve("acme"));
        clock.addAndGet(5000 * MS);
        assertEquals(0, limits.reserve("acme"));
        assertEquals(1000 * MS, limits.reserve("acme"));
    }
}

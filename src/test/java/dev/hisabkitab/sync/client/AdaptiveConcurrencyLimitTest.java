package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The AIMD limit alone, on a fake clock (nanoseconds), without Camel. */
class AdaptiveConcurrencyLimitTest {

    private static final long MS = 1_000_000L;
    /** Every answer takes this long unless a test says otherwise. */
    private static final long RTT = 50 * MS;

    private long now = 1_000 * MS;

    @Test
    void itStartsAtTenOrItsMaxWhenLower() {
        assertEquals(AdaptiveConcurrencyLimit.INITIAL, new AdaptiveConcurrencyLimit(64, 2).limit());
        assertEquals(3, new AdaptiveConcurrencyLimit(3, 2).limit());
    }

    @Test
    void answersGrowItByOneEachUntilTheFirstOverloadThenByOnePerLimitsWorth() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(64, 2);
        for (int i = 0; i < 6; i++) {
            answer(limit, limit.limit());
        }
        assertEquals(16, limit.limit(), "slow start: one more per answer");

        assertEquals(8, limit.overloaded(now - RTT, now), "a 429 halves it");
        for (int i = 0; i < 7; i++) {
            answer(limit, limit.limit());
        }
        assertEquals(8, limit.limit(), "seven answers are less than a limit's worth");
        answer(limit, limit.limit());
        assertEquals(9, limit.limit(), "eight answers at a limit of 8: one more");
    }

    @Test
    void itGrowsOnlyWhileAtLeastHalfOfItIsInUse() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(64, 2);
        for (int i = 0; i < 20; i++) {
            answer(limit, 4);
        }
        assertEquals(10, limit.limit(), "four calls at a time say nothing about a fifteenth");
        answer(limit, 5);
        assertEquals(11, limit.limit());
    }

    @Test
    void itNeverGrowsAboveItsMax() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(12, 2);
        for (int i = 0; i < 100; i++) {
            answer(limit, 12);
        }
        assertEquals(12, limit.limit());
    }

    @Test
    void overloadsHalveItOncePerRoundTripAndNeverBelowOne() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(64, 2);
        long burstSentAt = now;
        now += RTT;
        assertEquals(5, limit.overloaded(burstSentAt, now));
        for (int i = 0; i < 20; i++) {
            limit.overloaded(burstSentAt, now);
        }
        assertEquals(5, limit.limit(), "the 429s of calls sent before the cut cut nothing more");

        for (int i = 0; i < 5; i++) {
            now += RTT;
            limit.overloaded(now - RTT / 2, now);
        }
        assertEquals(1, limit.limit(), "halved each round trip down to 1, not below");
        answer(limit, 1);
        assertEquals(2, limit.limit(), "at 1, one answer is a limit's worth");
        answer(limit, 2);
        assertEquals(2, limit.limit());
        answer(limit, 2);
        assertEquals(3, limit.limit());
    }

    @Test
    void answerTimesGrowingBeyondTheToleranceShrinkItWhileSteadyOnesDoNot() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(64, 2);
        for (int i = 0; i < 40; i++) {
            answer(limit, limit.limit(), RTT);
        }
        int grown = limit.limit();
        assertEquals(50, grown, "steady answer times: it kept growing");

        // HisabKitab starts queueing: answers take four times as long
        for (int i = 0; i < 40; i++) {
            answer(limit, limit.limit(), 4 * RTT);
        }
        assertTrue(limit.limit() < grown / 2, "shrunk by the latency gradient: " + limit.limit() + " of " + grown);
        assertTrue(limit.limit() >= 1);
    }

    @Test
    void aSteadyMixOfQuickAndSlowOperationsIsNoGrowth() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(64, 2);
        for (int i = 0; i < 60; i++) {
            answer(limit, limit.limit(), i % 3 == 0 ? 5 * RTT : RTT);
        }
        assertEquals(64, limit.limit(), "creates slower than lists, in a steady mix, never cut it");
    }

    @Test
    void withoutALatencyToleranceOnlyOverloadsShrinkIt() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(64, 0);
        for (int i = 0; i < 10; i++) {
            answer(limit, limit.limit(), RTT);
        }
        for (int i = 0; i < 10; i++) {
            answer(limit, limit.limit(), 20 * RTT);
        }
        assertEquals(30, limit.limit());
    }

    private void answer(AdaptiveConcurrencyLimit limit, int inFlight) {
        answer(limit, inFlight, RTT);
    }

    /** One call sent now, answered {@code rtt} later; the clock moves on to the answer. */
    private void answer(AdaptiveConcurrencyLimit limit, int inFlight, long rtt) {
        long sentAt = now;
        now += rtt;
        limit.answered(sentAt, now, inFlight);
    }
}

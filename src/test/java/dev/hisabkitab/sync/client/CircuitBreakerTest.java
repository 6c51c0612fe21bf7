package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.client.CircuitBreaker.State;

/** The breaker's states with a fake clock (nanoseconds passed in). */
class CircuitBreakerTest {

    static final long S = TimeUnit.SECONDS.toNanos(1);

    final CircuitBreaker breaker = new CircuitBreaker(3, 30 * S);

    @Test
    void opensAfterTheThresholdOfOutagesInARowAndThenRefusesCalls() {
        assertTrue(breaker.tryAcquire(0).allowed());
        assertFalse(breaker.onOutage(0));
        assertFalse(breaker.onOutage(1 * S));
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.onOutage(2 * S), "the third outage in a row opens it");
        assertEquals(State.OPEN, breaker.state());

        CircuitBreaker.Permit refused = breaker.tryAcquire(12 * S);
        assertFalse(refused.allowed());
        assertEquals(20 * S, refused.retryInNanos(), "open for 30 s from the third outage");
    }

    @Test
    void anAnswerBetweenOutagesStartsTheCountAgain() {
        breaker.onOutage(0);
        breaker.onOutage(0);
        breaker.onSuccess();
        assertFalse(breaker.onOutage(0));
        assertFalse(breaker.onOutage(0));
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.onOutage(0));
    }

    @Test
    void afterTheOpenTimeOneProbeGoesAndItsSuccessClosesTheBreaker() {
        open(0);
        CircuitBreaker.Permit probe = breaker.tryAcquire(30 * S);
        assertTrue(probe.allowed());
        assertTrue(probe.probe());
        assertEquals(State.HALF_OPEN, breaker.state());
        CircuitBreaker.Permit other = breaker.tryAcquire(31 * S);
        assertFalse(other.allowed(), "only one probe at a time");

        assertEquals(State.HALF_OPEN, breaker.onSuccess());
        assertEquals(State.CLOSED, breaker.state());
        CircuitBreaker.Permit after = breaker.tryAcquire(31 * S);
        assertTrue(after.allowed());
        assertFalse(after.probe());
        assertEquals(0, breaker.consecutiveOutages());
    }

    @Test
    void aFailedProbeOpensTheBreakerForAnotherFullOpenTime() {
        open(0);
        assertTrue(breaker.tryAcquire(40 * S).probe());
        assertTrue(breaker.onOutage(41 * S), "one failed probe is enough");
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(70 * S).allowed());
        assertTrue(breaker.tryAcquire(71 * S).probe());
    }

    @Test
    void aProbeThatEndsWithoutAVerdictOrNeverReportsLetsAnotherCallProbe() {
        open(0);
        assertTrue(breaker.tryAcquire(30 * S).probe());
        breaker.onNeither(true);
        assertTrue(breaker.tryAcquire(30 * S).probe(), "the next call probes at once");
        assertFalse(breaker.tryAcquire(59 * S).allowed(), "while the probe is out, others are refused");
        assertTrue(breaker.tryAcquire(60 * S).probe(), "a probe silent for the open time is replaced");
    }

    private void open(long now) {
        breaker.onOutage(now);
        breaker.onOutage(now);
        breaker.onOutage(now);
        assertEquals(State.OPEN, breaker.state());
    }
}

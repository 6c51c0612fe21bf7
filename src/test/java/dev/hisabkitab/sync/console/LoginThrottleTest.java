package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aNameIsRefusedAfterTooManyFailuresUntilTheOldestIsOldEnough() {
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertTrue(throttle.allows("asha", T.plusSeconds(i)));
            throttle.failed("asha", T.plusSeconds(i));
        }
        assertFalse(throttle.allows("asha", T.plusSeconds(10)));
        assertFalse(throttle.allows("ASHA", T.plusSeconds(10)), "names are compared without case");
        assertTrue(throttle.allows("ravi", T.plusSeconds(10)), "other names are not held back");
        // five minutes after the first failure, one more try
        assertTrue(throttle.allows("asha", T.plus(Duration.ofMinutes(5))));
    }

    @Test
    void aSuccessForgetsTheFailures() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(5));
        throttle.failed("asha", T);
        throttle.succeeded("asha");
        throttle.failed("asha", T.plusSeconds(1));
        assertTrue(throttle.allows("asha", T.plusSeconds(2)));
    }
}

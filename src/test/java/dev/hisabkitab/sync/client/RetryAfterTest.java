package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    static final Instant NOW = Instant.parse("2025-02-11T11:09:30Z");

    @Test
    void secondsAreTheWait() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), RetryAfter.parse("1", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
    }

    @Test
    void anHttpDateIsTheWaitFromNowAndAPastDateNoWait() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Tue, 11 Feb 2025 11:11:00 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Tue, 11 Feb 2025 11:00:00 GMT", NOW));
    }

    @Test
    void absurdlyLongWaitsAreReadAsOneDay() {
        assertEquals(Optional.of(Duration.ofDays(1)), RetryAfter.parse("99999999999999999999", NOW));
        assertEquals(Optional.of(Duration.ofDays(1)), RetryAfter.parse("864000", NOW));
        assertEquals(Optional.of(Duration.ofDays(1)), RetryAfter.parse("Fri, 11 Feb 2028 11:11:00 GMT", NOW));
    }

    @Test
    void anythingElseIsAsIfThereWereNoHeader() {
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("1.5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("2025-02-11T11:11:00Z", NOW));
    }
}

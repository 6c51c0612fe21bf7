package dev.hisabkitab.sync.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds ({@code 120}) or an HTTP date
 * ({@code Wed, 21 Oct 2015 07:28:00 GMT}), as the wait from {@code now}. A date in the past is no wait; anything
 * unreadable is as if the header were absent.
 */
public final class RetryAfter {

    /** Longest wait read from a header; a larger number (or one too large for a long) is read as this. */
    static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (value.length() > 9) {
                return Optional.of(LONGEST);
            }
            Duration seconds = Duration.ofSeconds(Long.parseLong(value));
            return Optional.of(seconds.compareTo(LONGEST) > 0 ? LONGEST : seconds);
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            if (wait.isNegative()) {
                return Optional.of(Duration.ZERO);
            }
            return Optional.of(wait.compareTo(LONGEST) > 0 ? LONGEST : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package dev.hisabkitab.sync.outcome;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event that cannot complete, with everything its dead letter needs. Thrown by the pipeline's
 * steps and turned into exactly one dead letter by the shared error handling.
 * Messages are written for a person and never contain the API key.
 */
public class EventFailure extends RuntimeException {

    private final ErrorCategory category;
    private final Integer httpStatus;
    private final transient JsonNode response;
    private final List<String> details;
    private final boolean retryable;
    private final Duration retryAfter;

    private EventFailure(ErrorCategory category, String message, Integer httpStatus, JsonNode response,
            List<String> details, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.category = category;
        this.httpStatus = httpStatus;
        this.response = response;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static EventFailure invalidEvent(String message, List<String> details) {
        return new EventFailure(ErrorCategory.INVALID_EVENT, message, null, null, details, false, null, null);
    }

    public static EventFailure invalidEvent(String message) {
        return invalidEvent(message, List.of());
    }

    public static EventFailure mapping(String message) {
        return new EventFailure(ErrorCategory.MAPPING, message, null, null, List.of(), false, null, null);
    }

    public static EventFailure rejected(int httpStatus, String message, JsonNode response, List<String> details) {
        return new EventFailure(ErrorCategory.REJECTED, message, httpStatus, response, details, false, null, null);
    }

    /** A failure worth retrying: the service was unavailable this time. */
    public static EventFailure unavailable(Integer httpStatus, String message, JsonNode response, Throwable cause) {
        return unavailable(httpStatus, message, response, cause, null);
    }

    /** A failure worth retrying, with the wait the service asked for ({@code Retry-After}; null when none). */
    public static EventFailure unavailable(Integer httpStatus, String message, JsonNode response, Throwable cause,
            Duration retryAfter) {
        return new EventFailure(ErrorCategory.UNAVAILABLE, message, httpStatus, response, List.of(), true, retryAfter,
                cause);
    }

    /** Unavailable without trying: the company's circuit breaker is open. Not retried (that is the point). */
    public static EventFailure circuitOpen(String message) {
        return new EventFailure(ErrorCategory.UNAVAILABLE, message, null, null, List.of(), false, null, null);
    }

    /** HisabKitab refused the company's API key (401/403): not the event's fault, and never retried. */
    public static EventFailure authentication(int httpStatus, String message, JsonNode response) {
        return new EventFailure(ErrorCategory.AUTHENTICATION, message, httpStatus, response, List.of(), false, null,
                null);
    }

    /** The same failure with another message (e.g. with a note on how it was retried). */
    public EventFailure withMessage(String message) {
        return new EventFailure(category, message, httpStatus, response, details, retryable, retryAfter, getCause());
    }

    public ErrorCategory category() {
        return category;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public JsonNode response() {
        return response;
    }

    public List<String> details() {
        return details;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long HisabKitab asked to wait before the next try ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

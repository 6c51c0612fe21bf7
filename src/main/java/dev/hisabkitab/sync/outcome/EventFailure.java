package dev.hisabkitab.sync.outcome;

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

    private EventFailure(ErrorCategory category, String message, Integer httpStatus, JsonNode response,
            List<String> details, boolean retryable, Throwable cause) {
        super(message, cause, false, false);
        this.category = category;
        this.httpStatus = httpStatus;
        this.response = response;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryable = retryable;
    }

    public static EventFailure invalidEvent(String message, List<String> details) {
        return new EventFailure(ErrorCategory.INVALID_EVENT, message, null, null, details, false, null);
    }

    public static EventFailure invalidEvent(String message) {
        return invalidEvent(message, List.of());
    }

    public static EventFailure mapping(String message) {
        return new EventFailure(ErrorCategory.MAPPING, message, null, null, List.of(), false, null);
    }

    public static EventFailure rejected(int httpStatus, String message, JsonNode response, List<String> details) {
        return new EventFailure(ErrorCategory.REJECTED, message, httpStatus, response, details, false, null);
    }

    /** A failure worth retrying: the service was unavailable this time. */
    public static EventFailure unavailable(Integer httpStatus, String message, JsonNode response, Throwable cause) {
        return new EventFailure(ErrorCategory.UNAVAILABLE, message, httpStatus, response, List.of(), true, cause);
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
}

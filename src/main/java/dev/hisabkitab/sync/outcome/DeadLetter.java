package dev.hisabkitab.sync.outcome;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The dead-letter record of an event that could not complete (docs/contract.md, "Outcomes"). {@code event} holds the
 * envelope as received, or the original text when it was not a readable envelope. An event of more than
 * {@value #MAX_EVENT_BYTES} bytes is carried as the text of its beginning, marked as cut, so that every dead
 * letter fits into a Kafka record of the default size (1 MB).
 */
@JsonPropertyOrder({ "id", "type", "company", "status", "error", "attempts", "failedAt", "event", "request" })
public record DeadLetter(String id, String type, String company, String status, Error error, int attempts,
        String failedAt, Object event, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode request) implements Outcome {

    /** A dead letter of an event that failed before anything was sent to HisabKitab (no request). */
    public DeadLetter(String id, String type, String company, String status, Error error, int attempts,
            String failedAt, Object event) {
        this(id, type, company, status, error, attempts, failedAt, event, null);
    }

    /** The same dead letter with the request that was sent to HisabKitab ({@code operation} and {@code body}). */
    public DeadLetter withRequest(JsonNode sent) {
        return new DeadLetter(id, type, company, status, error, attempts, failedAt, event, sent);
    }

    public static final String FAILED = "failed";
    /** The largest event (UTF-8 bytes) a dead letter carries whole. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    /** How much of a larger event it carries. */
    public static final int TRUNCATED_EVENT_CHARS = 1024;
    /** The longest error message (characters); messages are written short, this bounds the exceptions. */
    public static final int MAX_MESSAGE_CHARS = 2000;

    /** The beginning of an event too large to carry, marked so nobody mistakes it for the whole event. */
    public static String truncated(String beginning, long totalBytes) {
        return beginning + " ... [cut: the event is " + totalBytes + " bytes, a dead letter carries the first "
                + beginning.length() + " characters]";
    }

    @JsonPropertyOrder({ "category", "message", "httpStatus", "response", "details" })
    public record Error(ErrorCategory category, String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer httpStatus,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode response, List<String> details) {
    }

    @Override
    public boolean failed() {
        return true;
    }
}

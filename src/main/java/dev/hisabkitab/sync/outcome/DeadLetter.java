package dev.hisabkitab.sync.outcome;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The dead-letter record of an event that could not complete (contract §3). {@code event} holds the
 * envelope as received, or the original text when it was not a readable envelope.
 */
@JsonPropertyOrder({ "id", "type", "company", "status", "error", "attempts", "failedAt", "event" })
public record DeadLetter(String id, String type, String company, String status, Error error, int attempts,
        String failedAt, Object event) implements Outcome {

    public static final String FAILED = "failed";

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

package dev.hisabkitab.sync.outcome;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** The reply record of an event that completed (contract §3). */
@JsonPropertyOrder({ "id", "type", "company", "status", "result", "attempts", "completedAt", "notes" })
public record Reply(String id, String type, String company, String status, Result result, int attempts,
        String completedAt, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes) implements Outcome {

    public Reply {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A reply without notes. */
    public Reply(String id, String type, String company, String status, Result result, int attempts,
            String completedAt) {
        this(id, type, company, status, result, attempts, completedAt, List.of());
    }

    public static final String OK = "ok";
    public static final String DUPLICATE = "duplicate";

    /** What HisabKitab answered: the document's id and number where it has them, its message, and the data. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "hisabkitabId", "number", "message", "data" })
    public record Result(Object hisabkitabId, String number, String message, JsonNode data) {
    }

    @Override
    public boolean failed() {
        return false;
    }
}

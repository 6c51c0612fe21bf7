package dev.hisabkitab.sync.outcome;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reply record of an event that completed (docs/contract.md, "Outcomes"), or, in a dry run, that would be booked as
 * {@link #plan} says (status {@value #PLANNED}, no result: nothing was sent). {@link #notes} say what the connector
 * decided by a rule the reader should know of (e.g. the place of supply taken from the company's own state).
 */
@JsonPropertyOrder({ "id", "type", "company", "status", "result", "plan", "attempts", "completedAt", "notes" })
public record Reply(String id, String type, String company, String status, Result result,
        @JsonInclude(JsonInclude.Include.NON_NULL) Plan plan, int attempts, String completedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes) implements Outcome {

    public static final String OK = "ok";
    public static final String DUPLICATE = "duplicate";
    /** A dry run's reply: checked and mapped, not sent (docs/dry-run.md). */
    public static final String PLANNED = "planned";

    public Reply {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A reply of HisabKitab's answer (ok, duplicate): no plan, no notes. */
    public Reply(String id, String type, String company, String status, Result result, int attempts,
            String completedAt) {
        this(id, type, company, status, result, null, attempts, completedAt, List.of());
    }

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

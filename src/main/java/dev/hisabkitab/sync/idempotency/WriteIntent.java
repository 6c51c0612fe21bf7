package dev.hisabkitab.sync.idempotency;

import dev.hisabkitab.sync.business.DocumentNumber;
import dev.hisabkitab.sync.Json;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * A write about to be sent to HisabKitab, recorded durably before it is sent (write-ahead): which event, which
 * operation, the number (or master name) the record will carry, the number series it was taken from (null when the
 * event gave it) and a fingerprint of the request. Kept in the completed-events store under the event's key, so the
 * event's completion replaces it (the compacted topic keeps the last record per key, the file's compaction the last
 * line). An event read again after a crash finds its intent: it reuses the number and looks the record up in
 * HisabKitab before sending anything (docs/guarantees.md).
 *
 * <p>{@code run} names the connector run that recorded it ({@link #CURRENT_RUN}): an intent of another run is one from
 * before a restart.
 */
public record WriteIntent(EventKey key, String operation, String number, String series, String fingerprint, String run,
        String recordedAt) {

    /** This run of the connector (a new one at every start). */
    public static final String CURRENT_RUN = java.util.UUID.randomUUID().toString();

    public WriteIntent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
    }

    /** Recorded by an earlier run of the connector: the event is read again after a restart. */
    public boolean beforeRestart() {
        return !CURRENT_RUN.equals(run);
    }

    /** The document number this try recorded and its series, which the event keeps when read again; or null. */
    public DocumentNumber documentNumber() {
        return number == null || series == null ? null : new DocumentNumber(series, number);
    }

    /** Whether the record carries the same write (a second record of it would add nothing). */
    public boolean sameWrite(WriteIntent other) {
        return other != null && operation.equals(other.operation) && Objects.equals(number, other.number)
                && Objects.equals(series, other.series) && Objects.equals(fingerprint, other.fingerprint)
                && Objects.equals(run, other.run);
    }

    /**
     * {@code {"company":"acme","id":"erp-1","intent":{"operation":"sale.create-item","number":"INV-7","series":"sale",
     * "fingerprint":"…","run":"…"},"recordedAt":"…"}}: a completed-events record with an {@code intent} object.
     */
    public String toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("company", key.company());
        o.put("id", key.id());
        ObjectNode intent = o.putObject("intent");
        intent.put("operation", operation);
        putIfSet(intent, "number", number);
        putIfSet(intent, "series", series);
        putIfSet(intent, "fingerprint", fingerprint);
        putIfSet(intent, "run", run);
        putIfSet(o, "recordedAt", recordedAt);
        return o.toString();
    }

    /** Whether a record of the store (read as JSON) is an intent rather than a completion. */
    static boolean isIntent(JsonNode record) {
        return record != null && record.path("intent").isObject();
    }

    /**
     * Reads {@link #toJson()} back.
     *
     * @throws IllegalArgumentException when it is not such a record
     */
    static WriteIntent fromJson(JsonNode o) {
        if (!isIntent(o) || !o.path("company").isTextual() || !o.path("id").isTextual()
                || !o.path("intent").path("operation").isTextual()) {
            throw new IllegalArgumentException("not a write-intent record");
        }
        JsonNode intent = o.get("intent");
        return new WriteIntent(new EventKey(o.get("company").asText(), o.get("id").asText()),
                intent.get("operation").asText(), text(intent, "number"), text(intent, "series"),
                text(intent, "fingerprint"), text(intent, "run"), text(o, "recordedAt"));
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

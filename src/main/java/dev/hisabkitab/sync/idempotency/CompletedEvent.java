package dev.hisabkitab.sync.idempotency;

import dev.hisabkitab.sync.Json;

import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.outcome.Reply;

/**
 * What the idempotency store keeps of an event that completed: its key, the earlier reply's result without
 * HisabKitab's {@code data} (records stay small: a list answer can be megabytes) and when it completed. One JSON
 * object, the same in the file store's lines and in the completed topic's record values:
 * {@code {"company":"acme","id":"erp-1","hisabkitabId":3,"number":"Bill-3","message":"…","completedAt":"…"}}.
 * {@code source} is the Kafka record (topic/partition@offset) the event completed from, when it came from Kafka: the
 * same record read again after a crash is answered with its own reply, not as a duplicate.
 */
public record CompletedEvent(EventKey key, Object hisabkitabId, String number, String message, String completedAt,
        String source) {

    /** Longer HisabKitab messages are cut to this many characters in the record. */
    static final int MAX_MESSAGE = 300;

    public CompletedEvent(EventKey key, Object hisabkitabId, String number, String message, String completedAt) {
        this(key, hisabkitabId, number, message, completedAt, null);
    }

    public CompletedEvent {
        Objects.requireNonNull(key, "key");
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE);
        }
    }

    /** The record of a completed event's reply. */
    public static CompletedEvent of(Reply reply) {
        return of(reply, null);
    }

    /** The record of a completed event's reply, read from this Kafka record (or {@code null}). */
    public static CompletedEvent of(Reply reply, String source) {
        Reply.Result r = reply.result();
        return new CompletedEvent(new EventKey(reply.company(), reply.id()), r == null ? null : r.hisabkitabId(),
                r == null ? null : r.number(), r == null ? null : r.message(), reply.completedAt(), source);
    }

    /** The earlier result, as a duplicate's reply carries it (without {@code data}). */
    public Reply.Result result() {
        return new Reply.Result(hisabkitabId, number, message, null);
    }

    public String toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("company", key.company());
        o.put("id", key.id());
        if (hisabkitabId instanceof Number n) {
            o.put("hisabkitabId", n.longValue());
        } else if (hisabkitabId != null) {
            o.put("hisabkitabId", hisabkitabId.toString());
        }
        if (number != null) {
            o.put("number", number);
        }
        if (message != null) {
            o.put("message", message);
        }
        o.put("completedAt", completedAt);
        if (source != null) {
            o.put("source", source);
        }
        return o.toString();
    }

    /**
     * Reads {@link #toJson()} back.
     *
     * @throws IllegalArgumentException when the text is not such a record (a torn or damaged line)
     */
    public static CompletedEvent fromJson(String text) {
        return fromJson(readRecord(text));
    }

    /** A line or record value of the store as JSON. @throws IllegalArgumentException when it is not JSON */
    static JsonNode readRecord(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    static CompletedEvent fromJson(JsonNode o) {
        if (o == null || !o.isObject() || !o.path("company").isTextual() || !o.path("id").isTextual()) {
            throw new IllegalArgumentException("not a completed-event record");
        }
        JsonNode id = o.get("hisabkitabId");
        Object hisabkitabId = id == null || id.isNull() ? null : id.isIntegralNumber() ? (Object) id.longValue() : id.asText();
        return new CompletedEvent(new EventKey(o.get("company").asText(), o.get("id").asText()), hisabkitabId,
                text(o, "number"), text(o, "message"), text(o, "completedAt"), text(o, "source"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

package dev.hisabkitab.sync.idempotency;

import dev.hisabkitab.sync.Json;

import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.Envelope;

/**
 * The idempotency key of an event (docs/contract.md, "The envelope"): its company and the id the sender gave it. The same id sent for two
 * companies is two events.
 */
public record EventKey(String company, String id) {

    public EventKey {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(id, "id");
    }

    public static EventKey of(Envelope envelope) {
        return new EventKey(envelope.company(), envelope.id());
    }

    /** The key as text, unambiguous whatever the two parts contain: the JSON array {@code ["company","id"]}. */
    public String text() {
        try {
            return Json.mapper().writeValueAsString(new String[] { company, id });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // two strings always serialise
        }
    }

    /** Reads {@link #text()} back; null when the text is not such a key. */
    public static EventKey parse(String text) {
        if (text == null) {
            return null;
        }
        // the common case without a parser (the store's follower reads every record's key): ["company","id"] with
        // no escapes
        int comma = text.indexOf("\",\"");
        if (text.startsWith("[\"") && text.endsWith("\"]") && comma > 0 && text.indexOf('\\') < 0
                && text.indexOf("\",\"", comma + 1) < 0 && text.indexOf('"', 2) == comma
                && text.indexOf('"', comma + 3) == text.length() - 2) {
            return new EventKey(text.substring(2, comma), text.substring(comma + 3, text.length() - 2));
        }
        try {
            JsonNode array = Json.mapper().readTree(text);
            if (array != null && array.isArray() && array.size() == 2 && array.get(0).isTextual()
                    && array.get(1).isTextual()) {
                return new EventKey(array.get(0).asText(), array.get(1).asText());
            }
        } catch (JsonProcessingException e) {
            // not a key
        }
        return null;
    }

    @Override
    public String toString() {
        return company + "/" + id;
    }
}

package dev.hisabkitab.sync;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The event envelope (docs/contract.md, "The envelope"): what to do ({@code type}) for which company, with which path
 * parameters ({@code target}) and body ({@code payload}). {@code original} is the envelope as received.
 */
public record Envelope(String id, String type, String company, ObjectNode target, JsonNode payload,
        JsonNode original) {

    public static final String DEFAULT_COMPANY = "default";
    public static final String API_PREFIX = "api.";
    /** The business event types (each has a payload schema), in contract order. */
    public static final List<String> BUSINESS_TYPES = List.of(
            "party.upsert", "item.upsert", "invoice.create", "payment.create", "journal.create");

    /**
     * Its id, type and company only (equal envelopes have equal ones): Camel's bean binding hashes the objects a route
     * calls methods on, and a hash of the payload trees walked every field of every event several times a step.
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, type, company);
    }

    public boolean isApiOperation() {
        return type.startsWith(API_PREFIX);
    }

    /** Whether this is a business event (docs/contract.md, "Business events": names instead of ids, mapped by the connector). */
    public boolean isBusiness() {
        return BUSINESS_TYPES.contains(type);
    }

    /** The catalogue operation of an {@code api.*} event. */
    public String apiOperation() {
        return type.substring(API_PREFIX.length());
    }
}

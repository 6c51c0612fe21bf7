package dev.hisabkitab.sync.kafka;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.outcome.ErrorCategory;

/**
 * Which dead letters an operator sends back through the pipeline: by event id (one or several, comma-separated), by
 * error category, or all of them. Exactly one of the three is given.
 */
public record DeadLetterSelection(Set<String> ids, String category, boolean all) {

    /** From the request's parameters ({@code id}, {@code category}, {@code all=true}); refuses anything else. */
    public static DeadLetterSelection of(String id, String category, String all) {
        boolean byId = id != null && !id.isBlank();
        boolean byCategory = category != null && !category.isBlank();
        boolean everything = "true".equalsIgnoreCase(all == null ? "" : all.trim());
        if ((byId ? 1 : 0) + (byCategory ? 1 : 0) + (everything ? 1 : 0) != 1) {
            throw new IllegalArgumentException("Say which dead letters to re-drive with exactly one of: id=<event id>[,<id>…], "
                    + "category=<" + String.join("|", deadLetterCategories()) + ">, all=true");
        }
        if (byCategory && !deadLetterCategories().contains(category.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Unknown dead-letter category '" + category.trim() + "'; one of "
                    + String.join(", ", deadLetterCategories()));
        }
        Set<String> ids = byId ? new LinkedHashSet<>(Arrays.stream(id.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList()) : Set.of();
        return new DeadLetterSelection(ids, byCategory ? category.trim().toLowerCase(Locale.ROOT) : null, everything);
    }

    static Set<String> deadLetterCategories() {
        Set<String> codes = new LinkedHashSet<>();
        for (ErrorCategory c : ErrorCategory.values()) {
            if (c.deadLetterCategory()) {
                codes.add(c.code());
            }
        }
        return codes;
    }

    /** Whether this dead letter (a record of the dead-letter topic, as JSON) is selected. */
    public boolean selects(JsonNode deadLetter) {
        if (all) {
            return true;
        }
        if (category != null) {
            return category.equals(deadLetter.at("/error/category").asText());
        }
        return ids.contains(deadLetter.path("id").asText());
    }

    /**
     * Why this dead letter cannot be sent again as it is, or null when it can: its {@code event} must be the
     * envelope as received (an object with its id), not the text of an unreadable or cut event.
     */
    public static String whyNotRedrivable(JsonNode deadLetter) {
        JsonNode event = deadLetter.path("event");
        if (!event.isObject()) {
            return "the dead letter holds the event's text, not a readable envelope (unreadable or too large): "
                    + "send a corrected event instead";
        }
        if (!event.path("id").isTextual() || event.path("id").asText().isBlank()) {
            return "the event has no id to keep";
        }
        return null;
    }
}

package dev.hisabkitab.sync.console;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The dead-letters page's filter: category, company and event type exactly, failed on or after a date
 * ({@code 2026-12-07}, compared with the dead letter's {@code failedAt}), and free text anywhere in the dead letter
 * (its message, HisabKitab's answer, the event), without regard to case. A blank field does not filter.
 */
public record DeadLetterFilter(String category, String company, String type, String since, String text) {

    public boolean matches(JsonNode letter) {
        return same(category, letter.at("/error/category").asText())
                && same(company, letter.path("company").asText())
                && same(type, letter.path("type").asText())
                && (blank(since) || letter.path("failedAt").asText().compareTo(since.strip()) >= 0)
                && (blank(text) || letter.toString().toLowerCase(Locale.ROOT)
                        .contains(text.strip().toLowerCase(Locale.ROOT)));
    }

    private static boolean same(String wanted, String actual) {
        return blank(wanted) || wanted.strip().equals(actual);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

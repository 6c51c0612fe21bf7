package dev.hisabkitab.sync.client;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * HisabKitab takes every request date as {@code DD-MM-YYYY}, never ISO. Events may carry ISO dates
 * ({@code YYYY-MM-DD}); these are turned into the API's form. Other strings pass through untouched.
 */
public final class ApiDates {

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    public static final DateTimeFormatter API_DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    private ApiDates() {
    }

    /** {@code 2025-02-11} → {@code 11-02-2025}; anything that is not a real ISO calendar date is returned as is. */
    public static String toApiDate(String value) {
        if (value == null || !ISO_DATE.matcher(value).matches()) {
            return value;
        }
        try {
            return LocalDate.parse(value).format(API_DATE);
        } catch (DateTimeException e) {
            return value;
        }
    }

    /**
     * A copy of the JSON tree with the ISO dates of date fields converted: fields whose name contains
     * "date" ({@code date}, {@code po_date}, {@code start_date}, {@code pd_date}, {@code transporter_document_date} …),
     * so that a number or a narration that happens to look like a date is sent as it was written.
     */
    public static JsonNode convert(JsonNode node) {
        return convert(node, false);
    }

    private static JsonNode convert(JsonNode node, boolean dateField) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            if (!dateField) {
                return node;
            }
            String converted = toApiDate(node.asText());
            return converted.equals(node.asText()) ? node : TextNode.valueOf(converted);
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), convert(field.getValue(), isDateField(field.getKey())));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(convert(element, dateField)));
            return copy;
        }
        return node;
    }

    static boolean isDateField(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).contains("date");
    }
}

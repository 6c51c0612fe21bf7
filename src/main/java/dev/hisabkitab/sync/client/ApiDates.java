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

    /** A copy of the JSON tree with every ISO date string converted. */
    public static JsonNode convert(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String converted = toApiDate(node.asText());
            return converted.equals(node.asText()) ? node : TextNode.valueOf(converted);
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), convert(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(convert(element)));
            return copy;
        }
        return node;
    }
}

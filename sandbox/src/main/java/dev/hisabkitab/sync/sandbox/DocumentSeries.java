package dev.hisabkitab.sync.sandbox;

import static dev.hisabkitab.sync.sandbox.Requests.requireObject;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.SandboxRules.FieldRule;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/** A document type's number series and configuration (prefix, suffix, start number; the rest kept as sent). */
final class DocumentSeries {

    private DocumentSeries() {
    }

    /**
     * One more than the highest number the series has used: by any create or update so far, including records
     * since deleted (a deleted document's number is not handed out again) and numbers the client chose itself;
     * at least the configured {@code start_number}. Numbers count when they are plain integers ("7") or the
     * configured prefix + integer + suffix ("INV-7"); any other text is outside the series.
     */
    static String nextNumber(SandboxCompany c, ResourceRule rule) {
        long max = c.highestNumber(rule.name);
        for (StoredRecord r : c.collection(rule.name).values()) {
            Long n = seriesNumber(c, rule, r.number);
            if (n != null) {
                max = Math.max(max, n);
            }
        }
        long start = c.configuration(rule).path("start_number").asLong(1);
        return String.valueOf(Math.max(max + 1, start));
    }

    /** The integer a document number holds in its series, or null. */
    static Long seriesNumber(SandboxCompany c, ResourceRule rule, String number) {
        if (number == null) {
            return null;
        }
        String n = number.trim();
        ObjectNode config = c.configuration(rule);
        String prefix = config.path("prefix").asText("");
        String suffix = config.path("suffix").asText("");
        if (!Json.isIntegerString(n) && n.length() > prefix.length() + suffix.length() && n.startsWith(prefix) && n.endsWith(suffix)) {
            n = n.substring(prefix.length(), n.length() - suffix.length());
        }
        if (!n.matches("\\d{1,17}")) {
            return null;
        }
        return Long.parseLong(n);
    }

    /** A number with the series' configured prefix and suffix, as documents show it. */
    static String fullNumber(SandboxCompany c, ResourceRule rule, String number) {
        ObjectNode config = c.configuration(rule);
        return config.path("prefix").asText("") + number + config.path("suffix").asText("");
    }

    /** Configuration contents are not documented: the sandbox keeps what it is sent, per document type. */
    static ObjectNode defaultConfiguration(ResourceRule rule) {
        ObjectNode config = Json.object();
        config.put("prefix", rule.prefix);
        config.put("suffix", "");
        config.put("start_number", 1);
        for (String section : List.of("broker_details", "transport_details", "eway_bill_details", "other_details",
                "tcs_details", "tds_details", "payment_details")) {
            config.put("show_" + section, 1);
        }
        config.put("round_off", 1);
        return config;
    }

    static JsonNode updateConfiguration(SandboxCompany c, ResourceRule rule, String type, JsonNode rawBody) {
        ObjectNode body = requireObject(rawBody);
        Validator v = new Validator(c);
        v.validate(body, List.of(new FieldRule("start_number", "integer", false, null)), rule.name, null);
        if (type != null && !type.matches("[A-Za-z0-9_-]{1,64}")) {
            throw SandboxApiException.notFound("Unknown configuration type.");
        }
        v.throwIfInvalid();
        ObjectNode config = c.configuration(rule);
        ObjectNode target = config;
        if (type != null) {
            JsonNode section = config.get(type);
            if (section == null || !section.isObject()) {
                section = Json.object();
                config.set(type, section);
            }
            target = (ObjectNode) section;
        }
        target.setAll(body);
        return config.deepCopy();
    }
}

package dev.hisabkitab.sync.client;

import dev.hisabkitab.sync.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * Reads HisabKitab's answer: the {@code {data, success, message}} envelope into a reply result, or the
 * failure it means. Which failures are worth retrying is decided here, once:
 * 408, 429 and 5xx are {@code unavailable} (retried); 401/403 are {@code authentication} (the company's key,
 * not the event, is wrong: never retried); other 4xx and {@code "success": false} are {@code rejected} (never
 * retried, the request itself is wrong).
 */
public final class ApiResponse {

    /** Field names that hold a document's number, in the order they are preferred. */
    public static final List<String> NUMBER_FIELDS = List.of("full_invoice_number", "invoice_number",
            "debit_note_number", "credit_note_number", "document_number", "estimate_number", "order_number",
            "challan_number", "voucher_number", "receipt_number", "payment_number");

    private ApiResponse() {
    }

    public static Reply.Result read(int status, String body) {
        return read(status, body, null);
    }

    /**
     * @param retryAfter the wait HisabKitab asked for ({@code Retry-After}, see {@link RetryAfter}), or null; an
     *                   unavailable answer carries it to the retry policy
     */
    public static Reply.Result read(int status, String body, Duration retryAfter) {
        JsonNode json = parse(body);
        if (status == 408 || status == 429 || status >= 500) {
            throw EventFailure.unavailable(status, "HisabKitab is unavailable: HTTP " + status + messageSuffix(json),
                    json, null, retryAfter);
        }
        if (status == 401 || status == 403) {
            throw EventFailure.authentication(status, "HisabKitab refused the API key (HTTP " + status
                    + "); check hisabkitab.api-key or hisabkitab.companies.<company>.api-key", json);
        }
        if (status < 200 || status >= 300) {
            throw EventFailure.rejected(status, "HisabKitab rejected the request: HTTP " + status + messageSuffix(json),
                    json, fieldErrors(json));
        }
        if (json == null || !json.isObject() || !json.has("success")) {
            throw EventFailure.rejected(status, "HisabKitab answered HTTP " + status
                    + " without its {data, success, message} envelope", json, List.of());
        }
        if (!json.path("success").asBoolean(false)) {
            throw EventFailure.rejected(status, "HisabKitab refused the request" + messageSuffix(json), json,
                    fieldErrors(json));
        }
        JsonNode data = json.get("data");
        JsonNode record = documentRecord(data);
        Object id = null;
        String number = null;
        if (record != null) {
            JsonNode idNode = record.get("id");
            id = idNode.isIntegralNumber() ? (Object) idNode.longValue() : idNode.asText();
            number = firstText(record, NUMBER_FIELDS);
        } else if (data != null && data.isValueNode() && !data.isNull()) {
            number = data.asText(); // next-number endpoints answer the number itself
        }
        String message = json.path("message").isTextual() ? json.get("message").asText() : null;
        return new Reply.Result(id, number, message, data);
    }

    /** The created/returned record: data itself when it has an id, else the first nested object with one
     *  (sale creates answer {@code data.sale_transaction}). */
    static JsonNode documentRecord(JsonNode data) {
        if (data == null || !data.isObject()) {
            return null;
        }
        if (data.hasNonNull("id") && data.get("id").isValueNode()) {
            return data;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
        while (fields.hasNext()) {
            JsonNode value = fields.next().getValue();
            if (value.isObject() && value.hasNonNull("id") && value.get("id").isValueNode()) {
                return value;
            }
        }
        return null;
    }

    private static String firstText(JsonNode record, List<String> names) {
        for (String name : names) {
            JsonNode v = record.get(name);
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String messageSuffix(JsonNode json) {
        if (json != null && json.path("message").isTextual() && !json.get("message").asText().isBlank()) {
            return ": " + json.get("message").asText();
        }
        return "";
    }

    /** Laravel-style field errors ({@code data.errors} or {@code errors}: field → [messages]) as "field: message". */
    static List<String> fieldErrors(JsonNode json) {
        List<String> details = new ArrayList<>();
        if (json == null) {
            return details;
        }
        JsonNode errors = json.path("data").path("errors");
        if (!errors.isObject()) {
            errors = json.path("errors");
        }
        Iterator<Map.Entry<String, JsonNode>> it = errors.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                e.getValue().forEach(m -> details.add(e.getKey() + ": " + m.asText()));
            } else {
                details.add(e.getKey() + ": " + e.getValue().asText());
            }
        }
        return details;
    }
}

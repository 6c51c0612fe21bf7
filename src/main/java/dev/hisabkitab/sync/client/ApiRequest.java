package dev.hisabkitab.sync.client;

import dev.hisabkitab.sync.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * One HTTP request to HisabKitab for a catalogue operation, built from an event's target and payload:
 * path parameters filled and encoded, ISO dates turned into DD-MM-YYYY, the payload encoded as JSON,
 * as multipart form fields, or (GET/DELETE) as the query string.
 *
 * @param path relative to the base URL, parameters filled in
 * @param query encoded query string without '?', or null
 * @param json the JSON body, or null
 * @param form the multipart form fields, or null
 */
public record ApiRequest(Endpoint endpoint, String method, String path, String query, String json,
        List<FormFields.Field> form) {

    private static final Set<String> BATCH_ACTIONS = Set.of("batch-create", "batch-delete");

    /** Builds the request, or fails with an {@code invalid-event} naming what the event lacks. */
    public static ApiRequest of(Endpoint endpoint, ObjectNode target, JsonNode payload) {
        String path = fillPath(endpoint, target);
        JsonNode body = ApiDates.convert(payload);
        if (!endpoint.sendsBody()) {
            if (body != null && !body.isObject()) {
                throw EventFailure.invalidEvent("payload: " + endpoint.operation() + " is a " + endpoint.method()
                        + " request; its payload, if any, must be an object of query parameters");
            }
            return new ApiRequest(endpoint, endpoint.method(), path, query(body), null, null);
        }
        if (body == null) {
            throw EventFailure.invalidEvent("payload: is required for " + endpoint.operation());
        }
        if (Endpoint.MULTIPART.equals(endpoint.contentType())) {
            if (!body.isObject()) {
                throw EventFailure.invalidEvent("payload: " + endpoint.operation()
                        + " takes multipart/form-data; its payload must be an object of form field names to values");
            }
            return new ApiRequest(endpoint, endpoint.method(), path, null, null, FormFields.flatten(body));
        }
        boolean batch = BATCH_ACTIONS.contains(endpoint.action());
        if (batch ? !(body.isArray() || body.isObject()) : !body.isObject()) {
            throw EventFailure.invalidEvent("payload: must be a JSON " + (batch ? "array or object" : "object")
                    + " for " + endpoint.operation());
        }
        try {
            return new ApiRequest(endpoint, endpoint.method(), path, null, Json.mapper().writeValueAsString(body),
                    null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written back as JSON", e);
        }
    }

    static String fillPath(Endpoint endpoint, ObjectNode target) {
        String path = endpoint.path();
        List<String> missing = new ArrayList<>();
        for (String name : endpoint.pathParameters()) {
            JsonNode value = target == null ? null : target.get(name);
            boolean usable = value != null && (value.isIntegralNumber() || value.isTextual() && !value.asText().isBlank());
            if (!usable) {
                missing.add(name);
                continue;
            }
            path = path.replace("{" + name + "}", encode(value.asText()));
        }
        if (!missing.isEmpty()) {
            throw EventFailure.invalidEvent(missing.stream().map(n -> "target." + n)
                    .collect(Collectors.joining(", ")) + ": required by " + endpoint.operation() + " as a whole number or a non-empty string" + " ("
                    + endpoint.method() + " " + endpoint.path() + ")",
                    missing.stream().map(n -> "target." + n + ": is required").toList());
        }
        return path;
    }

    static String query(JsonNode parameters) {
        List<FormFields.Field> fields = FormFields.flatten(parameters);
        if (fields.isEmpty()) {
            return null;
        }
        return fields.stream().map(f -> encode(f.name()) + "=" + encode(f.value())).collect(Collectors.joining("&"));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

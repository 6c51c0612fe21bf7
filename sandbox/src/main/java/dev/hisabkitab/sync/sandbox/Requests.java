package dev.hisabkitab.sync.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;

/** Reading a request: its record id, its body as an object, and the operation a body chooses among those sharing a path. */
final class Requests {

    private Requests() {
    }

    static Long parseId(String raw) {
        if (!raw.matches("\\d{1,18}")) {
            return null;
        }
        long id = Long.parseLong(raw);
        return id > 0 ? id : null;
    }

    static ObjectNode requireObject(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return Json.object();
        }
        if (!body.isObject()) {
            throw SandboxApiException.invalid("body", "The request body must be a JSON object.");
        }
        return (ObjectNode) Json.laravelInput(body);
    }

    /** An operation the rules give no behaviour (or a look-up's query): any JSON object, still checking dates. */
    static void genericBody(JsonNode body, ObjectNode query) {
        Validator v = new Validator(null);
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            requireObject(body);
            v.checkUndeclaredDates(Json.laravelInput(body), "");
        }
        v.checkUndeclaredDates(query, "");
        v.throwIfInvalid();
    }

    static String pick(List<Endpoint> candidates, String action, Validator v, String field, String message) {
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? action : candidates.get(0).operation();
        }
        for (Endpoint e : candidates) {
            if (e.action().equals(action)) {
                return e.operation();
            }
        }
        v.error(field, message);
        return null;
    }
}

package dev.hisabkitab.sync.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the answers of every resource share: response copies of stored values, the stamps, ledger names and GST rates. */
final class Views {

    private Views() {
    }

    /** A copy for a response: DD-MM-YYYY values of date fields as ISO instants, uploads as their file name. */
    static JsonNode responseCopy(String key, JsonNode value) {
        if (value == null) {
            return Json.F.nullNode();
        }
        if (FormBodies.isUpload(value)) {
            return Json.F.textNode(value.path("file_name").asText());
        }
        if (value.isTextual() && key != null && (key.equals("date") || key.endsWith("_date"))) {
            LocalDate d = Dates.parse(value.asText());
            return d == null ? value : Json.F.textNode(Dates.responseDate(d));
        }
        if (value.isObject()) {
            ObjectNode out = Json.object();
            value.fields().forEachRemaining(e -> out.set(e.getKey(), responseCopy(e.getKey(), e.getValue())));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = Json.array();
            value.forEach(v -> out.add(responseCopy(key, v)));
            return out;
        }
        return value;
    }

    static void stamp(ObjectNode v, StoredRecord r) {
        v.put("via_api", false);
        v.put("is_import", false);
        v.put("created_by", 1);
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
    }

    static void putLong(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    static JsonNode nullable(JsonNode v) {
        return v == null ? Json.F.nullNode() : v;
    }

    static JsonNode amount(JsonNode v) {
        return Json.isMissing(v) ? Json.F.numberNode(0) : v;
    }

    static String ledgerName(SandboxCompany c, Long id) {
        StoredRecord l = id == null ? null : c.collection("ledger").get(id);
        return l == null ? null : l.view.path("name").asText();
    }

    static BigDecimal gstRate(SandboxCompany c, JsonNode gstId) {
        Long id = Json.integer(gstId);
        StoredRecord g = id == null ? null : c.collection("gst-rate").get(id);
        return g == null ? null : g.view.path("tax_rate").decimalValue();
    }

    static ArrayNode views(SandboxCompany c, String collection) {
        ArrayNode out = Json.array();
        c.collection(collection).values().forEach(r -> out.add(r.view.deepCopy()));
        return out;
    }
}

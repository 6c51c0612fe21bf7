package dev.hisabkitab.sync.sandbox;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.FieldRule;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/** What every resource's records answer alike: look-up by id, lists, batch create and delete, and the refusal to delete a record in use. */
final class Records {

    private final SandboxApi api;

    Records(SandboxApi api) {
        this.api = api;
    }

    /** The record of a resource by id; 404 as HisabKitab words it when there is none. */
    static StoredRecord find(SandboxCompany c, ResourceRule rule, Long id) {
        StoredRecord r = id == null ? null : c.collection(rule.name).get(id);
        if (r == null) {
            throw SandboxApiException.notFound(rule.title + " not found.");
        }
        return r;
    }

    /** A list: transactions between the required dates (and of a party), the rules' filters, skip and limit. */
    JsonNode list(SandboxCompany c, ResourceRule rule, ObjectNode rawQuery) {
        ObjectNode query = (ObjectNode) Json.laravelInput(rawQuery);
        Validator v = new Validator(c);
        List<FieldRule> q = new ArrayList<>();
        boolean transaction = rule.isTransaction();
        if (transaction) {
            q.add(queryRule("start_date", "date", true));
            q.add(queryRule("end_date", "date", true));
            q.add(queryRule("party_id", "integer", false));
            q.add(queryRule("status", "integer", false));
        }
        q.add(queryRule("limit", "integer", false));
        q.add(queryRule("skip", "integer", false));
        rule.filter.forEach((param, field) -> q.add(queryRule(param, "integer", false)));
        v.validate(query, q, rule.name, null);
        Long limit = Json.integer(query.get("limit"));
        Long skip = Json.integer(query.get("skip"));
        if (limit != null && limit < 0) {
            v.error("limit", "The limit must be at least 0.");
        }
        if (skip != null && skip < 0) {
            v.error("skip", "The skip must be at least 0.");
        }
        LocalDate start = Dates.parse(Json.text(query, "start_date"));
        LocalDate end = Dates.parse(Json.text(query, "end_date"));
        if (start != null && end != null && end.isBefore(start)) {
            v.error("end_date", "The end date must be a date after or equal to start date.");
        }
        v.throwIfInvalid();
        Long party = Json.integer(query.get("party_id"));
        ArrayNode rows = Json.array();
        long skipped = 0;
        for (StoredRecord r : c.collection(rule.name).values()) {
            if (transaction) {
                if (r.date == null || r.date.isBefore(start) || r.date.isAfter(end)) {
                    continue;
                }
                if (party != null && rule.party != null && !party.equals(r.partyId)) {
                    continue;
                }
            }
            boolean filtered = false;
            for (Map.Entry<String, String> f : rule.filter.entrySet()) {
                Long want = Json.integer(query.get(f.getKey()));
                if (want != null && !want.equals(Json.integer(r.view.get(f.getValue())))) {
                    filtered = true;
                }
            }
            if (filtered) {
                continue;
            }
            if (skip != null && skipped < skip) {
                skipped++;
                continue;
            }
            if (limit != null && rows.size() >= limit) {
                break;
            }
            rows.add(api.kind(rule).listRow(c, rule, r));
        }
        return rows;
    }

    private static FieldRule queryRule(String name, String type, boolean required) {
        return new FieldRule(name, Json.object().put("type", type).put("required", required));
    }

    /**
     * Every element created as by a single create, or none (422 with the element's index in each field name); under
     * the fault {@link SandboxFaults#batchKeepsCreatedBeforeRefusal} the elements before the first refused one stay.
     */
    JsonNode batchCreate(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, JsonNode rawBody) {
        JsonNode body = rawBody;
        if (body != null && body.isObject() && sequentialKeys(body)) {
            ArrayNode a = Json.array();
            body.forEach(a::add);
            body = a;
        }
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw SandboxApiException.invalid("body", "The request body must be a JSON array of at least one record.");
        }
        // The single create's operations (e.g. every ledger type) choose each element's type.
        List<Endpoint> single = new ArrayList<>();
        for (Endpoint e : api.catalogue.endpoints()) {
            if (e.resource().equals(rule.name) && e.method().equals("POST")
                    && (e.action().equals("create") || e.action().startsWith("create-"))) {
                single.add(e);
            }
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<StoredRecord> created = new ArrayList<>();
        boolean keepsCreated = api.faults != null && api.faults.batchKeepsCreatedBeforeRefusal();
        for (int i = 0; i < body.size() && !(keepsCreated && !errors.isEmpty()); i++) {
            try {
                created.add(api.create(c, rule, single, body.get(i), null));
            } catch (SandboxApiException e) {
                if (e.status != 422) {
                    throw e;
                }
                int index = i;
                e.errors().forEach((k, msgs) -> {
                    List<String> prefixed = new ArrayList<>();
                    msgs.forEach(m -> prefixed.add(m.replace("The " + Validator.attribute(k), "The " + index + "." + Validator.attribute(k))
                            .replace("The selected " + Validator.attribute(k), "The selected " + index + "." + Validator.attribute(k))));
                    errors.put(index + "." + k, prefixed);
                });
            }
        }
        if (!errors.isEmpty()) {
            if (!keepsCreated) {
                created.forEach(r -> c.remove(rule.name, r.id)); // one transaction: all or nothing
            }
            throw SandboxApiException.invalid(errors);
        }
        ArrayNode out = Json.array();
        created.forEach(r -> out.add(r.view.deepCopy()));
        return out;
    }

    private static boolean sequentialKeys(JsonNode obj) {
        int i = 0;
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            if (!it.next().equals(String.valueOf(i++))) {
                return false;
            }
        }
        return i > 0;
    }

    /** Batch delete: the body's {@code ids} array (or a bare array of ids); the body is not documented. */
    JsonNode batchDelete(SandboxCompany c, ResourceRule rule, JsonNode body) {
        JsonNode ids = body == null ? null : body.isArray() ? body : Json.laravelInput(body).get("ids");
        Validator v = new Validator(c);
        if (Json.isBlank(ids)) {
            v.error("ids", "The ids field is required.");
        } else if (!ids.isArray()) {
            v.error("ids", "The ids must be an array.");
        } else {
            for (int i = 0; i < ids.size(); i++) {
                Long id = Json.integer(ids.get(i));
                if (id == null) {
                    v.error("ids." + i, "The ids." + i + " must be an integer.");
                } else if (!c.exists(rule.name, id)) {
                    v.error("ids." + i, "The selected ids." + i + " is invalid.");
                }
            }
        }
        v.throwIfInvalid();
        for (int i = 0; i < ids.size(); i++) {
            refuseIfReferenced(c, rule, Json.integer(ids.get(i)), "ids." + i);
        }
        ArrayNode deleted = Json.array();
        for (JsonNode id : ids) {
            long l = Json.integer(id);
            if (c.remove(rule.name, l) != null) {
                deleted.add(l);
            }
        }
        return deleted;
    }

    /**
     * A record that another record refers to (a ledger used by a sale, a unit used by an item, …) cannot be
     * deleted: 422 naming the first record that uses it. References are the rules' {@code ref} fields.
     */
    void refuseIfReferenced(SandboxCompany c, ResourceRule target, long id, String field) {
        for (ResourceRule owner : api.rules.resources.values()) {
            List<FieldRule> refs = new ArrayList<>();
            owner.fields.values().stream().filter(f -> target.name.equals(f.ref) && !"name".equals(f.refBy)).forEach(refs::add);
            owner.actions.values().forEach(a -> a.fields.values().stream()
                    .filter(f -> target.name.equals(f.ref) && !"name".equals(f.refBy)).forEach(refs::add));
            if (refs.isEmpty()) {
                continue;
            }
            for (StoredRecord r : c.collection(owner.name).values()) {
                if (owner.name.equals(target.name) && r.id == id) {
                    continue;
                }
                for (FieldRule f : refs) {
                    for (JsonNode value : Validator.valuesAt(r.body, f.segments)) {
                        Long used = Json.integer(value);
                        if (used != null && used == id) {
                            throw SandboxApiException.invalid(field, "The " + target.title.toLowerCase(java.util.Locale.ROOT) + " " + id
                                    + " is used by " + owner.title.toLowerCase(java.util.Locale.ROOT) + " " + r.id
                                    + " and cannot be deleted.");
                        }
                    }
                }
            }
        }
    }
}

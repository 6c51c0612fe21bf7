package dev.hisabkitab.sync.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.SandboxRules.FieldRule;

/**
 * Checks a request body against field rules the way a Laravel FormRequest would, and returns the body with the
 * checked values in canonical form (ids and integers as numbers, numeric strings as numbers, flags as 0/1).
 *
 * <p>Error body: HisabKitab's validation answer is not documented. The sandbox answers 422 with Laravel's default
 * shape inside the HisabKitab envelope, {@code {"data":{"errors":{"items.0.item_id":["The selected items.0.item id is
 * invalid."]}},"success":false,"message":"The given data was invalid."}}, keys being the dotted field paths and the
 * messages Laravel's English defaults. Clients should rely on the status and the field paths, not on the wording.
 */
final class Validator {

    /** What the validator needs to know about the company's data. */
    interface Lookup {
        boolean exists(String collection, long id);

        boolean existsByName(String collection, String name);

        /** Whether another record (not {@code exceptId}) of the resource holds this value in the field. */
        boolean isTaken(String resource, String field, String value, Long exceptId);

        /** A record as the API shows it (a GST rate, a state, an item, …), for the arithmetic checks. */
        Optional<JsonNode> record(String collection, long id);

        /** The records of a collection as the API shows them. */
        List<JsonNode> records(String collection);

        /** The company's details (its {@code state_id} decides intrastate or interstate). */
        JsonNode details();
    }

    static final Pattern GSTIN = Pattern.compile("\\d{2}[A-Z]{5}\\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]");

    private record Slot(String path, JsonNode container, String key, int index, JsonNode value) {
    }

    private final Lookup lookup;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();
    private final Set<String> checkedPaths = new HashSet<>();

    Validator(Lookup lookup) {
        this.lookup = lookup;
    }

    Map<String, List<String>> errors() {
        return errors;
    }

    void error(String path, String message) {
        List<String> list = errors.computeIfAbsent(path, k -> new ArrayList<>());
        if (!list.contains(message)) {
            list.add(message);
        }
    }

    /** The arithmetic checks of {@code sandbox-rules.yaml}'s {@code arithmetic} section, recording into this validator. */
    SandboxArithmetic arithmetic(SandboxArithmetic.Rules rules) {
        return new SandboxArithmetic(rules, lookup, this);
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw SandboxApiException.invalid(errors);
        }
    }

    /** Laravel's attribute name: the dotted path with underscores as spaces. */
    static String attribute(String path) {
        return path.replace('_', ' ');
    }

    /**
     * Validates {@code body} (changed in place to canonical values) against the rules; collects errors. Fields
     * without a rule are left as they are, except that any {@code date}/{@code *_date} value must be DD-MM-YYYY.
     */
    void validate(ObjectNode body, Iterable<FieldRule> rules, String resource, Long selfId) {
        for (FieldRule rule : rules) {
            List<Slot> slots = new ArrayList<>();
            expand(body, rule.segments, 0, "", slots);
            for (Slot slot : slots) {
                checkedPaths.add(slot.path());
                check(rule, slot, body, resource, selfId);
            }
        }
        checkUndeclaredDates(body, "");
    }

    /** The date rule alone, for query parameters and undocumented bodies. */
    void checkUndeclaredDates(JsonNode node, String prefix) {
        if (node == null || FormBodies.isUpload(node)) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = prefix + e.getKey();
                JsonNode v = e.getValue();
                if ((e.getKey().equals("date") || e.getKey().endsWith("_date")) && v.isTextual()
                        && !checkedPaths.contains(path)) {
                    checkDate(path, v);
                }
                checkUndeclaredDates(v, path + ".");
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkUndeclaredDates(node.get(i), prefix + i + ".");
            }
        }
    }

    /** The values present at a rule path ({@code *} expanded) in a body. */
    static List<JsonNode> valuesAt(JsonNode body, String[] segments) {
        List<Slot> slots = new ArrayList<>();
        new Validator(null).expand(body, segments, 0, "", slots);
        List<JsonNode> out = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.value() != null && !slot.value().isNull()) {
                out.add(slot.value());
            }
        }
        return out;
    }

    private void expand(JsonNode container, String[] segs, int i, String prefix, List<Slot> out) {
        String seg = segs[i];
        boolean last = i == segs.length - 1;
        if (seg.equals("*")) {
            if (container == null || !container.isContainerNode() || FormBodies.isUpload(container)) {
                return;
            }
            if (container.isArray()) {
                for (int idx = 0; idx < container.size(); idx++) {
                    JsonNode child = container.get(idx);
                    String path = prefix + idx;
                    if (last) {
                        out.add(new Slot(path, container, null, idx, child));
                    } else {
                        expand(child, segs, i + 1, path + ".", out);
                    }
                }
            } else {
                List<String> keys = new ArrayList<>();
                container.fieldNames().forEachRemaining(keys::add);
                for (String key : keys) {
                    JsonNode child = container.get(key);
                    String path = prefix + key;
                    if (last) {
                        out.add(new Slot(path, container, key, -1, child));
                    } else {
                        expand(child, segs, i + 1, path + ".", out);
                    }
                }
            }
            return;
        }
        JsonNode child = container != null && container.isObject() && !FormBodies.isUpload(container) ? container.get(seg) : null;
        String path = prefix + seg;
        if (last) {
            out.add(new Slot(path, container != null && container.isObject() ? container : null, seg, -1, child));
        } else {
            expand(child, segs, i + 1, path + ".", out);
        }
    }

    private void replace(Slot slot, JsonNode value) {
        if (slot.container() instanceof ObjectNode o && slot.key() != null) {
            o.set(slot.key(), value);
        } else if (slot.container() instanceof ArrayNode a && slot.index() >= 0) {
            a.set(slot.index(), value);
        }
    }

    private void check(FieldRule rule, Slot slot, ObjectNode body, String resource, Long selfId) {
        String path = slot.path();
        String attr = attribute(path);
        JsonNode v = slot.value();
        if (Json.isBlank(v) && !FormBodies.isUpload(v)) {
            if (rule.required) {
                error(path, "The " + attr + " field is required.");
            } else if (rule.requiredIfField != null && requiredIfHolds(rule, body)) {
                String when = "present".equals(rule.requiredIfValue.asText()) ? "present"
                        : rule.requiredIfValue.asText();
                error(path, "present".equals(when)
                        ? "The " + attr + " field is required when " + attribute(rule.requiredIfField) + " is present."
                        : "The " + attr + " field is required when " + attribute(rule.requiredIfField) + " is " + when + ".");
            }
            return;
        }
        JsonNode canonical = typed(rule, path, attr, v);
        if (canonical == null) {
            return; // type error recorded
        }
        if (canonical != v) {
            replace(slot, canonical);
        }
        if (rule.in != null && rule.in.stream().noneMatch(allowed -> looselyEqual(allowed, canonical))) {
            error(path, "The selected " + attr + " is invalid.");
            return;
        }
        if (rule.ref != null) {
            boolean found = "name".equals(rule.refBy) ? lookup.existsByName(rule.ref, canonical.asText())
                    : lookup.exists(rule.ref, canonical.asLong());
            if (!found) {
                error(path, "The selected " + attr + " is invalid.");
                return;
            }
        }
        if (rule.unique && lookup.isTaken(resource, rule.path, canonical.asText(), selfId)) {
            error(path, "The " + attr + " has already been taken.");
        }
        if (rule.different != null) {
            JsonNode other = Json.at(body, rule.different);
            if (!Json.isBlank(other) && looselyEqual(other, canonical)) {
                error(path, "The " + attr + " and " + attribute(rule.different) + " must be different.");
            }
        }
    }

    private static boolean requiredIfHolds(FieldRule rule, ObjectNode body) {
        JsonNode other = Json.at(body, rule.requiredIfField);
        if ("present".equals(rule.requiredIfValue.asText())) {
            return !Json.isBlank(other);
        }
        return !Json.isBlank(other) && looselyEqual(rule.requiredIfValue, other);
    }

    static boolean looselyEqual(JsonNode a, JsonNode b) {
        return loose(a).equals(loose(b));
    }

    private static String loose(JsonNode n) {
        if (n.isBoolean()) {
            return n.booleanValue() ? "1" : "0";
        }
        BigDecimal d = Json.decimal(n);
        if (d != null) {
            return d.stripTrailingZeros().toPlainString();
        }
        return n.asText().trim();
    }

    /** The canonical value, or null after recording a type error. */
    private JsonNode typed(FieldRule rule, String path, String attr, JsonNode v) {
        boolean upload = FormBodies.isUpload(v);
        switch (rule.type) {
            case "string":
                if (!v.isTextual()) {
                    error(path, "The " + attr + " must be a string.");
                    return null;
                }
                return v;
            case "text":
                if (!(v.isTextual() || v.isNumber())) {
                    error(path, "The " + attr + " must be a string.");
                    return null;
                }
                return v;
            case "integer":
            case "id": {
                Long l = v.isBoolean() || upload ? null : Json.integer(v);
                if (l == null) {
                    error(path, "The " + attr + " must be an integer.");
                    return null;
                }
                if (rule.type.equals("id") && l <= 0) {
                    error(path, "The selected " + attr + " is invalid.");
                    return null;
                }
                return LongNode.valueOf(l);
            }
            case "number":
            case "amount": {
                BigDecimal d = v.isBoolean() || upload ? null : Json.decimal(v);
                if (d == null) {
                    error(path, "The " + attr + " must be a number.");
                    return null;
                }
                if (rule.type.equals("amount") && d.stripTrailingZeros().scale() > 2) {
                    error(path, "The " + attr + " must have at most 2 decimal places (rupees and paise), not "
                            + d.toPlainString() + ".");
                    return null;
                }
                if (rule.min != null && d.compareTo(BigDecimal.valueOf(rule.min)) < 0) {
                    error(path, "The " + attr + " must be at least " + rule.min + ".");
                    return null;
                }
                return Json.number(d);
            }
            case "flag": {
                if (v.isBoolean()) {
                    return IntNode.valueOf(v.booleanValue() ? 1 : 0);
                }
                Long l = upload ? null : Json.integer(v);
                if (l == null || (l != 0 && l != 1)) {
                    error(path, "The " + attr + " field must be true or false.");
                    return null;
                }
                return IntNode.valueOf(l.intValue());
            }
            case "date":
                return checkDate(path, v) ? v : null;
            case "object":
                if (!v.isObject() || upload) {
                    error(path, "The " + attr + " must be an object.");
                    return null;
                }
                return v;
            case "array":
                if (!v.isArray()) {
                    error(path, "The " + attr + " must be an array.");
                    return null;
                }
                if (rule.min != null && v.size() < rule.min) {
                    error(path, "The " + attr + " must have at least " + rule.min + " item" + (rule.min == 1 ? "." : "s."));
                    return null;
                }
                return v;
            case "gstin":
                if (!v.isTextual() || !GSTIN.matcher(v.asText()).matches()) {
                    error(path, "The " + attr + " format is invalid.");
                    return null;
                }
                return v;
            case "file":
                if (upload) {
                    return v;
                }
                if (v.isArray()) {
                    for (JsonNode f : v) {
                        if (!FormBodies.isUpload(f)) {
                            error(path, "The " + attr + " must be a file.");
                            return null;
                        }
                    }
                    return v;
                }
                error(path, "The " + attr + " must be a file.");
                return null;
            default:
                return v;
        }
    }

    /** Records an error unless the value is a DD-MM-YYYY calendar date. */
    boolean checkDate(String path, JsonNode v) {
        String attr = attribute(path);
        if (!v.isTextual()) {
            error(path, "The " + attr + " must be a date string in the format DD-MM-YYYY.");
            return false;
        }
        String s = v.asText();
        LocalDate d = Dates.parse(s);
        if (d != null) {
            return true;
        }
        if (Dates.looksIso(s)) {
            error(path, "The " + attr + " does not match the format d-m-Y: HisabKitab takes DD-MM-YYYY (" + Dates.suggestion(s)
                    + "), not an ISO date such as " + s + ".");
        } else if (Dates.hasDmyShape(s)) {
            error(path, "The " + attr + " is not a valid date.");
        } else {
            error(path, "The " + attr + " does not match the format d-m-Y (DD-MM-YYYY).");
        }
        return false;
    }
}

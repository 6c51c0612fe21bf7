package dev.hisabkitab.sync.business.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads HisabKitab's answer to a master batch, whose shape is not documented: which request element each answer
 * element is. A record is matched to its request element only when that is certain — by position, when the answer
 * lists as many elements as were sent and every record among them shows the name sent at its place; else by name
 * (GSTIN, item code) when each name sent is shown by exactly one record. Whatever cannot be matched so is
 * {@link Unknown}: the batch may have created it, so it is looked up before it is created singly (MasterBatches).
 * An answer that lists another number of elements than were sent (or none: ids only, a count, a message) is
 * unknown throughout.
 */
public final class BatchAnswer {

    /** What the answer says of one request element. */
    public sealed interface ItemAnswer permits Created, Refused, Unknown {
    }

    /** Created, with its HisabKitab id and record as the answer shows it. */
    public record Created(Object id, JsonNode record) implements ItemAnswer {
    }

    /** Refused by HisabKitab: its message and field errors ({@code field: message}, without the element's index). */
    public record Refused(String message, List<String> details) implements ItemAnswer {
    }

    /** Not told apart: created or not, the answer does not say which record is this element's. */
    public record Unknown(String why) implements ItemAnswer {
    }

    /** What identifies one request element: its name, and its GSTIN or item code when it has one. */
    public record Requested(String name, String gstin, String code) {

        /** Of a single create's body: the name in {@code keyField}, {@code party_details.gstin}, {@code sku}. */
        public static Requested of(JsonNode body, String keyField) {
            return new Requested(text(body == null ? null : body.get(keyField)),
                    text(body == null ? null : body.path("party_details").get("gstin")),
                    text(body == null ? null : body.get("sku")));
        }
    }

    /** Where an answer may list the created records (the envelope's data, or an object holding them). */
    static final List<String> RECORD_LISTS = List.of("created", "records", "items", "ledgers", "data", "results",
            "success", "saved", "inserted");
    /** Where it may list refused elements beside them. */
    static final List<String> FAILURE_LISTS = List.of("failed", "failures", "errors", "rejected", "invalid");
    static final List<String> NAME_FIELDS = List.of("name", "item_name", "ledger_name");
    static final List<String> CODE_FIELDS = List.of("sku", "item_code", "code");
    static final List<String> INDEX_FIELDS = List.of("index", "row", "position");

    private BatchAnswer() {
    }

    /** One element of the answer, classified. */
    private record Element(Kind kind, Object id, JsonNode record, String name, String gstin, String code,
            Integer index, String message, List<String> details) {
    }

    private enum Kind { RECORD, FAILURE, OTHER }

    /** Each request element's answer, in request order ({@code data}: the answer's {@code data}, or its whole body). */
    public static List<ItemAnswer> match(List<Requested> requested, JsonNode data) {
        int n = requested.size();
        List<Element> elements = new ArrayList<>();
        for (JsonNode e : elementsOf(data)) {
            elements.add(classify(e));
        }
        if (elements.size() != n) {
            return allUnknown(n, "the batch answer lists " + elements.size() + " element(s) for " + n + " sent");
        }
        Optional<List<ItemAnswer>> byPosition = byPosition(requested, elements);
        if (byPosition.isPresent()) {
            return byPosition.get();
        }
        return byKey(requested, elements);
    }

    private static Optional<List<ItemAnswer>> byPosition(List<Requested> requested, List<Element> elements) {
        List<ItemAnswer> answers = new ArrayList<>();
        boolean anchored = false;
        for (int i = 0; i < requested.size(); i++) {
            Requested r = requested.get(i);
            Element e = elements.get(i);
            switch (e.kind()) {
                case RECORD -> {
                    if (!agrees(r, e)) {
                        return Optional.empty();
                    }
                    anchored = true;
                    answers.add(new Created(e.id(), e.record()));
                }
                case FAILURE -> {
                    if ((e.name() != null && !same(e.name(), r.name())) || (e.index() != null && e.index() != i)) {
                        return Optional.empty();
                    }
                    anchored |= e.name() != null || e.index() != null;
                    answers.add(new Refused(e.message(), e.details()));
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return anchored ? Optional.of(answers) : Optional.empty();
    }

    /** A record at a request element's place is its record: it shows the name sent, and no other GSTIN. */
    private static boolean agrees(Requested r, Element e) {
        return e.name() != null && same(e.name(), r.name())
                && (e.gstin() == null || r.gstin() == null || same(e.gstin(), r.gstin()));
    }

    private static List<ItemAnswer> byKey(List<Requested> requested, List<Element> elements) {
        int n = requested.size();
        ItemAnswer[] answers = new ItemAnswer[n];
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Requested r = requested.get(i);
            if (r.name() == null || countNamed(requested, r.name()) > 1) {
                continue; // two elements of one name: which record is whose cannot be told
            }
            Integer found = single(elements, used, e -> e.kind() == Kind.RECORD && agrees(r, e));
            if (found == null && r.gstin() != null) {
                found = single(elements, used, e -> e.kind() == Kind.RECORD && e.name() == null && same(e.gstin(), r.gstin()));
            }
            if (found == null && r.code() != null) {
                found = single(elements, used, e -> e.kind() == Kind.RECORD && e.name() == null && same(e.code(), r.code()));
            }
            if (found == null) {
                found = single(elements, used, e -> e.kind() == Kind.FAILURE && e.name() != null && same(e.name(), r.name()));
            }
            if (found != null) {
                used.add(found);
                Element e = elements.get(found);
                answers[i] = e.kind() == Kind.RECORD ? new Created(e.id(), e.record()) : new Refused(e.message(), e.details());
            }
        }
        refusedByIndex(elements, used, answers);
        List<ItemAnswer> out = new ArrayList<>();
        for (ItemAnswer a : answers) {
            out.add(a != null ? a : new Unknown("the batch answer does not show which record is this one"));
        }
        return out;
    }

    /**
     * Refused elements that carry only an index: counted from 0 or from 1, whichever alone makes every such index name
     * an element still without answer. When both do, which elements were refused is a guess: they stay unknown.
     */
    private static void refusedByIndex(List<Element> elements, Set<Integer> used, ItemAnswer[] answers) {
        List<Element> indexed = new ArrayList<>();
        for (int k = 0; k < elements.size(); k++) {
            Element e = elements.get(k);
            if (!used.contains(k) && e.kind() == Kind.FAILURE && e.index() != null) {
                indexed.add(e);
            }
        }
        boolean fromZero = indexFits(indexed, 0, answers);
        if (fromZero == indexFits(indexed, 1, answers)) {
            return; // neither fits, or both do
        }
        int base = fromZero ? 0 : 1;
        indexed.forEach(e -> answers[e.index() - base] = new Refused(e.message(), e.details()));
    }

    /** Whether, counted from {@code base}, every index names a distinct element still without answer. */
    private static boolean indexFits(List<Element> indexed, int base, ItemAnswer[] answers) {
        Set<Integer> targets = new HashSet<>();
        boolean fits = !indexed.isEmpty();
        for (Element e : indexed) {
            int target = e.index() - base;
            fits &= target >= 0 && target < answers.length && answers[target] == null && targets.add(target);
        }
        return fits;
    }

    private static Integer single(List<Element> elements, Set<Integer> used, java.util.function.Predicate<Element> test) {
        Integer found = null;
        for (int k = 0; k < elements.size(); k++) {
            if (!used.contains(k) && test.test(elements.get(k))) {
                if (found != null) {
                    return null;
                }
                found = k;
            }
        }
        return found;
    }

    private static long countNamed(List<Requested> requested, String name) {
        return requested.stream().filter(r -> same(r.name(), name)).count();
    }

    /** The answer's elements: an array, or the record and failure lists an object holds, or one record. */
    static List<JsonNode> elementsOf(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        if (data == null || data.isNull() || data.isMissingNode()) {
            return out;
        }
        if (data.isArray()) {
            data.forEach(out::add);
            return out;
        }
        if (!data.isObject()) {
            return out;
        }
        if (idOf(data) != null) {
            out.add(data);
            return out;
        }
        boolean listed = addFirstList(data, RECORD_LISTS, out);
        if (!listed && data.path("data").isObject()) {
            return elementsOf(data.get("data"));
        }
        listed |= addFirstList(data, FAILURE_LISTS, out);
        if (!listed) {
            List<JsonNode> arrays = new ArrayList<>();
            data.forEach(v -> {
                if (v.isArray()) {
                    arrays.add(v);
                }
            });
            if (arrays.size() == 1) {
                arrays.get(0).forEach(out::add);
            }
        }
        return out;
    }

    /** Adds the elements of the first of these fields that holds an array; false when none does. */
    private static boolean addFirstList(JsonNode data, List<String> fields, List<JsonNode> out) {
        for (String field : fields) {
            JsonNode list = data.get(field);
            if (list != null && list.isArray()) {
                list.forEach(out::add);
                return true;
            }
        }
        return false;
    }

    private static Element classify(JsonNode e) {
        if (e == null || !e.isObject()) {
            return new Element(Kind.OTHER, null, e, null, null, null, null, null, List.of());
        }
        JsonNode record = recordOf(e);
        // a message alone refuses nothing ({"ledger_id": 7, "message": "Created"}): only success false or an error
        boolean refused = e.path("success").isBoolean() && !e.get("success").asBoolean()
                || (record == null && (hasError(e.get("error")) || hasError(e.get("errors"))));
        if (record != null && !refused) {
            return new Element(Kind.RECORD, idOf(record), record, first(record, NAME_FIELDS), gstinOf(record),
                    first(record, CODE_FIELDS), null, null, List.of());
        }
        if (refused) {
            JsonNode about = e.path("data").isObject() ? e.get("data") : e.path("record").isObject() ? e.get("record") : e;
            String name = first(e, NAME_FIELDS) != null ? first(e, NAME_FIELDS) : first(about, NAME_FIELDS);
            Integer index = null;
            for (String f : INDEX_FIELDS) {
                if (e.path(f).canConvertToInt() && e.get(f).isIntegralNumber()) {
                    index = e.get(f).intValue();
                    break;
                }
            }
            List<String> details = details(e.get("errors"));
            String message = text(e.get("message")) != null ? text(e.get("message"))
                    : text(e.get("error")) != null ? text(e.get("error"))
                            : details.isEmpty() ? "refused" : details.get(0);
            return new Element(Kind.FAILURE, null, e, name, null, null, index, message, details);
        }
        return new Element(Kind.OTHER, null, e, null, null, null, null, null, List.of());
    }

    /** Whether an {@code error}/{@code errors} field says something: not absent, null, false, blank or empty. */
    private static boolean hasError(JsonNode error) {
        if (error == null || error.isNull() || (error.isBoolean() && !error.asBoolean())) {
            return false;
        }
        return error.isContainerNode() ? !error.isEmpty() : !error.asText().isBlank();
    }

    /** The record an element is or holds ({@code {"ledger": {...}}}, {@code {"data": {...}}}); null: none. */
    private static JsonNode recordOf(JsonNode e) {
        if (idOf(e) != null) {
            return e;
        }
        Iterator<JsonNode> values = e.elements();
        while (values.hasNext()) {
            JsonNode v = values.next();
            if (v.isObject() && idOf(v) != null) {
                return v;
            }
        }
        return null;
    }

    private static Object idOf(JsonNode record) {
        JsonNode id = record.get("id");
        if (id == null || id.isNull() || !id.isValueNode() || id.asText().isBlank()) {
            return null;
        }
        return id.isIntegralNumber() ? (Object) id.longValue() : id.asText();
    }

    private static String gstinOf(JsonNode record) {
        String gstin = text(record.get("gstin"));
        if (gstin == null) {
            gstin = text(record.path("party_details").get("gstin"));
        }
        if (gstin == null && record.path("ledgers_data").isObject()) {
            for (JsonNode model : record.get("ledgers_data")) {
                gstin = gstin != null ? gstin : text(model.get("gstin"));
            }
        }
        return gstin;
    }

    /** Field errors ({@code {"name": ["…"]}} or {@code ["…"]}) as {@code field: message}. */
    private static List<String> details(JsonNode errors) {
        List<String> out = new ArrayList<>();
        if (errors == null) {
            return out;
        }
        if (errors.isObject()) {
            errors.fields().forEachRemaining(f -> {
                if (f.getValue().isArray()) {
                    f.getValue().forEach(m -> out.add(f.getKey() + ": " + m.asText()));
                } else {
                    out.add(f.getKey() + ": " + f.getValue().asText());
                }
            });
        } else if (errors.isArray()) {
            errors.forEach(m -> out.add(m.asText()));
        } else if (errors.isValueNode()) {
            out.add(errors.asText());
        }
        return out;
    }

    private static final Pattern INDEXED_ERROR = Pattern.compile("^(?:[A-Za-z_]+\\.)?(\\d+)\\.([^:]+):\\s*(.*)$",
            Pattern.DOTALL);

    /**
     * A whole batch refused (422) with field errors naming elements by index ({@code 3.name: The 3.name has already
     * been taken.}, Laravel's array validation): each refused element's errors, the index taken out; empty when an
     * error names no element of the batch (then the refusal cannot be handed to the events it concerns).
     */
    public static Optional<Map<Integer, List<String>>> refusedElements(int size, List<String> fieldErrors) {
        if (fieldErrors == null || fieldErrors.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, List<String>> byIndex = new LinkedHashMap<>();
        for (String error : fieldErrors) {
            Matcher m = INDEXED_ERROR.matcher(error);
            if (!m.matches()) {
                return Optional.empty();
            }
            int index = Integer.parseInt(m.group(1));
            if (index >= size) {
                return Optional.empty();
            }
            String prefix = "(?<![\\w.])(?:[A-Za-z_]+\\.)?" + index + "\\.";
            byIndex.computeIfAbsent(index, k -> new ArrayList<>())
                    .add(m.group(2) + ": " + m.group(3).replaceAll(prefix, ""));
        }
        return Optional.of(byIndex);
    }

    private static List<ItemAnswer> allUnknown(int n, String why) {
        List<ItemAnswer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Unknown(why));
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && a.trim().toLowerCase(Locale.ROOT).equals(b.trim().toLowerCase(Locale.ROOT));
    }

    private static String first(JsonNode node, List<String> fields) {
        for (String f : fields) {
            String t = text(node.get(f));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() || node.asText().isBlank() ? null : node.asText().trim();
    }
}

package dev.hisabkitab.sync.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The sandbox's rules file, {@code hisabkitab/sandbox-rules.yaml}: per resource its fields and response shape. */
final class SandboxRules {

    static final String RESOURCE = "hisabkitab/sandbox-rules.yaml";
    static final Set<String> ARITHMETIC_KINDS = Set.of("document", "journal", "voucher");
    static final Set<String> KINDS = Set.of("document", "journal", "voucher", "ledger", "item", "master", "lookup");
    static final Set<String> TYPES = Set.of("string", "text", "integer", "number", "amount", "id", "flag", "date", "object",
            "array", "gstin", "file", "any");

    /** One field rule. */
    static final class FieldRule {
        final String path;
        final String[] segments;
        final String type;
        final boolean required;
        final String requiredIfField;
        final JsonNode requiredIfValue;
        final List<JsonNode> in;
        final String ref;
        final String refBy;
        final boolean unique;
        final String different;
        final Integer min;

        FieldRule(String path, JsonNode spec) {
            this.path = path;
            this.segments = path.split("\\.");
            this.type = spec.path("type").asText("any");
            if (!TYPES.contains(type)) {
                throw new IllegalStateException(RESOURCE + ": field " + path + " has unknown type " + type);
            }
            this.required = spec.path("required").asBoolean(false);
            JsonNode ri = spec.get("requiredIf");
            this.requiredIfField = ri == null ? null : ri.path("field").asText();
            this.requiredIfValue = ri == null ? null : ri.get("value");
            List<JsonNode> values = new ArrayList<>();
            if (spec.has("in")) {
                spec.get("in").forEach(values::add);
            }
            this.in = values.isEmpty() ? null : List.copyOf(values);
            this.ref = spec.hasNonNull("ref") ? spec.get("ref").asText() : null;
            this.refBy = spec.hasNonNull("refBy") ? spec.get("refBy").asText() : null;
            this.unique = spec.path("unique").asBoolean(false);
            this.different = spec.hasNonNull("different") ? spec.get("different").asText() : null;
            this.min = spec.hasNonNull("min") ? spec.get("min").asInt() : null;
        }

        FieldRule(String path, String type, boolean required, Integer min) {
            this.path = path;
            this.segments = path.split("\\.");
            this.type = type;
            this.required = required;
            this.requiredIfField = null;
            this.requiredIfValue = null;
            this.in = null;
            this.ref = null;
            this.refBy = null;
            this.unique = false;
            this.different = null;
            this.min = min;
        }
    }

    /** The field that chooses item vs accounting lines (documents) or goods vs service (items). */
    static final class ItemTypeRule {
        final String field;
        final Map<String, Integer> values = new LinkedHashMap<>();
        /** null: the field is required; "infer": follow the lines sent; else the value assumed when absent. */
        final String defaultMode;

        ItemTypeRule(JsonNode spec) {
            this.field = spec.path("field").asText();
            spec.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("field") && !e.getKey().equals("default")) {
                    values.put(e.getKey(), e.getValue().asInt());
                }
            });
            this.defaultMode = spec.hasNonNull("default") ? spec.get("default").asText() : null;
        }

        /** The mode name (item, accounting, goods, service) of a type value, or null. */
        String mode(long value) {
            for (Map.Entry<String, Integer> e : values.entrySet()) {
                if (e.getValue() == value) {
                    return e.getKey();
                }
            }
            return null;
        }
    }

    /** A ledger type selected by the body's {@code action}. */
    static final class LedgerAction {
        final String action;
        final String operation;
        final String model;
        final String flag;
        final Map<String, FieldRule> fields;

        LedgerAction(String action, String operation, String model, String flag, Map<String, FieldRule> fields) {
            this.action = action;
            this.operation = operation;
            this.model = model;
            this.flag = flag;
            this.fields = fields;
        }
    }

    /** The rules of one catalogue resource. */
    static final class ResourceRule {
        final String name;
        final String kind;
        final String title;
        final String number;
        final String date;
        final String party;
        final String wrapper;
        final String lineParentKey;
        final String prefix;
        final String transactionType;
        final String linesRequired;
        final String uniqueName;
        final ItemTypeRule itemType;
        final Map<String, String> lineKeys;
        final Map<String, String> derive;
        final Map<String, String> messages;
        final Map<String, String> filter;
        final Map<String, FieldRule> fields;
        final Map<String, LedgerAction> actions;
        /** Which arithmetic checks the resource's bodies must pass: document, journal, voucher, or null for none. */
        final String arithmetic;

        ResourceRule(String name, JsonNode spec, Map<String, FieldRule> fields, Map<String, LedgerAction> actions) {
            this.name = name;
            this.kind = spec.path("kind").asText();
            if (!KINDS.contains(kind)) {
                throw new IllegalStateException(RESOURCE + ": resource " + name + " has unknown kind " + kind);
            }
            this.title = spec.path("title").asText(name);
            this.number = textOrNull(spec, "number");
            this.date = textOrNull(spec, "date");
            this.party = textOrNull(spec, "party");
            this.wrapper = textOrNull(spec, "wrapper");
            this.lineParentKey = textOrNull(spec, "lineParentKey");
            this.prefix = spec.path("prefix").asText("");
            this.transactionType = spec.path("transactionType").asText(title);
            this.linesRequired = textOrNull(spec, "linesRequired");
            this.uniqueName = textOrNull(spec, "uniqueName");
            this.itemType = spec.has("itemType") ? new ItemTypeRule(spec.get("itemType")) : null;
            this.lineKeys = stringMap(spec.get("lineKeys"));
            this.derive = stringMap(spec.get("derive"));
            this.messages = stringMap(spec.get("messages"));
            this.filter = stringMap(spec.get("filter"));
            this.fields = Collections.unmodifiableMap(fields);
            this.actions = Collections.unmodifiableMap(actions);
            this.arithmetic = textOrNull(spec, "arithmetic");
            if (arithmetic != null && !ARITHMETIC_KINDS.contains(arithmetic)) {
                throw new IllegalStateException(RESOURCE + ": resource " + name + " has unknown arithmetic " + arithmetic);
            }
        }

        String message(String what) {
            String m = messages.get(what);
            if (m != null) {
                return m;
            }
            return switch (what) {
                case "created" -> title + " Created Successfully";
                case "updated" -> title + " Updated Successfully";
                case "deleted" -> title + " Deleted Successfully";
                default -> title + " " + what;
            };
        }

        boolean isTransaction() {
            return kind.equals("document") || kind.equals("journal") || kind.equals("voucher");
        }
    }

    final Map<String, ResourceRule> resources;
    /** The top-level {@code arithmetic} section: the parameters of {@link SandboxArithmetic}. */
    final SandboxArithmetic.Rules arithmetic;

    private SandboxRules(Map<String, ResourceRule> resources, SandboxArithmetic.Rules arithmetic) {
        this.resources = Collections.unmodifiableMap(resources);
        this.arithmetic = arithmetic;
    }

    static SandboxRules builtIn() {
        return read(Json.readYamlResource(RESOURCE));
    }

    static SandboxRules read(JsonNode root) {
        JsonNode blocks = root.path("blocks");
        Map<String, ResourceRule> resources = new LinkedHashMap<>();
        root.path("resources").fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode spec = e.getValue();
            if (spec.has("fieldsFrom")) {
                JsonNode from = root.path("resources").path(spec.get("fieldsFrom").asText());
                if (from.isMissingNode()) {
                    throw new IllegalStateException(RESOURCE + ": " + name + ".fieldsFrom names no resource");
                }
                spec = merge(from, spec);
            }
            Map<String, FieldRule> fields = fields(name, spec, blocks);
            Map<String, LedgerAction> actions = new LinkedHashMap<>();
            JsonNode finalSpec = spec;
            spec.path("actions").fields().forEachRemaining(a -> {
                JsonNode as = a.getValue();
                Map<String, FieldRule> own = fields(name + ".actions." + a.getKey(), as, blocks);
                actions.put(a.getKey(), new LedgerAction(a.getKey(), as.path("operation").asText(), as.path("model").asText(),
                        as.path("flag").asText(), own));
            });
            resources.put(name, new ResourceRule(name, finalSpec, fields, actions));
        });
        SandboxArithmetic.Rules arithmetic = SandboxArithmetic.Rules.read(root.path("arithmetic"));
        if (arithmetic == null && resources.values().stream().anyMatch(r -> r.arithmetic != null)) {
            throw new IllegalStateException(RESOURCE + ": resources name an arithmetic but the arithmetic section is missing");
        }
        return new SandboxRules(resources, arithmetic);
    }

    private static JsonNode merge(JsonNode from, JsonNode spec) {
        com.fasterxml.jackson.databind.node.ObjectNode merged = from.deepCopy();
        spec.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        merged.remove("fieldsFrom");
        return merged;
    }

    private static Map<String, FieldRule> fields(String owner, JsonNode spec, JsonNode blocks) {
        // The resource's own fields first (and winning over a block's rule for the same path), then its blocks.
        Map<String, FieldRule> fields = new LinkedHashMap<>();
        spec.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), new FieldRule(f.getKey(), f.getValue())));
        for (JsonNode use : spec.path("use")) {
            JsonNode block = blocks.get(use.asText());
            if (block == null) {
                throw new IllegalStateException(RESOURCE + ": " + owner + " uses unknown block " + use.asText());
            }
            block.fields().forEachRemaining(f -> fields.putIfAbsent(f.getKey(), new FieldRule(f.getKey(), f.getValue())));
        }
        return fields;
    }

    private static String textOrNull(JsonNode spec, String field) {
        JsonNode v = spec.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return Collections.unmodifiableMap(map);
    }
}

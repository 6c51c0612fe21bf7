package dev.hisabkitab.sync.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The columns of one CSV/Excel layout, derived from the business event's JSON Schema (docs/contract.md, "Business events"): every field
 * the schema allows, nested objects flattened with {@code _} ({@code billingAddress_city}); the fields of the
 * one-per-row array elements ({@code lines}, {@code charges}, {@code payments}, {@code entries}, {@code settle})
 * are prefixed with the array's name ({@code lines_item}). The schemas are the one table: a field added there is a
 * column here. Each column knows the JSON type it becomes (text, number, whole number, true/false). Pure and
 * immutable; {@link #of(DropKind)} builds each layout once.
 *
 * <p>A header may also use the contract's own field names, flattened the same way (docs/contract.md, "Business events" and "File drops"). They are the
 * column names everywhere but where the contract gives a field in two forms: {@code payment.create}'s {@code party}
 * is a name or an object with {@code name} and {@code gstin}; the layout's column is {@code party_name}, and
 * {@code party} (the contract's name for the string form) is an {@link #aliases() alias} of it.
 */
public final class RowLayout {

    /** The envelope's company, a column of every layout (blank: {@code default}). */
    public static final String COMPANY = "company";

    public enum ValueType { TEXT, NUMBER, INTEGER, BOOLEAN }

    /**
     * One column: its name, the field path inside the payload ({@code [billingAddress, city]}), and, for a field of
     * an array element, the array's name (the path then starts with it: {@code [lines, item]}).
     */
    public record Column(String name, List<String> path, String array, ValueType type) {

        public boolean inArray() {
            return array != null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<DropKind, RowLayout> LAYOUTS = new EnumMap<>(DropKind.class);

    private final DropKind kind;
    private final Map<String, Column> columns;
    private final Map<String, Column> aliases;
    private final Set<String> required;

    private RowLayout(DropKind kind, Map<String, Column> columns, Map<String, Column> aliases, Set<String> required) {
        this.kind = kind;
        this.columns = columns;
        this.aliases = aliases;
        this.required = required;
    }

    public static synchronized RowLayout of(DropKind kind) {
        return LAYOUTS.computeIfAbsent(kind, k -> new Builder().build(k));
    }

    public DropKind kind() {
        return kind;
    }

    /** Every column in the schema's order, {@code company} last. */
    public List<Column> columns() {
        return List.copyOf(columns.values());
    }

    /** The column of a header cell, by its name or an alias: names are matched ignoring case and surrounding spaces. */
    public Optional<Column> column(String headerCell) {
        String key = headerCell.strip().toLowerCase(Locale.ROOT);
        Column column = columns.get(key);
        return Optional.ofNullable(column != null ? column : aliases.get(key));
    }

    /** The other names a column is known by (the contract's, e.g. {@code party}), to the column's name. */
    public Map<String, String> aliases() {
        Map<String, String> names = new LinkedHashMap<>();
        aliases.forEach((alias, column) -> names.put(alias, column.name()));
        return names;
    }

    /**
     * The columns of a nested object a header cell names instead of one of its fields ({@code party} in an invoices
     * file: {@code party_name}, {@code party_gstin}); empty when it names none.
     */
    public List<String> fieldsOf(String headerCell) {
        String prefix = headerCell.strip().toLowerCase(Locale.ROOT) + "_";
        return columns.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(e -> e.getValue().name())
                .toList();
    }

    /** The columns a file must have: the fields the schema requires (of required objects and arrays too). */
    public Set<String> requiredColumns() {
        return required;
    }

    /** Walks a payload schema: {@code $ref}s followed, {@code allOf}/{@code anyOf}/{@code oneOf}/{@code then}/{@code else} merged. */
    private static final class Builder {

        private final Map<String, JsonNode> files = new LinkedHashMap<>();

        RowLayout build(DropKind kind) {
            String file = kind.eventType() + ".schema.json";
            Map<String, Column> columns = new LinkedHashMap<>();
            Map<String, Column> aliases = new LinkedHashMap<>();
            Set<String> required = new LinkedHashSet<>();
            walk(new Node(file, schema(file)), List.of(), null, true, columns, aliases, required);
            columns.put(COMPANY, new Column(COMPANY, List.of(), null, ValueType.TEXT));
            return new RowLayout(kind, columns, aliases, required);
        }

        private void walk(Node object, List<String> path, String array, boolean requiredHere,
                Map<String, Column> columns, Map<String, Column> aliases, Set<String> required) {
            Set<String> requiredFields = requiredFields(object);
            for (Map.Entry<String, Node> field : properties(object).entrySet()) {
                List<String> fieldPath = new ArrayList<>(path);
                fieldPath.add(field.getKey());
                boolean fieldRequired = requiredHere && requiredFields.contains(field.getKey());
                Node schema = field.getValue();
                Node items = items(schema);
                if (items != null) {
                    if (array != null) {
                        throw new IllegalStateException("an array inside the array " + array + " has no flat layout");
                    }
                    walk(items, fieldPath, field.getKey(), fieldRequired, columns, aliases, required);
                } else if (!properties(schema).isEmpty()) {
                    walk(schema, fieldPath, array, fieldRequired, columns, aliases, required);
                    // A field that is a name or an object holding it: the field's own name is the name's column too
                    Column name = columns.get(String.join("_", fieldPath).toLowerCase(Locale.ROOT) + "_name");
                    if (name != null && acceptsText(schema)) {
                        aliases.put(String.join("_", fieldPath).toLowerCase(Locale.ROOT), name);
                    }
                } else {
                    String name = String.join("_", fieldPath);
                    columns.put(name.toLowerCase(Locale.ROOT), new Column(name, List.copyOf(fieldPath), array, type(schema)));
                    if (fieldRequired) {
                        required.add(name);
                    }
                }
            }
        }

        /** A schema node and the file its local {@code #/...} references point into. */
        private record Node(String file, JsonNode json) {
        }

        private Map<String, Node> properties(Node node) {
            Map<String, Node> properties = new LinkedHashMap<>();
            collectProperties(node, properties, 0);
            return properties;
        }

        private void collectProperties(Node node, Map<String, Node> into, int depth) {
            if (depth > 20) {
                throw new IllegalStateException("schema references loop at " + node.file());
            }
            node.json().path("properties").fields()
                    .forEachRemaining(e -> into.putIfAbsent(e.getKey(), new Node(node.file(), e.getValue())));
            ref(node).ifPresent(target -> collectProperties(target, into, depth + 1));
            for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
                node.json().path(combinator).forEach(part -> collectProperties(new Node(node.file(), part), into, depth + 1));
            }
            for (String branch : List.of("then", "else")) {
                if (node.json().has(branch)) {
                    collectProperties(new Node(node.file(), node.json().get(branch)), into, depth + 1);
                }
            }
        }

        private Set<String> requiredFields(Node node) {
            Set<String> fields = new LinkedHashSet<>();
            for (Node n = node; n != null; n = ref(n).orElse(null)) {
                n.json().path("required").forEach(f -> fields.add(f.asText()));
            }
            return fields;
        }

        private Node items(Node node) {
            for (Node n = node; n != null; n = ref(n).orElse(null)) {
                if (n.json().has("items")) {
                    return new Node(n.file(), n.json().get("items"));
                }
            }
            return null;
        }

        /** Whether the schema allows a string where it also describes an object ({@code "type": ["string", "object"]}). */
        private boolean acceptsText(Node node) {
            for (Node n = node; n != null; n = ref(n).orElse(null)) {
                JsonNode type = n.json().get("type");
                if (type != null && type.isArray()) {
                    for (JsonNode t : type) {
                        if (t.asText().equals("string")) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private ValueType type(Node node) {
            for (Node n = node; n != null; n = ref(n).orElse(null)) {
                JsonNode type = n.json().get("type");
                if (type != null && type.isTextual()) {
                    return switch (type.asText()) {
                        case "number" -> ValueType.NUMBER;
                        case "integer" -> ValueType.INTEGER;
                        case "boolean" -> ValueType.BOOLEAN;
                        default -> ValueType.TEXT;
                    };
                }
                JsonNode values = n.json().has("enum") ? n.json().get("enum") : n.json().get("const");
                if (values != null) {
                    JsonNode first = values.isArray() ? values.get(0) : values;
                    return first.isNumber() ? ValueType.NUMBER : first.isBoolean() ? ValueType.BOOLEAN : ValueType.TEXT;
                }
            }
            return ValueType.TEXT;
        }

        private Optional<Node> ref(Node node) {
            JsonNode ref = node.json().get("$ref");
            if (ref == null) {
                return Optional.empty();
            }
            String[] parts = ref.asText().split("#", 2);
            String file = parts[0].isEmpty() ? node.file() : parts[0];
            JsonNode target = parts.length > 1 && !parts[1].isEmpty() ? schema(file).at(parts[1]) : schema(file);
            if (target.isMissingNode()) {
                throw new IllegalStateException("unresolved $ref " + ref.asText() + " in " + node.file());
            }
            return Optional.of(new Node(file, target));
        }

        private JsonNode schema(String file) {
            return files.computeIfAbsent(file, f -> {
                try (InputStream in = RowLayout.class.getClassLoader().getResourceAsStream("schemas/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("no schema schemas/" + f + " on the classpath");
                    }
                    return JSON.readTree(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

package dev.hisabkitab.sync.event;

import dev.hisabkitab.sync.Envelope;

import dev.hisabkitab.sync.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The JSON Schemas of the event envelope and of the business event payloads (docs/contract.md, "The envelope" and "Business events"), kept in
 * {@code src/main/resources/schemas/}, and a validator that reports every violation as
 * {@code "path: message"} in plain English, e.g. {@code payload.lines[2].rate: must be a number}.
 *
 * <p>Plain Java, no Camel, thread-safe: build one instance (it loads and compiles the schemas once) and
 * share it. Problems come in a stable order (by path, indexes compared as numbers, then by message), at
 * most {@value #MAX_PROBLEMS} of them, the last then saying how many more there were. Messages name the
 * field and the rule, never the value sent (which may be long or confidential).
 */
@Singleton
public final class EventSchemas {

    /** At most this many problems are listed; a document with thousands of bad lines stays readable. */
    public static final int MAX_PROBLEMS = 100;

    /** The schemas' {@code $id} prefix; they are read from the classpath, nothing is fetched from the network. */
    static final String BASE_IRI = "https://hisabkitab.dev/sync/schemas/";
    static final String CLASSPATH_DIR = "schemas/";
    static final String ENVELOPE_FILE = "envelope.schema.json";
    static final List<String> FILES = List.of(ENVELOPE_FILE, "common.schema.json", "party.upsert.schema.json",
            "item.upsert.schema.json", "invoice.create.schema.json", "payment.create.schema.json",
            "journal.create.schema.json");

    private static final int MAX_NAME_IN_PATH = 80;

    /**
     * The patterns that say "not blank": {@code \S} (the envelope's id), and, for names, numbers and codes the mappers
     * read trimmed, a character that is neither white space nor a control character: Java's {@code trim()} removes
     * every character up to U+0020, so a name of control characters only would reach a mapper as no name at all.
     */
    private static final Set<String> NOT_BLANK = Set.of("\\S", "[^\\s\\u0000-\\u001f]",
            "[^\\s\\u0000-\\u001f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Messages for values that must have a particular form, by the name of the {@code $defs} entry. */
    private static final Map<String, String> FORM_MESSAGES = Map.ofEntries(
            Map.entry("isoDate", "must be a real date written YYYY-MM-DD, e.g. 2025-02-11"),
            Map.entry("gstin", "must be a 15-character GSTIN, e.g. 27AAPFU0939F1ZV: state code"
                    + " (01-38, 97 or 99), the 10-character PAN, entity number, Z and a check character"),
            Map.entry("pan", "must be a 10-character PAN: 5 letters, 4 digits and a letter, e.g. AAPFU0939F"),
            Map.entry("pincode", "must be a 6-digit PIN code written as text, e.g. \"411001\""),
            Map.entry("email", "must be an e-mail address such as accounts@example.in (at most 254 characters):"
                    + " a name, @ and a domain, without spaces and without two dots in a row"),
            Map.entry("hsn", "must be an HSN code for goods: 4, 6 or 8 digits written as text, not starting"
                    + " with 99, e.g. \"73181500\""),
            Map.entry("sac", "must be a SAC code for services: 4 or 6 digits starting with 99 written as text,"
                    + " e.g. \"998314\""),
            Map.entry("company", "must be a company name of letters, digits, '-' or '_' (at most 64)"),
            Map.entry("eventType", "must be api.<operation> or one of " + String.join(", ", Envelope.BUSINESS_TYPES)),
            Map.entry("nameOrGstin", "needs a name or a gstin (or both)"),
            Map.entry("oneKindOfLines", "must not mix item lines and ledger lines: a document is either an"
                    + " item invoice or an accounting invoice"));

    static final String GSTIN_CHECK_MESSAGE = "has a wrong check character (the 15th): this is not a valid GSTIN;"
            + " check it for a typing error";

    /** Keywords whose failure is explained by {@link #FORM_MESSAGES} when the failing schema is one of those defs. */
    private static final Set<String> FORM_KEYWORDS = Set.of(
            "pattern", "format", "minLength", "maxLength", "anyOf", "oneOf", "not");

    /** Combinators that report themselves: their own message replaces those of the branches they tried. */
    private static final Set<String> COMBINATORS = Set.of("oneOf", "not");

    private final ObjectMapper json;
    private final Map<String, JsonNode> documents = new HashMap<>();
    private final Map<String, JsonSchema> payloadSchemas = new LinkedHashMap<>();
    private final JsonSchema envelopeSchema;

    /** Loads and compiles the schemas from the classpath. Fails fast when one is missing or malformed. */
    public EventSchemas() {
        this.json = Json.mapper();
        ClassLoader loader = EventSchemas.class.getClassLoader();
        Map<String, String> texts = new HashMap<>();
        for (String file : FILES) {
            try (InputStream in = loader.getResourceAsStream(CLASSPATH_DIR + file)) {
                if (in == null) {
                    throw new IllegalStateException("Schema " + CLASSPATH_DIR + file + " is not on the classpath");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                texts.put(BASE_IRI + file, text);
                documents.put(BASE_IRI + file, json.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read schema " + CLASSPATH_DIR + file, e);
            }
        }
        // Only these documents can be loaded: a $ref to anything else fails here instead of reaching the network.
        // Draft 2020-12 with formats of our own: "gstin", a GSTIN's check character, and "idn-email", an e-mail
        // address by its RFC 5322 syntax alone (the library's own knows only some top-level domains).
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .format(new Gstin()).format(new EmailAddress()).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(metaSchema)
                .jsonMapper(json)
                .schemaLoaders(loaders -> loaders.values(List::clear).schemas(texts)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .regularExpressionFactory(ECMA_ANCHORED)
                .build();
        for (String type : Envelope.BUSINESS_TYPES) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE_IRI + type + ".schema.json"), config);
            schema.initializeValidators();
            payloadSchemas.put(type, schema);
        }
        envelopeSchema = factory.getSchema(SchemaLocation.of(BASE_IRI + ENVELOPE_FILE), config);
        envelopeSchema.initializeValidators();
    }

    /** Whether {@code type} is a business type with a payload schema ({@code api.*} types have none). */
    public boolean hasPayloadSchema(String type) {
        return payloadSchemas.containsKey(type);
    }

    /**
     * Checks the payload of an event of the given type. Paths start with {@code payload}, e.g.
     * {@code payload.lines[2].rate: must be a number}. Types without a payload schema ({@code api.*}, whose
     * bodies HisabKitab itself checks) give no problems.
     *
     * @param payload the payload; {@code null}, JSON null or missing is reported as {@code payload: is required}
     * @return the problems, empty when the payload is valid
     * @throws IllegalArgumentException for a type that is neither a business type nor {@code api.*}
     */
    public List<String> validate(String type, JsonNode payload) {
        JsonSchema schema = payloadSchemas.get(type);
        if (schema == null) {
            if (type != null && type.startsWith(Envelope.API_PREFIX)) {
                return List.of();
            }
            throw new IllegalArgumentException("No such event type: " + type);
        }
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            return List.of("payload: is required");
        }
        return explain(schema.validate(payload), "payload");
    }

    /**
     * Checks a whole envelope (docs/contract.md, "The envelope") including, for business types, its payload. Paths are the
     * envelope's fields, e.g. {@code id: is required}, {@code payload.date: must be a real date ...}.
     */
    public List<String> validateEnvelope(JsonNode envelope) {
        if (envelope == null || envelope.isMissingNode()) {
            return List.of("event: must be a JSON object with id, type and payload");
        }
        return explain(envelopeSchema.validate(envelope), "");
    }

    /** A copy of a schema document by its name: a business type, {@code "envelope"} or {@code "common"}. */
    public JsonNode schemaDocument(String name) {
        JsonNode doc = documents.get(BASE_IRI + name + ".schema.json");
        if (doc == null) {
            throw new IllegalArgumentException("No schema named " + name);
        }
        return doc.deepCopy();
    }

    // ---------------------------------------------------------------------------------------------------
    // Turning the validator's findings into "path: message" lines

    private record Problem(List<Object> path, String keyword, String message) {
    }

    private List<String> explain(Set<ValidationMessage> messages, String root) {
        // A failed oneOf or not speaks for itself; what its branches failed on is noise.
        List<List<Object>> combinators = new ArrayList<>();
        for (ValidationMessage m : messages) {
            if (COMBINATORS.contains(m.getType())) {
                combinators.add(elements(m.getEvaluationPath()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        // A failed anyOf reports only what each branch failed on: those become one problem per anyOf and
        // instance (its branches here are flat, such as "required name" or "required gstin").
        Map<List<Object>, List<ValidationMessage>> anyOfs = new LinkedHashMap<>();
        for (ValidationMessage m : messages) {
            List<Object> evaluation = elements(m.getEvaluationPath());
            if (combinators.stream().anyMatch(c -> evaluation.size() > c.size() && evaluation.subList(0, c.size()).equals(c))) {
                continue;
            }
            int anyOf = indexOfBranch(evaluation, "anyOf");
            if (anyOf >= 0) {
                List<Object> key = new ArrayList<>(evaluation.subList(0, anyOf + 1));
                key.add(m.getInstanceLocation().toString());
                anyOfs.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
                continue;
            }
            problems.add(explain(m));
        }
        anyOfs.values().forEach(group -> problems.add(explainAnyOf(group)));
        // A value of the wrong type needs only that said; a negative amount that must be more than zero
        // needs one message, not two; a GSTIN not even in a GSTIN's form needs no word on its check character.
        Set<List<Object>> wrongType = new HashSet<>();
        Set<List<Object>> exclusive = new HashSet<>();
        Set<List<Object>> wrongForm = new HashSet<>();
        for (Problem p : problems) {
            if (p.keyword().equals("type")) {
                wrongType.add(p.path());
            } else if (p.keyword().equals("exclusiveMinimum")) {
                exclusive.add(p.path());
            } else if (!p.message().equals(GSTIN_CHECK_MESSAGE)) {
                wrongForm.add(p.path());
            }
        }
        problems.removeIf(p -> !p.keyword().equals("type") && wrongType.contains(p.path())
                || p.keyword().equals("minimum") && exclusive.contains(p.path())
                || p.message().equals(GSTIN_CHECK_MESSAGE) && wrongForm.contains(p.path()));
        problems.sort(Comparator.<Problem, List<Object>>comparing(Problem::path, EventSchemas::comparePaths)
                .thenComparing(Problem::message));
        LinkedHashSet<String> lines = new LinkedHashSet<>();
        for (Problem p : problems) {
            lines.add(render(root, p.path()) + ": " + p.message());
        }
        List<String> out = new ArrayList<>(lines);
        if (out.size() > MAX_PROBLEMS) {
            int more = out.size() - (MAX_PROBLEMS - 1);
            out = new ArrayList<>(out.subList(0, MAX_PROBLEMS - 1));
            out.add("(and " + more + " more problems)");
        }
        return List.copyOf(out);
    }

    private Problem explain(ValidationMessage m) {
        List<Object> path = elements(m.getInstanceLocation());
        String keyword = m.getType();
        String def = enclosingDef(m.getSchemaLocation());
        if ("format".equals(keyword) && Gstin.FORMAT.equals(m.getSchemaNode().asText())) {
            return new Problem(path, keyword, GSTIN_CHECK_MESSAGE);
        }
        if (def != null && FORM_KEYWORDS.contains(keyword) && FORM_MESSAGES.containsKey(def)) {
            return new Problem(path, keyword, FORM_MESSAGES.get(def));
        }
        JsonNode schemaValue = m.getSchemaNode();
        JsonNode instance = m.getInstanceNode();
        String message;
        switch (keyword) {
            case "required" -> {
                path.add(m.getProperty());
                message = "is required";
            }
            case "additionalProperties" -> {
                path.add(m.getProperty());
                message = "is not a known field here; check the spelling" + knownFields(m.getSchemaLocation());
            }
            case "type" -> message = typeMessage(schemaValue, instance);
            case "enum" -> message = "must be one of: " + list(schemaValue);
            case "const" -> message = "must be " + schemaValue;
            case "pattern" -> message = NOT_BLANK.contains(schemaValue.asText()) ? "must not be blank"
                    : "is not in the expected form (" + schemaValue.asText() + ")";
            case "format" -> message = "must be a valid " + schemaValue.asText();
            case "minLength" -> message = schemaValue.asInt() == 1 ? "must not be empty"
                    : "must be at least " + schemaValue.asInt() + " characters long";
            case "maxLength" -> message = "is too long: at most " + schemaValue.asInt() + " characters allowed"
                    + (instance != null && instance.isTextual()
                            ? ", it has " + instance.asText().codePointCount(0, instance.asText().length())
                            : "");
            case "minimum" -> message = isZero(schemaValue) ? "must not be negative"
                    : "must be at least " + plain(schemaValue);
            case "exclusiveMinimum" -> message = isZero(schemaValue) ? "must be more than zero"
                    : "must be more than " + plain(schemaValue);
            case "maximum" -> message = "must be at most " + plain(schemaValue);
            case "exclusiveMaximum" -> message = "must be less than " + plain(schemaValue);
            case "multipleOf" -> message = "0.01".equals(plain(schemaValue))
                    ? "must have at most 2 decimal places (whole paise)"
                    : "must be a multiple of " + plain(schemaValue);
            case "minItems" -> message = schemaValue.asInt() == 1 ? "must not be empty"
                    : "must have at least " + schemaValue.asInt() + " entries";
            case "maxItems" -> message = "has too many entries: at most " + schemaValue.asInt() + " allowed";
            case "oneOf" -> message = oneOfMessage(schemaValue, instance);
            case "not" -> message = "is not allowed here";
            case "false" -> {
                if (m.getProperty() != null) {
                    path.add(m.getProperty());
                }
                message = "is not allowed here";
            }
            default -> message = withoutPath(m.getMessage());
        }
        return new Problem(path, keyword, message);
    }

    /** One problem for a failed {@code anyOf}, from what its branches failed on. */
    private Problem explainAnyOf(List<ValidationMessage> branchFailures) {
        ValidationMessage first = branchFailures.get(0);
        List<Object> path = elements(first.getInstanceLocation());
        SchemaLocation anyOf = first.getSchemaLocation();
        List<Object> fragment = elements(anyOf.getFragment());
        int at = indexOfBranch(fragment, "anyOf");
        JsonNode branches = at < 0 ? null : schemaNode(anyOf, fragment.size() - at - 1);
        String def = at < 0 ? null : enclosingDef(fragment.subList(0, at));
        if (def != null && FORM_MESSAGES.containsKey(def)) {
            return new Problem(path, "anyOf", FORM_MESSAGES.get(def));
        }
        List<String> fields = requiredFieldPerBranch(branches);
        return new Problem(path, "anyOf", fields.isEmpty() ? "does not match any of the allowed forms"
                : "needs at least one of " + String.join(", ", fields));
    }

    /** Index of the first {@code keyword} followed by a branch index in a schema path, or -1. */
    private static int indexOfBranch(List<Object> schemaPath, String keyword) {
        for (int i = 0; i + 1 < schemaPath.size(); i++) {
            if (keyword.equals(schemaPath.get(i)) && schemaPath.get(i + 1) instanceof Integer) {
                return i;
            }
        }
        return -1;
    }

    /** For branches like {@code [{"required":["item"]},{"required":["ledger"]}]}: item, ledger; else empty. */
    private static List<String> requiredFieldPerBranch(JsonNode branches) {
        List<String> fields = new ArrayList<>();
        if (branches == null || !branches.isArray()) {
            return fields;
        }
        for (JsonNode branch : branches) {
            JsonNode required = branch.get("required");
            if (branch.size() != 1 || required == null || required.size() != 1) {
                return List.of();
            }
            fields.add(required.get(0).asText());
        }
        return fields;
    }

    /** {@code oneOf} whose branches each require one field (item xor ledger, debit xor credit). */
    private static String oneOfMessage(JsonNode branches, JsonNode instance) {
        List<String> fields = requiredFieldPerBranch(branches);
        if (fields.isEmpty()) {
            return "must match exactly one of the allowed forms";
        }
        String either = fields.size() == 2 ? "either " + fields.get(0) + " or " + fields.get(1)
                : "exactly one of " + String.join(", ", fields);
        long present = instance == null ? 0 : fields.stream().filter(instance::has).count();
        return present > 1 ? "must have " + either + ", not both" : "must have " + either;
    }

    private static String typeMessage(JsonNode expected, JsonNode instance) {
        List<String> kinds = new ArrayList<>();
        if (expected != null && expected.isArray()) {
            expected.forEach(t -> kinds.add(kind(t.asText())));
        } else if (expected != null) {
            kinds.add(kind(expected.asText()));
        }
        String message = "must be " + String.join(" or ", kinds);
        if (instance != null && instance.isNull()) {
            return message + ", not null (leave an optional field out instead)";
        }
        boolean wantsNumber = expected != null && (expected.asText().equals("number") || expected.asText().equals("integer"));
        if (wantsNumber && instance != null && instance.isTextual()) {
            message += ", not text in quotes (write 100.50, not \"100.50\")";
        }
        return message;
    }

    private static String kind(String jsonType) {
        return switch (jsonType) {
            case "number" -> "a number";
            case "integer" -> "a whole number";
            case "string" -> "text";
            case "boolean" -> "true or false";
            case "object" -> "an object";
            case "array" -> "a list";
            case "null" -> "null";
            default -> jsonType;
        };
    }

    /** ", known fields: a, b, c" from the schema holding the failed {@code additionalProperties}. */
    private String knownFields(SchemaLocation location) {
        JsonNode schema = schemaNode(location, 1);
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return " (known fields: " + String.join(", ", names) + ")";
    }

    /** The schema node at {@code location}, leaving off the last {@code up} fragment elements. */
    private JsonNode schemaNode(SchemaLocation location, int up) {
        JsonNode doc = documents.get(location.getAbsoluteIri() == null ? null : location.getAbsoluteIri().toString());
        if (doc == null) {
            return null;
        }
        JsonNodePath fragment = location.getFragment();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < fragment.getNameCount() - up; i++) {
            pointer.append('/').append(String.valueOf(fragment.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        JsonNode node = doc.at(JsonPointer.compile(pointer.toString()));
        return node.isMissingNode() ? null : node;
    }

    /** The name of the innermost {@code $defs} entry a schema location lies in, or null. */
    private static String enclosingDef(SchemaLocation location) {
        return enclosingDef(elements(location.getFragment()));
    }

    private static String enclosingDef(List<Object> fragment) {
        String def = null;
        for (int i = 0; i + 1 < fragment.size(); i++) {
            if ("$defs".equals(fragment.get(i))) {
                def = String.valueOf(fragment.get(i + 1));
            }
        }
        return def;
    }

    private static List<Object> elements(JsonNodePath path) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) {
            out.add(path.getElement(i));
        }
        return out;
    }

    private static String render(String root, List<Object> path) {
        StringBuilder out = new StringBuilder(root);
        for (Object element : path) {
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
                continue;
            }
            String name = String.valueOf(element);
            if (name.length() > MAX_NAME_IN_PATH) {
                name = name.substring(0, MAX_NAME_IN_PATH - 3) + "...";
            }
            if (PLAIN_NAME.matcher(name).matches()) {
                out.append(out.length() == 0 ? "" : ".").append(name);
            } else {
                out.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
            }
        }
        return out.length() == 0 ? "event" : out.toString();
    }

    private static int comparePaths(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x instanceof Integer xi && y instanceof Integer yi) {
                c = Integer.compare(xi, yi);
            } else if (x instanceof Integer) {
                c = -1;
            } else if (y instanceof Integer) {
                c = 1;
            } else {
                c = String.valueOf(x).compareTo(String.valueOf(y));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static String list(JsonNode values) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = values.elements(); it.hasNext();) {
            JsonNode v = it.next();
            out.add(v.isNumber() ? plain(v) : v.asText());
        }
        return String.join(", ", out);
    }

    private static boolean isZero(JsonNode number) {
        return number != null && number.isNumber() && number.decimalValue().signum() == 0;
    }

    private static String plain(JsonNode number) {
        if (number == null || !number.isNumber()) {
            return String.valueOf(number);
        }
        BigDecimal value = number.decimalValue().stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }

    /** The library's own wording without its leading "$.path: ". */
    private static String withoutPath(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        return colon < 0 ? String.valueOf(message) : message.substring(colon + 2);
    }

    // ---------------------------------------------------------------------------------------------------
    // Regular expressions

    /**
     * JSON Schema patterns are ECMA-262, where {@code $} matches only at the very end. Java's {@code $} also
     * matches before a final line break, so {@code "27AAPFU0939F1ZV\n"} would pass {@code ^...$}. Each
     * unescaped {@code $} outside a character class is therefore compiled as {@code \z}. Patterns are
     * searched, not matched whole, as JSON Schema requires.
     */
    static final RegularExpressionFactory ECMA_ANCHORED = regex -> {
        Pattern compiled = Pattern.compile(strictEnd(regex));
        return value -> compiled.matcher(value).find();
    };

    static String strictEnd(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (inClass) {
                inClass = c != ']';
                out.append(c);
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == '$') {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

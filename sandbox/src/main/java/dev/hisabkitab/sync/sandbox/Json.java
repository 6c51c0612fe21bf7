package dev.hisabkitab.sync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** JSON helpers of the sandbox. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Json() {
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static ArrayNode array() {
        return F.arrayNode();
    }

    static JsonNode readYamlResource(String resource) {
        try (InputStream in = Json.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isMissing(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull();
    }

    /** Laravel's "required": absent, null, an empty string and an empty array are all missing. */
    static boolean isBlank(JsonNode n) {
        return isMissing(n) || (n.isTextual() && n.asText().isBlank()) || (n.isContainerNode() && n.isEmpty());
    }

    static boolean isIntegerString(String s) {
        return INTEGER.matcher(s.trim()).matches();
    }

    static boolean isNumericString(String s) {
        return NUMERIC.matcher(s.trim()).matches();
    }

    /** The number a JSON number or numeric string holds, else null. */
    static BigDecimal decimal(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual() && isNumericString(n.asText())) {
            return new BigDecimal(n.asText().trim());
        }
        return null;
    }

    /** The integer a JSON integral number or integer string holds, else null. */
    static Long integer(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            BigDecimal d = n.decimalValue();
            try {
                return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if (n.isTextual() && isIntegerString(n.asText())) {
            try {
                return Long.parseLong(n.asText().trim().replace("+", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A canonical number node: integral values as longs, others as plain decimals. */
    static JsonNode number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0) {
            try {
                return LongNode.valueOf(s.longValueExact());
            } catch (ArithmeticException e) {
                return DecimalNode.valueOf(s.setScale(0));
            }
        }
        return DecimalNode.valueOf(s);
    }

    static JsonNode at(JsonNode node, String dottedPath) {
        JsonNode cur = node;
        for (String seg : dottedPath.split("\\.")) {
            if (cur == null) {
                return null;
            }
            cur = cur.isArray() && isIntegerString(seg) ? cur.get(Integer.parseInt(seg)) : cur.get(seg);
        }
        return cur;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return isMissing(v) ? null : v.asText();
    }

    /**
     * Laravel's global TrimStrings and ConvertEmptyStringsToNull middleware: every string is trimmed and an
     * empty string becomes null, for JSON and form input alike.
     */
    static JsonNode laravelInput(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String t = node.asText().strip();
            return t.isEmpty() ? F.nullNode() : F.textNode(t);
        }
        if (node.isObject()) {
            if (FormBodies.isUpload(node)) {
                return node;
            }
            ObjectNode out = object();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), laravelInput(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = array();
            node.forEach(v -> out.add(laravelInput(v)));
            return out;
        }
        return node;
    }
}

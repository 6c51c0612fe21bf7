package dev.hisabkitab.sync.event;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * Reads the text of one event into an {@link Envelope}, or fails with an {@code invalid-event}
 * that says what is wrong in words a person understands. Pure: no Camel, no I/O.
 */
public final class EnvelopeParser {

    /** Company names select configuration keys, so they are kept to a safe alphabet. */
    private static final Pattern COMPANY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /**
     * The most digits a number in an event may have when written out in full. The JSON reader already refuses number
     * literals longer than this; an exponent must not get round it: {@code 1E+1000000000} is 1,000,000,001 digits and
     * {@code 1E-1000000000} a billion decimal places, which the schema validator and the GST arithmetic would spell
     * out digit by digit (running out of memory) before any range check refused them.
     */
    public static final int MAX_NUMBER_DIGITS = 1000;

    /** Why a number the JSON reader refuses with a NumberFormatException cannot be read. */
    public static final String NUMBER_OUT_OF_RANGE = "a number cannot be read: its exponent is out of range";

    /** The envelope's fields (docs/contract.md, "The envelope"); any other field is refused, so a misspelt one is reported. */
    public static final List<String> FIELDS = List.of("id", "type", "company", "target", "payload");
    private static final Set<String> KNOWN_FIELDS = Set.copyOf(FIELDS);

    /**
     * How deep objects and lists may nest in an event. Events nest a few levels (an invoice's lines, an address);
     * a deeper document is refused before anything walks it, and whatever an event becomes (a dead letter wraps it
     * once more) stays far below the depth JSON writers refuse.
     */
    public static final int MAX_NESTING = 64;

    /** Reads events (as {@link Json#mapper()}, but nesting at most {@value #MAX_NESTING} levels). */
    private static final ObjectMapper EVENTS = Json.mapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build());

    private final Predicate<String> knownType;

    /** @param knownType whether an event type exists (e.g. {@code api.sale.create-item}) */
    public EnvelopeParser(Predicate<String> knownType) {
        this.knownType = knownType;
    }

    /**
     * Reads the text of an event or of a dropped file into a tree: like {@link Json#mapper()}, but refusing nesting deeper
     * than {@value #MAX_NESTING} levels.
     */
    public static JsonNode readEventText(String text) throws JsonProcessingException {
        return EVENTS.readTree(text);
    }

    public Envelope parse(String text) {
        if (text == null || text.isBlank()) {
            throw EventFailure.invalidEvent("The event is empty; expected a JSON envelope with id, type and payload");
        }
        JsonNode node;
        try {
            node = readEventText(text);
        } catch (StreamConstraintsException e) {
            throw EventFailure.invalidEvent("The event's nesting depth exceeds " + MAX_NESTING
                    + " levels of objects and lists inside each other; events nest a few levels");
        } catch (JsonProcessingException e) {
            throw EventFailure.invalidEvent("The event is not valid JSON: " + e.getOriginalMessage()
                    + at(e));
        } catch (NumberFormatException e) {
            // the JSON reader throws this (not a JsonProcessingException) for a number such as 1.5E-2147483647
            throw EventFailure.invalidEvent("The event is not valid JSON: " + NUMBER_OUT_OF_RANGE);
        }
        return parse(node);
    }

    public Envelope parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw EventFailure.invalidEvent("The event is not a JSON object; expected an envelope {\"id\", \"type\", \"payload\", ...}");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                problems.add(abbreviate(name) + ": is not a known field of the envelope; check the spelling (known fields: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        String id = requiredText(node, "id", problems);
        String type = requiredText(node, "type", problems);
        String company = Envelope.DEFAULT_COMPANY;
        JsonNode companyNode = node.get("company");
        if (companyNode != null && !companyNode.isNull()) {
            if (!companyNode.isTextual() || !COMPANY.matcher(companyNode.asText()).matches()) {
                problems.add("company: must be a name of letters, digits, '-' or '_' (at most 64)");
            } else {
                company = companyNode.asText();
            }
        }
        ObjectNode target = null;
        JsonNode targetNode = node.get("target");
        if (targetNode != null && !targetNode.isNull()) {
            if (targetNode.isObject()) {
                target = (ObjectNode) targetNode;
            } else {
                problems.add("target: must be an object of path parameters, e.g. {\"id\": 123}");
            }
        }
        if (type != null && !Envelope.BUSINESS_TYPES.contains(type) && !knownType.test(type)) {
            problems.add("type: '" + abbreviate(type) + "' is not an event type this connector knows"
                    + (type.startsWith(Envelope.API_PREFIX) ? " (no such operation in the endpoint catalogue)" : ""));
        }
        JsonNode payload = node.get("payload");
        String tooLong = numberTooLong(node, "");
        if (tooLong != null) {
            problems.add((tooLong.isEmpty() ? "event" : tooLong) + ": a number of more than " + MAX_NUMBER_DIGITS
                    + " digits written out in full (an exponent such as 1E+1000000000) is not accepted");
        }
        if (!problems.isEmpty()) {
            throw EventFailure.invalidEvent("The envelope is invalid: " + String.join("; ", problems), problems);
        }
        return new Envelope(id, type, company, target, payload == null || payload.isNull() ? null : payload, node);
    }

    /** Whatever of id, type and company an unreadable event still shows (each null when not a short string). */
    public static Envelope readablePart(String text) {
        JsonNode node = null;
        try {
            node = text == null ? null : readEventText(text);
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: nothing is readable
        }
        if (node == null || !node.isObject()) {
            return new Envelope(null, null, null, null, null, null);
        }
        return new Envelope(shortText(node.get("id")), shortText(node.get("type")), shortText(node.get("company")),
                null, null, node);
    }

    /** The digits a number has written out in full: 1E+3 has 4, 0.001 has 4, 12.50 has 4. */
    public static long digitsWrittenOut(BigDecimal n) {
        return Math.max((long) n.precision() - n.scale(), 1) + Math.max(n.scale(), 0);
    }

    /** The path of the first number under {@code node} with more than {@link #MAX_NUMBER_DIGITS} digits written out, or null. */
    private static String numberTooLong(JsonNode node, String path) {
        if (node.isBigDecimal()) {
            return digitsWrittenOut(node.decimalValue()) > MAX_NUMBER_DIGITS ? path : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String found = numberTooLong(field.getValue(),
                        (path.isEmpty() ? "" : path + ".") + abbreviate(field.getKey()));
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = numberTooLong(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String shortText(JsonNode value) {
        return value != null && value.isTextual() && value.asText().length() <= 512 ? value.asText() : null;
    }

    private static String requiredText(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problems.add(field + ": is required");
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(field + ": must be a non-empty string");
            return null;
        }
        if (value.asText().length() > 512) {
            problems.add(field + ": is longer than 512 characters");
            return null;
        }
        return value.asText();
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}

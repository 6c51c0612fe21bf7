package dev.hisabkitab.sync.fuzz;

import dev.hisabkitab.sync.Envelope;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.hisabkitab.sync.event.EnvelopeParser;

/**
 * Changes an example payload a few times, driven by fuzzer data: a value replaced by a number, a text, a boolean or
 * null, a number nudged, a field or element removed, an element duplicated, a field the schemas know added, a value
 * copied from elsewhere. Texts come mostly from the names, codes and dates the examples and schemas use (so that many
 * changed payloads still pass the schema and reach the mapper), sometimes from the fuzzer itself.
 */
final class PayloadMutator {

    /** The texts the examples and schemas use, and a few of their near misses. */
    private static final List<String> TEXTS;
    /** Every property name the schemas define. */
    private static final List<String> FIELDS;

    static {
        Set<String> texts = new LinkedHashSet<>();
        Set<String> fields = new LinkedHashSet<>();
        for (String example : Fuzzing.EXAMPLES) {
            collectTexts(Fuzzing.example(example).get("payload"), texts);
        }
        for (String type : Envelope.BUSINESS_TYPES) {
            collectSchema(Pipeline.SCHEMAS.schemaDocument(type), texts, fields);
        }
        collectSchema(Pipeline.SCHEMAS.schemaDocument("common"), texts, fields);
        texts.addAll(List.of("", " ", "  Sharma Traders  ", "SHARMA TRADERS", "sharma traders", "Walk-in Customer",
                "Gujarat", "Delhi", "Tamil Nadu", "Kerala", "KGS", "NOS", "PIECES", "General", "Sales", "Purchase",
                "Round Off", "IGST", "24AAPFU0939F1ZV", "29AAPFU0939F1ZV", "27AABCT3518Q1ZS", "07AAPFU0939F1ZV",
                "99AAPFU0939F1ZV", "97AAPFU0939F1ZV", "38AAPFU0939F1ZV", "27aapfu0939f1zv", "AABCT3518Q", "AAPFU0939G",
                "+91 98765 43210", "+1 555 123 4567", "+91", "091-98765-43210", "919876543210", "98765 43210",
                "020 2445 1234", "+9198765", "2025-02-29", "2024-02-29", "2025-12-31", "0001-01-01", "9999-12-31",
                "2025-04-31", "411001", "000000", "INV-2025-0002", "TB/245", "inv-2025-0001", " INV-2025-0001 ",
                "12", "123456789", "1234567890", "a@b.in", "x".repeat(200), "x".repeat(201), "\u00a0",
                "Σ क ₹", "\t", "\n"));
        TEXTS = List.copyOf(texts);
        FIELDS = List.copyOf(fields);
    }

    private PayloadMutator() {
    }

    private record Slot(JsonNode container, String field, int index) {
        JsonNode get() {
            return field != null ? container.get(field) : container.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) container).set(field, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) container).remove(field);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }

    /** Up to 6 changes to {@code root} (an object), each decided by the data. */
    static void mutate(ObjectNode root, FuzzedDataProvider data) {
        int changes = data.consumeInt(0, 6);
        for (int i = 0; i < changes; i++) {
            List<Slot> slots = new ArrayList<>();
            List<JsonNode> containers = new ArrayList<>();
            collect(root, slots, containers);
            int op = data.consumeInt(0, 10);
            if (op == 10 || slots.isEmpty()) {
                JsonNode target = data.pickValue(containers);
                JsonNode value = value(data, slots);
                if (target instanceof ObjectNode o) {
                    o.set(data.consumeBoolean() ? data.pickValue(FIELDS) : data.consumeString(10), value);
                } else {
                    ((ArrayNode) target).add(value);
                }
                continue;
            }
            Slot slot = data.pickValue(slots);
            switch (op) {
                case 0, 1 -> slot.set(DecimalNode.valueOf(FuzzValues.decimal(data)));
                case 2 -> slot.set(nudged(slot.get(), data));
                case 3, 4 -> slot.set(TextNode.valueOf(text(data)));
                case 5 -> slot.remove();
                case 6 -> slot.set(data.consumeBoolean() ? BooleanNode.valueOf(data.consumeBoolean()) : NullNode.instance);
                case 7 -> {
                    if (slot.get() instanceof ArrayNode a && !a.isEmpty()) {
                        a.add(a.get(data.consumeInt(0, a.size() - 1)).deepCopy());
                    } else {
                        slot.set(IntNode.valueOf(data.consumeInt(-1, 4000)));
                    }
                }
                default -> slot.set(data.pickValue(slots).get().deepCopy());
            }
        }
    }

    private static JsonNode value(FuzzedDataProvider data, List<Slot> slots) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> DecimalNode.valueOf(FuzzValues.decimal(data));
            case 1 -> slots.isEmpty() ? NullNode.instance : data.pickValue(slots).get().deepCopy();
            default -> TextNode.valueOf(text(data));
        };
    }

    private static String text(FuzzedDataProvider data) {
        return data.consumeInt(0, 4) == 0 ? data.consumeString(40) : data.pickValue(TEXTS);
    }

    /** A number moved by a paisa or a rupee, scaled by ten, negated, or written with more decimals. */
    private static JsonNode nudged(JsonNode node, FuzzedDataProvider data) {
        BigDecimal n = node != null && node.isNumber() ? node.decimalValue() : BigDecimal.ZERO;
        if (EnvelopeParser.digitsWrittenOut(n) > EnvelopeParser.MAX_NUMBER_DIGITS) {
            return node; // 1E-2147483647 moved by a paisa is a number no event can carry
        }
        BigDecimal changed = switch (data.consumeInt(0, 6)) {
            case 0 -> n.add(new BigDecimal("0.01"));
            case 1 -> n.subtract(new BigDecimal("0.01"));
            case 2 -> n.add(BigDecimal.ONE);
            case 3 -> n.movePointRight(1);
            case 4 -> n.movePointLeft(data.consumeInt(1, 3));
            case 5 -> n.negate();
            default -> n.setScale(Math.max(n.scale(), 0) + data.consumeInt(1, 3));
        };
        return DecimalNode.valueOf(changed);
    }

    private static void collect(JsonNode node, List<Slot> slots, List<JsonNode> containers) {
        if (node.isObject()) {
            containers.add(node);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                slots.add(new Slot(node, e.getKey(), -1));
                collect(e.getValue(), slots, containers);
            }
        } else if (node.isArray()) {
            containers.add(node);
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i));
                collect(node.get(i), slots, containers);
            }
        }
    }

    private static void collectTexts(JsonNode node, Set<String> texts) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collectTexts(child, texts));
    }

    /** Property names and enum texts of a schema document. */
    private static void collectSchema(JsonNode node, Set<String> texts, Set<String> fields) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                properties.fieldNames().forEachRemaining(fields::add);
            }
            JsonNode values = node.get("enum");
            if (values != null && values.isArray()) {
                values.forEach(v -> {
                    if (v.isTextual()) {
                        texts.add(v.asText());
                    }
                });
            }
        }
        node.forEach(child -> collectSchema(child, texts, fields));
    }
}

package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.event.EnvelopeParser;

/** Builds event envelopes for tests. */
public final class Events {

    private Events() {
    }

    public static ObjectNode envelope(String id, String type, JsonNode payload) {
        ObjectNode e = EnvelopeParser.json().createObjectNode();
        e.put("id", id);
        e.put("type", type);
        if (payload != null) {
            e.set("payload", payload);
        }
        return e;
    }

    /** The vendor's Create Item Sale example (examples/sale-create-item.request.json) with its own invoice number. */
    public static ObjectNode saleCreateItem(String invoiceNumber) {
        ObjectNode sale = (ObjectNode) resource("/examples/sale-create-item.request.json");
        sale.put("invoice_number", invoiceNumber);
        return sale;
    }

    public static JsonNode json(String text) {
        try {
            return EnvelopeParser.json().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode resource(String path) {
        try (InputStream in = Events.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return EnvelopeParser.json().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hisabkitab.sync.support;

import dev.hisabkitab.sync.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.OperationSamples;

/** Builds event envelopes for tests. */
public final class Events {

    private Events() {
    }

    public static ObjectNode envelope(String id, String type, JsonNode payload) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("id", id);
        e.put("type", type);
        if (payload != null) {
            e.set("payload", payload);
        }
        return e;
    }

    /**
     * The vendor's Create Item Sale example (examples/sale-create-item.request.json) with its own invoice
     * number, its ids pointed at master data that exists in the test sandbox's company {@code default}
     * (a strict sandbox refuses ids it does not have, as the real service would).
     */
    public static ObjectNode saleCreateItem(String invoiceNumber) {
        return saleCreateItem(SandboxResource.DEFAULT_KEY, invoiceNumber);
    }

    public static ObjectNode saleCreateItem(String apiKey, String invoiceNumber) {
        ObjectNode sale = OperationSamples.createBody("sale.create-item", SandboxResource.sandbox().company(apiKey));
        sale.put("invoice_number", invoiceNumber);
        return sale;
    }

    /** A journal.create in company default between two seeded ledgers, without a number (HisabKitab's next is taken). */
    public static ObjectNode journal(String id, String narration, int amount) {
        ObjectNode payload = (ObjectNode) json("""
                {"date": "2025-03-31", "narration": "%s",
                 "entries": [{"ledger": "HDFC Bank", "debit": %d}, {"ledger": "Cash", "credit": %d}]}"""
                .formatted(narration, amount, amount));
        return envelope(id, "journal.create", payload);
    }

    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode resource(String path) {
        try (InputStream in = Events.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

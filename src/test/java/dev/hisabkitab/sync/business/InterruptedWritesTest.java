package dev.hisabkitab.sync.business;

import dev.hisabkitab.sync.client.ApiResponse;

import dev.hisabkitab.sync.client.ApiCall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.outcome.EventFailure;

class InterruptedWritesTest {

    private final InterruptedWrites writes = new InterruptedWrites(EndpointCatalogue.builtIn());

    @Test
    void onlyFailuresAfterTheRequestWentOutMayHaveBookedIt() {
        assertTrue(InterruptedWrites.mayHaveBeenBooked(new SocketTimeoutException("Read timed out")));
        assertTrue(InterruptedWrites.mayHaveBeenBooked(new IOException("Connection reset")));
        assertTrue(InterruptedWrites.mayHaveBeenBooked(EventFailure.unavailable(502, "bad gateway", null, null)));
        assertTrue(InterruptedWrites.mayHaveBeenBooked(EventFailure.unavailable(500, "error", null, null)));
        assertFalse(InterruptedWrites.mayHaveBeenBooked(new ConnectException("Connection refused")));
        assertFalse(InterruptedWrites.mayHaveBeenBooked(EventFailure.unavailable(503, "unavailable", null, null)));
        assertFalse(InterruptedWrites.mayHaveBeenBooked(EventFailure.unavailable(429, "slow down", null, null)));
        assertFalse(InterruptedWrites.mayHaveBeenBooked(EventFailure.rejected(422, "invalid", null, java.util.List.of())));
        assertFalse(InterruptedWrites.mayHaveBeenBooked(null));
    }

    @ParameterizedTest
    @CsvSource({ "sale.create-item,invoice_number,date", "purchase.create-accounting,voucher_number,voucher_date",
            "purchase-order.create-item,order_number,order_date", "receipt.create,receipt_number,date",
            "journal.create,voucher_number,date", "ledger.create-customer,name,", "item.create-goods,item_name," })
    void singleCreatesAreLookedUpByTheirNumberOrName(String operation, String key, String date) {
        InterruptedWrites.Lookup lookup = writes.lookupFor(ApiCall.of("default", operation)).orElseThrow();
        assertEquals(key, lookup.keyField());
        assertEquals(date, lookup.dateField());
    }

    @ParameterizedTest
    @CsvSource({ "sale.list", "sale.update", "ledger.batch-create", "gst-rate.list", "journal.delete", "sale.create-challan" })
    void otherCallsAreNotLookedUp(String operation) {
        assertTrue(writes.lookupFor(ApiCall.of("default", operation)).isEmpty());
    }

    /** The vendor's purchase list answer, verbatim: a lost purchase create numbered 14 is found as transaction 1. */
    @Test
    void aLostPurchaseIsFoundInTheVendorsPurchaseListAnswer() throws Exception {
        String answer;
        try (java.io.InputStream in = getClass().getClassLoader()
                .getResourceAsStream("vendor-answers/purchase-list.response.partial.json")) {
            answer = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("voucher_number", "14").put("voucher_date", "01-10-2024");
        ApiCall lost = new ApiCall("default", "purchase.create-item", null, body);
        java.util.List<ApiCall> asked = new java.util.ArrayList<>();
        java.util.Optional<dev.hisabkitab.sync.outcome.Reply.Result> found = writes.find(lost, call -> {
            asked.add(call);
            return ApiResponse.read(200, answer);
        }, "looked up");
        assertEquals(1L, found.orElseThrow().hisabkitabId());
        assertEquals("14", found.get().number());
        assertEquals("looked up", found.get().message());
        assertEquals("purchase.list", asked.get(0).operation());
        assertEquals("01-10-2024", asked.get(0).payload().path("start_date").asText());
    }

    /** A list answering these rows for any look-up. */
    private static java.util.function.Function<ApiCall, dev.hisabkitab.sync.outcome.Reply.Result> listing(String rows) {
        return call -> ApiResponse.read(200, "{\"success\": true, \"data\": " + rows + "}");
    }

    private static ApiCall saleNumbered(String number) {
        return new ApiCall("default", "sale.create-item", null, com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode().put("invoice_number", number).put("date", "11-02-2025")
                .put("grand_total", 1180));
    }

    @Test
    void aNumberShownExactlyWinsOverAnotherDocumentShowingItWithAPrefix() {
        var found = writes.find(saleNumbered("14"), listing("""
                [{"id": 4, "invoice_number": "CR-S-14", "invoice_amount": 1180},
                 {"id": 24, "invoice_number": "14", "invoice_amount": 1180}]"""), "found");
        assertEquals(24L, found.orElseThrow().hisabkitabId());
    }

    @Test
    void aNumberShownWithTheSeriesPrefixIsFoundOnlyWithTheSameAmountsAndOnlyWhenOneFits() {
        var found = writes.find(saleNumbered("14"), listing("""
                [{"id": 4, "invoice_number": "OLD-14", "invoice_amount": 500},
                 {"id": 24, "invoice_number": "INV-14", "invoice_amount": 1180}]"""), "found");
        assertEquals(24L, found.orElseThrow().hisabkitabId());
        assertEquals("INV-14", found.get().number());

        var none = writes.find(saleNumbered("14"), listing("""
                [{"id": 4, "invoice_number": "OLD-14", "invoice_amount": 500}]"""), "found");
        assertTrue(none.isEmpty(), "another amount is another document");

        var ambiguous = org.junit.jupiter.api.Assertions.assertThrows(dev.hisabkitab.sync.outcome.EventFailure.class,
                () -> writes.find(saleNumbered("14"), listing("""
                        [{"id": 4, "invoice_number": "OLD-14", "invoice_amount": 1180},
                         {"id": 24, "invoice_number": "INV-14", "invoice_amount": 1180}]"""), "found"));
        assertEquals(dev.hisabkitab.sync.outcome.ErrorCategory.MAPPING, ambiguous.category());
        assertTrue(ambiguous.getMessage().contains("[OLD-14, INV-14]"), ambiguous.getMessage());
    }
}

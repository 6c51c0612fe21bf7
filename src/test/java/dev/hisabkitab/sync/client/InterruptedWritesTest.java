package dev.hisabkitab.sync.client;

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
}

package dev.hisabkitab.sync.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PickupTurnsTest {

    private final PickupTurns turns = new PickupTurns();

    @Test
    void documentsWaitForTheMastersPickedUpBeforeThemNotForEachOther() {
        PickupTurns.Turn parties = turns.pickedUp("parties.csv");
        PickupTurns.Turn items = turns.pickedUp("items.xlsx");
        PickupTurns.Turn invoices = turns.pickedUp("invoices-large.csv");
        PickupTurns.Turn events = turns.pickedUp("sales.ndjson");
        PickupTurns.Turn smallInvoices = turns.pickedUp("invoices-small.csv");
        PickupTurns.Turn payments = turns.pickedUp("payments.csv");

        assertTrue(parties.mayStart().isDone());
        assertFalse(items.mayStart().isDone(), "masters one after the other");
        parties.finished();
        assertTrue(items.mayStart().isDone());
        assertFalse(invoices.mayStart().isDone());
        items.finished();
        assertTrue(invoices.mayStart().isDone());
        assertTrue(events.mayStart().isDone());
        assertTrue(smallInvoices.mayStart().isDone(), "a small invoices file does not wait for a large one");
        assertFalse(payments.mayStart().isDone(), "payments settle the invoices picked up before them");
        invoices.finished();
        events.finished();
        assertFalse(payments.mayStart().isDone());
        smallInvoices.finished();
        assertTrue(payments.mayStart().isDone());
        payments.finished();
        assertEquals(0, turns.open());
    }

    @Test
    void aFilePickedUpLaterWaitsOnlyForWhatIsStillOpenAndMastersDoNotWaitForDocuments() {
        PickupTurns.Turn invoices = turns.pickedUp("invoices.csv");
        PickupTurns.Turn parties = turns.pickedUp("parties-late.csv");
        assertTrue(parties.mayStart().isDone());
        parties.finished();
        invoices.finished();
        assertTrue(turns.pickedUp("journals.csv").mayStart().isDone());
    }
}

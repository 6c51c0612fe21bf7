package dev.hisabkitab.sync.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReadingSlotsTest {

    private final ReadingSlots slots = new ReadingSlots(2);
    private final List<String> started = new ArrayList<>();

    @Test
    void filesBeyondTheCapWaitWithoutRunningAndStartInTheOrderTheyCame() {
        for (String file : List.of("a", "b", "c", "d")) {
            slots.whenFree(() -> started.add(file));
        }
        assertEquals(List.of("a", "b"), started);
        assertEquals(2, slots.reading());
        assertEquals(2, slots.waiting());

        slots.release();
        assertEquals(List.of("a", "b", "c"), started, "the slot passes to the first file waiting");
        assertEquals(2, slots.reading());
        slots.release();
        slots.release();
        slots.release();
        assertEquals(List.of("a", "b", "c", "d"), started);
        assertEquals(0, slots.reading());
        assertEquals(2, slots.peak(), "never more than the cap at once");
    }

    @Test
    void aMasterFileWhoseTurnComesLaterStillFindsASlot() {
        // documents files ask for a slot only once their turn has come: the master file they wait for asks first
        PickupTurns turns = new PickupTurns();
        PickupTurns.Turn parties = turns.pickedUp("parties.csv");
        List<PickupTurns.Turn> invoices = List.of(turns.pickedUp("invoices-1.csv"), turns.pickedUp("invoices-2.csv"),
                turns.pickedUp("invoices-3.csv"));
        for (PickupTurns.Turn turn : invoices) {
            turn.mayStart().thenRun(() -> slots.whenFree(() -> started.add("invoices")));
        }
        parties.mayStart().thenRun(() -> slots.whenFree(() -> started.add("parties")));
        assertEquals(List.of("parties"), started);

        slots.release();
        parties.finished();
        assertEquals(List.of("parties", "invoices", "invoices"), started);
        assertEquals(1, slots.waiting());
    }

    @Test
    void givenUpFilesNeverStartAndTheCapMustBePositive() {
        for (int i = 0; i < 3; i++) {
            slots.whenFree(() -> started.add("file"));
        }
        assertEquals(1, slots.giveUpWaiting());
        slots.release();
        assertEquals(2, started.size());
        assertEquals(1, slots.reading());
        assertThrows(IllegalArgumentException.class, () -> new ReadingSlots(0));
        assertTrue(slots.peak() <= 2);
    }
}

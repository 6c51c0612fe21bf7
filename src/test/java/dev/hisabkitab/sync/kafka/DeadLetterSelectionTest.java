package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.support.Events;

class DeadLetterSelectionTest {

    static final JsonNode MAPPING = Events.json("""
            {"id":"a","type":"invoice.create","error":{"category":"mapping","message":"no item"},
             "event":{"id":"a","type":"invoice.create","payload":{}}}""");
    static final JsonNode UNREADABLE = Events.json("""
            {"id":null,"error":{"category":"invalid-event","message":"not JSON"},"event":"{not json"}""");

    @Test
    void exactlyOneWayOfChoosingIsAccepted() {
        assertThrows(IllegalArgumentException.class, () -> DeadLetterSelection.of(null, null, null));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterSelection.of("a", "mapping", null));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterSelection.of(" ", null, "false"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DeadLetterSelection.of(null, "authentication", null));
        assertTrue(unknown.getMessage().contains("mapping"), "it lists the categories: " + unknown.getMessage());
        assertEquals(Set.of("a", "b"), DeadLetterSelection.of(" a, b,,", null, null).ids());
    }

    @Test
    void selectsByIdByCategoryOrAll() {
        assertTrue(DeadLetterSelection.of("x,a", null, null).selects(MAPPING));
        assertFalse(DeadLetterSelection.of("x", null, null).selects(MAPPING));
        assertTrue(DeadLetterSelection.of(null, "MAPPING", null).selects(MAPPING));
        assertFalse(DeadLetterSelection.of(null, "rejected", null).selects(MAPPING));
        assertTrue(DeadLetterSelection.of(null, null, "true").selects(UNREADABLE));
    }

    @Test
    void onlyAReadableEnvelopeWithItsIdCanBeSentAgain() {
        assertNull(DeadLetterSelection.whyNotRedrivable(MAPPING));
        assertNotNull(DeadLetterSelection.whyNotRedrivable(UNREADABLE));
        assertNotNull(DeadLetterSelection.whyNotRedrivable(Events.json("{\"event\":{\"type\":\"x\"}}")));
    }
}

package dev.hisabkitab.sync.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The intake steps as process-event calls them, context in, context out: take-event keeps the text and its place
 * before anything can fail, read-envelope refuses what is no event and reads the rest.
 */
class EventIntakeTest {

    private static final String EVENT = "{\"id\": \"e-1\", \"type\": \"api.company.details\", \"company\": \"acme\"}";

    private final EventIntake intake = new EventIntake(EndpointCatalogue.builtIn(), new EventSchemas(), 200);

    @Test
    void aKafkaRecordsEventKeepsItsPlaceAndKeyAndIsReadFromUtf8WithoutItsByteOrderMark() {
        EventContext started = EventContext.ofKafkaRecord("events/2@41", "k-7", 5L);
        byte[] bytes = ("\uFEFF" + EVENT).getBytes(StandardCharsets.UTF_8);

        EventContext read = intake.read(intake.take(started, bytes));

        assertEquals(EVENT, read.rawEvent());
        assertEquals("events/2@41", read.source());
        assertEquals("k-7", read.recordKey(), "published with the input's key");
        assertEquals(5L, read.ownedSince());
        assertEquals("e-1", read.envelope().id());
        assertFalse(read.business());
        assertEquals(new ApiCall("acme", "company.details", null, read.envelope().payload()),
                intake.callOf(read.envelope()));
    }

    @Test
    void aFilesEventIsKeyedByItsCompanyAndKeepsTheDryRunItsFileStartedWith() {
        EventContext read = intake.read(intake.take(EventContext.planOnly(), new SourceEvent("line 3", EVENT)));

        assertEquals("line 3", read.source());
        assertEquals("acme", read.recordKey());
        assertTrue(read.dryRun());
    }

    @Test
    void aTextTooLargeKeepsItsBeginningForTheDeadLetterAndIsRefusedWhenRead() {
        EventContext taken = intake.take(null, "x".repeat(300));

        assertTrue(taken.rawEvent().startsWith("x".repeat(100)), taken.rawEvent());
        assertTrue(taken.refusal().contains("300 bytes"), taken.refusal());
        EventFailure refused = assertThrows(EventFailure.class, () -> intake.read(taken));
        assertEquals(taken.refusal(), refused.getMessage());
        assertNull(taken.envelope());
    }

    @Test
    void bytesThatAreNoTextAndAnUnreadablePartOfAFileAreRefusedWithoutText() {
        EventContext notText = intake.take(null, new byte[] {(byte) 0xC3, (byte) 0x28});
        assertNull(notText.rawEvent());
        assertTrue(notText.refusal().contains("not UTF-8"), notText.refusal());

        EventContext unreadable = intake.take(null, SourceEvent.unreadable("row 4", "The row has 3 columns"));
        assertEquals("row 4", unreadable.source());
        assertEquals("The row has 3 columns",
                assertThrows(EventFailure.class, () -> intake.read(unreadable)).getMessage());
    }

    @Test
    void aBusinessEventIsReadFirstThenItsPayloadChecked() {
        EventContext read = intake.read(intake.take(null,
                "{\"id\": \"p-1\", \"type\": \"party.upsert\", \"company\": \"acme\", \"payload\": {}}"));

        assertTrue(read.business());
        assertEquals("p-1", read.envelope().id(), "kept for the dead letter");
        EventFailure invalid = assertThrows(EventFailure.class, () -> intake.checkPayload(read.envelope()));
        assertTrue(invalid.getMessage().startsWith("The party.upsert payload is invalid: "), invalid.getMessage());
    }
}

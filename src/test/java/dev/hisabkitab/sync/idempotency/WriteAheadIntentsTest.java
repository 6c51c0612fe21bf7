package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.DocumentNumber;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.business.InterruptedWrites;
import dev.hisabkitab.sync.Envelope;

/** What the write-ahead step records and decides, per kind of write, with a real store file. */
class WriteAheadIntentsTest {

    @TempDir
    Path dir;

    private final WriteAheadIntents intents = new WriteAheadIntents();
    private CompletedEvents completed;

    @BeforeEach
    void wire() {
        completed = new CompletedEvents();
        completed.shared = Optional::empty;
        completed.file = dir.resolve("completed.jsonl").toString();
        completed.compactAbove = 10_000;
        completed.retention = java.time.Duration.ofDays(90);
        completed.sweepEvery = java.time.Duration.ofHours(1);
        intents.completedEvents = completed;
        intents.catalogue = EndpointCatalogue.builtIn();
        intents.interruptedWrites = new InterruptedWrites(intents.catalogue);
    }

    @AfterEach
    void close() {
        completed.close();
    }

    @Test
    void readsAreNoWritesUpdatesAndDeletesRepeatOtherPostsCreate() {
        assertEquals(WriteAheadIntents.Kind.READ, intents.kindOf(ApiCall.of("default", "sale.list")));
        assertEquals(WriteAheadIntents.Kind.READ, intents.kindOf(ApiCall.of("default", "sale.next-number")));
        assertEquals(WriteAheadIntents.Kind.CREATE, intents.kindOf(ApiCall.of("default", "sale.create-item")));
        assertEquals(WriteAheadIntents.Kind.CREATE, intents.kindOf(ApiCall.of("default", "ledger.create-customer")));
        assertEquals(WriteAheadIntents.Kind.CREATE, intents.kindOf(ApiCall.of("default", "ledger.batch-create")));
        assertEquals(WriteAheadIntents.Kind.REPEATABLE, intents.kindOf(ApiCall.of("default", "ledger.update")));
        assertEquals(WriteAheadIntents.Kind.REPEATABLE, intents.kindOf(ApiCall.of("default", "ledger.batch-delete")));
    }

    @Test
    void aFirstTryRecordsItsIntentDurablyWithNumberSeriesAndFingerprint() {
        EventContext event = event("erp-1", null);
        ApiCall call = call("sale.create-item", "INV-9");

        ApiCall sent = intents.recordBeforeSending(event, call, new DocumentNumber("sale", "INV-9"));

        assertEquals(call, sent, "a first try's call goes as it is");
        WriteIntent recorded = completed.store().intent(new EventKey("default", "erp-1")).orElseThrow();
        assertEquals("sale.create-item", recorded.operation());
        assertEquals("INV-9", recorded.number());
        assertEquals("sale", recorded.series());
        assertEquals(WriteAheadIntents.fingerprint(call("sale.create-item", "INV-9")), recorded.fingerprint());
        assertTrue(!recorded.beforeRestart(), "recorded by this run");
        assertNull(intents.lookUpFirst(event, sent), "nothing to look up on a first try");
        assertEquals(Set.of("INV-9"), intents.held("default", "sale"));
        assertEquals(Set.of(), intents.held("acme", "sale"), "per company");
        assertEquals(Set.of(), intents.held("default", "purchase"), "per series");
    }

    @Test
    void anIntentFromBeforeARestartMakesACreateLookedUpFirstAndKeepsItsNumber() {
        WriteIntent earlier = new WriteIntent(new EventKey("default", "erp-2"), "sale.create-item", "INV-4", "sale",
                "f", "an-earlier-run", null);
        EventContext event = event("erp-2", earlier);
        assertEquals(new DocumentNumber("sale", "INV-4"), earlier.documentNumber(), "the number the event keeps");

        ApiCall sent = intents.recordBeforeSending(event, call("sale.create-item", "INV-4"), null);
        CallState state = intents.lookUpFirst(event, sent);

        assertEquals(List.of(), sent.notes(), "looked up, not sent again with a note");
        assertEquals("default", state.company());
        assertEquals("event erp-2 (api.sale.create-item)", state.event());
        assertTrue(state.lookupReason()
                .startsWith("Adopted after restart: booked before the connector restarted and found in HisabKitab by "
                        + "its number INV-4"), state.lookupReason());
    }

    @Test
    void aMasterFromBeforeARestartIsLookedUpByItsName() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", "Sharma Traders");
        ApiCall party = new ApiCall("default", "ledger.create-customer", null, body);
        EventContext event = event("erp-6", new WriteIntent(new EventKey("default", "erp-6"),
                "ledger.create-customer", "Sharma Traders", null, "f", "an-earlier-run", null));

        CallState state = intents.lookUpFirst(event, intents.recordBeforeSending(event, party, null));

        assertTrue(state.lookupReason().contains("found in HisabKitab by its name Sharma Traders"),
                state.lookupReason());
    }

    @Test
    void aCreateWithoutALookUpIsSentAgainWithAnHonestNoteAndAnUpdateWithAPlainOne() {
        EventContext batch = event("erp-3", new WriteIntent(new EventKey("default", "erp-3"),
                "ledger.batch-create", null, null, "f", "an-earlier-run", null));
        ApiCall batchSent = intents.recordBeforeSending(batch, call("ledger.batch-create", null), null);
        assertNull(intents.lookUpFirst(batch, batchSent), "nothing to look it up by");
        List<String> notes = batchSent.notes();
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("no look-up") && notes.get(0).contains("second record"), notes.get(0));

        EventContext update = event("erp-4", new WriteIntent(new EventKey("default", "erp-4"),
                "ledger.create-customer", "Sharma Traders", null, "f", WriteIntent.CURRENT_RUN, null));
        ApiCall updateSent = intents.recordBeforeSending(update, call("ledger.update", null), null);
        String note = updateSent.notes().get(0);
        assertTrue(note.contains("ledger.create-customer in an earlier try of this event")
                && note.contains("mapped to ledger.update"), note);
        assertNull(intents.lookUpFirst(update, updateSent), "an update is not looked up");
        assertEquals("ledger.update",
                completed.store().intent(new EventKey("default", "erp-4")).orElseThrow().operation(), "recorded anew");
    }

    @Test
    void theSameWriteOfTheSameRunIsNotRecordedTwiceAndAnotherBodyHasAnotherFingerprint() {
        ApiCall sale = call("sale.create-item", "INV-5");
        WriteIntent earlier = new WriteIntent(new EventKey("default", "erp-5"), "sale.create-item", "INV-5", null,
                WriteAheadIntents.fingerprint(sale), WriteIntent.CURRENT_RUN, null);
        EventContext event = event("erp-5", earlier);
        ApiCall sent = intents.recordBeforeSending(event, sale, null);
        assertTrue(completed.store().intent(earlier.key()).isEmpty(), "nothing new to record");
        assertTrue(intents.lookUpFirst(event, sent).lookupReason()
                .startsWith("Booked by an earlier try of this event"), "same run: no restart claimed");

        ApiCall other = call("sale.create-item", "INV-5");
        ((ObjectNode) other.payload()).put("grand_total", 1);
        assertNotEquals(WriteAheadIntents.fingerprint(sale), WriteAheadIntents.fingerprint(other));
    }

    private static ApiCall call(String operation, String number) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (number != null) {
            body.put("invoice_number", number).put("date", "11-02-2025");
        }
        return new ApiCall("default", operation, null, body);
    }

    /** An event as step record-write-intent gets it: read, claimed, with the intent an earlier try left (or null). */
    private static EventContext event(String id, WriteIntent earlier) {
        return EventContext.unread().withEnvelope(new Envelope(id, "api.sale.create-item", "default", null, null, null),
                false).withClaim(null, earlier);
    }
}

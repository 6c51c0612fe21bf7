package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.DocumentNumber;
import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.business.InterruptedWrites;
import dev.hisabkitab.sync.Envelope;

/** What the write-ahead step records and decides, per kind of write, with a real store file. */
class WriteAheadIntentsTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext camel = new DefaultCamelContext();
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
        Exchange exchange = exchange("erp-1", call("sale.create-item", "INV-9"));
        exchange.setProperty(DocumentNumber.PROPERTY, new DocumentNumber("sale", "INV-9"));

        intents.recordBeforeSending(exchange);

        WriteIntent recorded = completed.store().intent(new EventKey("default", "erp-1")).orElseThrow();
        assertEquals("sale.create-item", recorded.operation());
        assertEquals("INV-9", recorded.number());
        assertEquals("sale", recorded.series());
        assertEquals(WriteAheadIntents.fingerprint(call("sale.create-item", "INV-9")), recorded.fingerprint());
        assertTrue(!recorded.beforeRestart(), "recorded by this run");
        assertNull(exchange.getProperty(PipelineKeys.INTERRUPTED_CREATE), "nothing to look up on a first try");
        assertEquals(Set.of("INV-9"), intents.held("default", "sale"));
        assertEquals(Set.of(), intents.held("acme", "sale"), "per company");
        assertEquals(Set.of(), intents.held("default", "purchase"), "per series");
    }

    @Test
    void anIntentFromBeforeARestartMakesACreateLookedUpFirstAndKeepsItsNumber() {
        WriteIntent earlier = new WriteIntent(new EventKey("default", "erp-2"), "sale.create-item", "INV-4", "sale",
                "f", "an-earlier-run", null);
        Exchange exchange = exchange("erp-2", call("sale.create-item", "INV-4"));
        exchange.setProperty(PipelineKeys.EARLIER_INTENT, earlier);
        assertEquals(new DocumentNumber("sale", "INV-4"), earlier.documentNumber(), "the number the event keeps");

        intents.recordBeforeSending(exchange);

        assertEquals(Boolean.TRUE, exchange.getProperty(PipelineKeys.INTERRUPTED_CREATE));
        assertTrue(exchange.getProperty(PipelineKeys.LOOKUP_REASON, String.class)
                .startsWith("Adopted after restart: booked before the connector restarted and found in HisabKitab by "
                        + "its number INV-4"), exchange.getProperty(PipelineKeys.LOOKUP_REASON, String.class));
    }

    @Test
    void aMasterFromBeforeARestartIsLookedUpByItsName() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", "Sharma Traders");
        ApiCall party = new ApiCall("default", "ledger.create-customer", null, body);
        Exchange exchange = exchange("erp-6", party);
        exchange.setProperty(PipelineKeys.EARLIER_INTENT, new WriteIntent(new EventKey("default", "erp-6"),
                "ledger.create-customer", "Sharma Traders", null, "f", "an-earlier-run", null));

        intents.recordBeforeSending(exchange);

        assertTrue(exchange.getProperty(PipelineKeys.LOOKUP_REASON, String.class)
                .contains("found in HisabKitab by its name Sharma Traders"),
                exchange.getProperty(PipelineKeys.LOOKUP_REASON, String.class));
    }

    @Test
    void aCreateWithoutALookUpIsSentAgainWithAnHonestNoteAndAnUpdateWithAPlainOne() {
        Exchange batch = exchange("erp-3", call("ledger.batch-create", null));
        batch.setProperty(PipelineKeys.EARLIER_INTENT, new WriteIntent(new EventKey("default", "erp-3"),
                "ledger.batch-create", null, null, "f", "an-earlier-run", null));
        intents.recordBeforeSending(batch);
        assertNull(batch.getProperty(PipelineKeys.INTERRUPTED_CREATE), "nothing to look it up by");
        List<String> notes = batch.getProperty(PipelineKeys.CALL, ApiCall.class).notes();
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("no look-up") && notes.get(0).contains("second record"), notes.get(0));

        Exchange update = exchange("erp-4", call("ledger.update", null));
        update.setProperty(PipelineKeys.EARLIER_INTENT, new WriteIntent(new EventKey("default", "erp-4"),
                "ledger.create-customer", "Sharma Traders", null, "f", WriteIntent.CURRENT_RUN, null));
        intents.recordBeforeSending(update);
        String note = update.getProperty(PipelineKeys.CALL, ApiCall.class).notes().get(0);
        assertTrue(note.contains("ledger.create-customer in an earlier try of this event")
                && note.contains("mapped to ledger.update"), note);
        assertEquals("ledger.update",
                completed.store().intent(new EventKey("default", "erp-4")).orElseThrow().operation(), "recorded anew");
    }

    @Test
    void theSameWriteOfTheSameRunIsNotRecordedTwiceAndAnotherBodyHasAnotherFingerprint() {
        ApiCall sale = call("sale.create-item", "INV-5");
        WriteIntent earlier = new WriteIntent(new EventKey("default", "erp-5"), "sale.create-item", "INV-5", null,
                WriteAheadIntents.fingerprint(sale), WriteIntent.CURRENT_RUN, null);
        Exchange exchange = exchange("erp-5", sale);
        exchange.setProperty(PipelineKeys.EARLIER_INTENT, earlier);
        intents.recordBeforeSending(exchange);
        assertTrue(completed.store().intent(earlier.key()).isEmpty(), "nothing new to record");
        assertTrue(exchange.getProperty(PipelineKeys.LOOKUP_REASON, String.class)
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

    private Exchange exchange(String id, ApiCall call) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(PipelineKeys.ENVELOPE, new Envelope(id, "api." + call.operation(), "default", null,
                call.payload(), null));
        exchange.setProperty(PipelineKeys.CALL, call);
        return exchange;
    }
}

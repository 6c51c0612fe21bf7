package dev.hisabkitab.sync.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.EventLeftUnfinished;
import dev.hisabkitab.sync.outcome.Reply;

/** The outcome steps are functions of the event's domain values: called here without an exchange. */
class OutcomesTest {

    final Outcomes outcomes = new Outcomes();
    final Envelope envelope = new Envelope("e-1", "invoice.created", "acme", null, null, null);

    @Test
    void replyCarriesResultAttemptsAndTheCallsNotes() {
        ApiCall call = ApiCall.of("acme", "invoices.create").withNote("number taken from series INV");
        CallState state = CallState.of(call).withAttempt().withAttempt();
        Reply.Result result = new Reply.Result(42, "INV-7", null, null);

        Reply reply = outcomes.reply(envelope, call, result, state);

        assertEquals(Reply.OK, reply.status());
        assertSame(result, reply.result());
        assertEquals(2, reply.attempts());
        assertEquals(List.of("number taken from series INV"), reply.notes());
        assertFalse(reply.failed());
    }

    @Test
    void deadLetterOfAnEnvelopeNotReadIsNamedFromItsText() {
        String raw = "{\"id\":\"e-9\",\"type\":\"party.created\",\"company\":\"acme\"}";

        DeadLetter letter = outcomes.deadLetter(null, raw, null, null, EventFailure.invalidEvent("payload: missing"));

        assertEquals("e-9", letter.id());
        assertEquals(ErrorCategory.INVALID_EVENT, letter.error().category());
        assertEquals(0, letter.attempts());
        assertTrue(letter.failed());
    }

    @Test
    void aDeadLetterOfACallHisabKitabRefusedCarriesTheRequestSentButNeverTheKey() throws Exception {
        ObjectNode body = Json.mapper().createObjectNode().put("name", "Sharma Traders").put("gstin", "27AAPFU0939F1ZV");
        ApiCall call = new ApiCall("acme", "ledger.create", null, body);
        CallState sent = CallState.of(call, envelope).withAttempt();
        EventFailure refused = EventFailure.rejected(422, "HisabKitab refused the ledger",
                Json.mapper().readTree("{\"errors\": {\"gstin\": [\"taken\"]}}"), List.of());

        DeadLetter letter = outcomes.deadLetter(envelope, "{}", sent, call, refused);
        assertEquals("ledger.create", letter.request().get("operation").asText());
        assertEquals(body, letter.request().get("body"));
        JsonNode record = Json.mapper().readTree(outcomes.toRecord(letter));
        assertEquals(body, record.at("/request/body"));
        assertFalse(record.toString().contains("api-key") || record.toString().contains("hk-"), record.toString());

        // a call never sent (a look-up failed first, or the event was bad) is no request of the dead letter
        assertNull(outcomes.deadLetter(envelope, "{}", CallState.of(call, envelope), call,
                EventFailure.mapping("No party")).request());
        assertNull(Json.mapper().readTree(outcomes.toRecord(outcomes.deadLetter(envelope, "{}", null, null,
                EventFailure.mapping("No party")))).get("request"));
    }

    @Test
    void aRequestTooLargeToCarryIsCutAndSaysSo() {
        ObjectNode body = Json.mapper().createObjectNode().put("narration", "x".repeat(DeadLetter.MAX_EVENT_BYTES));
        JsonNode request = Outcomes.sentRequest(new ApiCall("acme", "journal.create", null, body));
        assertTrue(request.get("body").asText().contains("[cut: the event is"), request.get("body").asText()
                .substring(0, 80));
    }

    @Test
    void anUnexpectedFailureNamesWhatWentWrongFirstNotOnlyItsWrapper() {
        RuntimeException wrapped = new RuntimeException("Exception occurred during execution on the exchange",
                new IllegalStateException("outer", new ArithmeticException("/ by zero")));

        DeadLetter.Error error = Outcomes.errorOf(wrapped);

        assertEquals(ErrorCategory.MAPPING, error.category());
        assertEquals("The connector could not process the event: RuntimeException: Exception occurred during execution "
                + "on the exchange (caused by ArithmeticException: / by zero)", error.message());
        assertEquals("The connector could not process the event: IllegalStateException: alone",
                Outcomes.errorOf(new IllegalStateException("alone")).message());
    }

    @Test
    void anUnfinishedEventHasNoDeadLetter() {
        EventLeftUnfinished unfinished = new EventLeftUnfinished("key refused while stopping");

        assertSame(unfinished, assertThrows(EventLeftUnfinished.class,
                () -> outcomes.deadLetter(envelope, "{}", null, null, new RuntimeException("wrapped", unfinished))));
    }

    @Test
    void recordIsTheOutcomeAsJson() throws Exception {
        Reply reply = new Reply("e-1", "invoice.created", "acme", Reply.DUPLICATE, null, 0, "2026-01-01T00:00:00Z");

        JsonNode record = Json.mapper().readTree(outcomes.toRecord(reply));

        assertEquals("duplicate", record.get("status").asText());
        assertNull(record.get("plan"));
    }
}

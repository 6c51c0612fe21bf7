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

        DeadLetter letter = outcomes.deadLetter(null, raw, null, EventFailure.invalidEvent("payload: missing"));

        assertEquals("e-9", letter.id());
        assertEquals(ErrorCategory.INVALID_EVENT, letter.error().category());
        assertEquals(0, letter.attempts());
        assertTrue(letter.failed());
    }

    @Test
    void anUnfinishedEventHasNoDeadLetter() {
        EventLeftUnfinished unfinished = new EventLeftUnfinished("key refused while stopping");

        assertSame(unfinished, assertThrows(EventLeftUnfinished.class,
                () -> outcomes.deadLetter(envelope, "{}", null, new RuntimeException("wrapped", unfinished))));
    }

    @Test
    void recordIsTheOutcomeAsJson() throws Exception {
        Reply reply = new Reply("e-1", "invoice.created", "acme", Reply.DUPLICATE, null, 0, "2026-01-01T00:00:00Z");

        JsonNode record = Json.mapper().readTree(outcomes.toRecord(reply));

        assertEquals("duplicate", record.get("status").asText());
        assertNull(record.get("plan"));
    }
}

package dev.hisabkitab.sync.event;

import dev.hisabkitab.sync.outcome.Causes;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.EventLeftUnfinished;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Plan;
import dev.hisabkitab.sync.outcome.Reply;

import dev.hisabkitab.sync.Json;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.client.RetryPolicy;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.event.EnvelopeParser;
import dev.hisabkitab.sync.event.EventIntake;
import dev.hisabkitab.sync.idempotency.CompletedEvent;

/**
 * Makes the one outcome of every event: a {@link Reply} when it completed, a {@link DeadLetter}
 * otherwise, and the Kafka record that carries it.
 */
@ApplicationScoped
@Named("outcomes")
public class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class);
    private final Clock clock = Clock.systemUTC();

    /**
     * Step {@code make-reply}: the reply of an event HisabKitab answered, with the call's notes and attempts (a
     * {@code setBody}; the route keeps it as {@code hkOutcome}).
     */
    public Reply reply(Envelope envelope, ApiCall call, Reply.Result result, CallState callState) {
        Reply reply = new Reply(envelope.id(), envelope.type(), envelope.company(), Reply.OK, result, null,
                attempts(callState), now(), call == null ? List.of() : call.notes());
        LOG.infof("Event %s (%s) completed: HisabKitab id %s", reply.id(), reply.type(), reply.result().hisabkitabId());
        return reply;
    }

    /**
     * Step {@code reply-completed-event}: the reply to an event already completed — the very Kafka record read again
     * after a crash before its reply went out gets its own reply ({@link #completedBefore}), any other a
     * {@link #duplicate}.
     */
    public Reply alreadyCompleted(EventContext event) {
        return event.sameRecordAs(event.completed()) ? completedBefore(event.envelope(), event.completed())
                : duplicate(event.envelope(), event.completed());
    }

    /**
     * The reply to an event whose id was already completed: status {@code duplicate}, the earlier result (without
     * {@code data}), the earlier completion time, and {@code attempts} 0 (HisabKitab was not called this time).
     */
    public Reply duplicate(Envelope envelope, CompletedEvent earlier) {
        Reply reply = new Reply(envelope.id(), envelope.type(), envelope.company(), Reply.DUPLICATE, earlier.result(),
                0, earlier.completedAt() != null ? earlier.completedAt() : now());
        LOG.infof("Event %s (%s) was already completed at %s (HisabKitab id %s): duplicate, not sent again",
                reply.id(), reply.type(), reply.completedAt(), reply.result().hisabkitabId());
        return reply;
    }

    /**
     * The reply of an event that completed from this same Kafka record before the connector stopped, before the
     * reply was published: status {@code ok} with the result it had (no second call was made).
     */
    public Reply completedBefore(Envelope envelope, CompletedEvent earlier) {
        Reply reply = new Reply(envelope.id(), envelope.type(), envelope.company(), Reply.OK, earlier.result(), 0,
                earlier.completedAt() != null ? earlier.completedAt() : now());
        LOG.infof("Event %s (%s) had completed before a restart (HisabKitab id %s): its reply is published now",
                reply.id(), reply.type(), reply.result().hisabkitabId());
        return reply;
    }

    /**
     * The reply of a dry run's event (docs/dry-run.md): status {@code planned}, no result (nothing was sent), the
     * request booking would send, and {@code attempts} 0.
     */
    public Reply planned(Envelope envelope, ApiCall call, CallState callState, Plan plan) {
        Reply reply = new Reply(envelope.id(), envelope.type(), envelope.company(), Reply.PLANNED, null, plan,
                attempts(callState), now(), call == null ? List.of() : call.notes());
        LOG.infof("Event %s (%s) planned (dry run, not sent): %s %s%s", reply.id(), reply.type(), plan.method(),
                plan.path(), plan.first().isEmpty() ? "" : " after " + plan.first().size() + " call(s) creating masters");
        return reply;
    }

    /**
     * Step {@code make-dead-letter}, in the {@code doCatch}: the dead letter of an event that failed, from what is
     * known of it (the envelope when it was read, else its raw text) and the caught failure. A {@code bean} step, not
     * a {@code setBody}: an {@link EventLeftUnfinished} it throws must leave the route as itself (no outcome; the
     * event is read again), not wrapped by an expression. When the event's call went to HisabKitab at least once, the
     * dead letter also carries that request (operation and body, never the key), for the person who fixes it.
     */
    public DeadLetter deadLetter(Envelope envelope, String raw, CallState callState, ApiCall call, Throwable failure) {
        Throwable caught = RetryPolicy.explained(callState, failure);
        EventLeftUnfinished unfinished = Causes.first(caught, EventLeftUnfinished.class);
        if (unfinished != null) {
            // no outcome at all: the event is read again (its company's key was refused when the connector stopped)
            throw unfinished;
        }
        DeadLetter.Error error = errorOf(caught);
        DeadLetter letter = envelope != null
                ? new DeadLetter(envelope.id(), envelope.type(), envelope.company(), DeadLetter.FAILED, error,
                        attempts(callState), now(), carried(envelope.original(), raw))
                : unreadEnvelope(raw, error, attempts(callState));
        LOG.warnf("Event %s (%s) failed [%s]: %s", letter.id(), letter.type(), letter.error().category().code(),
                letter.error().message());
        return attempts(callState) > 0 && call != null ? letter.withRequest(sentRequest(call)) : letter;
    }

    /** The request as a dead letter carries it: the operation and the body, cut like an event when too large. */
    static ObjectNode sentRequest(ApiCall call) {
        ObjectNode request = Json.mapper().createObjectNode().put("operation", call.operation());
        JsonNode body = call.payload();
        if (body != null && !body.isNull()) {
            String text = body.toString();
            int bytes = EventIntake.utf8Length(text);
            if (bytes <= DeadLetter.MAX_EVENT_BYTES) {
                request.set("body", body);
            } else {
                request.put("body", DeadLetter.truncated(text.substring(0, DeadLetter.TRUNCATED_EVENT_CHARS), bytes));
            }
        }
        return request;
    }

    /** The dead letter of an event whose envelope could not be read: named by whatever of id, type and
     *  company can still be read from it, holding the original text. */
    private DeadLetter unreadEnvelope(String raw, DeadLetter.Error error, int attempts) {
        Envelope partial = EnvelopeParser.readablePart(raw);
        return new DeadLetter(partial.id(), partial.type(), partial.company(), DeadLetter.FAILED, error, attempts,
                now(), carried(raw, raw));
    }

    /** The event as a dead letter carries it: whole, or the beginning of its text when it is too large. */
    static Object carried(Object event, String raw) {
        if (raw == null) {
            return event;
        }
        int bytes = EventIntake.utf8Length(raw);
        return bytes <= DeadLetter.MAX_EVENT_BYTES ? event
                : DeadLetter.truncated(raw.substring(0, DeadLetter.TRUNCATED_EVENT_CHARS), bytes);
    }

    /**
     * Steps {@code outcome-record} and {@code kafka-outcome-record}: the outcome as its Kafka record's value (JSON);
     * the routes set the record's key (the input's) themselves.
     */
    public String toRecord(Outcome outcome) throws JsonProcessingException {
        return Json.mapper().writeValueAsString(outcome);
    }

    static DeadLetter.Error errorOf(Throwable caught) {
        return errorOf(describe(caught));
    }

    /** The error as a dead letter carries it: a message of at most {@link DeadLetter#MAX_MESSAGE_CHARS}. */
    private static DeadLetter.Error errorOf(DeadLetter.Error error) {
        String message = error.message();
        return message == null || message.length() <= DeadLetter.MAX_MESSAGE_CHARS ? error
                : new DeadLetter.Error(error.category(), message.substring(0, DeadLetter.MAX_MESSAGE_CHARS - 4) + " ...",
                        error.httpStatus(), error.response(), error.details());
    }

    static EventFailure failureOf(Throwable caught) {
        return Causes.first(caught, EventFailure.class);
    }

    private static DeadLetter.Error describe(Throwable caught) {
        EventFailure f = failureOf(caught);
        if (f != null) {
            // a dead letter carries only the contract's categories (a refused key waits: CompanyPauses; never here)
            ErrorCategory category = f.category().deadLetterCategory() ? f.category() : ErrorCategory.REJECTED;
            return new DeadLetter.Error(category, f.getMessage(), f.httpStatus(), f.response(), f.details());
        }
        IOException io = Causes.first(caught, IOException.class);
        if (io != null) {
            return new DeadLetter.Error(ErrorCategory.UNAVAILABLE,
                    "Could not reach HisabKitab: " + io.getClass().getSimpleName()
                            + (io.getMessage() == null ? "" : ": " + io.getMessage()),
                    null, null, List.of());
        }
        // Anything else is a fault in the connector itself while mapping the event; say so plainly, with what went
        // wrong first (Camel wraps it, and the wrapper's message names only the exchange)
        return new DeadLetter.Error(ErrorCategory.MAPPING,
                "The connector could not process the event: " + Causes.described(caught), null, null, List.of());
    }

    private static int attempts(CallState call) {
        return call == null ? 0 : call.attempts();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

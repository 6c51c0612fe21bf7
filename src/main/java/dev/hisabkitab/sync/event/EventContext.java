package dev.hisabkitab.sync.event;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.business.DocumentNumber;
import dev.hisabkitab.sync.business.masters.PlannedMasters;
import dev.hisabkitab.sync.idempotency.CompletedEvent;
import dev.hisabkitab.sync.idempotency.IdempotentConsumer;
import dev.hisabkitab.sync.idempotency.WriteIntent;

/**
 * What the pipeline knows about one event, in the one exchange property {@value #PROPERTY}: the steps of
 * routes/process-event.yaml take it and return the next one ({@code setProperty} with a {@code method:}), as the
 * client's steps do with its {@code CallState}. Immutable: each {@code with…} gives a new one.
 *
 * <p>A source may start it before the event is read (a Kafka record: where it is, its key, since when this replica
 * owns its partition; a dry-run file: plan only, and the masters its earlier events create); the intake fills in the
 * text and the envelope, the idempotency step the claim, the earlier completion or the earlier try's intent. It lives
 * in the event stage because it holds that stage's types: the business and client steps below are handed its fields
 * in the routes' bindings ({@code ${exchangeProperty.hkEvent.envelope}}), never the context.
 *
 * @param source         where in its source the event was: {@code topic/partition@offset}, or a file's
 *                       {@code line 3}; null until known
 * @param recordKey      the key its outcome is published with on Kafka: the input record's key, a file event's company
 * @param kafkaRecord    the Kafka record it was read from ({@code topic/partition@offset}); null for a file's event
 * @param ownedSince     since when ({@link System#nanoTime()}) this replica owns the event's source (a Kafka record's
 *                       partition assignment): completions recorded before then must be seen; null: since now
 * @param dryRun         checked and mapped with look-ups only, answered {@code planned}, never sent (docs/dry-run.md)
 * @param plannedMasters a dry-run file's masters planned by its earlier events; null when none
 * @param rawEvent       the event's text as it arrived (its beginning only when too large); null until read
 * @param refusal        why the text is no event (unreadable, not UTF-8, too large): it becomes an invalid-event
 * @param envelope       the parsed envelope; null until read
 * @param completed      the earlier completion of the same event: its outcome is a {@code duplicate} reply
 * @param claim          the claim on the event's key while it is processed; released whatever happens
 * @param earlierIntent  the write-ahead intent an earlier try of the event recorded; null when none
 */
public record EventContext(String source, String recordKey, String kafkaRecord, Long ownedSince, boolean dryRun,
        PlannedMasters plannedMasters, String rawEvent, String refusal, Envelope envelope, CompletedEvent completed,
        IdempotentConsumer.Claim claim, WriteIntent earlierIntent) {

    /** The exchange property that holds it. */
    public static final String PROPERTY = "hkEvent";

    /** An event nothing is known of yet (sent straight to process-event). */
    public static EventContext unread() {
        return new EventContext(null, null, null, null, false, null, null, null, null, null, null, null);
    }

    /** The event the context a source started goes on with, else a new one. */
    public static EventContext continued(EventContext started) {
        return started != null ? started : unread();
    }

    /** A Kafka record's event, before it is read. */
    public static EventContext ofKafkaRecord(String record, String key, Long ownedSince) {
        return new EventContext(record, key, record, ownedSince, false, null, null, null, null, null, null, null);
    }

    /** A dry-run file's events, before they are read: planned, never booked. */
    public static EventContext planOnly() {
        return unread().withDryRun(true);
    }

    /**
     * Where it was and its envelope only (equal contexts have equal ones): the routes' {@code ${exchangeProperty.hkEvent.…}}
     * hashes the context at every call (Camel's bean cache key), and the record's own hash walked the whole event.
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(source, kafkaRecord, envelope);
    }

    /** A business event (mapped to its call), else an {@code api.*} event (its own call). */
    public boolean business() {
        return envelope != null && envelope.isBusiness();
    }

    /**
     * The document number an earlier try of the event recorded (its intent's), which it keeps; null when none. An
     * accessor of its own because a route's {@code ?.} does not reach past {@link #earlierIntent}.
     */
    public DocumentNumber earlierNumber() {
        return earlierIntent == null ? null : earlierIntent.documentNumber();
    }

    /** Its id already completed: answered {@code duplicate} with the earlier result. */
    public boolean duplicate() {
        return completed != null;
    }

    /** This very Kafka record completed before (read again after a crash before its reply went out). */
    public boolean sameRecordAs(CompletedEvent earlier) {
        return kafkaRecord != null && earlier != null && kafkaRecord.equals(earlier.source());
    }

    public EventContext withDryRun(boolean plan) {
        return new EventContext(source, recordKey, kafkaRecord, ownedSince, plan, plannedMasters, rawEvent, refusal,
                envelope, completed, claim, earlierIntent);
    }

    public EventContext withPlannedMasters(PlannedMasters planned) {
        return new EventContext(source, recordKey, kafkaRecord, ownedSince, dryRun, planned, rawEvent, refusal,
                envelope, completed, claim, earlierIntent);
    }

    public EventContext withSource(String where) {
        return new EventContext(where, recordKey, kafkaRecord, ownedSince, dryRun, plannedMasters, rawEvent, refusal,
                envelope, completed, claim, earlierIntent);
    }

    /** Its text as it arrived, or why it is none (its text then only what a dead letter shows of it, or null). */
    public EventContext withText(String text, String whyNoEvent) {
        return new EventContext(source, recordKey, kafkaRecord, ownedSince, dryRun, plannedMasters, text, whyNoEvent,
                envelope, completed, claim, earlierIntent);
    }

    /** The parsed envelope; a file's event is keyed by its company on Kafka (it has no record key). */
    public EventContext withEnvelope(Envelope read, boolean keyedByCompany) {
        return new EventContext(source, keyedByCompany ? read.company() : recordKey, kafkaRecord, ownedSince, dryRun,
                plannedMasters, rawEvent, refusal, read, completed, claim, earlierIntent);
    }

    /** Already completed: its earlier completion, and no claim. */
    public EventContext withCompleted(CompletedEvent earlier) {
        return new EventContext(source, recordKey, kafkaRecord, ownedSince, dryRun, plannedMasters, rawEvent, refusal,
                envelope, earlier, null, earlierIntent);
    }

    /** Claimed for processing, with the intent an earlier try left (null when none). */
    public EventContext withClaim(IdempotentConsumer.Claim held, WriteIntent earlier) {
        return new EventContext(source, recordKey, kafkaRecord, ownedSince, dryRun, plannedMasters, rawEvent, refusal,
                envelope, completed, held, earlier);
    }
}

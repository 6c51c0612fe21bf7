package dev.hisabkitab.sync.idempotency;

import java.util.Optional;

/**
 * The events that completed (idempotent consumer EIP): an event whose key is here is answered {@code duplicate}
 * with the earlier result and not sent to HisabKitab again (docs/contract.md, "The envelope" and "Outcomes"). Only completed ({@code ok}) events
 * are recorded; a dead-lettered event may be sent again and is then tried again. The store also keeps each
 * unfinished event's {@link WriteIntent} (write-ahead: what it is about to send), replaced by its completion.
 *
 * <p>Every completed event ever recorded is held in memory after {@link #open()}; {@link #record} returns only once
 * the record is durable (a synced file line, or a record acknowledged by all in-sync replicas).
 */
public interface IdempotencyStore extends AutoCloseable {

    /** Loads every event recorded so far; the pipeline takes no event before this returns. */
    void open();

    /**
     * The earlier completion of this key, if any. Includes a completion this process made whose durable write
     * failed ({@link #isDurable} false), so that the event is still not sent again while this process runs.
     */
    Optional<CompletedEvent> find(EventKey key);

    /**
     * Like {@link #find}, for an event whose source this process owns since {@code since} ({@link System#nanoTime()}:
     * a Kafka record's partition was assigned then): what another replica recorded before then must be seen, a store
     * that caught up with everything recorded before then answers from what it knows without asking the brokers
     * again. The previous owner of the partition recorded its completions before this replica was given it — unless
     * it kept running past the hand-over (it lost the partition without knowing, or a record outlived revoke-wait):
     * what it records later is seen once this store's background reader has read it (milliseconds), not waited for.
     */
    default Optional<CompletedEvent> find(EventKey key, long since) {
        return find(key);
    }

    /**
     * What this process knows of the key right now, without asking anyone else (no catching up with other
     * replicas): includes every completion recorded by this process.
     */
    Optional<CompletedEvent> known(EventKey key);

    /**
     * Records a completed event; returns once it is durable.
     *
     * @throws IdempotencyStoreException when it could not be made durable (it is still remembered in memory)
     */
    void record(CompletedEvent event);

    /**
     * The write-ahead intent of an event that has not completed (recorded before its write was sent, by this run or
     * an earlier one), if any. A completion replaces its event's intent.
     */
    Optional<WriteIntent> intent(EventKey key);

    /**
     * Records a write-ahead intent; returns once it is durable, like {@link #record}.
     *
     * @throws IdempotencyStoreException when it could not be made durable (then nothing may be sent)
     */
    void recordIntent(WriteIntent intent);

    /** The intents of events not completed (each holds its number until its event completes). */
    java.util.Collection<WriteIntent> intents();

    /** Whether the completion of this key is durably recorded (false: unknown, or its write failed). */
    boolean isDurable(EventKey key);

    /**
     * Retention: forgets every completed event that completed before {@code cutoff} (hisabkitab.idempotency.retention
     * ago), durably (a Kafka tombstone, a file rewritten without it); such an id sent again is booked again. Open
     * intents are kept. Returns how many were forgotten.
     */
    int forgetCompletedBefore(java.time.Instant cutoff);

    /** How many completed events are known. */
    int size();

    /** Where the records are kept, for log lines (never a credential). */
    String describe();

    @Override
    void close();
}

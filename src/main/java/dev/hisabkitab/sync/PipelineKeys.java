package dev.hisabkitab.sync;

/** Names of the exchange properties that carry an event through the routes (routes/*.yaml use them too). */
public final class PipelineKeys {

    /** The raw text of the event as it arrived. */
    public static final String RAW_EVENT = "hkRawEvent";
    /** Where in its source the event was: a Kafka partition/offset or a file's line. */
    public static final String SOURCE = "hkSource";
    /** The Kafka record key the outcome is published with (the input's key). */
    public static final String RECORD_KEY = "hkRecordKey";
    /** The parsed {@link dev.hisabkitab.sync.Envelope}. */
    public static final String ENVELOPE = "hkEnvelope";
    /** Whether the event is a business event the connector maps (boolean). */
    public static final String BUSINESS_EVENT = "hkBusinessEvent";
    /** The {@link dev.hisabkitab.sync.client.ApiCall} the HisabKitab client route makes. */
    public static final String CALL = "hkCall";
    /**
     * The event is a dry run's (boolean): checked and mapped with look-ups only, answered {@code planned}, never sent
     * (hisabkitab.dry-run, or a file dropped in the inbox's dry-run/ folder; docs/dry-run.md).
     */
    public static final String DRY_RUN = "hkDryRun";
    /** A dry run's file's {@link dev.hisabkitab.sync.business.masters.PlannedMasters}: what its earlier events create. */
    public static final String PLANNED_MASTERS = "hkPlannedMasters";
    /** A create failed in a way that leaves open whether HisabKitab booked it (boolean). */
    public static final String INTERRUPTED_CREATE = "hkInterruptedCreate";
    /**
     * Why a create is looked up before it is sent (text for the reply when the record is found), when an earlier
     * try of the event may have booked it: its write-ahead intent was found (WriteAheadIntents).
     */
    public static final String LOOKUP_REASON = "hkLookupReason";
    /** The event's write-ahead intent recorded by an earlier try (WriteIntent), when it has one. */
    public static final String EARLIER_INTENT = "hkEarlierIntent";
    /** The call's record was found already booked and adopted instead of sent again (boolean). */
    public static final String ADOPTED = "hkAdopted";
    /** The Kafka record an event was read from, {@code topic/partition@offset} (routes/kafka-events.yaml). */
    public static final String KAFKA_RECORD = "hkKafkaRecord";
    /** The partition, offset and watermark of a Kafka record on its lane (kafkaLanes commits them with the outcome). */
    public static final String LANE_RECORD = "hkLaneRecord";
    /** A Kafka record's place among the max-in-flight records processed at once (kafkaLanes; given back at publish). */
    public static final String PROCESSING_SLOT = "hkProcessingSlot";
    /**
     * Since when ({@link System#nanoTime()}) this replica owns the event's source: a Kafka record's partition
     * assignment (long). Completions other replicas recorded before then must be seen; the idempotency look-up
     * catches up once per assignment rather than once per event. Absent (a file row): since now.
     */
    public static final String SOURCE_OWNED_SINCE = "hkSourceOwnedSince";
    /** Whether the event's id was already completed: its outcome is a {@code duplicate} reply (boolean). */
    public static final String DUPLICATE = "hkDuplicate";
    /** The earlier {@link dev.hisabkitab.sync.idempotency.CompletedEvent} of a duplicate. */
    public static final String COMPLETED = "hkCompleted";
    /** The {@link dev.hisabkitab.sync.idempotency.IdempotentConsumer.Claim} on the event's key while it is processed. */
    public static final String CLAIM = "hkClaim";
    /** HisabKitab's answer as a {@link dev.hisabkitab.sync.outcome.Reply.Result}. */
    public static final String RESULT = "hkResult";
    /** The event's {@link dev.hisabkitab.sync.outcome.Outcome}. */
    public static final String OUTCOME = "hkOutcome";
    /** The inbox sub-folder a finished file moves to: .done or .failed. */
    public static final String INBOX_FOLDER = "hkInboxFolder";

    private PipelineKeys() {
    }
}

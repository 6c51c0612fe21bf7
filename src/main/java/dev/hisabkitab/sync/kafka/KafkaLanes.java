package dev.hisabkitab.sync.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import dev.hisabkitab.sync.KeyLanes;
import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.event.ProcessingPlaces;
import dev.hisabkitab.sync.event.ProcessingSlot;
import dev.hisabkitab.sync.observability.OutcomeTracing;
import dev.hisabkitab.sync.outcome.Outcome;

/**
 * Kafka records processed in parallel across keys and in order within a key, committed without gaps.
 *
 * <p>The consumer thread only hands each record to its key's lane ({@link #handOut}, step {@code hand-to-key-lane}
 * of routes/kafka-events.yaml) and goes on polling; up to {@code hisabkitab.kafka.max-in-flight} records are processed
 * at once (a {@link ProcessingSlot} each; {@link ProcessingPlaces}: and up to {@code hisabkitab.prepared-ahead}
 * more prepared meanwhile), each lane sending its records one by one to {@code direct:kafka-event}. A
 * record's last step ({@link #publish}) hands its outcome to {@link OutcomeTransactions}, which commits it in one Kafka
 * transaction with the partition's offset: each partition's {@link PartitionWatermark} gives the offset below which
 * every record is then done. Its slot is given back as soon as its outcome is made (process-event), so while its
 * completion is recorded and its transaction commits, the record's lane waits (the key's next record comes after it)
 * but another key's record calls HisabKitab meanwhile: C calls stay in flight however long those writes take.
 *
 * <p>A Kafka consumer may only be used by its own thread, so everything that touches it happens there: this is the
 * consumer listener of the route's {@code pausable} step, which Camel calls after every poll ({@link #afterConsume}):
 * it notes the group's generation (offsets are committed with it) and, while more than
 * {@code hisabkitab.kafka.max-buffered} records wait in the lanes, pauses the partitions (the consumer keeps polling,
 * so it stays in its group however long a record waits — for a refused key, or HisabKitab's retries). When Kafka takes
 * partitions away ({@link LaneRebalancing}), records not started are left to the new owner, the running ones are
 * waited for (their outcomes commit their offsets).
 *
 * <p>A record whose processing failed (its outcome could not be published or recorded) is tried again in its lane
 * after a growing delay: the records behind it with the same key wait, and nothing past it is committed.
 */
@ApplicationScoped
@Named("kafkaLanes")
public class KafkaLanes extends KafkaConsumerListener {

    private static final Logger LOG = Logger.getLogger(KafkaLanes.class);

    /** Where each record is processed: routes/kafka-events.yaml. */
    static final String RECORD_ROUTE = "direct:kafka-event";

    /** Reading the committed offsets of partitions just assigned (the consumer waits for open transactions). */
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(60);

    /** The exchange property of a record on its lane, a {@link LaneRecord} (kafka-events.yaml reads it). */
    public static final String LANE_RECORD = "hkLaneRecord";

    /** Where a lane's record came from (the outcome is committed with its offset: {@link #publish}). */
    record LaneRecord(TopicPartition partition, long offset, PartitionWatermark watermark) {

        /** The record as {@code topic/partition@offset}. */
        String name() {
            return partition.topic() + "/" + partition.partition() + "@" + offset;
        }
    }

    @Inject
    CamelContext camel;

    @Inject
    OutcomeTracing tracing;

    @Inject
    KafkaClients clients;

    @ConfigProperty(name = "hisabkitab.kafka.max-in-flight")
    int maxInFlight;

    @ConfigProperty(name = "hisabkitab.prepared-ahead", defaultValue = "32")
    int preparedAhead;

    @ConfigProperty(name = "hisabkitab.kafka.max-buffered")
    int maxBuffered;

    @ConfigProperty(name = "hisabkitab.kafka.revoke-wait")
    Duration revokeWait;

    @ConfigProperty(name = "hisabkitab.kafka.redo-delay")
    Duration redoDelay;

    @ConfigProperty(name = "hisabkitab.kafka.redo-max-delay")
    Duration redoMaxDelay;

    @ConfigProperty(name = "hisabkitab.kafka.group-id")
    String groupId;

    @ConfigProperty(name = "hisabkitab.kafka.transactional-id")
    Optional<String> transactionalId;

    /** The consumer's group.instance.id (routes/kafka-events.yaml), also naming the outcome producer. */
    @ConfigProperty(name = "hisabkitab.kafka.instance-id")
    Optional<String> instanceId;

    @ConfigProperty(name = "hisabkitab.kafka.transaction-timeout")
    Duration transactionTimeout;

    @ConfigProperty(name = "hisabkitab.kafka.commit-linger")
    Duration commitLinger;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    @ConfigProperty(name = "hisabkitab.topics.replies")
    String repliesTopic;

    @ConfigProperty(name = "hisabkitab.topics.dlq")
    String deadLetterTopic;

    private final Map<TopicPartition, PartitionWatermark> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private volatile boolean closed;
    /** The consumer's group metadata (generation, member), set on the consumer thread; null until it joined. */
    private volatile ConsumerGroupMetadata generation;
    /** Only read and written on the consumer thread. */
    private boolean pausedForRoom;
    private ExecutorService workers;
    /** A place per record being processed (max-in-flight + prepared-ahead), at most max-in-flight of them calling. */
    private ProcessingPlaces places;
    private KeyLanes lanes;
    private ProducerTemplate producer;
    private volatile OutcomeTransactions transactions;

    /** The pausable step's check (required by Camel; {@link #afterConsume} decides itself): room in the lanes. */
    @Produces
    @Named("kafkaLanesHaveRoom")
    Predicate<Object> haveRoom() {
        return ignored -> buffered.get() < maxBuffered;
    }

    /**
     * Step {@code hand-to-key-lane}, on the consumer thread: the record joins its key's lane and the thread goes on.
     * Takes the exchange because it hands the Camel exchange itself (a copy) to the lane, which sends it into
     * kafka-event later, on another thread.
     */
    public void handOut(Exchange exchange) {
        Message in = exchange.getMessage();
        TopicPartition partition = new TopicPartition(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class));
        long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
        PartitionWatermark watermark = partitions.computeIfAbsent(partition, p -> new PartitionWatermark());
        if (watermark.skipDoneEarlier(offset)) {
            LOG.debugf("Kafka record %s@%d was read again; its outcome is already out: skipped", partition, offset);
            // only its offset moves (nobody waits: if that fails, the committed metadata still names it done)
            transactions().publish(partition, offset, watermark, null);
            return;
        }
        if (!watermark.handOut(offset)) {
            LOG.debugf("Kafka record %s@%d is already in a lane (read again after a reconnect)", partition, offset);
            return;
        }
        Exchange record = exchange.copy();
        // the commit handle belongs to the consumer thread; offsets are committed with the outcomes (publish)
        record.getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT);
        record.setProperty(LANE_RECORD, new LaneRecord(partition, offset, watermark));
        buffered.incrementAndGet();
        try {
            lanes().submit(laneOf(partition, in.getHeader(KafkaConstants.KEY)),
                    () -> complete(partition, watermark, offset, record));
        } catch (RuntimeException e) {
            // the lanes are shut down (the connector stops): the offset stays open, so nothing past it is committed,
            // and the failure makes Camel reconnect (breakOnFirstError): the partition is read again from its commit
            buffered.decrementAndGet();
            throw e;
        }
    }

    /** The ordering key: the record's key within its topic; records without a key keep their partition's order. */
    static Object laneOf(TopicPartition partition, Object key) {
        return key == null ? partition : List.of(partition.topic(), key);
    }

    private void complete(TopicPartition partition, PartitionWatermark watermark, long offset, Exchange record) {
        long delay = redoDelay.toMillis();
        try {
            while (!stopping()) {
                Exception failure;
                // waiting for a slot is waiting in line: the record has not begun (a revoke leaves it to the new owner);
                // begun, one whose partition is taken away while it waits for a call place calls nothing either
                ProcessingSlot slot = places.take(() -> !watermark.abandoned());
                try {
                    // the wait for a slot can be long: a stop or a revoke meanwhile leaves the record to be read again
                    if (stopping() || !watermark.begin()) {
                        break;
                    }
                    try {
                        Exchange attempt = record.copy();
                        attempt.setProperty(PipelineKeys.PROCESSING_SLOT, slot);
                        producer().send(RECORD_ROUTE, attempt);
                        failure = attempt.getException();
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    try {
                        if (failure == null) {
                            // done: the outcome committer marked it with its transaction
                            return;
                        }
                    } finally {
                        watermark.end();
                    }
                } finally {
                    slot.release();
                }
                if (stopping()) {
                    break;
                }
                LOG.warnf("Kafka record %s@%d could not be completed (%s); the records behind it with the same key"
                        + " wait, trying again in %d ms", partition, offset, failure.getMessage(), delay);
                Thread.sleep(delay);
                delay = Math.min(delay * 2, redoMaxDelay.toMillis());
            }
            LOG.infof("Kafka record %s@%d left unfinished (%s): it is read again", partition, offset,
                    watermark.abandoned() ? "its partition went to another consumer" : "the connector stops");
        } catch (InterruptedException e) {
            LOG.infof("Kafka record %s@%d left unfinished (interrupted): it is read again", partition, offset);
        } finally {
            buffered.decrementAndGet();
            // a lane thread is interrupted to end one record's wait (revoked partition): not the next record's
            Thread.interrupted();
        }
    }

    /**
     * Step {@code kafka-record-event}: the event of a record on its lane, before it is read: where it is
     * ({@code topic/partition@offset}), the key its outcome is published with, and since when this replica owns its
     * partition (completions recorded before then must be seen).
     */
    public EventContext eventOf(LaneRecord lane, Object key) {
        return EventContext.ofKafkaRecord(lane.name(), key == null ? null : key.toString(), lane.watermark().ownedSince());
    }

    /**
     * Step {@code publish-outcome-with-offset}, last of a record on its lane: the outcome ({@code record}, made by
     * {@code outcomes.toRecord}) onto the reply or dead-letter topic in the same Kafka transaction as the record's
     * offset; returns once both are committed. A failure fails the attempt: the lane tries the record again.
     */
    public void publish(LaneRecord lane, Outcome made, String key, String record) throws InterruptedException {
        boolean deadLetter = made != null && made.failed();
        ProducerRecord<String, String> outcome = new ProducerRecord<>(deadLetter ? deadLetterTopic : repliesTopic, key,
                record);
        Span span = tracing.publishing(outcome);
        try {
            // the record's slot is free already (process-event, leave-processing-slot): its lane waits for the
            // commit without keeping another key's record waiting
            transactions().publish(lane.partition(), lane.offset(), lane.watermark(), outcome).get();
        } catch (ExecutionException e) {
            span.setStatus(StatusCode.ERROR, e.getCause().getMessage());
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            span.end();
        }
    }

    /** After every poll, on the consumer thread: note the group's generation, pause while the lanes are full. */
    @Override
    public boolean afterConsume(Object polled) {
        Consumer<?, ?> consumer = (Consumer<?, ?>) polled;
        noteGeneration(consumer);
        if (buffered.get() >= maxBuffered) {
            // every time: a rebalance may have brought partitions not paused yet
            consumer.pause(consumer.assignment());
            pausedForRoom = true;
        } else if (pausedForRoom && buffered.get() <= maxBuffered / 2) {
            // only what the lanes paused (Camel pauses a suspended route's consumer itself)
            consumer.resume(consumer.assignment());
            pausedForRoom = false;
        }
        return true;
    }

    /** A failed record is tried again in its lane: the consumer never stops or seeks for it. */
    @Override
    public boolean afterProcess(ProcessingResult result) {
        return true;
    }

    /** After every poll, on the consumer thread: outcomes are committed with the group's current generation. */
    private void noteGeneration(Consumer<?, ?> consumer) {
        generation = consumer.groupMetadata();
    }

    /**
     * Partitions assigned, on the consumer thread: outcomes are committed with the group's new generation (Kafka
     * refuses offsets of a member that lost its partitions), and each partition learns from its committed offset
     * which later records an earlier owner already finished ({@link DoneAhead}), to skip them.
     */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> given) {
        noteGeneration(consumer);
        if (given.isEmpty()) {
            return;
        }
        // reading the committed offsets waits for a transaction a crashed predecessor left open: the outcome producer
        // starts now and aborts it (same transactional id), instead of with the first outcome after that read
        startTransactions();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(new HashSet<>(given), COMMITTED_TIMEOUT);
        } catch (RuntimeException e) {
            // without them records finished past the offsets would be published again: Camel reconnects and retries
            throw new KafkaException("Could not read the committed offsets of " + given + ": " + e.getMessage(), e);
        }
        for (TopicPartition partition : given) {
            OffsetAndMetadata offset = committed.get(partition);
            DoneAhead earlier = offset == null ? DoneAhead.none(0) : DoneAhead.decode(offset.offset(), offset.metadata());
            partitions.put(partition, new PartitionWatermark(earlier));
            if (earlier.end() > earlier.offset() + 1) {
                LOG.debugf("Partition %s assigned at %d; records up to %d done earlier except %s", partition,
                        earlier.offset(), earlier.end(), earlier.open());
            }
        }
    }

    /**
     * Kafka takes partitions away: leave what has not started, wait for what runs (their outcomes commit their
     * offsets), then for the transaction being committed; later outcomes of these partitions are dropped.
     */
    void revoked(Collection<TopicPartition> taken) {
        long deadline = System.nanoTime() + revokeWait.toNanos();
        for (TopicPartition partition : taken) {
            PartitionWatermark watermark = partitions.get(partition);
            if (watermark == null) {
                continue;
            }
            int open = watermark.abandon();
            try {
                if (!watermark.awaitIdle(deadline)) {
                    LOG.warnf("Kafka took partition %s while a record of it still ran after %s; it is interrupted and"
                            + " left to the new owner (if its completion was recorded by then, it answers duplicate)",
                            partition, revokeWait);
                    watermark.interruptRunning();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("Partition %s revoked with %d records open", partition, open);
        }
        // the running records' outcomes are in (or they were interrupted): nothing more of these partitions goes out
        for (TopicPartition partition : taken) {
            PartitionWatermark watermark = partitions.get(partition);
            if (watermark != null) {
                watermark.gone();
            }
        }
        try {
            if (transactions != null && !transactions.settle(deadline + TimeUnit.SECONDS.toNanos(15))) {
                LOG.warnf("Partitions %s revoked while outcomes were still being committed", taken);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        taken.forEach(partitions::remove);
    }

    /** Kafka took partitions away without a chance to commit (the consumer lost its membership). */
    void lost(Collection<TopicPartition> gone) {
        for (TopicPartition partition : gone) {
            PartitionWatermark watermark = partitions.remove(partition);
            if (watermark != null) {
                watermark.gone();
            }
        }
    }

    private boolean stopping() {
        // not "!isStarted()": records can arrive while the context is still starting
        return closed || camel.isStopping() || camel.isStopped();
    }

    private synchronized KeyLanes lanes() {
        if (lanes == null) {
            // an unbounded queue (one entry per lane waiting for a thread, at most max-buffered + a poll's records):
            // Camel's default thread pool profile would run an overflowing lane on the consumer thread
            // a thread per place and as many again for lanes whose record waits for its completion and its
            // transaction (they hold no processing slot); threads start as lanes need them
            places = new ProcessingPlaces(maxInFlight, preparedAhead);
            workers = new ThreadPoolExecutor(places.threads(), places.threads(), 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), KeyLanes.threads("hisabkitab-lane-"),
                    new ThreadPoolExecutor.AbortPolicy());
            lanes = new KeyLanes(workers);
        }
        return lanes;
    }

    private synchronized void startTransactions() {
        if (!closed) {
            transactions();
        }
    }

    private synchronized OutcomeTransactions transactions() {
        if (transactions == null) {
            if (closed) {
                throw new IllegalStateException("The connector stops; the record is read again");
            }
            transactions = new OutcomeTransactions(this::outcomeProducer, () -> generation, maxBuffered, commitLinger);
        }
        return transactions;
    }

    /** The transactional producer of outcomes ({@link #transactionalId}). */
    private Producer<String, String> outcomeProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(transactionalId, groupId, instanceId,
                () -> hostName() + "-" + (httpPort > 0 ? httpPort : "pid" + ProcessHandle.current().pid())));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // a transaction right after another waits for the markers of the one before (the broker answers "concurrent
        // transactions", retried after this backoff): Kafka's 100 ms default would add that to every batch
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return clients.producer("outcomes", p);
    }

    /**
     * The outcome producer's transactional id: the one configured, else one that stays the same for the process and
     * across restarts in the same place, so a producer made anew, or the connector restarted, aborts what the previous
     * one left open instead of leaving read_committed readers waiting for the transaction timeout: from the instance
     * id (a restarted pod keeps its name), else from the place — host name and HTTP port (two connectors on one host
     * cannot share a port), or the PID with a random port.
     */
    static String transactionalId(Optional<String> configured, String groupId, Optional<String> instanceId,
            Supplier<String> place) {
        return configured.filter(id -> !id.isBlank())
                .orElseGet(() -> groupId + "-outcomes-" + instanceId.filter(id -> !id.isBlank()).orElseGet(place));
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return host;
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (workers != null) {
            // the records running end by themselves (Camel's shutdown waited for them); the queued ones are read again
            workers.shutdown();
        }
        if (transactions != null) {
            transactions.close();
        }
    }
}

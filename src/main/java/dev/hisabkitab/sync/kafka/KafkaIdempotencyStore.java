package dev.hisabkitab.sync.kafka;

import dev.hisabkitab.sync.idempotency.CompletedEvent;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.idempotency.IdempotencyStoreException;
import dev.hisabkitab.sync.idempotency.IndexedStore;
import dev.hisabkitab.sync.idempotency.RocksCompletedIndex;
import dev.hisabkitab.sync.idempotency.WriteIntent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The idempotency store with Kafka: a compacted topic (key {@link EventKey#text()}, value
 * {@link CompletedEvent#toJson()}, or {@link WriteIntent#toJson()} with header {@value #INTENT_HEADER} before the
 * event completes) that every replica reads whole into memory and keeps following.
 *
 * <ul>
 * <li>{@link #open()} creates the topic when it is missing ({@code cleanup.policy=compact}, the broker's default
 * partitions-of-one and replication), then reads it from the beginning up to the end offsets it had when the read
 * began; only then does the application configure and start its routes. A restarted replica, or another one, thus
 * starts knowing every id recorded before it started.</li>
 * <li>A background consumer (its own thread, no consumer group: it is assigned every partition) keeps the map
 * current with what other replicas record.</li>
 * <li>{@link #find} of a key not known locally first catches up: it asks the brokers for the topic's end offsets and
 * waits until the background consumer has read that far. An id recorded by another replica before this look-up
 * began is therefore seen. {@link #find(EventKey, long)} (a Kafka record's look-up) needs only what was recorded
 * before its partition was assigned — e.g. the last events the previous owner completed but had not committed yet —
 * so one catch-up after each assignment serves all the partition's records, not one per record.</li>
 * <li>{@link #record} and {@link #recordIntent} return once the record is acknowledged by all in-sync replicas
 * ({@code acks=all}, idempotent producer).</li>
 * <li>With an index directory ({@code hisabkitab.idempotency.dir}) the completed events are kept there on disk
 * ({@link RocksCompletedIndex}), not in the heap, together with the open intents and the offsets the follower has
 * applied (its checkpoint, written after the records it covers: a crash re-applies a few, which changes nothing). A
 * restart then reads only the topic's tail after the checkpoint. An index made from another topic or cluster (their
 * ids differ) is deleted and rebuilt from the topic's beginning, as is a missing one (a new replica).</li>
 * </ul>
 */
public final class KafkaIdempotencyStore extends IndexedStore {

    private static final Logger LOG = Logger.getLogger(KafkaIdempotencyStore.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** The header marking a {@link WriteIntent} record (a completion has none). */
    static final String INTENT_HEADER = "hk-intent";
    private static final int DELIVERY_TIMEOUT_MS = 30_000;
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);

    /** The index's named values: which topic (cluster id/topic id) it copies, and per partition the next offset. */
    static final String IDENTITY = "kafka.topic";
    static final String CHECKPOINT = "kafka.next-offset/";

    private final KafkaClients clients;
    private final Path indexDir;
    /** The offsets last written as the checkpoint; follower thread only. */
    private final Map<TopicPartition, Long> checkpointed = new HashMap<>();
    private RocksCompletedIndex diskIndex;
    private final String topic;
    private final Duration startTimeout;
    private final Duration readTimeout;
    private final Object endOffsetsLock = new Object();
    /** Callers waiting for the next end-offsets request; guarded by endOffsetsLock. */
    private CompletableFuture<Map<TopicPartition, Long>> nextEndOffsets;
    private boolean endOffsetsInFlight;
    /** Everything recorded before this {@link System#nanoTime()} has been read; written under {@code read}. */
    private volatile long caughtUpFrom = System.nanoTime() - Long.MAX_VALUE / 2;
    private final AtomicLong endOffsetRequests = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();

    private Admin admin;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread follower;
    private volatile boolean closing;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile RuntimeException followerFailure;
    private List<TopicPartition> partitions = List.of();
    /** Next offset the follower will read, per partition; guarded by itself, notified after every poll. */
    private final Map<TopicPartition, Long> read = new HashMap<>();

    /**
     * @param startTimeout how long {@link #open()} may take (topic creation and the first full read)
     * @param readTimeout how long {@link #find} waits for the local copy to catch up with the topic
     */
    public KafkaIdempotencyStore(KafkaClients clients, String topic, Duration startTimeout, Duration readTimeout) {
        this(clients, topic, startTimeout, readTimeout, null);
    }

    /** @param indexDir where the completed events are kept on disk; {@code null}: in the heap, read whole at start */
    public KafkaIdempotencyStore(KafkaClients clients, String topic, Duration startTimeout, Duration readTimeout,
            Path indexDir) {
        this.clients = clients;
        this.indexDir = indexDir;
        this.topic = topic;
        this.startTimeout = startTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public synchronized void open() {
        if (follower != null) {
            return;
        }
        // settings refused are refused here, as they are
        String brokers = clients.config().brokers();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            admin = clients.admin("completed-admin", adminConfig());
            createTopicIfMissing(deadline);
            TopicDescription description = describe(deadline);
            partitions = description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> from = indexDir == null ? Map.of()
                    : openIndex(clusterId(deadline) + "/" + description.topicId());
            producer = clients.producer("completed-producer", producerConfig());
            consumer = clients.consumer("completed-follower", consumerConfig());
            consumer.assign(partitions);
            for (TopicPartition p : partitions) {
                Long next = from.get(p);
                if (next != null) {
                    // (an offset the topic no longer has is reset to its beginning: auto.offset.reset=earliest)
                    consumer.seek(p, next);
                } else {
                    consumer.seekToBeginning(List.of(p));
                }
            }
            checkpointed.putAll(from);
            synchronized (read) {
                partitions.forEach(p -> read.put(p, from.getOrDefault(p, 0L)));
            }
            follower = new Thread(this::follow, "hisabkitab-completed-events");
            follower.setDaemon(true);
            follower.start();
            catchUp(remaining(deadline));
        } catch (RuntimeException e) {
            close();
            throw new IdempotencyStoreException("Cannot load the completed events from Kafka topic " + topic + " ("
                    + brokers + ") within " + startTimeout + ": " + e.getMessage(), e);
        }
        LOG.infof("Completed events: %d known, recorded in Kafka topic %s%s", size(), topic,
                indexDir == null ? "" : ", indexed in " + diskIndex.dir());
    }

    /**
     * Opens the index in {@link #indexDir}, deleting one made from another topic; the offsets to go on from (none for
     * a partition to read from its beginning).
     */
    private Map<TopicPartition, Long> openIndex(String identity) {
        RocksCompletedIndex index = RocksCompletedIndex.open(indexDir, false);
        String had = index.meta(IDENTITY).orElse(null);
        if (!identity.equals(had)) {
            if (had != null || index.size() > 0) {
                LOG.infof("Completed-events index %s was made from %s, not %s (topic %s): rebuilt from the topic",
                        indexDir, had, identity, topic);
                index.close();
                RocksCompletedIndex.delete(indexDir);
                index = RocksCompletedIndex.open(indexDir, false);
            }
            index.apply(List.of(), List.of(), Map.of(IDENTITY, identity));
        }
        diskIndex = index;
        useIndex(index);
        loadIntentsFromIndex();
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition p : partitions) {
            index.meta(CHECKPOINT + p.partition()).ifPresent(next -> from.put(p, Long.parseLong(next)));
        }
        LOG.infof("Completed-events index %s: %d known, going on from offsets %s", indexDir, index.size(), from);
        return from;
    }

    private String clusterId(long deadline) {
        try {
            return admin.describeCluster().clusterId().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IdempotencyStoreException("cannot describe the cluster: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IdempotencyStoreException("no answer from the brokers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyStoreException("interrupted", e);
        }
    }

    /** Writes the offsets the follower has applied up to, when they moved (records first, then this). */
    private void checkpoint(Map<TopicPartition, Long> positions) {
        if (diskIndex == null || checkpointed.equals(positions)) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        positions.forEach((p, next) -> values.put(CHECKPOINT + p.partition(), Long.toString(next)));
        diskIndex.apply(List.of(), List.of(), values);
        checkpointed.clear();
        checkpointed.putAll(positions);
    }

    /** An admin call that fails with a retriable error (topic metadata not yet everywhere) is made again. */
    private interface AdminCall<T> {
        T call() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private <T> T untilKnown(long deadline, AdminCall<T> call)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            try {
                return call.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || remainingMillis(deadline) <= 100) {
                    throw e;
                }
                Thread.sleep(100); // backoff between metadata queries, bounded by the start deadline
            }
        }
    }

    private void createTopicIfMissing(long deadline) {
        try {
            if (!admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS).contains(topic)) {
                // partitions and replication: the cluster's defaults (a single-broker test cluster has replication 1)
                NewTopic compacted = new NewTopic(topic, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    admin.createTopics(List.of(compacted)).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                    LOG.infof("Created the compacted topic %s for completed events", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another replica was quicker
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            // a topic just created may not be known to every broker yet: ask again until the deadline
            Config config = untilKnown(deadline, () -> admin.describeConfigs(List.of(resource)).all()
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).get(resource));
            var policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warnf("Topic %s has cleanup.policy=%s: completed events will be lost when it deletes old "
                        + "segments; set cleanup.policy=compact", topic, policy == null ? "?" : policy.value());
            }
        } catch (ExecutionException e) {
            throw new IdempotencyStoreException("cannot create or describe topic " + topic + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IdempotencyStoreException("no answer from the brokers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyStoreException("interrupted", e);
        }
    }

    private TopicDescription describe(long deadline) {
        try {
            return untilKnown(deadline, () -> admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).get(topic));
        } catch (ExecutionException e) {
            throw new IdempotencyStoreException("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IdempotencyStoreException("no answer from the brokers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyStoreException("interrupted", e);
        }
    }

    /**
     * The follower thread: the only user of {@link #consumer}. A failure (brokers unreachable, …) does not stop it:
     * it is logged when it changes and the next poll tries again; meanwhile look-ups of unknown ids time out
     * ({@code read-timeout}) naming it.
     */
    private void follow() {
        try {
            while (!closing) {
                try {
                    // a poll's completions go into the index in one batch (a new replica's rebuild of millions of
                    // ids is bound by the index's writes); applied before the positions below say they are read
                    Loading batch = loading();
                    for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                        apply(r, batch);
                    }
                    batch.flush();
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    for (TopicPartition p : partitions) {
                        positions.put(p, consumer.position(p, POSITION_TIMEOUT));
                    }
                    checkpoint(positions);
                    synchronized (read) {
                        read.putAll(positions);
                        read.notifyAll();
                    }
                    if (followerFailure != null) {
                        LOG.infof("Following Kafka topic %s again", topic);
                        followerFailure = null;
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (closing) {
                        break;
                    }
                    RuntimeException previous = followerFailure;
                    followerFailure = e;
                    if (previous == null || !String.valueOf(previous.getMessage()).equals(String.valueOf(e.getMessage()))) {
                        LOG.warnf("Reading Kafka topic %s failed, trying again: %s", topic, e.toString());
                    }
                    synchronized (read) {
                        read.notifyAll();
                    }
                    pauseAfterFailure();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            synchronized (read) {
                read.notifyAll();
            }
        }
    }

    /** A second between failed attempts, cut short by {@link #close()}. */
    private void pauseAfterFailure() {
        try {
            closed.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private void apply(ConsumerRecord<String, String> r, Loading batch) {
        recordsRead.incrementAndGet();
        EventKey key = EventKey.parse(r.key());
        if (key == null) {
            LOG.warnf("Ignoring a record without an event key in %s at %d/%d", topic, r.partition(), r.offset());
            return;
        }
        if (r.value() == null) {
            batch.flush(); // in order: what came before the tombstone first
            removed(key); // a tombstone: the id was forgotten on purpose
            return;
        }
        boolean intent = r.headers().lastHeader(INTENT_HEADER) != null;
        if (intent) {
            batch.flush(); // an intent is judged against every completion before it
        }
        // its own completion read back (or another replica's for an id completed here too, or one earlier in this
        // batch): nothing new. An intent of a key completed, or with an intent known (its own read back: an event's
        // tries run on one replica at a time), is not parsed either; it must not mark a completion durable that is
        // still being written.
        if (intent ? known(key).isPresent() || intent(key).isPresent() : batch.has(key) || loadedKnown(key)) {
            return;
        }
        try {
            if (intent) {
                loaded(r.value());
            } else {
                batch.line(r.value());
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a damaged record in %s at %d/%d", topic, r.partition(), r.offset());
        }
    }

    @Override
    public Optional<CompletedEvent> find(EventKey key) {
        // anything recorded before now: only a catch-up that began later (another caller's) is enough
        return find(key, System.nanoTime());
    }

    @Override
    public Optional<CompletedEvent> find(EventKey key, long since) {
        Optional<CompletedEvent> local = known(key);
        if (local.isPresent() || caughtUpFrom - since >= 0) {
            return local;
        }
        catchUp(readTimeout);
        return known(key);
    }

    /** Waits until the follower has read everything the topic held when this call began. */
    private void catchUp(Duration timeout) {
        long asked = System.nanoTime();
        long deadline = asked + timeout.toNanos();
        Map<TopicPartition, Long> end = endOffsets(deadline);
        synchronized (read) {
            while (!reached(end)) {
                if (closing) {
                    throw new IdempotencyStoreException("The completed-events store is closed");
                }
                long wait = remainingMillis(deadline);
                if (wait <= 0) {
                    RuntimeException failure = followerFailure;
                    throw new IdempotencyStoreException("Could not read Kafka topic " + topic + " up to its end within "
                            + timeout + (failure == null ? "" : ": " + failure), failure);
                }
                try {
                    read.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IdempotencyStoreException("interrupted while reading topic " + topic, e);
                }
            }
            // everything recorded before `asked` has been read (the end offsets were asked for after it)
            if (asked - caughtUpFrom > 0) {
                caughtUpFrom = asked;
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /**
     * The topic's end offsets from a request sent after this call began. Concurrent callers share requests (at most
     * one in flight, the callers that came meanwhile wait for the next one): many events looked up at once cost a few
     * requests, not one each.
     */
    private Map<TopicPartition, Long> endOffsets(long deadline) {
        CompletableFuture<Map<TopicPartition, Long>> mine;
        synchronized (endOffsetsLock) {
            if (nextEndOffsets == null) {
                nextEndOffsets = new CompletableFuture<>();
            }
            mine = nextEndOffsets;
            if (!endOffsetsInFlight) {
                requestEndOffsets();
            }
        }
        try {
            return mine.get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            if (cause instanceof IdempotencyStoreException closed) {
                throw closed;
            }
            throw new IdempotencyStoreException("Cannot read the end offsets of " + topic + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new IdempotencyStoreException("No end offsets of " + topic + " from the brokers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyStoreException("interrupted", e);
        }
    }

    /** Records the follower has read from the topic since {@link #open()} (tests: a checkpoint spares the rest). */
    long recordsRead() {
        return recordsRead.get();
    }

    /** End-offset requests sent so far (tests: look-ups at once share them). */
    long endOffsetRequests() {
        return endOffsetRequests.get();
    }

    /** Sends the request for the callers waiting now; guarded by {@link #endOffsetsLock}. */
    private void requestEndOffsets() {
        CompletableFuture<Map<TopicPartition, Long>> waiting = nextEndOffsets;
        nextEndOffsets = null;
        Admin a = admin;
        if (a == null) {
            waiting.completeExceptionally(new IdempotencyStoreException("The completed-events store is closed"));
            return;
        }
        endOffsetsInFlight = true;
        endOffsetRequests.incrementAndGet();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        try {
            a.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis())))
                    .all().whenComplete((offsets, failure) -> {
                        if (failure != null) {
                            waiting.completeExceptionally(failure);
                        } else {
                            Map<TopicPartition, Long> end = new HashMap<>();
                            offsets.forEach((p, info) -> end.put(p, info.offset()));
                            waiting.complete(end);
                        }
                        synchronized (endOffsetsLock) {
                            endOffsetsInFlight = false;
                            if (nextEndOffsets != null) {
                                requestEndOffsets();
                            }
                        }
                    });
        } catch (RuntimeException e) {
            // not sent: the callers waiting for it fail now (not at their timeout), the next caller sends again
            endOffsetsInFlight = false;
            waiting.completeExceptionally(e);
        }
    }

    @Override
    protected void write(CompletedEvent event) {
        send(new ProducerRecord<>(topic, event.key().text(), event.toJson()), "completed event " + event.key());
    }

    @Override
    protected void writeForgotten(java.util.Collection<EventKey> keys) {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            throw new IdempotencyStoreException("The completed-events store is not open");
        }
        // tombstones (null values): compaction removes the id from the topic, every replica's follower forgets it
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>(keys.size());
        for (EventKey key : keys) {
            sent.add(p.send(new ProducerRecord<>(topic, key.text(), null)));
        }
        try {
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(DELIVERY_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IdempotencyStoreException("Cannot tombstone forgotten ids in topic " + topic + ": "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IdempotencyStoreException("No acknowledgement for tombstones in " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyStoreException("interrupted tombstoning forgotten ids", e);
        }
    }

    @Override
    protected void writeIntent(WriteIntent intent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, intent.key().text(), intent.toJson());
        // marked, so a reader tells it from a completion without parsing it
        record.headers().add(INTENT_HEADER, new byte[] { 1 });
        send(record, "write intent of " + intent.key());
    }

    private void send(ProducerRecord<String, String> record, String what) {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            throw new IdempotencyStoreException("The completed-events store is not open");
        }
        try {
            // acks=all: returns once every in-sync replica has the record
            p.send(record).get(DELIVERY_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IdempotencyStoreException("Cannot record " + what + " in topic " + topic
                    + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IdempotencyStoreException("No acknowledgement recording " + what + " in " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyStoreException("interrupted recording " + what, e);
        }
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(15_000, startTimeout.toMillis())));
        return p;
    }

    private static Map<String, Object> producerConfig() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // one write in flight: the completions of events finishing meanwhile go together in the next one, so many
        // events at once cost few broker requests (and few wake-ups of every follower), without a linger when idle
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT_MS));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return p;
    }

    private static Map<String, Object> consumerConfig() {
        // assigned, not subscribed: no group, no commits; every replica reads every partition from the start
        return Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofMillis(Math.max(1, remainingMillis(deadline)));
    }

    public String topic() {
        return topic;
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic;
    }

    @Override
    public synchronized void close() {
        closing = true;
        closed.countDown();
        Thread f = follower;
        follower = null;
        if (f != null) {
            consumer.wakeup();
            try {
                f.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null && (f == null || !f.isAlive())) {
            consumer.close(Duration.ofSeconds(5));
        }
        consumer = null;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
        // after the follower stopped: nothing writes to it any more
        if (diskIndex != null && (f == null || !f.isAlive())) {
            diskIndex.close();
            diskIndex = null;
        }
        synchronized (read) {
            read.notifyAll();
        }
    }
}

package dev.hisabkitab.sync.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.business.NumberClaims;
import dev.hisabkitab.sync.business.NumberSequence;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * Document numbers claimed across replicas through one Kafka topic partition, which every replica follows.
 *
 * <p>To take a number: the candidate is the later of the number asked from ({@code from}: HisabKitab's next) and the
 * one after the highest claimed number of the series read so far, stepping over numbers held by intents or claimed
 * by another event; the claim (company, series, number, event, claimant) is produced ({@code acks=all}) and this
 * replica waits until its own follower has read up to that record. The follower has then read every claim that came
 * before it: the first claim of a number in the partition wins, and every replica decides alike because they read
 * the same order. A claim that lost tries the number after. An event that won a number before (its claim read back
 * after a crash) keeps that number.
 *
 * <p>All claims go to partition 0 (the topic is made with one): one total order however many partitions an operator
 * gives the topic, and one partition carries far more claims a second than HisabKitab books documents. The topic
 * deletes by time ({@code retention}): a claim is needed only until its event records its write-ahead intent (then
 * {@code HeldNumbers} keeps the number) or its document is booked (then HisabKitab's next number is past it). The
 * follower starts at the first claim within the retention and forgets claims older than it, so every replica
 * knows the same recent claims.
 */
public final class KafkaNumberClaims implements NumberClaims, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaNumberClaims.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);
    private static final int PARTITION = 0;

    private final KafkaClients clients;
    private final String topic;
    private final TopicPartition partition;
    private final Duration retention;
    private final Duration timeout;
    private final String claimant;

    private Admin admin;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread follower;
    private volatile boolean closing;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile RuntimeException followerFailure;

    /** What the follower has read; guarded by itself, notified after every poll. */
    private final Object state = new Object();
    private final Map<String, SeriesClaims> series = new HashMap<>();
    /** The claims applied, oldest first, to forget them after the retention. */
    private final ArrayDeque<Applied> byAge = new ArrayDeque<>();
    /** The next offset the follower reads: every claim before it has been applied. */
    private long readUpTo = -1;

    /** One series' claims within the retention. */
    private static final class SeriesClaims {
        /** Number → the event whose claim of it came first. */
        final Map<String, String> first = new HashMap<>();
        /** Event → the number it won (its first claim that came first for its number). */
        final Map<String, String> won = new HashMap<>();
        /** The highest number claimed (kept after the claims are forgotten: one per series). */
        String highest;
        /** Numbers this replica's threads are claiming now: the others step over them instead of racing them. */
        final java.util.Set<String> pending = new java.util.HashSet<>();
    }

    private record Applied(long timestamp, String series, String number, String event) {
    }

    /**
     * @param retention how long a claim is kept (the topic's {@code retention.ms} when it creates it)
     * @param timeout how long one number may take: the claims' acknowledgement and read-back, losses included
     * @param claimant this replica's name in its claims (for people reading the topic; decisions go by event)
     */
    public KafkaNumberClaims(KafkaClients clients, String topic, Duration retention, Duration timeout, String claimant) {
        this.clients = clients;
        this.topic = topic;
        this.partition = new TopicPartition(topic, PARTITION);
        this.retention = retention;
        this.timeout = timeout;
        this.claimant = claimant;
    }

    /** Creates the topic when missing and starts following it from the first claim within the retention. */
    public synchronized KafkaNumberClaims open(Duration startTimeout) {
        if (follower != null) {
            return this;
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            admin = clients.admin("claims-admin", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(15_000, startTimeout.toMillis()))));
            createTopicIfMissing(deadline);
            producer = clients.producer("claims-producer", producerConfig());
            consumer = clients.consumer("claims-follower", Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
            consumer.assign(List.of(partition));
            // an explicit offset, not seekToEnd (resolved lazily at the first poll: a claim written before it, this
            // replica's own included, would never be read). The end is asked first: a claim written after it is read.
            long end = consumer.endOffsets(List.of(partition), remaining(deadline)).get(partition);
            long since = System.currentTimeMillis() - retention.toMillis();
            OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, since), remaining(deadline)).get(partition);
            consumer.seek(partition, start != null ? Math.min(start.offset(), end) : end);
            follower = new Thread(this::follow, "hisabkitab-number-claims");
            follower.setDaemon(true);
            follower.start();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot follow the number claims in Kafka topic " + topic + " within "
                    + startTimeout + ": " + e.getMessage(), e);
        }
        LOG.infof("Document numbers are claimed in Kafka topic %s (claims kept %s) as %s", topic, retention, claimant);
        return this;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String claim(String company, String seriesName, String eventId, String from, Predicate<String> held) {
        String key = key(company, seriesName);
        long deadline = System.nanoTime() + timeout.toNanos();
        String candidate;
        synchronized (state) {
            SeriesClaims s = series.get(key);
            String mine = s == null ? null : s.won.get(eventId);
            if (mine != null) {
                return mine; // this event's claim, read back after a crash or an earlier try
            }
            candidate = s == null || s.highest == null ? from : NumberSequence.later(from, NumberSequence.next(s.highest));
        }
        int lost = 0;
        while (true) {
            candidate = free(key, eventId, candidate, held);
            try {
                long offset = produce(company, seriesName, candidate, eventId, deadline);
                awaitRead(offset, deadline);
            } finally {
                synchronized (state) {
                    series.get(key).pending.remove(candidate);
                }
            }
            synchronized (state) {
                SeriesClaims s = series.get(key);
                String mine = s.won.get(eventId);
                if (mine != null) {
                    if (lost > 0) {
                        LOG.debugf("Number %s of %s/%s for event %s after %d claims lost to other replicas", mine,
                                company, seriesName, eventId, lost);
                    }
                    return mine;
                }
                lost++;
                String after = NumberSequence.next(candidate);
                candidate = s.highest == null ? after : NumberSequence.later(after, NumberSequence.next(s.highest));
            }
        }
    }

    /**
     * The first number from {@code candidate} on that no intent holds, no other event has claimed and no other thread
     * of this replica is claiming; marked as being claimed (pending) by this one.
     */
    private String free(String key, String eventId, String candidate, Predicate<String> held) {
        while (true) {
            if (!held.test(candidate)) {
                synchronized (state) {
                    SeriesClaims s = series.computeIfAbsent(key, k -> new SeriesClaims());
                    String claimedBy = s.first.get(candidate);
                    if ((claimedBy == null || claimedBy.equals(eventId)) && s.pending.add(candidate)) {
                        return candidate;
                    }
                }
            }
            candidate = NumberSequence.next(candidate);
        }
    }

    @Override
    public Optional<String> highestClaimed(String company, String seriesName) {
        synchronized (state) {
            SeriesClaims s = series.get(key(company, seriesName));
            return Optional.ofNullable(s == null ? null : s.highest);
        }
    }

    private long produce(String company, String seriesName, String number, String eventId, long deadline) {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            throw unavailable("the number-claims topic is not open", null);
        }
        ObjectNode claim = Json.mapper().createObjectNode().put("company", company).put("series", seriesName)
                .put("number", number).put("event", eventId).put("claimant", claimant);
        try {
            RecordMetadata sent = p.send(new ProducerRecord<>(topic, PARTITION, recordKey(company, seriesName), claim.toString()))
                    .get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            return sent.offset();
        } catch (ExecutionException e) {
            throw unavailable("the claim of " + seriesName + " number " + number + " was not written: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("no acknowledgement of the claim of " + seriesName + " number " + number + " within "
                    + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted claiming " + seriesName + " number " + number, e);
        }
    }

    /** Waits until the follower has applied the claim at {@code offset} (and so every claim before it). */
    private void awaitRead(long offset, long deadline) {
        synchronized (state) {
            while (readUpTo <= offset) {
                if (closing) {
                    throw unavailable("the number-claims topic is closed", null);
                }
                long wait = remainingMillis(deadline);
                if (wait <= 0) {
                    RuntimeException failure = followerFailure;
                    throw unavailable("the claim at offset " + offset + " was not read back within " + timeout
                            + (failure == null ? "" : ": " + failure), failure);
                }
                try {
                    state.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unavailable("interrupted waiting for a number claim", e);
                }
            }
        }
    }

    private EventFailure unavailable(String why, Throwable cause) {
        // retried: no number is guessed without a decided claim, nothing is sent to HisabKitab
        return EventFailure.unavailable(null, "Could not claim a document number in Kafka topic " + topic + ": " + why
                + " (nothing was sent)", null, cause);
    }

    private void follow() {
        try {
            while (!closing) {
                try {
                    var records = consumer.poll(POLL);
                    long position = consumer.position(partition, POSITION_TIMEOUT);
                    synchronized (state) {
                        for (ConsumerRecord<String, String> r : records) {
                            apply(r);
                        }
                        forgetOlderThan(System.currentTimeMillis() - retention.toMillis());
                        readUpTo = position;
                        state.notifyAll();
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
                    pauseAfterFailure();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            synchronized (state) {
                state.notifyAll();
            }
        }
    }

    /** Applies one claim (under {@link #state}): the first claim of a number wins it. */
    private void apply(ConsumerRecord<String, String> r) {
        if (r.timestamp() < System.currentTimeMillis() - retention.toMillis()) {
            return; // as forgotten as on a replica that read it earlier
        }
        String company;
        String seriesName;
        String number;
        String event;
        try {
            JsonNode claim = Json.mapper().readTree(r.value());
            company = claim.path("company").asText(null);
            seriesName = claim.path("series").asText(null);
            number = claim.path("number").asText(null);
            event = claim.path("event").asText(null);
        } catch (Exception e) {
            company = null;
            seriesName = null;
            number = null;
            event = null;
        }
        if (company == null || seriesName == null || number == null || event == null) {
            LOG.warnf("Ignoring a damaged number claim in %s at %d/%d", topic, r.partition(), r.offset());
            return;
        }
        String key = key(company, seriesName);
        SeriesClaims s = series.computeIfAbsent(key, k -> new SeriesClaims());
        String first = s.first.putIfAbsent(number, event);
        if (first == null || first.equals(event)) {
            s.won.putIfAbsent(event, number);
        }
        s.highest = s.highest == null ? number : NumberSequence.later(number, s.highest);
        if (first == null) {
            byAge.addLast(new Applied(r.timestamp(), key, number, event));
        }
    }

    /** Forgets the claims older than the retention (under {@link #state}); each series keeps its highest number. */
    private void forgetOlderThan(long cutoff) {
        while (!byAge.isEmpty() && byAge.peekFirst().timestamp() < cutoff) {
            Applied a = byAge.pollFirst();
            SeriesClaims s = series.get(a.series());
            if (s != null) {
                s.first.remove(a.number(), a.event());
                s.won.remove(a.event(), a.number());
            }
        }
    }

    /** Claims of this many numbers are held now (tests, metrics). */
    int claimsKnown() {
        synchronized (state) {
            return byAge.size();
        }
    }

    private void pauseAfterFailure() {
        try {
            closed.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private void createTopicIfMissing(long deadline) {
        try {
            if (!admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS).contains(topic)) {
                NewTopic claims = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis())));
                try {
                    admin.createTopics(List.of(claims)).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                    LOG.infof("Created the topic %s for document number claims", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another replica was quicker
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = null;
            while (config == null) {
                try {
                    config = admin.describeConfigs(List.of(resource)).all()
                            .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).get(resource);
                } catch (ExecutionException e) {
                    // a topic just created may not be known to every broker yet: ask again until the deadline
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                            || remainingMillis(deadline) <= 100) {
                        throw e;
                    }
                    Thread.sleep(100); // backoff between metadata queries, bounded by the start deadline
                }
            }
            var policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warnf("Topic %s has cleanup.policy=%s: compaction keeps one claim per series, a replica starting "
                        + "later misses the others; set cleanup.policy=delete", topic, policy.value());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create or describe topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the brokers about topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<String, Object> producerConfig() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return p;
    }

    /** A series of one company in {@link #series}. */
    private static String key(String company, String seriesName) {
        return company + "\u0000" + seriesName;
    }

    /** The record key (all claims share partition 0: the key is for people and tools reading the topic). */
    static String recordKey(String company, String seriesName) {
        return company + "/" + seriesName;
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofMillis(Math.max(1, remainingMillis(deadline)));
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
        synchronized (state) {
            state.notifyAll();
        }
    }
}

package dev.hisabkitab.sync.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Synchronous produce and "consume until" helpers for tests, with String keys, values and header values
 * (UTF-8); {@link #produceBytes} sends a value as raw bytes (text that is not UTF-8, binary files, records up to
 * {@value #MAX_BYTES_RECORD} bytes, for topics whose {@code max.message.bytes} allows them).
 *
 * <p>Produce: one producer per client (acks=all, idempotent), created lazily. {@link #produce} returns once the
 * broker acknowledged the record or throws the producer's own error (e.g.
 * {@link org.apache.kafka.common.errors.TimeoutException}) after at most the client timeout. The producer's
 * {@code delivery.timeout.ms} equals that timeout, so a record reported as failed is never delivered later.
 *
 * <p>Consume: every call uses a fresh consumer group reading from the earliest offset, collects all records of
 * the topic and returns as soon as the condition holds for the records collected so far (or fails after the
 * client timeout, listing what arrived).
 */
public final class KafkaTestClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The largest record {@link #produceBytes} sends (its producer's {@code max.request.size}). */
    public static final int MAX_BYTES_RECORD = 32 * 1024 * 1024;

    /** A consumed record; {@code headers} keeps the last value for a repeated header name. */
    public record ConsumedRecord(String topic, int partition, long offset, long timestamp, String key, String value,
            Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset + " key=" + key + " value=" + value + " headers=" + headers;
        }
    }

    private final String bootstrapServers;
    private final Duration timeout;
    private KafkaProducer<String, String> producer;
    private KafkaProducer<String, byte[]> bytesProducer;

    public KafkaTestClient(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TIMEOUT);
    }

    /** @param timeout upper bound for one produce call and for one consume-until call */
    public KafkaTestClient(String bootstrapServers, Duration timeout) {
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("timeout must be at least 1s");
        }
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Duration timeout() {
        return timeout;
    }

    // ------------------------------------------------------------------------------------------ produce

    public RecordMetadata produce(String topic, String key, String value) {
        return produce(topic, key, value, Map.of());
    }

    /**
     * Sends one record and waits for the broker's acknowledgement.
     *
     * @throws org.apache.kafka.common.KafkaException (e.g. its {@code TimeoutException}) when the record could
     *         not be written within the client timeout
     */
    public RecordMetadata produce(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        return awaitAck(topic, producer().send(record));
    }

    /**
     * Sends one record whose value is exactly these bytes ({@code null}: a tombstone) and waits for the broker's
     * acknowledgement, like {@link #produce(String, String, String)}.
     */
    public RecordMetadata produceBytes(String topic, String key, byte[] value) {
        return awaitAck(topic, bytesProducer().send(new ProducerRecord<>(topic, key, value)));
    }

    private RecordMetadata awaitAck(String topic, Future<RecordMetadata> future) {
        try {
            // The producer itself fails the record after delivery.timeout.ms (= timeout); wait a little longer so
            // its verdict, not ours, decides (no record left in flight that could still arrive later).
            return future.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Producing to " + topic + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing to " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Producer gave no verdict for a record to " + topic, e);
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = producerConfig();
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    private synchronized KafkaProducer<String, byte[]> bytesProducer() {
        if (bytesProducer == null) {
            Properties p = producerConfig();
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_BYTES_RECORD));
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(2L * MAX_BYTES_RECORD));
            bytesProducer = new KafkaProducer<>(p);
        }
        return bytesProducer;
    }

    private Properties producerConfig() {
        int total = (int) timeout.toMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "kafka-test-client-producer-" + UUID.randomUUID());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(total));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(500, total / 2)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(total));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    // ------------------------------------------------------------------------------------------ consume

    /**
     * Reads the topic from the earliest offset with a fresh consumer group until {@code condition} holds for all
     * records received so far, and returns them (in arrival order; per partition in offset order).
     *
     * @throws AssertionError if the condition does not hold within the client timeout
     */
    public List<ConsumedRecord> consumeUntil(String topic, Predicate<List<ConsumedRecord>> condition) {
        return consumeUntil(List.of(topic), condition);
    }

    /** {@link #consumeUntil(String, Predicate)} over several topics at once. */
    public List<ConsumedRecord> consumeUntil(List<String> topics, Predicate<List<ConsumedRecord>> condition) {
        String topic = String.join(", ", topics);
        List<ConsumedRecord> received = new ArrayList<>();
        List<ConsumedRecord> view = Collections.unmodifiableList(received);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
            consumer.subscribe(topics);
            Awaitility.await("records on " + topic)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .pollInSameThread()
                    .until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            received.add(toConsumed(r));
                        }
                        return condition.test(view);
                    });
            return List.copyOf(received);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Condition not met within " + timeout + " on topic " + topic + "; received "
                    + received.size() + " record(s):" + received.stream().map(r -> "\n  " + r)
                            .collect(Collectors.joining()), e);
        }
    }

    /**
     * A consumer that stays open: it reads the topics from the earliest offset with a fresh group and keeps every
     * record it saw, so many "until" waits in a row do not each pay for a group join. Close it when done.
     */
    public Collector collector(List<String> topics) {
        return new Collector(topics);
    }

    /** See {@link #collector(List)}. Not thread-safe: use it from the test's thread. */
    public final class Collector implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig());
        private final List<ConsumedRecord> received = new ArrayList<>();
        private final List<String> topics;

        private Collector(List<String> topics) {
            this.topics = List.copyOf(topics);
            consumer.subscribe(topics);
        }

        /** Polls until {@code condition} holds for every record seen so far; returns them all (arrival order). */
        public List<ConsumedRecord> until(Predicate<List<ConsumedRecord>> condition) {
            List<ConsumedRecord> view = Collections.unmodifiableList(received);
            try {
                Awaitility.await("records on " + topics)
                        .atMost(timeout)
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1))
                        .pollInSameThread()
                        .until(() -> {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                                received.add(toConsumed(r));
                            }
                            return condition.test(view);
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("Condition not met within " + timeout + " on " + topics + "; received "
                        + received.size() + " record(s):" + received.stream().map(r -> "\n  " + abbreviated(r))
                                .collect(Collectors.joining()), e);
            }
            return List.copyOf(received);
        }

        /** Every record seen so far. */
        public List<ConsumedRecord> records() {
            return List.copyOf(received);
        }

        @Override
        public void close() {
            consumer.close(Duration.ZERO);
        }
    }

    private static String abbreviated(ConsumedRecord r) {
        String s = r.toString();
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "... (" + s.length() + " characters)";
    }

    /** Reads the topic from the earliest offset until at least {@code count} records arrived; returns them all. */
    public List<ConsumedRecord> consumeAtLeast(String topic, int count) {
        return consumeUntil(topic, records -> records.size() >= count);
    }

    /** The first record (from the earliest offset) that matches. */
    public ConsumedRecord consumeFirst(String topic, Predicate<ConsumedRecord> match) {
        return consumeUntil(topic, records -> records.stream().anyMatch(match)).stream().filter(match).findFirst()
                .orElseThrow();
    }

    private Properties consumerConfig() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-test-client-" + UUID.randomUUID());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-test-client-consumer-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // outcomes are committed in Kafka transactions: readers of replies use read_committed (docs/guarantees.md)
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    private static ConsumedRecord toConsumed(ConsumerRecord<String, String> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new ConsumedRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(),
                Collections.unmodifiableMap(headers));
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
        if (bytesProducer != null) {
            bytesProducer.close(Duration.ZERO);
            bytesProducer = null;
        }
    }
}

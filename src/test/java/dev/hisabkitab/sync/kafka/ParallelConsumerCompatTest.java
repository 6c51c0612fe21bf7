package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;

import dev.hisabkitab.sync.support.KafkaBroker;

/**
 * Issue 18: Confluent's parallel consumer (io.confluent.parallelconsumer:parallel-consumer-core 0.5.3.3, built against
 * kafka-clients 3.9.1) on this project's kafka-clients 4.1.1, against the real in-JVM broker, in the mode the lanes
 * would need: KEY ordering, each record's outcome produced in the library's transaction together with the input offset
 * (PERIODIC_TRANSACTIONAL_PRODUCER). Checks: every record processed, in key order, and exactly one outcome per record
 * for a read_committed reader, and the group's committed offsets at the end of the input.
 */
class ParallelConsumerCompatTest {

    private static final String IN = "pc-in";
    private static final String OUT = "pc-out";
    private static final int KEYS = 30;
    private static final int PER_KEY = 20;

    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = new KafkaBroker().start();
        broker.createTopics(IN, OUT);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < PER_KEY; i++) {
                for (int k = 0; k < KEYS; k++) {
                    producer.send(new ProducerRecord<>(IN, "key-" + k, "key-" + k + "#" + i));
                }
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void keyOrderedTransactionalOutcomesOnKafkaClients4() throws Exception {
        Map<String, Integer> lastSeen = new ConcurrentHashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        AtomicInteger processed = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();

        ParallelConsumerOptions<String, byte[]> options = ParallelConsumerOptions.<String, byte[]>builder()
                .consumer(consumer("pc-compat"))
                .producer(producer("pc-compat-tx"))
                .ordering(ProcessingOrder.KEY)
                .commitMode(CommitMode.PERIODIC_TRANSACTIONAL_PRODUCER)
                .maxConcurrency(8)
                .build();
        long t0 = System.nanoTime();
        try (ParallelStreamProcessor<String, byte[]> pc = ParallelStreamProcessor.createEosStreamProcessor(options)) {
            pc.subscribe(List.of(IN));
            pc.pollAndProduce(context -> {
                ConsumerRecord<String, byte[]> record = context.getSingleConsumerRecord();
                int now = concurrent.incrementAndGet();
                maxConcurrent.accumulateAndGet(now, Math::max);
                try {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    int seq = Integer.parseInt(value.substring(value.indexOf('#') + 1));
                    Integer before = lastSeen.put(record.key(), seq);
                    if (before != null && before + 1 != seq) {
                        synchronized (outOfOrder) {
                            outOfOrder.add(value + " after #" + before);
                        }
                    }
                    Thread.sleep(2); // a call to HisabKitab, shortened
                    processed.incrementAndGet();
                    return new ProducerRecord<>(OUT, record.key(),
                            ("outcome of " + value).getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } finally {
                    concurrent.decrementAndGet();
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> processed.get() >= KEYS * PER_KEY
                    || pc.isClosedOrFailed());
            assertEquals(KEYS * PER_KEY, processed.get(), "every record processed (PC failed: " + pc.isClosedOrFailed()
                    + ")");
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("parallel-consumer: %d records, %d keys, max %d at once, %d ms to process and close%n",
                KEYS * PER_KEY, KEYS, maxConcurrent.get(), millis);
        assertTrue(outOfOrder.isEmpty(), "records of one key out of order: " + outOfOrder);

        // exactly one outcome per record for a read_committed reader
        List<String> outcomes = readCommitted(OUT, KEYS * PER_KEY);
        assertEquals(KEYS * PER_KEY, outcomes.size());
        assertEquals(KEYS * PER_KEY, new HashSet<>(outcomes).size(), "no outcome twice");

        // the input offsets went with them
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("pc-compat")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            assertEquals(broker.defaultPartitions(), committed.size());
            committed.forEach((tp, offset) -> assertEquals(ends.get(tp).offset(), offset.offset(), tp.toString()));
        }
    }

    static Consumer<String, byte[]> consumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    static KafkaProducer<String, byte[]> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static List<String> readCommitted(String topic, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "pc-compat-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyAfterEnough = 0;
            while (System.nanoTime() < deadline && emptyAfterEnough < 3) {
                var records = c.poll(Duration.ofMillis(500));
                records.forEach(r -> values.add(r.value()));
                if (records.isEmpty() && values.size() >= atLeast) {
                    emptyAfterEnough++;
                }
            }
        }
        return values;
    }
}

package dev.hisabkitab.sync.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.support.KafkaBroker;

/**
 * Outcomes and their input offsets in one Kafka transaction, on a real broker: the offset moves exactly when the
 * outcomes before it are there (no gaps), an outcome of a partition given up is dropped, a member whose generation
 * is over cannot commit (the transaction is aborted: read_committed readers never see the outcome), and a committer
 * starting aborts at once what a crashed one with the same transactional id left open.
 */
class OutcomeTransactionsTest {

    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(1, Map.of()).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anOffsetMovesTogetherWithTheOutcomesBeforeItAndNeverPastARecordWithoutOne() throws Exception {
        String group = "tx-gaps";
        TopicPartition input = new TopicPartition("tx-gaps-in", 0);
        broker.createTopics(1, input.topic(), "tx-gaps-out");
        PartitionWatermark watermark = new PartitionWatermark();
        for (long o = 0; o < 4; o++) {
            watermark.handOut(o);
        }
        try (OutcomeTransactions transactions = new OutcomeTransactions(producers(), () -> new ConsumerGroupMetadata(group), 100, Duration.ZERO)) {
            transactions.publish(input, 1, watermark, outcome("tx-gaps-out", "one")).get(30, TimeUnit.SECONDS);
            assertEquals(List.of("one"), values("tx-gaps-out", "read_committed"));
            // record 0 has no outcome yet: the offset stays before it, and says 1 is done
            awaitCommitted(group, input, 0, done -> done.done(1) && !done.done(2) && !done.done(3));

            transactions.publish(input, 0, watermark, outcome("tx-gaps-out", "zero")).get(30, TimeUnit.SECONDS);
            awaitCommitted(group, input, 2, done -> !done.done(3)); // 0 and 1 done: up to the first record still open

            transactions.publish(input, 3, watermark, outcome("tx-gaps-out", "three")).get(30, TimeUnit.SECONDS);
            awaitCommitted(group, input, 2, done -> done.done(3)); // 2 still open: the offset stays, 3 is done ahead
            transactions.publish(input, 2, watermark, outcome("tx-gaps-out", "two")).get(30, TimeUnit.SECONDS);
            awaitCommitted(group, input, 4, done -> true); // everything done: one past the last record
            assertEquals(List.of("one", "zero", "three", "two"), values("tx-gaps-out", "read_committed"));
            assertEquals(0, watermark.open());
        }
    }

    @Test
    void theOutcomeOfAPartitionGivenUpIsDroppedNotCommitted() throws Exception {
        TopicPartition input = new TopicPartition("tx-gone-in", 0);
        broker.createTopics(1, input.topic(), "tx-gone-out");
        PartitionWatermark watermark = new PartitionWatermark();
        watermark.handOut(0);
        watermark.gone();
        try (OutcomeTransactions transactions = new OutcomeTransactions(producers(), () -> new ConsumerGroupMetadata("tx-gone"), 100, Duration.ZERO)) {
            CompletableFuture<Void> committed = transactions.publish(input, 0, watermark, outcome("tx-gone-out", "late"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> committed.get(30, TimeUnit.SECONDS));
            assertInstanceOf(OutcomeTransactions.PartitionGone.class, e.getCause());
        }
        assertEquals(List.of(), values("tx-gone-out", "read_uncommitted"), "nothing was even sent");
        assertEquals(-1L, committed("tx-gone", input).offset());
    }

    @Test
    void aMemberWhoseGenerationIsOverCannotCommitAndItsOutcomeIsAborted() throws Exception {
        String group = "tx-fenced";
        TopicPartition input = new TopicPartition("tx-fenced-in", 0);
        broker.createTopics(1, input.topic(), "tx-fenced-out");
        ConsumerGroupMetadata gone;
        try (KafkaConsumer<String, String> first = member(group, input.topic())) {
            gone = first.groupMetadata();
        }
        AtomicReference<ConsumerGroupMetadata> generation = new AtomicReference<>(gone);
        try (KafkaConsumer<String, String> second = member(group, input.topic());
                OutcomeTransactions transactions = new OutcomeTransactions(producers(), generation::get, 100, Duration.ZERO)) {
            PartitionWatermark watermark = new PartitionWatermark();
            watermark.handOut(0);
            watermark.handOut(1);
            CompletableFuture<Void> zombie = transactions.publish(input, 0, watermark, outcome("tx-fenced-out", "zombie"));
            assertThrows(ExecutionException.class, () -> zombie.get(30, TimeUnit.SECONDS),
                    "the member that left cannot commit offsets");
            assertEquals(List.of(), values("tx-fenced-out", "read_committed"), "its outcome is not there for readers");
            assertEquals(-1L, committed(group, input).offset());
            assertEquals(2, watermark.open(), "the record stays open: it is tried again");

            generation.set(second.groupMetadata());
            transactions.publish(input, 0, watermark, outcome("tx-fenced-out", "zero")).get(30, TimeUnit.SECONDS);
            transactions.publish(input, 1, watermark, outcome("tx-fenced-out", "one")).get(30, TimeUnit.SECONDS);
            awaitCommitted(group, input, 2, done -> true);
            assertEquals(List.of("zero", "one"), values("tx-fenced-out", "read_committed"));
        }
    }

    @Test
    void aCommitterStartingAbortsAtOnceWhatACrashedOneWithTheSameTransactionalIdLeftOpen() throws Exception {
        String group = "tx-crash";
        TopicPartition input = new TopicPartition("tx-crash-in", 0);
        broker.createTopics(1, input.topic(), "tx-crash-out");
        Supplier<Producer<String, String>> producers = producers();
        // the crashed run's transaction: an outcome and its offset, neither committed nor aborted (Kafka would abort
        // it after the producer's transaction timeout, 60 s by default)
        Producer<String, String> crashed = producers.get();
        try {
            crashed.initTransactions();
            crashed.beginTransaction();
            crashed.send(outcome("tx-crash-out", "lost")).get(30, TimeUnit.SECONDS);
            crashed.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(1)), new ConsumerGroupMetadata(group));

            Properties p = consumerConfig("read_committed");
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            try (OutcomeTransactions restarted = new OutcomeTransactions(producers, () -> new ConsumerGroupMetadata(group),
                    100, Duration.ZERO); KafkaConsumer<String, String> owner = new KafkaConsumer<>(p)) {
                // what the partition's owner reads first (KafkaLanes.assigned) waits while the transaction is open;
                // no outcome handed in yet
                Map<TopicPartition, OffsetAndMetadata> committed = owner.committed(Set.of(input),
                        Duration.ofSeconds(10));
                assertNull(committed.get(input), "the crashed run's offset was aborted");
            }
            assertEquals(List.of(), values("tx-crash-out", "read_committed"));
        } finally {
            crashed.close(Duration.ZERO);
        }
    }

    private static ProducerRecord<String, String> outcome(String topic, String value) {
        return new ProducerRecord<>(topic, "key", value);
    }

    private static Supplier<Producer<String, String>> producers() {
        String id = "tx-test-" + UUID.randomUUID();
        return () -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            return new KafkaProducer<>(p);
        };
    }

    /** A consumer of the group that has joined it (and got the partitions). */
    private static KafkaConsumer<String, String> member(String group, String topic) {
        Properties p = consumerConfig("read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.assignment().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the consumer did not join " + group);
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    /** The group's committed offset of the partition and what its metadata says is done past it (-1: none). */
    private static DoneAhead committed(String group, TopicPartition partition) throws Exception {
        try (Admin admin = broker.admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return offset == null ? DoneAhead.none(-1) : DoneAhead.decode(offset.offset(), offset.metadata());
        }
    }

    /** Committed offsets show after their transaction's markers are written: awaited. */
    private static void awaitCommitted(String group, TopicPartition partition, long offset, Predicate<DoneAhead> ahead) {
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, partition),
                done -> done.offset() == offset && ahead.test(done));
    }

    /** The values of partition 0 of the topic as a reader with this isolation level sees them now. */
    private static List<String> values(String topic, String isolation) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(isolation))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition) < end) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end");
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static Properties consumerConfig(String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }
}

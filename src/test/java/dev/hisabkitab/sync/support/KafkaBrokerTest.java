package dev.hisabkitab.sync.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;

/** Proves the in-JVM broker is a real Kafka: round trips, survives stop/restart on the same port and log dir. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerTest {

    private static KafkaBroker broker;
    private static KafkaTestClient client;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker().start();
        System.out.printf("KafkaBroker started on %s in %d ms%n", broker.bootstrapServers(),
                broker.lastStartDuration().toMillis());
        client = broker.client();
    }

    @AfterAll
    static void closeBroker() {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void createsTopicsAndRoundTripsKeyValueAndHeaders() throws Exception {
        broker.createTopics("roundtrip");
        try (Admin admin = broker.admin()) {
            TopicDescription d = admin.describeTopics(List.of("roundtrip")).allTopicNames().get().get("roundtrip");
            assertEquals(3, d.partitions().size());
            d.partitions().forEach(p -> assertEquals(1, p.replicas().size()));
        }

        RecordMetadata first = client.produce("roundtrip", "order-42", "{\"total\":10}",
                Map.of("source", "erp-a", "attempt", "1"));
        RecordMetadata second = client.produce("roundtrip", "order-42", "{\"total\":11}");
        assertEquals(first.partition(), second.partition(), "same key, same partition");
        assertEquals(first.offset() + 1, second.offset());

        List<ConsumedRecord> records = client.consumeAtLeast("roundtrip", 2);
        assertEquals(2, records.size());
        ConsumedRecord r1 = records.get(0);
        assertEquals("order-42", r1.key());
        assertEquals("{\"total\":10}", r1.value());
        assertEquals(Map.of("source", "erp-a", "attempt", "1"), r1.headers());
        assertEquals("erp-a", r1.header("source"));
        assertEquals(first.offset(), r1.offset());
        assertEquals("{\"total\":11}", records.get(1).value());
        assertTrue(records.get(1).headers().isEmpty());

        // a fresh group per call: the same records are read again from the start
        assertEquals(records, client.consumeAtLeast("roundtrip", 2));
        assertEquals(2, broker.recordCount("roundtrip"));
    }

    @Test
    @Order(2)
    void consumeUntilFailsWithWhatArrivedWhenTheConditionNeverHolds() {
        broker.createTopics("short");
        try (KafkaTestClient quick = broker.client(Duration.ofSeconds(2))) {
            quick.produce("short", "k", "only-one");
            AssertionError e = assertThrows(AssertionError.class, () -> quick.consumeAtLeast("short", 2));
            assertTrue(e.getMessage().contains("value=only-one"), e.getMessage());
        }
    }

    @Test
    @Order(3)
    void autoCreatesTopicsWithTheDefaultPartitionCount() throws Exception {
        client.produce("auto-created", "k", "v");
        assertTrue(broker.topics().contains("auto-created"));
        try (Admin admin = broker.admin()) {
            assertEquals(3, admin.describeTopics(List.of("auto-created")).allTopicNames().get()
                    .get("auto-created").partitions().size());
        }
        assertEquals("v", client.consumeAtLeast("auto-created", 1).get(0).value());
    }

    @Test
    @Order(4)
    void stopMakesProducingFailAndRestartKeepsRecordsOnTheSamePort() throws Exception {
        broker.createTopics("durable");
        for (int i = 0; i < 3; i++) {
            client.produce("durable", "key-" + i, "before-" + i, Map.of("n", String.valueOf(i)));
        }
        int port = broker.port();
        String bootstrap = broker.bootstrapServers();
        Path logDir = broker.logDir();

        try (KafkaTestClient warm = new KafkaTestClient(bootstrap, Duration.ofSeconds(2))) {
            warm.produce("durable", "key-warm", "before-warm"); // metadata cached, connection open

            long t0 = System.nanoTime();
            broker.stop();
            System.out.printf("KafkaBroker stopped in %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());
            assertFalse(broker.isRunning());
            assertThrows(ConnectException.class, () -> connect(port), "nothing listens on the port while stopped");

            // A producer that knows the broker: the record expires (delivery timeout) and is reported as failed.
            t0 = System.nanoTime();
            assertThrows(TimeoutException.class, () -> warm.produce("durable", "k", "lost-in-flight"));
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(10)) < 0);
        }
        // A producer that never saw the broker: it cannot even fetch metadata.
        try (KafkaTestClient fresh = new KafkaTestClient(bootstrap, Duration.ofSeconds(2))) {
            assertThrows(TimeoutException.class, () -> fresh.produce("durable", "k", "lost-no-metadata"));
        }

        broker.restart();
        System.out.printf("KafkaBroker restarted in %d ms%n", broker.lastStartDuration().toMillis());
        assertTrue(broker.isRunning());
        assertEquals(port, broker.port());
        assertEquals(bootstrap, broker.bootstrapServers());
        assertEquals(logDir, broker.logDir());

        List<ConsumedRecord> before = client.consumeAtLeast("durable", 4);
        assertEquals(Set.of("before-0", "before-1", "before-2", "before-warm"), values(before));
        assertEquals("2", before.stream().filter(r -> r.key().equals("key-2")).findFirst().orElseThrow().header("n"));

        // the producer created before the stop reconnects to the restarted broker
        client.produce("durable", "key-3", "after-3");
        try (KafkaTestClient other = new KafkaTestClient(bootstrap)) {
            other.produce("durable", "key-4", "after-4");
        }
        List<ConsumedRecord> all = client.consumeUntil("durable",
                rs -> values(rs).containsAll(Set.of("after-3", "after-4")));
        assertEquals(Set.of("before-0", "before-1", "before-2", "before-warm", "after-3", "after-4"), values(all));
        assertEquals(6, all.size(), "records produced while stopped must not appear: " + all);
        assertEquals(6, broker.recordCount("durable"));
        assertTrue(broker.fatalErrors().isEmpty());
    }

    @Test
    @Order(5)
    void closeDeletesTheLogDirAndFreesThePort() throws Exception {
        Path dir;
        int port;
        try (KafkaBroker second = new KafkaBroker(1, Map.of()).start();
                KafkaTestClient c = second.client()) {
            assertNotEquals(broker.port(), second.port());
            second.createTopics("one");
            c.produce("one", "k", "v");
            assertEquals(1, c.consumeAtLeast("one", 1).size());
            dir = second.logDir();
            port = second.port();
            assertTrue(Files.isDirectory(dir));
        }
        assertFalse(Files.exists(dir.getParent()), "temp dir deleted");
        assertThrows(ConnectException.class, () -> connect(port));
    }

    @Test
    @Order(6)
    void fatalKafkaExitFailsTheTestInsteadOfKillingTheJvm() {
        // Close the shared broker first: a fatal error poisons every broker that is open when it happens.
        client.close();
        client = null;
        broker.close();
        broker = null;

        KafkaBroker victim = new KafkaBroker();
        KafkaBroker.FatalBrokerError thrown = assertThrows(KafkaBroker.FatalBrokerError.class,
                () -> Exit.halt(1, "simulated fatal error"));
        assertTrue(thrown.getMessage().contains("Exit.halt(1)"), thrown.getMessage());
        assertEquals(1, victim.fatalErrors().size());
        KafkaBroker.FatalBrokerError onStart = assertThrows(KafkaBroker.FatalBrokerError.class, victim::start);
        assertTrue(onStart.getMessage().contains("simulated fatal error"), onStart.getMessage());
        assertFalse(victim.isRunning());
        assertThrows(KafkaBroker.FatalBrokerError.class, victim::close, "close reports it too");
        assertTrue(new KafkaBroker().fatalErrors().isEmpty(), "brokers created later are not affected");
    }

    private static Set<String> values(List<ConsumedRecord> records) {
        return records.stream().map(ConsumedRecord::value).collect(Collectors.toSet());
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }
}

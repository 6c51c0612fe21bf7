package dev.hisabkitab.sync.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.support.KafkaBroker;

/**
 * Static group membership on a real broker (faster recovery, docs/guarantees.md): a member that crashed (gone without leaving)
 * is replaced by one with the same instance id within seconds, not after its session timeout; the event consumer
 * (Camel's, made by {@link KafkaClients}) leaves the group when Camel stops it (unsubscribe, then close), so its partitions go to a
 * member with another id at once — where Kafka's own consumer would stay in the group until the session timeout.
 */
class EventConsumerMembershipTest {

    /** Camel's default session timeout, which the event route keeps. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** Far below the session timeout: a join that had to wait for it fails. */
    static final Duration AT_ONCE = Duration.ofSeconds(10);
    static final int PARTITIONS = 3;

    static KafkaBroker broker;
    static KafkaClients consumers;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(PARTITIONS, Map.of()).start();
        consumers = new KafkaClients(new KafkaClientConfig(broker.bootstrapServers(), "membership", Map.of()));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aCrashedMembersPartitionsGoAtOnceToItsSuccessorWithTheSameInstanceId() throws Exception {
        String group = "static-crash";
        broker.createTopics(group);
        Consumer<String, String> crashed = joined(consumers.getConsumer(config(group, "pod-a")), group);
        // a crash: no heartbeats from now on, and no leave
        crashed.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP));
        assertEquals(List.of(Optional.of("pod-a")), instanceIds(group), "Kafka keeps the crashed member");

        long start = System.nanoTime();
        try (Consumer<String, String> successor = joined(consumers.getConsumer(config(group, "pod-a")), group)) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(AT_ONCE) < 0, "took " + took + "; session timeout " + SESSION_TIMEOUT);
            assertEquals(PARTITIONS, successor.assignment().size());
            assertEquals(List.of(Optional.of("pod-a")), instanceIds(group));
        }
    }

    @Test
    void aStoppedEventConsumerLeavesTheGroupSoAnotherMemberGetsItsPartitionsAtOnce() throws Exception {
        String group = "static-stop";
        broker.createTopics(group);
        Consumer<String, String> stopped = joined(consumers.getConsumer(config(group, "pod-b")), group);
        assertInstanceOf(LeavingConsumer.class, stopped);
        // as Camel stops its consumer
        stopped.unsubscribe();
        stopped.close();
        await().atMost(AT_ONCE).until(() -> instanceIds(group).isEmpty());

        // a rolling update's new pod, with a new name
        try (Consumer<String, String> next = joined(consumers.getConsumer(config(group, "pod-c")), group)) {
            assertEquals(PARTITIONS, next.assignment().size());
        }
    }

    /** Why KafkaClients makes its own: Kafka's consumer, stopped the same way, keeps a static member in the group. */
    @Test
    void kafkasOwnConsumerStoppedTheSameWayStaysInTheGroupUntilTheSessionTimeout() throws Exception {
        String group = "static-kafka-close";
        broker.createTopics(group);
        Consumer<String, String> stopped = joined(new KafkaConsumer<>(config(group, "pod-d")), group);
        stopped.unsubscribe();
        stopped.close();
        assertEquals(List.of(Optional.of("pod-d")), instanceIds(group));
    }

    @Test
    void withoutAnInstanceIdTheConsumerIsKafkasOwn() {
        try (Consumer<?, ?> dynamic = consumers.getConsumer(config("static-none", null))) {
            assertSame(KafkaConsumer.class, dynamic.getClass());
        }
    }

    /** The consumer subscribed to the topic named like its group, once it owns every partition. */
    private static Consumer<String, String> joined(Consumer<String, String> consumer, String group) {
        consumer.subscribe(List.of(group));
        await().atMost(AT_ONCE).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return consumer.assignment().size() == PARTITIONS;
        });
        return consumer;
    }

    private static Properties config(String group, String instanceId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        if (instanceId != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    /** The group's members as the broker sees them now, by instance id. */
    private static List<Optional<String>> instanceIds(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(30, TimeUnit.SECONDS).members();
            return members.stream().map(MemberDescription::groupInstanceId).toList();
        }
    }
}

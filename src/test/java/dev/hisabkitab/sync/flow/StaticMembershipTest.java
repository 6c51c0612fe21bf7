package dev.hisabkitab.sync.flow;

import static dev.hisabkitab.sync.flow.KafkaFlowTest.withId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Fast recovery after a crash (static membership) through the app and a real broker: with {@code hisabkitab.kafka.instance-id} set (Kubernetes: the
 * pod's name), the event consumer is a static member of the group under that id, the outcome producer's
 * transactional id is named after it (the producer starts with the partitions), and stopping the event route (as a SIGTERM does) leaves the group at once
 * instead of holding the partitions until the session timeout. A crashed member's successor: EventConsumerMembershipTest.
 */
@QuarkusTest
@TestProfile(StaticMembershipTest.Pod.class)
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class StaticMembershipTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String GROUP = "hisabkitab-sync";
    static final String INSTANCE = "hisabkitab-sync-7d9f6c-x2k4q";
    /** Far below the session timeout (45 s). */
    static final Duration AT_ONCE = Duration.ofSeconds(10);

    public static class Pod implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.kafka.instance-id", INSTANCE);
        }
    }

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    CamelContext camel;

    @Test
    void theEventConsumerJoinsUnderTheInstanceIdAndTheOutcomeProducerIsNamedAfterIt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> instanceIds().equals(List.of(Optional.of(INSTANCE))));
        // started with the partitions, before any outcome: it aborts at once what a crashed run left open
        String producer = GROUP + "-outcomes-" + INSTANCE;
        await().atMost(AT_ONCE).until(() -> transactionalIds().contains(producer));

        kafka.produce(EVENTS, "static-1", Events.envelope("static-1", "api.sale.create-item",
                Events.saleCreateItem("STATIC-1")).toString());
        kafka.consumeFirst(REPLIES, withId("static-1"));
        assertEquals(List.of(Optional.of(INSTANCE)), instanceIds());
        Set<String> producers = transactionalIds();
        assertEquals(Set.of(producer), producers);
    }

    @Test
    void stoppingTheEventRouteLeavesTheGroupAtOnce() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> instanceIds().equals(List.of(Optional.of(INSTANCE))));
        camel.getRouteController().stopRoute("kafka-events");
        try {
            // a static member that closed without leaving would stay until its session timed out
            await().atMost(AT_ONCE).until(() -> instanceIds().isEmpty());
        } finally {
            camel.getRouteController().startRoute("kafka-events");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> instanceIds().equals(List.of(Optional.of(INSTANCE))));
    }

    /** The event group's members as the broker sees them now, by instance id. */
    private List<Optional<String>> instanceIds() throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP)
                    .get(30, TimeUnit.SECONDS).members().stream().map(MemberDescription::groupInstanceId).toList();
        }
    }

    private Set<String> transactionalIds() throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId).collect(Collectors.toSet());
        }
    }
}

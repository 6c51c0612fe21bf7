package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.kafka.KafkaClients;
import dev.hisabkitab.sync.kafka.KafkaIdempotencyStore;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The connector over mutual TLS (docs/kafka.md): the application is given only the broker's SSL listener that requires
 * a client certificate, with its own key and certificate (signed by a CA the test made) in a keystore, as
 * {@code hisabkitab.kafka.client.*} settings. Events become replies, a refused one a dead letter, and the completed-ids
 * store (the compacted topic, written and followed by the connector's own clients) answers a repeated id
 * {@code duplicate}: every client got the keystore, or nothing here would connect. A client without a certificate is
 * refused by the listener. The test's own client uses the broker's PLAINTEXT listener.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = KafkaBrokerResource.TOPICS, value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"),
        @ResourceArg(name = KafkaBrokerResource.MUTUAL_TLS, value = "true") })
class MutualTlsFlowTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    KafkaClients clients;

    @Inject
    CompletedEvents completedEvents;

    @Test
    void theApplicationIsGivenOnlyTheMutualTlsListener() {
        assertEquals(broker.mutualTlsBootstrapServers(), clients.config().brokers());
        String shown = clients.config().toString();
        String password = String.valueOf(clientSettings().get("ssl.keystore.password"));
        assertFalse(shown.contains(password), "the settings are shown with their secrets masked: " + shown);
        assertTrue(shown.contains("ssl.keystore.password=[hidden]"), shown);
        assertTrue(shown.contains("ssl.key.password=[hidden]"), shown);
        assertTrue(shown.contains("ssl.keystore.location=" + KafkaBrokerResource.clientKeystore()), shown);
    }

    @Test
    void anEventBecomesADocumentAndItsReplyAndTheSameIdAgainIsADuplicate() throws Exception {
        assertInstanceOf(KafkaIdempotencyStore.class, completedEvents.store());
        kafka.produce(EVENTS, "mtls-1", Events.envelope("m-sale-1", "api.sale.create-item",
                Events.saleCreateItem("MTLS-1")).toString());

        JsonNode first = Events.json(kafka.consumeFirst(REPLIES, withId("m-sale-1")).value());
        assertEquals("ok", first.get("status").asText(), first.toString());
        try (Admin admin = broker.admin()) {
            List<MemberDescription> members = admin.describeConsumerGroups(List.of("hisabkitab-sync")).all()
                    .get(30, TimeUnit.SECONDS).get("hisabkitab-sync").members().stream().toList();
            assertEquals(1, members.size(), members.toString());
            assertTrue(members.get(0).clientId().startsWith("hisabkitab-sync-events-"), members.toString());
        }

        // the completed-ids store, over the same listener, knows the id: answered from it, HisabKitab not called
        kafka.produce(EVENTS, "mtls-1", Events.envelope("m-sale-1", "api.sale.create-item",
                Events.saleCreateItem("MTLS-1-AGAIN")).toString());
        List<ConsumedRecord> replies = kafka.consumeUntil(REPLIES,
                records -> records.stream().filter(withId("m-sale-1")).count() >= 2).stream()
                .filter(withId("m-sale-1")).toList();
        JsonNode second = Events.json(replies.get(1).value());
        assertEquals("duplicate", second.get("status").asText(), second.toString());
        assertEquals(first.at("/result/hisabkitabId").asLong(), second.at("/result/hisabkitabId").asLong());
        assertEquals(0, second.get("attempts").asInt(), second.toString());
        assertEquals(0, SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .filter(s -> "MTLS-1-AGAIN".equals(s.path("invoice_number").asText())).count());
    }

    @Test
    void aRefusedEventBecomesADeadLetterOverMutualTls() {
        ObjectNode refused = Events.saleCreateItem("MTLS-BAD-1");
        refused.remove("customer_ledger_id");
        kafka.produce(EVENTS, "mtls-bad", Events.envelope("m-refused", "api.sale.create-item", refused).toString());

        JsonNode dead = Events.json(kafka.consumeFirst(DLQ, withId("m-refused")).value());
        assertEquals("rejected", dead.at("/error/category").asText(), dead.toString());
        assertEquals("m-refused", dead.at("/event/id").asText(), dead.toString());
    }

    /** The listener itself: the application's certificate gets in; a client without one is refused. */
    @Test
    void theListenerLetsTheCertificateInAndRefusesAClientWithoutOne() {
        try (Admin admin = Admin.create(clientSettings())) {
            assertEquals(1, assertDoesNotThrow(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).size());
        }
        Map<String, Object> noCertificate = clientSettings();
        noCertificate.keySet().removeIf(k -> k.startsWith("ssl.keystore.") || k.equals("ssl.key.password"));
        try (Admin admin = Admin.create(noCertificate)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, e.getCause());
        }
    }

    private Map<String, Object> clientSettings() {
        Map<String, Object> s = new HashMap<>(broker.mutualTlsClientSettings(KafkaBrokerResource.clientKeystore()));
        s.put("request.timeout.ms", "10000");
        s.put("default.api.timeout.ms", "20000");
        return s;
    }

    static Predicate<ConsumedRecord> withId(String id) {
        return r -> r.value() != null && r.value().contains("\"id\":\"" + id + "\"");
    }
}

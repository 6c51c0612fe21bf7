package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.kafka.ConsumerLag;
import dev.hisabkitab.sync.kafka.DeadLetterRedrive;
import dev.hisabkitab.sync.kafka.DeadLetterSelection;
import dev.hisabkitab.sync.kafka.KafkaClients;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every Kafka client of the connector connects with the one client configuration (docs/kafka.md): the application is
 * given only the broker's SASL_SSL listener (SCRAM-SHA-512, the broker's certificate signed by a CA the test made,
 * host name verified), so each part that works here — Camel's event consumer and outcome producer, the transactional
 * outcome producer, the completed-events store, the re-drive's reader and producer, the consumer lag's admin client —
 * was made with the security settings; a client without them could not even connect. The test's own client uses the
 * broker's PLAINTEXT listener.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = KafkaBrokerResource.TOPICS, value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"),
        @ResourceArg(name = KafkaBrokerResource.SASL_SSL, value = "true") })
class SaslSslFlowTest {

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
    DeadLetterRedrive redrive;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/hisabkitab/dead-letters/redrive")
    URL redriveEndpoint;

    /** This app has Kafka but no re-drive token (DeadLetterRedriveTest has one): re-drive over HTTP is off. */
    @Test
    void reDriveOverHttpIsOffWithoutAConfiguredToken() throws Exception {
        HttpResponse<String> off = HttpClient.newHttpClient().send(HttpRequest.newBuilder(redriveEndpoint.toURI().resolve(
                redriveEndpoint.getPath() + "?all=true")).header("Authorization", "Bearer anything-at-all-0123456789")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, off.statusCode(), off.body());
        assertTrue(Events.json(off.body()).get("error").asText().contains("HISABKITAB_REDRIVE_TOKEN"), off.body());
    }

    @Test
    void theApplicationIsGivenOnlyTheSaslSslListener() {
        assertEquals(broker.saslSslBootstrapServers(), clients.config().brokers());
        assertFalse(clients.config().toString().contains(KafkaBrokerResource.scramPassword()),
                "the settings are shown with their secrets masked");
    }

    @Test
    void anEventBecomesADocumentAndItsReplyOverSaslSsl() throws Exception {
        kafka.produce(EVENTS, "secure-1", Events.envelope("s-sale-1", "api.sale.create-item",
                Events.saleCreateItem("SECURE-1")).toString());

        JsonNode reply = Events.json(kafka.consumeFirst(REPLIES, withId("s-sale-1")).value());
        assertEquals("ok", reply.get("status").asText(), reply.toString());
        // Camel's consumer in the group, named by the factory
        try (Admin admin = broker.admin()) {
            List<MemberDescription> members = admin.describeConsumerGroups(List.of("hisabkitab-sync")).all()
                    .get(30, TimeUnit.SECONDS).get("hisabkitab-sync").members().stream().toList();
            assertEquals(1, members.size(), members.toString());
            assertTrue(members.get(0).clientId().startsWith("hisabkitab-sync-events-"), members.toString());
        }
        // the consumer lag's admin client reads the group's offsets
        await().atMost(Duration.ofSeconds(20)).until(() -> !registry.find(ConsumerLag.LAG).gauges().isEmpty());
    }

    @Test
    void aFileDropsOutcomeGoesToKafkaOverSaslSsl() throws Exception {
        Files.writeString(SandboxResource.inbox().resolve("secure.json"), Events.envelope("s-file-1",
                "api.sale.create-item", Events.saleCreateItem("SECURE-FILE-1")).toString());

        JsonNode reply = Events.json(kafka.consumeFirst(REPLIES, withId("s-file-1")).value());
        assertEquals("ok", reply.get("status").asText(), reply.toString());
    }

    @Test
    void aDeadLetterIsReadBackForReDriveOverSaslSsl() throws Exception {
        ObjectNode refused = Events.saleCreateItem("SECURE-BAD-1");
        refused.remove("customer_ledger_id");
        kafka.produce(EVENTS, "secure-bad", Events.envelope("s-refused", "api.sale.create-item", refused).toString());
        kafka.consumeFirst(DLQ, withId("s-refused"));

        JsonNode answer = redrive.redriveSelected(DeadLetterSelection.of("s-refused", null, null));
        String found = answer.toString();
        assertTrue(answer.get("redriven").toString().contains("s-refused")
                || answer.get("skipped").toString().contains("s-refused"), found);
    }

    /**
     * The listener itself: the test's SCRAM user gets in over TLS; a wrong password, and a client that does not trust
     * the test's CA, are refused. (On this test's broker: a second SASL_SSL broker started later in the same test JVM
     * refused every SCRAM login, a state of Kafka's own inside one JVM, so the broker's checks live here.)
     */
    @Test
    void theListenerLetsTheScramUserInAndRefusesAWrongPasswordAndAnUntrustingClient() {
        String password = KafkaBrokerResource.scramPassword();
        try (Admin admin = Admin.create(scramSettings(password, true))) {
            assertEquals(1, assertDoesNotThrow(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).size());
        }
        try (Admin admin = Admin.create(scramSettings("not-" + password, true))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
        try (Admin admin = Admin.create(scramSettings(password, false))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, e.getCause());
        }
    }

    private Map<String, Object> scramSettings(String password, boolean trustTheCa) {
        Map<String, Object> s = new HashMap<>(broker.scramClientSettings(KafkaBrokerResource.SCRAM_USER, password));
        if (!trustTheCa) {
            s.keySet().removeIf(k -> k.startsWith("ssl.truststore."));
        }
        s.put("request.timeout.ms", "10000");
        s.put("default.api.timeout.ms", "20000");
        return s;
    }

    static Predicate<ConsumedRecord> withId(String id) {
        return r -> r.value() != null && r.value().contains("\"id\":\"" + id + "\"");
    }
}

package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredLoginCallbackHandler;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.kafka.ConsumerLag;
import dev.hisabkitab.sync.kafka.DeadLetterRedrive;
import dev.hisabkitab.sync.kafka.DeadLetterSelection;
import dev.hisabkitab.sync.kafka.KafkaClientConfig;
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
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Every Kafka client of the connector connects with the one client configuration (docs/kafka.md): the application is
 * given only the broker's SASL_SSL listener (SCRAM-SHA-512, the broker's certificate signed by a CA the test made,
 * host name verified), so each part that works here — Camel's event consumer and outcome producer, the transactional
 * outcome producer, the completed-events store, the re-drive's reader and producer, the consumer lag's admin client —
 * was made with the security settings; a client without them could not even connect. The test's own client uses the
 * broker's PLAINTEXT listener.
 *
 * <p>The same listener also takes PLAIN and OAUTHBEARER (the broker's: {@link KafkaBrokerResource}): clients made by
 * {@link KafkaClients} from settings written as a user writes them (properties, or the environment's names) log in
 * with each and produce and consume a record; a wrong PLAIN password, and a token without the scope the broker
 * requires, are refused.
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

    @Test
    void aPlainUserGetsInWithClientsMadeFromItsSettingsAndAWrongPasswordIsRefused() throws Exception {
        String password = KafkaBrokerResource.plainPassword();
        Map<String, String> settings = new HashMap<>(tlsProperties());
        settings.put("hisabkitab.kafka.client.sasl.mechanism", "PLAIN");
        settings.put("hisabkitab.kafka.client.sasl.jaas.config", plainJaas(password));
        KafkaClientConfig config = KafkaClientConfig.from(fromProperties(settings));
        assertFalse(config.toString().contains(password), config.toString());

        roundTrip(config, "hisabkitab.plain-check");

        settings.put("hisabkitab.kafka.client.sasl.jaas.config", plainJaas("not-" + password));
        try (Admin admin = new KafkaClients(KafkaClientConfig.from(fromProperties(settings))).admin("check",
                Map.of("request.timeout.ms", "10000", "default.api.timeout.ms", "20000"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
            assertFalse(String.valueOf(e.getCause().getMessage()).contains(password), e.getCause().getMessage());
        }
    }

    /**
     * OAUTHBEARER with the settings as environment variables: the login callback handler named there (Kafka's
     * unsecured one, counting its tokens) is the one Kafka's login calls, with the {@code sasl.oauthbearer.*}
     * settings and the JAAS options; the broker's validator takes its token when it has the required scope and
     * refuses it when not.
     */
    @Test
    void anOAuthBearerTokenFromTheNamedLoginCallbackGetsInAndOneWithoutTheScopeIsRefused() throws Exception {
        int tokensBefore = CountingLoginCallbackHandler.TOKENS.get();
        KafkaClientConfig config = KafkaClientConfig.from(fromEnvironment(oauthJaas(KafkaBrokerResource.OAUTH_SCOPE)));
        assertTrue(config.toString().contains("sasl.jaas.config=[hidden]"), config.toString());

        roundTrip(config, "hisabkitab.oauthbearer-check");
        assertTrue(CountingLoginCallbackHandler.TOKENS.get() > tokensBefore, "the named handler made the token");
        assertEquals(OAUTH_AUDIENCE, CountingLoginCallbackHandler.audience, "sasl.oauthbearer.* reach the handler");

        try (Admin admin = new KafkaClients(KafkaClientConfig.from(fromEnvironment(oauthJaas("another-audience"))))
                .admin("check", Map.of("request.timeout.ms", "10000", "default.api.timeout.ms", "20000"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
    }

    /**
     * Without the subject the login callback needs, the client cannot even log in (Kafka's unsecured handler: "No
     * principal name in JWT claim: sub"): the JAAS options reach the named handler, and its refusal stops the client.
     */
    @Test
    void anOAuthBearerLoginWithoutASubjectFailsInTheNamedLoginCallback() {
        String noSubject = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                + " unsecuredLoginStringClaim_scope=\"" + KafkaBrokerResource.OAUTH_SCOPE + "\";";
        int asked = CountingLoginCallbackHandler.ASKED.get();
        KafkaClients made = new KafkaClients(KafkaClientConfig.from(fromEnvironment(noSubject)));
        KafkaException e = assertThrows(KafkaException.class, () -> made.admin("check", Map.of()).close());
        assertTrue(causes(e).contains("LoginException"), causes(e));
        assertTrue(CountingLoginCallbackHandler.ASKED.get() > asked, "the named handler was asked for the token");
    }

    static final String OAUTH_AUDIENCE = "hisabkitab-test-audience";

    /**
     * Kafka's unsecured login callback handler, counting the times it is asked for a token and the tokens it makes,
     * and keeping a setting it is given.
     */
    public static class CountingLoginCallbackHandler extends OAuthBearerUnsecuredLoginCallbackHandler {
        static final AtomicInteger ASKED = new AtomicInteger();
        static final AtomicInteger TOKENS = new AtomicInteger();
        static volatile String audience;

        @Override
        public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaas) {
            // a list once Kafka parsed it: [audience]
            audience = String.valueOf(configs.get("sasl.oauthbearer.expected.audience")).replaceAll("[\\[\\]]", "");
            super.configure(configs, mechanism, jaas);
        }

        @Override
        public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
            ASKED.incrementAndGet();
            super.handle(callbacks);
            for (Callback c : callbacks) {
                if (c instanceof OAuthBearerTokenCallback token && token.token() != null) {
                    TOKENS.incrementAndGet();
                }
            }
        }
    }

    private static String oauthJaas(String scope) {
        return "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                + " unsecuredLoginStringClaim_sub=\"hisabkitab-sync\" unsecuredLoginStringClaim_scope=\"" + scope + "\";";
    }

    private static String plainJaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + KafkaBrokerResource.PLAIN_USER + "\" password=\"" + password + "\";";
    }

    /** The brokers and the listener's TLS settings as a user writes them in application.properties. */
    private Map<String, String> tlsProperties() {
        Map<String, Object> scram = broker.scramClientSettings(KafkaBrokerResource.SCRAM_USER, "unused");
        Map<String, String> p = new HashMap<>();
        p.put("kafka.brokers", broker.saslSslBootstrapServers());
        p.put("hisabkitab.kafka.client.security.protocol", "SASL_SSL");
        for (String name : List.of("ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password")) {
            p.put("hisabkitab.kafka.client." + name, String.valueOf(scram.get(name)));
        }
        return p;
    }

    private static SmallRyeConfig fromProperties(Map<String, String> properties) {
        Properties p = new Properties();
        p.putAll(properties);
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(p, "application.properties", 250))
                .build();
    }

    /** OAUTHBEARER's settings as environment variables (as a Kubernetes Deployment gives them). */
    private SmallRyeConfig fromEnvironment(String jaas) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BROKERS", broker.saslSslBootstrapServers());
        tlsProperties().forEach((name, value) -> {
            if (name.startsWith(KafkaClientConfig.PREFIX)) {
                env.put(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value);
            }
        });
        env.put("HISABKITAB_KAFKA_CLIENT_SASL_MECHANISM", "OAUTHBEARER");
        env.put("HISABKITAB_KAFKA_CLIENT_SASL_LOGIN_CALLBACK_HANDLER_CLASS", CountingLoginCallbackHandler.class.getName());
        env.put("HISABKITAB_KAFKA_CLIENT_SASL_OAUTHBEARER_EXPECTED_AUDIENCE", OAUTH_AUDIENCE);
        env.put("HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG", jaas);
        Properties file = new Properties();
        file.put("kafka.brokers", "${KAFKA_BROKERS:}");
        return new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(file, "application.properties", 250)).build();
    }

    /**
     * A real login and a record there and back with clients {@link KafkaClients} makes from {@code config}: an admin
     * sees the broker, a producer writes to a one-partition topic, a consumer reads it back.
     */
    private void roundTrip(KafkaClientConfig config, String topic) throws Exception {
        broker.createTopics(1, topic);
        KafkaClients made = new KafkaClients(config);
        try (Admin admin = made.admin("check", Map.of())) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
        String value = "checked-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = made.producer("check", Map.of())) {
            producer.send(new ProducerRecord<>(topic, "check", value)).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = made.consumer("check", Map.of())) {
            TopicPartition only = new TopicPartition(topic, 0);
            consumer.assign(List.of(only));
            consumer.seekToBeginning(List.of(only));
            List<String> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                return read.contains(value);
            });
        }
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
        }
        return all.toString();
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

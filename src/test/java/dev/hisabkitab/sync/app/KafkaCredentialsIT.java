package dev.hisabkitab.sync.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.app.CrashRecoveryIT.Outcomes;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.TestCertificates;

/**
 * Wrong Kafka credentials in production (docs/kafka.md, "When Kafka refuses the settings"): the packaged connector,
 * given its Kafka settings as environment variables as Kubernetes gives a Secret, against a broker's SASL_SSL listener
 * (SCRAM-SHA-512, a certificate the test's CA signed).
 *
 * <ol>
 * <li>A wrong password: the process stays up (liveness UP), readiness DOWN with check {@code kafka-access} naming
 * {@code hisabkitab.kafka.client.sasl.jaas.config} and its environment variable, for several retries in a row
 * (every readiness answer DOWN, the process alive); the problem is logged once, not at each retry. An event produced
 * meanwhile is not taken: no reply, no dead letter, no offset committed.</li>
 * <li>The right password but a truststore without the test's CA: DOWN naming
 * {@code hisabkitab.kafka.client.ssl.truststore.location}.</li>
 * <li>Restarted with the right settings: ready, and the event produced during 1 gets exactly one reply, {@code ok}.</li>
 * <li>Given a password Kafka does not know yet, then the user changed to it while the connector waits: ready without
 * a restart, and an event produced then gets its one reply.</li>
 * </ol>
 * No output of any run holds the wrong or the right password, or the truststore's. One broker for the whole class: a
 * second SASL_SSL broker started later in the same JVM refused SCRAM logins.
 */
class KafkaCredentialsIT {

    static final String KEY = "hk-kafka-credentials-key-51e0";
    static final String USER = "hisabkitab-sync";
    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final String GROUP = "hisabkitab-sync";
    static final String EVENT_ID = "kafka-credentials-1";
    static final String LATER_EVENT_ID = "kafka-credentials-2";
    /** Retried this often (then twice that): a few retries fit in seconds. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** Retries watched, every readiness answer DOWN meanwhile: more than two retry periods. */
    static final int RETRIES_WATCHED = 3;

    final String password = "right-" + UUID.randomUUID();
    final String wrongPassword = "wrong-" + UUID.randomUUID();
    /** The user's password from step 4 on, given to the connector before Kafka knows it. */
    final String laterPassword = "later-" + UUID.randomUUID();

    @TempDir
    Path work;

    private HisabKitabSandbox sandbox;
    private KafkaBroker broker;
    private TestCertificates tls;
    private ConnectorProcess app;
    private final List<ConnectorProcess> runs = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void wrongCredentialsKeepTheConnectorUpAndNotReadyNamingTheSettingAndTheRightOnesDeliverWhatWaited()
            throws Exception {
        sandbox = HisabKitabSandbox.start(0, Set.of(KEY));
        tls = TestCertificates.create(Files.createDirectories(work.resolve("tls")));
        TestCertificates otherCa = TestCertificates.create(Files.createDirectories(work.resolve("other-ca")));
        broker = new KafkaBroker().withSaslSsl(tls).start();
        broker.addScramUser(USER, password);
        broker.createTopics(EVENTS, REPLIES, DLQ);

        // 1. a wrong password
        app = start("wrong password", env(wrongPassword, tls.truststore(), tls.password()));
        try (KafkaTestClient kafka = broker.client()) {
            kafka.produce(EVENTS, "credentials", Events.journal(EVENT_ID, "Kafka credentials IT", 125).toString());
        }
        JsonNode refused = awaitNotReady(app, "hisabkitab.kafka.client.sasl.jaas.config");
        assertEquals("HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG", refused.path("environment variable").asText());
        assertTrue(refused.path("problem").asText().startsWith("Kafka refused the SASL login: check "
                + "hisabkitab.kafka.client.sasl.jaas.config (HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG)"), refused.toString());
        staysUpAndNotReadyWhileRetrying(app, refused.path("tries").asInt());
        String readiness = app.answer("/q/health/ready").body();
        assertFalse(readiness.contains(wrongPassword) || readiness.contains(tls.password()), readiness);
        int tries = kafkaAccess(app) == null ? -1 : kafkaAccess(app).path("tries").asInt();
        String log = app.log();
        assertEquals(1, log.lines().filter(l -> l.contains("[dev.hisabkitab.sync.kafka.KafkaAccess]")
                && l.contains("Kafka refused the SASL login")).count(), () -> "said once, not at every try:\n" + log);
        // Kafka's client says it too, once or twice a try (the try's admin client): no other client keeps trying
        long kafkaSays = log.lines().filter(l -> l.contains("invalid credentials")).count();
        assertTrue(kafkaSays <= 3L * (tries + 1), () -> kafkaSays + " lines of Kafka's refusal for " + tries + " tries:\n"
                + log);
        assertAll("no event taken while Kafka refuses the login",
                () -> assertEquals(0, broker.recordCount(REPLIES), "replies"),
                () -> assertEquals(0, broker.recordCount(DLQ), "dead letters"),
                () -> assertEquals(Map.of(), committedOffsets(), "offsets committed by " + GROUP));
        stopAndCheckLog(app);

        // 2. the right password, a truststore without the CA that signed the broker's certificate
        app = start("untrusted certificate", env(password, otherCa.truststore(), otherCa.password()));
        JsonNode untrusted = awaitNotReady(app, "hisabkitab.kafka.client.ssl.truststore.location");
        assertEquals("HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", untrusted.path("environment variable").asText());
        assertTrue(untrusted.path("problem").asText().startsWith("the broker's certificate is not trusted"),
                untrusted.toString());
        assertEquals(200, app.answer("/q/health/live").statusCode(), "live while not ready");
        stopAndCheckLog(app);
        assertEquals(0, broker.recordCount(REPLIES) + broker.recordCount(DLQ), "no outcome with an untrusted broker");

        // 3. the right settings: the event that waited gets its one reply
        try (Outcomes outcomes = new Outcomes(broker.bootstrapServers())) {
            app = start("right settings", env(password, tls.truststore(), tls.password())).awaitReady(Duration.ofSeconds(90));
            outcomes.await(Duration.ofSeconds(60), o -> o.ids().contains(EVENT_ID) || !app.isAlive(),
                    "the reply to the event produced while Kafka refused the login");
            stopAndCheckLog(app);
            outcomes.readToEnd();
            List<JsonNode> replies = outcomes.byId().getOrDefault(EVENT_ID, List.of());
            assertEquals(1, replies.size(), replies::toString);
            assertEquals("ok", replies.get(0).path("status").asText(), replies.get(0).toString());
            assertEquals(0, broker.recordCount(DLQ), "dead letters");
        }

        // 4. a user Kafka does not know yet, added while the connector waits: ready without a restart
        app = start("user added later", env(laterPassword, tls.truststore(), tls.password()));
        awaitNotReady(app, "hisabkitab.kafka.client.sasl.jaas.config");
        broker.addScramUser(USER, laterPassword);
        app.awaitReady(Duration.ofSeconds(60));
        try (Outcomes outcomes = new Outcomes(broker.bootstrapServers())) {
            try (KafkaTestClient kafka = broker.client()) {
                kafka.produce(EVENTS, "credentials", Events.journal(LATER_EVENT_ID, "Kafka credentials IT", 250)
                        .toString());
            }
            outcomes.await(Duration.ofSeconds(60), o -> o.ids().contains(LATER_EVENT_ID) || !app.isAlive(),
                    "the reply to the event produced once Kafka accepted the connector");
            stopAndCheckLog(app);
            outcomes.readToEnd();
            assertEquals(1, outcomes.byId().getOrDefault(LATER_EVENT_ID, List.of()).size(), outcomes.byId()::toString);
            assertEquals(1, outcomes.byId().getOrDefault(EVENT_ID, List.of()).size(), outcomes.byId()::toString);
        }
    }

    /** The settings as Kubernetes gives them: environment variables (the secret ones from a Secret). */
    private Map<String, String> env(String scramPassword, Path truststore, String truststorePassword) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", broker.saslSslBootstrapServers());
        env.put("HISABKITAB_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("HISABKITAB_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"" + USER + "\" password=\"" + scramPassword + "\";");
        env.put("HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", truststore.toString());
        env.put("HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD", truststorePassword);
        return env;
    }

    private ConnectorProcess start(String name, Map<String, String> env) throws Exception {
        ConnectorProcess process = ConnectorProcess.start(name, work, work.resolve("logs/run-" + (runs.size() + 1)
                + ".log"), 0, ConnectorProcess.properties("hisabkitab.api-key", KEY,
                        "hisabkitab.base-url", sandbox.baseUrl(),
                        "hisabkitab.inbox", work.resolve("inbox").toString(),
                        "hisabkitab.idempotency.dir", work.resolve("completed-index").toString(),
                        "hisabkitab.kafka.access-retry", RETRY.toString(),
                        "hisabkitab.kafka.access-retry-max", RETRY.multipliedBy(2).toString()),
                env);
        runs.add(process);
        return process;
    }

    /** Waits for readiness DOWN with check kafka-access naming {@code property}; its data. */
    private static JsonNode awaitNotReady(ConnectorProcess process, String property) {
        AtomicReference<JsonNode> check = new AtomicReference<>();
        Awaitility.await(process.name() + ": readiness DOWN naming " + property).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!process.isAlive()) {
                        return true;
                    }
                    JsonNode data = kafkaAccess(process);
                    check.set(data);
                    return data != null && property.equals(data.path("setting").asText());
                });
        assertTrue(process.isAlive(), () -> process.name() + " died instead of waiting:\n" + process.log());
        return check.get();
    }

    /**
     * Readiness is asked until Kafka's access was tried {@value #RETRIES_WATCHED} more times: every answer DOWN
     * (503), the process alive, liveness UP.
     */
    private static void staysUpAndNotReadyWhileRetrying(ConnectorProcess process, int triesBefore) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        long started = System.nanoTime();
        Awaitility.await(process.name() + ": " + RETRIES_WATCHED + " more tries").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    statuses.add(process.answer("/q/health/ready").statusCode());
                    JsonNode data = kafkaAccess(process);
                    return !process.isAlive() || data != null
                            && data.path("tries").asInt() >= triesBefore + RETRIES_WATCHED;
                });
        long watchedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(process.isAlive(), () -> process.name() + " died while retrying:\n" + process.log());
        assertTrue(watchedMillis > 2 * RETRY.toMillis(), "watched " + watchedMillis + " ms");
        assertTrue(statuses.size() >= 4 && statuses.stream().allMatch(s -> s == 503), statuses::toString);
        assertEquals(200, process.answer("/q/health/live").statusCode(), "live while not ready");
    }

    /** The data of readiness check kafka-access while it is DOWN; null while it is not (or nothing answers yet). */
    private static JsonNode kafkaAccess(ConnectorProcess process) throws InterruptedException {
        HttpResponse<String> ready;
        try {
            ready = process.answer("/q/health/ready");
        } catch (java.io.IOException notListeningYet) {
            return null;
        }
        if (ready.statusCode() != 503) {
            return null;
        }
        for (JsonNode check : Events.json(ready.body()).path("checks")) {
            if ("kafka-access".equals(check.path("name").asText()) && "DOWN".equals(check.path("status").asText())) {
                return check.path("data");
            }
        }
        return null;
    }

    private Map<?, ?> committedOffsets() throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the connector stops by itself; its whole output holds no password. */
    private void stopAndCheckLog(ConnectorProcess process) throws InterruptedException {
        process.stop(Duration.ofSeconds(60));
        String log = process.log();
        assertAll(process.name() + "'s output holds no secret",
                () -> assertFalse(log.contains(password), "the right password"),
                () -> assertFalse(log.contains(wrongPassword), "the wrong password"),
                () -> assertFalse(log.contains(laterPassword), "the password set later"),
                () -> assertFalse(log.contains(tls.password()), "the truststore's password"));
    }
}

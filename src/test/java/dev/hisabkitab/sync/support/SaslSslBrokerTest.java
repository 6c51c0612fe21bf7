package dev.hisabkitab.sync.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test broker's SASL_SSL listener ({@link KafkaBroker#withSaslSsl}) is what a secured production Kafka is to a
 * client: only its SCRAM users get in, over TLS with a certificate from the test's CA whose host name is checked. What
 * SaslSslFlowTest shows therefore needs the connector's clients to carry the settings.
 */
class SaslSslBrokerTest {

    static final String USER = "sync";
    static final String PASSWORD = "scram-pw-for-the-test";

    static Path tlsDir;
    static TestCertificates tls;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        tlsDir = Files.createTempDirectory("kafka-tls-");
        tls = TestCertificates.create(tlsDir);
        broker = new KafkaBroker(1, Map.of()).withSaslSsl(tls).start();
        broker.addScramUser(USER, PASSWORD);
    }

    @AfterAll
    static void closeBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
        try (var files = Files.walk(tlsDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aScramUserGetsInOverTls() throws Exception {
        try (Admin admin = Admin.create(settings(PASSWORD, true))) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (Admin admin = Admin.create(settings("not-" + PASSWORD, true))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheTestsCaIsRefused() {
        try (Admin admin = Admin.create(settings(PASSWORD, false))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, e.getCause());
        }
    }

    private static Map<String, Object> settings(String password, boolean trustTheCa) {
        Map<String, Object> s = new HashMap<>(broker.scramClientSettings(USER, password));
        if (!trustTheCa) {
            s.keySet().removeIf(k -> k.startsWith("ssl.truststore."));
        }
        s.put("request.timeout.ms", "10000");
        s.put("default.api.timeout.ms", "20000");
        return s;
    }
}

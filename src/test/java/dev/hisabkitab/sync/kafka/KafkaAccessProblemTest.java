package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.idempotency.IdempotencyStoreException;
import dev.hisabkitab.sync.support.TestCertificates;

/**
 * A Kafka client's failure → the setting an operator checks. The failures a broker causes are Kafka's and the JDK's
 * own exception types as the clients throw them (wrapped as the completed-events store wraps them; the IT shows them
 * coming from a real broker); the failures at a client's construction are made for real, by making an admin client
 * with the bad setting.
 */
class KafkaAccessProblemTest {

    static final String PASSWORD = "wrong-but-secret-pw";
    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"sync\" password=\"" + PASSWORD + "\";";

    @TempDir
    Path dir;

    /** As KafkaIdempotencyStore.open wraps what the admin client's future threw. */
    static IdempotencyStoreException opening(Throwable kafka) {
        ExecutionException future = new ExecutionException(kafka);
        return new IdempotencyStoreException("Cannot load the completed events from Kafka topic hisabkitab.completed"
                + " (b1:9093) within PT60S: cannot create or describe topic hisabkitab.completed: " + kafka, future);
    }

    static KafkaAccessProblem problem(Throwable failure, Map<String, String> settings) {
        return KafkaAccessProblem.of(failure, settings).orElseThrow(() -> new AssertionError("not classified: "
                + failure));
    }

    @Test
    void aRefusedLoginNamesTheJaasConfigInPropertyAndEnvironmentWords() {
        KafkaAccessProblem p = problem(opening(new SaslAuthenticationException("Authentication failed during "
                + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512")), Map.of());
        assertEquals("sasl.jaas.config", p.setting());
        assertEquals("hisabkitab.kafka.client.sasl.jaas.config", p.property());
        assertEquals("HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG", p.environmentVariable());
        assertTrue(p.describe().startsWith("Kafka refused the SASL login: check hisabkitab.kafka.client.sasl.jaas.config"
                + " (HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG)"), p.describe());
        assertTrue(p.detail().contains("invalid credentials"), p.detail());
    }

    @Test
    void anUntrustedBrokerCertificateNamesTheTruststore() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed: unable to find valid "
                + "certification path to requested target");
        handshake.initCause(new CertPathValidatorException("unable to find valid certification path"));
        KafkaAccessProblem p = problem(opening(new SslAuthenticationException("SSL handshake failed", handshake)),
                Map.of());
        assertEquals("ssl.truststore.location", p.setting());
        assertTrue(p.describe().startsWith("the broker's certificate is not trusted: check "
                + "hisabkitab.kafka.client.ssl.truststore.location (HISABKITAB_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION)"),
                p.describe());
        assertTrue(p.detail().startsWith("SSLHandshakeException: PKIX path building failed"), p.detail());
    }

    @Test
    void aCertificateForAnotherHostNamesTheBrokersAddressNotTheTruststore() {
        SSLHandshakeException handshake = new SSLHandshakeException("No subject alternative names matching IP "
                + "address 10.0.0.7 found");
        handshake.initCause(new CertificateException("No subject alternative names matching IP address 10.0.0.7 found"));
        KafkaAccessProblem p = problem(opening(new SslAuthenticationException("SSL handshake failed", handshake)),
                Map.of());
        assertEquals("ssl.endpoint.identification.algorithm", p.setting());
        assertTrue(p.describe().contains("kafka.brokers"), p.describe());
    }

    @Test
    void ourCertificateRefusedByTheBrokerNamesTheKeystore() {
        KafkaAccessProblem p = problem(opening(new SslAuthenticationException("Failed to process post-handshake "
                + "messages", new SSLException("Received fatal alert: bad_certificate"))), Map.of());
        assertEquals("ssl.keystore.location", p.setting());
    }

    @Test
    void aMechanismTheListenerDoesNotOfferNamesTheMechanism() {
        KafkaAccessProblem p = problem(opening(new UnsupportedSaslMechanismException("Client SASL mechanism "
                + "'SCRAM-SHA-256' not enabled in the server, enabled mechanisms are [SCRAM-SHA-512]")), Map.of());
        assertEquals("sasl.mechanism", p.setting());
    }

    @Test
    void aMissingAclIsSaidWithoutASettingToCheck() {
        KafkaAccessProblem p = problem(opening(new GroupAuthorizationException("Not authorized to access group: "
                + "hisabkitab-sync")), Map.of());
        assertNull(p.setting());
        assertTrue(p.describe().contains("ACLs") && p.describe().contains("GroupAuthorizationException"), p.describe());
    }

    @Test
    void aTruststoreThatIsNotThereNamesItsLocation() {
        Map<String, String> settings = Map.of("security.protocol", "SSL",
                "ssl.truststore.location", dir.resolve("no-such.p12").toString(), "ssl.truststore.type", "PKCS12");
        KafkaAccessProblem p = problem(madeWith(settings), settings);
        assertEquals("ssl.truststore.location", p.setting());
        assertTrue(p.describe().startsWith("the truststore file is not there"), p.describe());
    }

    @Test
    void aTruststoreWithAnotherPasswordNamesItsPasswordAndNeverShowsIt() {
        TestCertificates tls = TestCertificates.create(dir);
        Map<String, String> settings = Map.of("security.protocol", "SSL",
                "ssl.truststore.location", tls.truststore().toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", PASSWORD);
        KafkaAccessProblem p = problem(madeWith(settings), settings);
        assertEquals("ssl.truststore.password", p.setting());
        assertFalse(p.describe().contains(PASSWORD) || p.masked(settings).contains(PASSWORD));
    }

    @Test
    void aJaasConfigThatDoesNotParseNamesItAndShowsNoneOfIt() {
        Map<String, String> settings = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                // no ';' at the end: Kafka cannot read it
                "sasl.jaas.config", JAAS.substring(0, JAAS.length() - 1));
        KafkaAccessProblem p = problem(madeWith(settings), settings);
        assertEquals("sasl.jaas.config", p.setting());
        assertTrue(p.describe().startsWith("the JAAS configuration cannot be read"), p.describe());
        assertFalse(p.describe().contains(PASSWORD) || p.masked(settings).contains(PASSWORD));
    }

    @Test
    void theKafkaClientsWordsAreShownWithTheSecretsMasked() {
        Map<String, String> settings = Map.of("sasl.jaas.config", JAAS);
        KafkaAccessProblem p = problem(new SaslAuthenticationException("login of sync with " + PASSWORD + " failed"),
                settings);
        assertFalse(p.masked(settings).contains(PASSWORD), p.masked(settings));
        assertTrue(p.masked(settings).contains(KafkaClientConfig.MASK), p.masked(settings));
    }

    @Test
    void otherFailuresAreNotAccessProblems() {
        assertTrue(KafkaAccessProblem.of(opening(new org.apache.kafka.common.errors.TimeoutException("Timed out waiting for a node assignment")),
                Map.of()).isEmpty());
        assertTrue(KafkaAccessProblem.of(new TimeoutException(), Map.of()).isEmpty());
        assertTrue(KafkaAccessProblem.of(new IllegalArgumentException("Kafka client settings the connector sets "
                + "itself: hisabkitab.kafka.client.group.id"), Map.of()).isEmpty());
    }

    @Test
    void sameProblemDespiteOtherWordsFromKafka() {
        KafkaAccessProblem a = problem(new SaslAuthenticationException("invalid credentials (1)"), Map.of());
        KafkaAccessProblem b = problem(new SaslAuthenticationException("invalid credentials (2)"), Map.of());
        assertTrue(a.sameAs(b));
        assertFalse(a.sameAs(problem(new GroupAuthorizationException("Not authorized to access group"), Map.of())));
    }

    /** What making a real admin client with these settings throws (at construction: no broker is asked). */
    private static KafkaException madeWith(Map<String, String> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put("bootstrap.servers", "127.0.0.1:1");
        return assertThrows(KafkaException.class, () -> Admin.create(config).close());
    }
}

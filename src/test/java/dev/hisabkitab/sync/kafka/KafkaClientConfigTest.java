package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.hisabkitab.sync.kafka.KafkaClientConfig.Kind;

/**
 * One client configuration for every Kafka client: the common settings reach every kind of client, what the connector
 * needs per use wins (and cannot be given in common), secrets are never shown, and the settings can come from the
 * environment as Kubernetes injects them.
 */
class KafkaClientConfigTest {

    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"sync\" password=\"s3cret-scram\";";

    static final Map<String, String> SASL_SSL = Map.of("security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
            "ssl.truststore.location", "/etc/kafka-ca/ca.p12", "ssl.truststore.password", "trust-pw",
            "fetch.min.bytes", "1024", "request.timeout.ms", "20000");

    final KafkaClientConfig config = new KafkaClientConfig("b1:9093,b2:9093", "hisabkitab-sync", SASL_SSL);

    @Test
    void theSecuritySettingsReachEveryKindOfClient() {
        for (Kind kind : Kind.values()) {
            Map<String, Object> client = config.forClient(kind, "x", Map.of());
            assertEquals("SASL_SSL", client.get("security.protocol"), kind.name());
            assertEquals("SCRAM-SHA-512", client.get("sasl.mechanism"), kind.name());
            assertEquals(JAAS, client.get("sasl.jaas.config"), kind.name());
            assertEquals("/etc/kafka-ca/ca.p12", client.get("ssl.truststore.location"), kind.name());
            assertEquals("b1:9093,b2:9093", client.get("bootstrap.servers"), kind.name());
        }
    }

    @Test
    void aSettingGoesOnlyToTheClientsThatKnowIt() {
        // a consumer's setting given to a producer would only make Kafka warn about an unknown setting
        assertEquals("1024", config.forClient(Kind.CONSUMER, "x", Map.of()).get("fetch.min.bytes"));
        assertFalse(config.forClient(Kind.PRODUCER, "x", Map.of()).containsKey("fetch.min.bytes"));
        assertFalse(config.forClient(Kind.ADMIN, "x", Map.of()).containsKey("fetch.min.bytes"));
        // a plug-in's own setting (a login callback's) is known to no client, so each gets it
        KafkaClientConfig plugin = new KafkaClientConfig("b:1", "g", Map.of("acme.token.audience", "kafka"));
        assertEquals("kafka", plugin.forClient(Kind.ADMIN, "x", Map.of()).get("acme.token.audience"));
    }

    @Test
    void aCommonSettingOverridesAUsesTuningButNotWhatTheConnectorNeeds() {
        Map<String, Object> outcomes = config.forClient(Kind.PRODUCER, "outcomes", Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hisabkitab-sync-outcomes-pod-0",
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.LINGER_MS_CONFIG, 0));
        assertEquals("hisabkitab-sync-outcomes-pod-0", outcomes.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        assertEquals("all", outcomes.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(0, outcomes.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("20000", outcomes.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        assertEquals("hisabkitab-sync-outcomes", outcomes.get("client.id"));
    }

    @Test
    void camelsDefaultsGiveWayToTheCommonSettings() {
        // Camel's consumer properties carry its own defaults for every setting, security included
        Map<String, Object> camel = Map.of("security.protocol", "PLAINTEXT", "request.timeout.ms", "30000",
                "group.id", "hisabkitab-sync", "isolation.level", "read_committed", "bootstrap.servers", "other:1");
        Map<String, Object> consumer = config.forClient(Kind.CONSUMER, "events", camel);
        assertEquals("SASL_SSL", consumer.get("security.protocol"));
        assertEquals("20000", consumer.get("request.timeout.ms"));
        assertEquals("hisabkitab-sync", consumer.get("group.id"));
        assertEquals("read_committed", consumer.get("isolation.level"));
        assertEquals("b1:9093,b2:9093", consumer.get("bootstrap.servers"));
        assertEquals("hisabkitab-sync-events", consumer.get("client.id"));
    }

    @Test
    void settingsTheConnectorNeedsAreRefusedNamingWhatToSetInstead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KafkaClientConfig("b:1",
                "g", Map.of("transactional.id", "mine-secret-tx", "isolation.level", "read_uncommitted",
                        "security.protocol", "SSL")));
        assertTrue(e.getMessage().contains("hisabkitab.kafka.client.transactional.id (set "
                + "hisabkitab.kafka.transactional-id)"), e.getMessage());
        assertTrue(e.getMessage().contains("hisabkitab.kafka.client.isolation.level"), e.getMessage());
        assertFalse(e.getMessage().contains("security.protocol"), e.getMessage());
        assertFalse(e.getMessage().contains("mine-secret-tx"), "never a value: " + e.getMessage());
    }

    @Test
    void theClientIdGivenIsEachClientsBase() {
        KafkaClientConfig named = new KafkaClientConfig("b:1", "hisabkitab-sync", Map.of("client.id", "acme-sync"));
        assertEquals("acme-sync-lag", named.forClient(Kind.ADMIN, "lag", Map.of()).get("client.id"));
    }

    @Test
    void secretsAreNeverShown() {
        String shown = config.toString() + KafkaClientConfig.masked(config.forClient(Kind.PRODUCER, "x", Map.of()));
        assertFalse(shown.contains("s3cret-scram"), shown);
        assertFalse(shown.contains("ScramLoginModule"), shown);
        assertFalse(shown.contains("trust-pw"), shown);
        assertTrue(shown.contains("sasl.jaas.config=[hidden]"), shown);
        assertTrue(shown.contains("ssl.truststore.password=[hidden]"), shown);
        assertTrue(shown.contains("security.protocol=SASL_SSL"), shown);
        // Kafka's PASSWORD-typed settings, and a plug-in's secret by its name
        assertTrue(KafkaClientConfig.isSecret("ssl.keystore.password"));
        assertTrue(KafkaClientConfig.isSecret("ssl.key.password"));
        assertTrue(KafkaClientConfig.isSecret("acme.client.secret"));
        assertFalse(KafkaClientConfig.isSecret("ssl.keystore.location"));
    }

    @Test
    void theSecretValuesForTheLogFilterIncludeTheJaasPasswords() {
        assertEquals(java.util.Set.of(JAAS, "s3cret-scram", "trust-pw"), KafkaClientConfig.secretValues(SASL_SSL));
        String unquoted = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "clientId=sync clientSecret=0auth-s3cret;";
        assertEquals(java.util.Set.of(unquoted, "0auth-s3cret"),
                KafkaClientConfig.secretValues(Map.of("sasl.jaas.config", unquoted)));
    }

    @Test
    void settingsComeFromTheEnvironmentAsKubernetesInjectsThem() {
        SmallRyeConfig env = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "HISABKITAB_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "HISABKITAB_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
                "HISABKITAB_KAFKA_CLIENT_SSL_KEYSTORE_PASSWORD", "key-pw",
                "HISABKITAB_KAFKA_CLIENT_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "https",
                "KAFKA_BROKERS", "kafka:9093"), 300)).withSources(properties(Map.of(
                        "kafka.brokers", "${KAFKA_BROKERS:}",
                        "hisabkitab.kafka.client.sasl.mechanism", "PLAIN",
                        "hisabkitab.kafka.client.acme.token.audience", "kafka",
                        "hisabkitab.kafka.client.ssl.truststore.location", "")))
                .build();
        KafkaClientConfig fromEnv = KafkaClientConfig.from(env);
        assertEquals("kafka:9093", fromEnv.brokers());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS, "ssl.keystore.password", "key-pw",
                "ssl.endpoint.identification.algorithm", "https", "acme.token.audience", "kafka"),
                fromEnv.settings(), "the environment wins over the file; an empty value is not given");
        assertEquals("hisabkitab-sync-events",
                fromEnv.forClient(Kind.CONSUMER, "events", Map.of()).get("client.id"));
    }

    /** Mutual TLS's keystore and OAUTHBEARER's login settings, from the environment, reach every kind of client. */
    @Test
    void theMutualTlsAndOAuthBearerSettingsFromTheEnvironmentReachEveryClientWithTheirSecretsMasked() {
        String oauth = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "clientId=\"sync\" clientSecret=\"0auth-s3cret\" scope=\"kafka\";";
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "HISABKITAB_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "HISABKITAB_KAFKA_CLIENT_SSL_KEYSTORE_LOCATION", "/etc/kafka-user/user.p12",
                "HISABKITAB_KAFKA_CLIENT_SSL_KEYSTORE_TYPE", "PKCS12",
                "HISABKITAB_KAFKA_CLIENT_SSL_KEYSTORE_PASSWORD", "keystore-pw",
                "HISABKITAB_KAFKA_CLIENT_SSL_KEY_PASSWORD", "key-pw",
                "HISABKITAB_KAFKA_CLIENT_SASL_MECHANISM", "OAUTHBEARER",
                "HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG", oauth,
                "HISABKITAB_KAFKA_CLIENT_SASL_LOGIN_CALLBACK_HANDLER_CLASS",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler",
                "HISABKITAB_KAFKA_CLIENT_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL", "https://idp.example/oauth2/token",
                "HISABKITAB_KAFKA_CLIENT_SASL_OAUTHBEARER_SCOPE_CLAIM_NAME", "scp"));
        env.put("KAFKA_BROKERS", "kafka:9093");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300))
                .withSources(properties(Map.of("kafka.brokers", "${KAFKA_BROKERS:}"))).build();
        KafkaClientConfig fromEnv = KafkaClientConfig.from(config);
        for (Kind kind : Kind.values()) {
            Map<String, Object> client = fromEnv.forClient(kind, "x", Map.of());
            assertEquals("/etc/kafka-user/user.p12", client.get("ssl.keystore.location"), kind.name());
            assertEquals("PKCS12", client.get("ssl.keystore.type"), kind.name());
            assertEquals("keystore-pw", client.get("ssl.keystore.password"), kind.name());
            assertEquals("key-pw", client.get("ssl.key.password"), kind.name());
            assertEquals("OAUTHBEARER", client.get("sasl.mechanism"), kind.name());
            assertEquals(oauth, client.get("sasl.jaas.config"), kind.name());
            assertEquals("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler",
                    client.get("sasl.login.callback.handler.class"), kind.name());
            assertEquals("https://idp.example/oauth2/token", client.get("sasl.oauthbearer.token.endpoint.url"),
                    kind.name());
            assertEquals("scp", client.get("sasl.oauthbearer.scope.claim.name"), kind.name());
        }
        String shown = fromEnv.toString() + KafkaClientConfig.masked(fromEnv.forClient(Kind.CONSUMER, "x", Map.of()));
        for (String secret : List.of("keystore-pw", "key-pw", "0auth-s3cret", "OAuthBearerLoginModule")) {
            assertFalse(shown.contains(secret), secret + " shown: " + shown);
        }
        assertTrue(shown.contains("ssl.keystore.password=[hidden]"), shown);
        assertTrue(shown.contains("ssl.key.password=[hidden]"), shown);
        assertTrue(shown.contains("sasl.jaas.config=[hidden]"), shown);
        assertTrue(shown.contains("sasl.oauthbearer.token.endpoint.url=https://idp.example/oauth2/token"), shown);
        assertEquals(java.util.Set.of("keystore-pw", "key-pw", oauth, "0auth-s3cret"),
                KafkaClientConfig.secretValues(config), "the log filter masks each of them");
    }

    @Test
    void aSettingTheConnectorNeedsIsRefusedFromTheEnvironmentToo() {
        SmallRyeConfig env = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "HISABKITAB_KAFKA_CLIENT_ENABLE_AUTO_COMMIT", "true", "KAFKA_BROKERS", "kafka:9093"), 300))
                .withSources(properties(Map.of("kafka.brokers", "${KAFKA_BROKERS:}"))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaClientConfig.from(env));
        assertTrue(e.getMessage().contains("enable.auto.commit"), e.getMessage());
    }

    private static PropertiesConfigSource properties(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        return new PropertiesConfigSource(p, "test", 250);
    }
}

package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link KafkaBroker} for a {@code @QuarkusTest} class and points the application at it through
 * {@code kafka.brokers} (application.properties maps {@code camel.component.kafka.brokers=${kafka.brokers}}).
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(value = KafkaBrokerResource.class, initArgs = {
 *         &#64;ResourceArg(name = KafkaBrokerResource.TOPICS, value = "orders.in,orders.dlq"),
 *         &#64;ResourceArg(name = KafkaBrokerResource.PARTITIONS, value = "3") })
 * class OrdersRouteTest {
 *     &#64;InjectKafkaBroker KafkaBroker broker;     // stop(), restart(), createTopics(), recordCount()
 *     &#64;InjectKafkaBroker KafkaTestClient kafka;  // produce(), consumeUntil(), consumeAtLeast()
 * }
 * </pre>
 *
 * Init args (all optional): {@value #TOPICS} comma-separated topics created before the application starts,
 * {@value #PARTITIONS} partitions per topic (default {@value KafkaBroker#DEFAULT_PARTITIONS}, also used for
 * auto-created topics), {@value #SASL_SSL} {@code true}: the application connects only through a SASL_SSL listener
 * (SCRAM-SHA-512 user {@value #SCRAM_USER}, a random password, the broker's certificate signed by a CA the test made:
 * {@link TestCertificates}), given the settings as {@code hisabkitab.kafka.client.*}; the injected client still uses
 * the PLAINTEXT listener. The SASL_SSL listener also takes PLAIN (user {@value #PLAIN_USER},
 * {@link #plainPassword()}) and OAUTHBEARER (Kafka's unsecured validator, scope {@value #OAUTH_SCOPE} required) for
 * tests of those mechanisms. {@value #MUTUAL_TLS} {@code true}: the application connects only through an SSL listener
 * that requires a client certificate (the client's keystore, {@code CN=}{@value #TLS_CLIENT}, made and signed by the
 * test's CA: {@link #clientKeystore()}), given the settings as {@code hisabkitab.kafka.client.*}. The broker and its
 * temp dirs are removed when the test class is done; a fatal broker error
 * recorded during the class makes {@link #stop()} throw.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPICS = "topics";
    public static final String PARTITIONS = "partitions";
    /** The configuration property returned by {@link #start()}. */
    public static final String BROKERS_PROPERTY = "kafka.brokers";
    public static final String SASL_SSL = "saslSsl";
    public static final String SCRAM_USER = "hisabkitab-sync";
    public static final String PLAIN_USER = "hisabkitab-sync";
    /** The scope an OAUTHBEARER token must have on the SASL_SSL listener. */
    public static final String OAUTH_SCOPE = "kafka";
    public static final String MUTUAL_TLS = "mutualTls";
    /** The common name of the application's client certificate on the mutual-TLS listener. */
    public static final String TLS_CLIENT = "hisabkitab-sync";
    /** The PLAIN user's password of the running SASL_SSL broker. */
    private static volatile String plainPassword;
    /** The application's client keystore of the running mutual-TLS broker. */
    private static volatile Path clientKeystore;
    /** The SCRAM user's password of the running SASL_SSL broker (a test checks it is never shown). */
    private static volatile String scramPassword;

    private int partitions = KafkaBroker.DEFAULT_PARTITIONS;
    private String[] topics = new String[0];
    private KafkaBroker broker;
    private KafkaTestClient client;
    private boolean saslSsl;
    private boolean mutualTls;
    private Path tlsDir;
    private TestCertificates tls;

    @Override
    public void init(Map<String, String> initArgs) {
        String p = initArgs.get(PARTITIONS);
        if (p != null && !p.isBlank()) {
            partitions = Integer.parseInt(p.trim());
        }
        saslSsl = Boolean.parseBoolean(initArgs.get(SASL_SSL));
        mutualTls = Boolean.parseBoolean(initArgs.get(MUTUAL_TLS));
        if (saslSsl && mutualTls) {
            throw new IllegalArgumentException("The application is given one listener: SASL_SSL or mutual TLS");
        }
        String t = initArgs.get(TOPICS);
        if (t != null && !t.isBlank()) {
            topics = Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        }
    }

    @Override
    public Map<String, String> start() {
        if (mutualTls) {
            return startMutualTls();
        }
        if (!saslSsl) {
            broker = new KafkaBroker(partitions, Map.of()).start();
        } else {
            try {
                tlsDir = Files.createTempDirectory("kafka-tls-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tls = TestCertificates.create(tlsDir);
            plainPassword = UUID.randomUUID().toString();
            broker = new KafkaBroker(partitions, Map.of()).withSaslSsl(tls).withPlainUser(PLAIN_USER, plainPassword)
                    .withUnsecuredOAuthBearer(OAUTH_SCOPE).start();
            scramPassword = UUID.randomUUID().toString();
            broker.addScramUser(SCRAM_USER, scramPassword);
        }
        if (topics.length > 0) {
            broker.createTopics(topics);
        }
        client = broker.client();
        if (!saslSsl) {
            return Map.of(BROKERS_PROPERTY, broker.bootstrapServers());
        }
        Map<String, String> config = new HashMap<>();
        config.put(BROKERS_PROPERTY, broker.saslSslBootstrapServers());
        config.put("hisabkitab.kafka.client.security.protocol", "SASL_SSL");
        config.put("hisabkitab.kafka.client.sasl.mechanism", "SCRAM-SHA-512");
        config.put("hisabkitab.kafka.client.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"" + SCRAM_USER + "\" password=\"" + scramPassword + "\";");
        config.put("hisabkitab.kafka.client.ssl.truststore.location", tls.truststore().toString());
        config.put("hisabkitab.kafka.client.ssl.truststore.type", "PKCS12");
        config.put("hisabkitab.kafka.client.ssl.truststore.password", tls.password());
        return config;
    }

    /** A broker whose only listener for the application is SSL with client certificates required. */
    private Map<String, String> startMutualTls() {
        try {
            tlsDir = Files.createTempDirectory("kafka-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tls = TestCertificates.create(tlsDir);
        clientKeystore = tls.clientKeystore(TLS_CLIENT);
        broker = new KafkaBroker(partitions, Map.of()).withMutualTls(tls).start();
        if (topics.length > 0) {
            broker.createTopics(topics);
        }
        client = broker.client();
        Map<String, String> config = new HashMap<>();
        config.put(BROKERS_PROPERTY, broker.mutualTlsBootstrapServers());
        config.put("hisabkitab.kafka.client.security.protocol", "SSL");
        config.put("hisabkitab.kafka.client.ssl.keystore.location", clientKeystore.toString());
        config.put("hisabkitab.kafka.client.ssl.keystore.type", "PKCS12");
        config.put("hisabkitab.kafka.client.ssl.keystore.password", tls.password());
        config.put("hisabkitab.kafka.client.ssl.key.password", tls.password());
        config.put("hisabkitab.kafka.client.ssl.truststore.location", tls.truststore().toString());
        config.put("hisabkitab.kafka.client.ssl.truststore.type", "PKCS12");
        config.put("hisabkitab.kafka.client.ssl.truststore.password", tls.password());
        return config;
    }

    /** The PLAIN user's password while a SASL_SSL broker runs. */
    public static String plainPassword() {
        return plainPassword;
    }

    /** The application's client keystore (PKCS12, {@code CN=}{@value #TLS_CLIENT}) while a mutual-TLS broker runs. */
    public static Path clientKeystore() {
        return clientKeystore;
    }

    /** The SCRAM user's password while a SASL_SSL broker runs. */
    public static String scramPassword() {
        return scramPassword;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
        testInjector.injectIntoFields(client,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaTestClient.class));
    }

    @Override
    public void stop() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            if (broker != null) {
                KafkaBroker b = broker;
                broker = null;
                b.close(); // throws FatalBrokerError if Kafka reported one
            }
            scramPassword = null;
            plainPassword = null;
            clientKeystore = null;
            if (tlsDir != null) {
                deleteTls();
            }
        }
    }

    private void deleteTls() {
        try (Stream<Path> files = Files.walk(tlsDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            tlsDir = null;
        }
    }
}

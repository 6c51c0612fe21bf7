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
 * the PLAINTEXT listener. The broker and its temp dirs are removed when the test class is done; a fatal broker error
 * recorded during the class makes {@link #stop()} throw.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPICS = "topics";
    public static final String PARTITIONS = "partitions";
    /** The configuration property returned by {@link #start()}. */
    public static final String BROKERS_PROPERTY = "kafka.brokers";
    public static final String SASL_SSL = "saslSsl";
    public static final String SCRAM_USER = "hisabkitab-sync";
    /** The SCRAM user's password of the running SASL_SSL broker (a test checks it is never shown). */
    private static volatile String scramPassword;

    private int partitions = KafkaBroker.DEFAULT_PARTITIONS;
    private String[] topics = new String[0];
    private KafkaBroker broker;
    private KafkaTestClient client;
    private boolean saslSsl;
    private Path tlsDir;
    private TestCertificates tls;

    @Override
    public void init(Map<String, String> initArgs) {
        String p = initArgs.get(PARTITIONS);
        if (p != null && !p.isBlank()) {
            partitions = Integer.parseInt(p.trim());
        }
        saslSsl = Boolean.parseBoolean(initArgs.get(SASL_SSL));
        String t = initArgs.get(TOPICS);
        if (t != null && !t.isBlank()) {
            topics = Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        }
    }

    @Override
    public Map<String, String> start() {
        if (!saslSsl) {
            broker = new KafkaBroker(partitions, Map.of()).start();
        } else {
            try {
                tlsDir = Files.createTempDirectory("kafka-tls-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tls = TestCertificates.create(tlsDir);
            broker = new KafkaBroker(partitions, Map.of()).withSaslSsl(tls).start();
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

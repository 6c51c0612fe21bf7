package dev.hisabkitab.sync.support;

import java.util.Arrays;
import java.util.Map;

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
 * auto-created topics). The broker and its temp dir are removed when the test class is done; a fatal broker
 * error recorded during the class makes {@link #stop()} throw.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPICS = "topics";
    public static final String PARTITIONS = "partitions";
    /** The configuration property returned by {@link #start()}. */
    public static final String BROKERS_PROPERTY = "kafka.brokers";

    private int partitions = KafkaBroker.DEFAULT_PARTITIONS;
    private String[] topics = new String[0];
    private KafkaBroker broker;
    private KafkaTestClient client;

    @Override
    public void init(Map<String, String> initArgs) {
        String p = initArgs.get(PARTITIONS);
        if (p != null && !p.isBlank()) {
            partitions = Integer.parseInt(p.trim());
        }
        String t = initArgs.get(TOPICS);
        if (t != null && !t.isBlank()) {
            topics = Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        }
    }

    @Override
    public Map<String, String> start() {
        broker = new KafkaBroker(partitions, Map.of()).start();
        if (topics.length > 0) {
            broker.createTopics(topics);
        }
        client = broker.client();
        return Map.of(BROKERS_PROPERTY, broker.bootstrapServers());
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
        }
    }
}

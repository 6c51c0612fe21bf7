package dev.hisabkitab.sync.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.kafka.KafkaClientConfig.Kind;

/**
 * Makes every Kafka client of the connector — its own producers, consumers and admin clients, and Camel's (the
 * component's {@code kafkaClientFactory}, application.properties) — from one {@link KafkaClientConfig}: the brokers,
 * the security and other settings given under {@value KafkaClientConfig#PREFIX}, and each use's own settings.
 *
 * <p>Camel's event consumer (routes/kafka-events.yaml) with an instance id ({@code hisabkitab.kafka.instance-id},
 * Kafka's {@code group.instance.id}) is a static member of its group: Kafka keeps its partitions for it until its
 * session times out, even when it closes, so that it gets them back at once when it comes back with the same id. That
 * is what a crash should do; a stop would leave them unread until the session timeout when nobody with that id comes
 * back (a rolling update's new pod has a new name), so that consumer leaves the group when Camel closes it
 * ({@link LeavingConsumer}).
 */
@ApplicationScoped
@Named("kafkaClients")
public class KafkaClients implements KafkaClientFactory {

    private static final Logger LOG = Logger.getLogger(KafkaClients.class);

    /** The client ids' uses of Camel's clients: the event consumer and the outcome producers of file drops. */
    static final String CAMEL_CONSUMER = "events";
    static final String CAMEL_PRODUCER = "route-producer";

    private volatile KafkaClientConfig config;
    /** Numbers Camel's clients: each endpoint has a producer of its own, and two clients with one id clash in JMX. */
    private final AtomicInteger camelClients = new AtomicInteger();

    /** With the application's configuration, read at the first client made. */
    public KafkaClients() {
    }

    public KafkaClients(KafkaClientConfig config) {
        this.config = config;
    }

    /** The settings in use; refused (at the first client, before the routes start) when one is not allowed. */
    public KafkaClientConfig config() {
        KafkaClientConfig c = config;
        if (c == null) {
            synchronized (this) {
                if (config == null) {
                    config = KafkaClientConfig.from(ConfigProvider.getConfig());
                    // secrets masked (toString); Kafka logs each client's settings itself, masking its passwords
                    LOG.infof("%s", config);
                }
                c = config;
            }
        }
        return c;
    }

    /** A producer of strings for {@code use} (its client id's suffix) with the use's own settings. */
    public KafkaProducer<String, String> producer(String use, Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(own);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(config().forClient(Kind.PRODUCER, use, settings));
    }

    /** A consumer of strings for {@code use} (its client id's suffix) with the use's own settings. */
    public KafkaConsumer<String, String> consumer(String use, Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(own);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config().forClient(Kind.CONSUMER, use, settings));
    }

    /** An admin client for {@code use} (its client id's suffix) with the use's own settings. */
    public Admin admin(String use, Map<String, ?> own) {
        return Admin.create(config().forClient(Kind.ADMIN, use, own));
    }

    /** Camel's producers (the outcomes of file drops): Camel's settings with the common ones on top. */
    @Override
    @SuppressWarnings("rawtypes")
    public Producer getProducer(Properties camel) {
        return new KafkaProducer<>(toProperties(config().forClient(Kind.PRODUCER, camelUse(CAMEL_PRODUCER),
                fromProperties(camel))));
    }

    /** Camel's event consumer: Camel's settings with the common ones on top; leaves its group when closed. */
    @Override
    @SuppressWarnings("rawtypes")
    public Consumer getConsumer(Properties camel) {
        Properties settings = toProperties(config().forClient(Kind.CONSUMER, camelUse(CAMEL_CONSUMER),
                fromProperties(camel)));
        // Camel sets it only when not empty
        return settings.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) == null ? new KafkaConsumer<>(settings)
                : new LeavingConsumer<>(settings);
    }

    @Override
    public String getBrokers(KafkaConfiguration camel) {
        return config().brokers();
    }

    private String camelUse(String use) {
        return use + "-" + camelClients.incrementAndGet();
    }

    private static Map<String, Object> fromProperties(Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((name, value) -> map.put(String.valueOf(name), value));
        return map;
    }

    private static Properties toProperties(Map<String, Object> map) {
        Properties props = new Properties();
        props.putAll(map);
        return props;
    }
}

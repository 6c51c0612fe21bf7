package dev.hisabkitab.sync.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.quarkus.runtime.Startup;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.observability.OutcomeTracing;

/**
 * PROTOTYPE (issue 18): Kafka events read by Confluent's parallel consumer in KEY order instead of the hand-written
 * lanes and watermark. Each record goes to {@code direct:kafka-event} (routes/kafka-events.yaml) on one of the
 * library's {@code max-in-flight} threads; its outcome is produced by the library in its transaction, which also
 * carries the input offsets (PERIODIC_TRANSACTIONAL_PRODUCER): committed together or not at all. A record whose route
 * failed is tried again by the library after a growing delay, the records behind it with the same key waiting.
 */
@Startup
@ApplicationScoped
@Named("parallelEvents")
public class ParallelEvents extends RoutePolicySupport {

    private static final Logger LOG = Logger.getLogger(ParallelEvents.class);

    /** Where each record is processed: routes/kafka-events.yaml. */
    static final String RECORD_ROUTE = "direct:kafka-event";

    @Inject
    CamelContext camel;

    @Inject
    EventConsumers consumers;

    @Inject
    OutcomeTracing tracing;

    @ConfigProperty(name = "kafka.brokers")
    Optional<String> brokers;

    @ConfigProperty(name = "hisabkitab.topics.events")
    String eventsTopics;

    @ConfigProperty(name = "hisabkitab.topics.replies")
    String repliesTopic;

    @ConfigProperty(name = "hisabkitab.topics.dlq")
    String deadLetterTopic;

    @ConfigProperty(name = "hisabkitab.kafka.group-id")
    String groupId;

    @ConfigProperty(name = "hisabkitab.kafka.instance-id")
    Optional<String> instanceId;

    @ConfigProperty(name = "hisabkitab.kafka.transactional-id")
    Optional<String> transactionalId;

    @ConfigProperty(name = "hisabkitab.kafka.transaction-timeout")
    Duration transactionTimeout;

    @ConfigProperty(name = "hisabkitab.kafka.max-in-flight")
    int maxInFlight;

    @ConfigProperty(name = "hisabkitab.kafka.max-poll-records")
    int maxPollRecords;

    @ConfigProperty(name = "hisabkitab.kafka.max-poll-interval-ms")
    int maxPollIntervalMs;

    @ConfigProperty(name = "hisabkitab.kafka.redo-delay")
    Duration redoDelay;

    @ConfigProperty(name = "hisabkitab.kafka.redo-max-delay")
    Duration redoMaxDelay;

    @ConfigProperty(name = "hisabkitab.kafka.commit-linger")
    Duration commitInterval;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    /** When this consumer got each partition: what the idempotency store must have read before its records. */
    private final Map<TopicPartition, Long> ownedSince = new ConcurrentHashMap<>();
    private ParallelStreamProcessor<String, byte[]> pc;
    private ProducerTemplate producer;

    /**
     * Started and stopped with route {@code kafka-events} (its route policy), so operators and tests stop and start
     * the Kafka intake as before; closed first when Camel stops, before the routes it feeds.
     */
    @PostConstruct
    void watchCamel() {
        if (brokers.filter(b -> !b.isBlank()).isEmpty()) {
            return;
        }
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                stopReading();
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }
        });
    }

    @Override
    public void onStart(Route route) {
        startReading();
    }

    @Override
    public void onStop(Route route) {
        stopReading();
    }

    @Override
    public void onSuspend(Route route) {
        stopReading();
    }

    @Override
    public void onResume(Route route) {
        startReading();
    }

    synchronized void startReading() {
        if (pc != null) {
            return;
        }
        producer = camel.createProducerTemplate();
        @SuppressWarnings("unchecked")
        Consumer<String, byte[]> consumer = consumers.getConsumer(consumerProperties());
        ParallelConsumerOptions<String, byte[]> options = ParallelConsumerOptions.<String, byte[]>builder()
                .consumer(consumer)
                .producer(new KafkaProducer<>(producerProperties()))
                .ordering(ProcessingOrder.KEY)
                .commitMode(CommitMode.PERIODIC_TRANSACTIONAL_PRODUCER)
                .maxConcurrency(maxInFlight)
                .commitInterval(commitInterval)
                .retryDelayProvider(context -> {
                    long delay = redoDelay.toMillis() << Math.min(20, Math.max(0, context.getNumberOfFailedAttempts() - 1));
                    return Duration.ofMillis(Math.min(delay, redoMaxDelay.toMillis()));
                })
                // the static member's consumer (EventConsumers) is a KafkaConsumer subclass the check cannot read
                .ignoreReflectiveAccessExceptionsForAutoCommitDisabledCheck(true)
                .build();
        pc = ParallelStreamProcessor.createEosStreamProcessor(options);
        List<String> topics = Arrays.stream(eventsTopics.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        pc.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                long now = System.nanoTime();
                partitions.forEach(p -> ownedSince.put(p, now));
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                partitions.forEach(ownedSince::remove);
            }
        });
        pc.pollAndProduce(context -> process(context.getSingleConsumerRecord()));
        LOG.infof("kafka-events: parallel consumer (KEY order, %d in flight, transactional outcomes) reads %s", maxInFlight,
                topics);
    }

    /** One record through {@code direct:kafka-event}; its outcome, to be produced in the library's transaction. */
    ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
        Exchange exchange = new DefaultExchange(camel);
        Message in = exchange.getMessage();
        in.setBody(record.value());
        for (Header header : record.headers()) {
            in.setHeader(header.key(), header.value());
        }
        in.setHeader(KafkaConstants.TOPIC, record.topic());
        in.setHeader(KafkaConstants.PARTITION, record.partition());
        in.setHeader(KafkaConstants.OFFSET, record.offset());
        in.setHeader(KafkaConstants.TIMESTAMP, record.timestamp());
        if (record.key() != null) {
            in.setHeader(KafkaConstants.KEY, record.key());
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        exchange.setProperty(PipelineKeys.SOURCE_OWNED_SINCE, ownedSince.getOrDefault(partition, System.nanoTime()));
        producer.send(RECORD_ROUTE, exchange);
        if (exchange.getException() != null) {
            LOG.warnf("Kafka record %s@%d could not be completed (%s); tried again, the records behind it with the same"
                    + " key wait", partition, record.offset(), exchange.getException().getMessage());
            throw exchange.getException() instanceof RuntimeException r ? r
                    : new IllegalStateException(exchange.getException());
        }
        boolean deadLetter = exchange.getProperty(PipelineKeys.OUTCOME_FAILED, false, Boolean.class);
        ProducerRecord<String, String> outcome = new ProducerRecord<>(deadLetter ? deadLetterTopic : repliesTopic,
                exchange.getMessage().getHeader(KafkaConstants.KEY, String.class),
                exchange.getMessage().getBody(String.class));
        tracing.publishing(outcome).end();
        ProducerRecord<String, byte[]> bytes = new ProducerRecord<>(outcome.topic(), null, outcome.key(),
                outcome.value().getBytes(StandardCharsets.UTF_8), outcome.headers());
        return bytes;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.orElseThrow());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        instanceId.filter(id -> !id.isBlank()).ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // the value as the bytes sent: eventIntake decodes strict UTF-8
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.orElseThrow());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-outcomes");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(transactionalId, groupId, instanceId,
                () -> hostName() + "-" + (httpPort > 0 ? httpPort : "pid" + ProcessHandle.current().pid())));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * The outcome producer's transactional id: the one configured, else one that stays the same for the process and
     * across restarts in the same place (instance id, else host name and HTTP port), so a restarted connector aborts
     * what the previous one left open.
     */
    static String transactionalId(Optional<String> configured, String groupId, Optional<String> instanceId,
            Supplier<String> place) {
        return configured.filter(id -> !id.isBlank())
                .orElseGet(() -> groupId + "-outcomes-" + instanceId.filter(id -> !id.isBlank()).orElseGet(place));
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return host;
    }

    @PreDestroy
    void closeReading() {
        stopReading();
    }

    synchronized void stopReading() {
        if (pc != null) {
            try {
                pc.closeDontDrainFirst();
            } catch (RuntimeException e) {
                LOG.warnf("Closing the parallel consumer: %s", e.getMessage());
            }
            pc = null;
        }
    }
}

package dev.hisabkitab.sync.kafka;

import dev.hisabkitab.sync.observability.Gauges;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Gauge {@value #LAG} per partition of the event topics: records not yet committed by the connector's consumer group
 * (end offset minus committed offset; a partition the group never committed counts from its first record), what the
 * KEDA ScaledObject in k8s/ scales on. Read from the brokers every {@code hisabkitab.metrics.consumer-lag-interval},
 * from one replica's point of view as from any other's (it is the group's lag). Only with {@code kafka.brokers}.
 */
@ApplicationScoped
public class ConsumerLag {

    public static final String LAG = "hisabkitab.kafka.consumer.lag";
    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.brokers")
    Optional<String> brokers;

    @Inject
    KafkaClients clients;

    @Inject
    KafkaAccess access;

    @ConfigProperty(name = "hisabkitab.topics.events")
    String topics;

    @ConfigProperty(name = "hisabkitab.kafka.group-id")
    String groupId;

    @ConfigProperty(name = "hisabkitab.metrics.consumer-lag-interval")
    Duration interval;

    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private ScheduledExecutorService reader;
    private volatile Admin admin;

    void start(@Observes StartupEvent start) {
        if (brokers.isEmpty() || brokers.get().isBlank()) {
            return;
        }
        reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hisabkitab-consumer-lag");
            t.setDaemon(true);
            return t;
        });
        reader.scheduleWithFixedDelay(this::read, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (reader != null) {
            reader.shutdownNow();
            try {
                // a read under way ends first: the admin is made and used on the reader's thread only
                reader.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    private void read() {
        try {
            if (access.refusal().isPresent()) {
                return; // no client of its own while Kafka refuses the settings: KafkaAccess says why, once
            }
            long timeout = timeoutMs();
            if (admin == null) {
                // made here, not at the start: settings Kafka's client refuses (a truststore not there) leave the
                // connector up and not ready (KafkaAccess), not failing its start
                String ms = String.valueOf(timeout);
                admin = clients.admin("lag", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms));
            }
            List<String> names = Arrays.stream(topics.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
            Collection<TopicDescription> described = admin.describeTopics(names).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS).values();
            List<TopicPartition> partitions = described.stream().flatMap(d -> d.partitions().stream()
                    .map(p -> new TopicPartition(d.name(), p.partition()))).toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> end = offsets(partitions, OffsetSpec.latest(), timeout);
            Map<TopicPartition, ListOffsetsResultInfo> first = offsets(partitions, OffsetSpec.earliest(), timeout);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata done = committed.get(tp);
                long from = done != null ? done.offset() : first.get(tp).offset();
                if (lag.put(tp, Math.max(0, end.get(tp).offset() - from)) == null) {
                    Gauges.register(registry, LAG, Tags.of("topic", tp.topic(), "partition",
                            String.valueOf(tp.partition())),
                            "Records of the event topic not yet committed by the consumer group", lag,
                            l -> l.getOrDefault(tp, 0L));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the gauge keeps its last value; the consumer itself reports broker trouble
            LOG.debugf("Consumer lag not read this time: %s", e.toString());
        }
    }

    /** A read may take as long as the interval (at least a second): a slow broker never piles reads up. */
    private long timeoutMs() {
        return Math.max(1000, interval.toMillis());
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec,
            long timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        return admin.listOffsets(request).all().get(timeout, TimeUnit.MILLISECONDS);
    }
}

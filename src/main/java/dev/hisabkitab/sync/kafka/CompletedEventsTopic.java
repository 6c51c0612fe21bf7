package dev.hisabkitab.sync.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hisabkitab.sync.idempotency.IdempotencyStore;
import dev.hisabkitab.sync.idempotency.IdempotencyStoreException;
import dev.hisabkitab.sync.idempotency.SharedStore;

/** With Kafka on ({@code kafka.brokers}), the completed events live in the compacted topic all replicas read. */
@ApplicationScoped
public class CompletedEventsTopic implements SharedStore {

    @ConfigProperty(name = "kafka.brokers")
    Optional<String> kafkaBrokers;

    @ConfigProperty(name = "hisabkitab.topics.completed", defaultValue = "hisabkitab.completed")
    String topic;

    @ConfigProperty(name = "hisabkitab.idempotency.start-timeout", defaultValue = "PT60S")
    Duration startTimeout;

    @ConfigProperty(name = "hisabkitab.idempotency.read-timeout", defaultValue = "PT10S")
    Duration readTimeout;

    /** The completed events on disk (not in the heap) with the topic offsets applied: a restart reads only the tail. */
    @ConfigProperty(name = "hisabkitab.idempotency.dir", defaultValue = "./data/completed-index")
    String dir;

    @Inject
    KafkaClients clients;

    @Inject
    KafkaAccess access;

    @Override
    public Optional<IdempotencyStore> create() {
        return kafkaBrokers.filter(b -> !b.isBlank())
                .map(brokers -> new KafkaIdempotencyStore(clients, topic, startTimeout, readTimeout,
                        Path.of(dir)));
    }

    @Override
    public boolean retryWhenRefused(IdempotencyStoreException failure, Runnable open) {
        return access.retryWhenRefused(failure, open);
    }
}

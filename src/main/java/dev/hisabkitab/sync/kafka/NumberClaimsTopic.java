package dev.hisabkitab.sync.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hisabkitab.sync.business.NumberClaims;
import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.idempotency.WriteIntent;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * With Kafka on ({@code kafka.brokers}), document numbers are claimed in the topic
 * {@code hisabkitab.kafka.number-claims-topic} that every replica follows ({@link KafkaNumberClaims}); without it
 * this process is the only one giving numbers and {@link #shared()} is false.
 */
@ApplicationScoped
public class NumberClaimsTopic implements NumberClaims {

    @ConfigProperty(name = "kafka.brokers")
    Optional<String> kafkaBrokers;

    @ConfigProperty(name = "hisabkitab.kafka.number-claims-topic", defaultValue = "hisabkitab.number-claims")
    String topic;

    @ConfigProperty(name = "hisabkitab.kafka.number-claims-retention", defaultValue = "P1D")
    Duration retention;

    @ConfigProperty(name = "hisabkitab.kafka.number-claims-timeout", defaultValue = "PT10S")
    Duration timeout;

    @ConfigProperty(name = "hisabkitab.idempotency.start-timeout", defaultValue = "PT60S")
    Duration startTimeout;

    @ConfigProperty(name = "hisabkitab.kafka.instance-id")
    Optional<String> instanceId;

    @ConfigProperty(name = CompletedEvents.VERIFYING, defaultValue = "false")
    boolean verifying;

    @Inject
    KafkaClients clients;

    private KafkaNumberClaims claims;

    @Inject
    KafkaAccess access;
    private boolean closed;

    /**
     * Created and followed before the routes start, so a topic that cannot be made refuses the start. Not while Kafka
     * refuses the connector's settings (KafkaAccess: the process waits, not ready, without routes): then the claims
     * open at the first number claimed, once Kafka accepts and the routes run.
     */
    void openBeforeRoutes(@Observes @Priority(Interceptor.Priority.APPLICATION + 610) BeforeConfigure event) {
        if (!verifying && shared() && access.refusal().isEmpty()) {
            claims();
        }
    }

    @Override
    public boolean shared() {
        return kafkaBrokers.filter(b -> !b.isBlank()).isPresent();
    }

    private synchronized KafkaNumberClaims claims() {
        if (closed) {
            // retried like any unavailable part: nothing is sent without a decided claim
            throw EventFailure.unavailable(null, "The number claims are closed (the application is stopping); nothing "
                    + "was sent", null, null);
        }
        if (claims == null) {
            if (retention.isNegative() || retention.isZero() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("hisabkitab.kafka.number-claims-retention and number-claims-timeout "
                        + "must be positive durations (ISO-8601, e.g. P1D and PT10S), not " + retention + " and " + timeout);
            }
            // for people reading the topic: the pod's name, else this run (decisions go by event id)
            String claimant = instanceId.filter(i -> !i.isBlank()).orElse("run-" + WriteIntent.CURRENT_RUN);
            claims = new KafkaNumberClaims(clients, topic, retention, timeout, claimant).open(startTimeout);
        }
        return claims;
    }

    @Override
    public String claim(String company, String series, String eventId, String from, Predicate<String> held) {
        return claims().claim(company, series, eventId, from, held);
    }

    @Override
    public Optional<String> highestClaimed(String company, String series) {
        return shared() ? claims().highestClaimed(company, series) : Optional.empty();
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (claims != null) {
            claims.close();
            claims = null;
        }
    }
}

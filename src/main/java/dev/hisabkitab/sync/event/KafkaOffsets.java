package dev.hisabkitab.sync.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits an input record's offset, called only after its outcome record was acknowledged by Kafka,
 * so a crash in between re-delivers the event rather than losing it.
 */
@ApplicationScoped
@Named("kafkaOffsets")
public class KafkaOffsets {

    /** Where routes/kafka-events.yaml keeps the record's commit handle while the event is processed. */
    public static final String MANUAL_COMMIT = "hkManualCommit";

    /** Step {@code note-record-consumer}: a wait while this record is processed keeps its consumer in the group. */
    public void noteConsumer(Exchange exchange) {
        KafkaConsumerHold.track(exchange);
    }

    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getProperty(MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }
}

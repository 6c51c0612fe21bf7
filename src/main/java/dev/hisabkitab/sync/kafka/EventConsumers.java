package dev.hisabkitab.sync.kafka;

import java.time.Duration;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Makes the Kafka consumer of routes/kafka-events.yaml (its {@code kafkaClientFactory}). With an instance id
 * ({@code hisabkitab.kafka.instance-id}, Kafka's {@code group.instance.id}) the consumer is a static member of its
 * group: Kafka keeps its partitions for it until its session times out, even when it closes, so that it gets them back
 * at once when it comes back with the same id. That is what a crash should do; a stop would leave them unread until
 * the session timeout when nobody with that id comes back (a rolling update's new pod has a new name), so the
 * consumer made here leaves the group when Camel closes it ({@link LeavingConsumer}). Without an instance id the
 * consumer is Kafka's own (a dynamic member leaves anyway).
 */
@ApplicationScoped
@Named("eventConsumers")
public class EventConsumers extends DefaultKafkaClientFactory {

    @Override
    public Consumer getConsumer(Properties props) {
        // Camel sets it only when not empty
        return props.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) == null ? super.getConsumer(props)
                : new LeavingConsumer<>(props);
    }

    /**
     * A static member that leaves its group when closed, so its partitions go to the other members at once. A crash
     * (no close) keeps them for a successor with the same instance id.
     */
    static final class LeavingConsumer<K, V> extends KafkaConsumer<K, V> {

        LeavingConsumer(Properties props) {
            super(props);
        }

        /**
         * Closes the consumer, leaving the group. Camel unsubscribes right before it closes (on a stop and before a
         * reconnect); Kafka's own unsubscribe keeps a static member in the group and forgets its member id, after
         * which a close can no longer leave. Any later use fails as on a closed consumer.
         */
        @Override
        public void unsubscribe() {
            close();
        }

        @Override
        public void close() {
            super.close(leaving());
        }

        @Override
        public void close(Duration timeout) {
            super.close(leaving().withTimeout(timeout));
        }

        /** A new one each time: CloseOptions is a mutable builder. */
        private static CloseOptions leaving() {
            return CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP);
        }
    }
}

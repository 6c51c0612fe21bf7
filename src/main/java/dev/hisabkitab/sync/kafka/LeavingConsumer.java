package dev.hisabkitab.sync.kafka;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A static member that leaves its group when closed, so its partitions go to the other members at once. A crash (no
 * close) keeps them for a successor with the same instance id. Made by {@link KafkaClients#getConsumer}.
 */
final class LeavingConsumer<K, V> extends KafkaConsumer<K, V> {

    LeavingConsumer(Properties props) {
        super(props);
    }

    /**
     * Closes the consumer, leaving the group. Camel unsubscribes right before it closes (on a stop and before a
     * reconnect); Kafka's own unsubscribe keeps a static member in the group and forgets its member id, after which a
     * close can no longer leave. Any later use fails as on a closed consumer.
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

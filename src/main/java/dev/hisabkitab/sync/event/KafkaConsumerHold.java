package dev.hisabkitab.sync.event;

import java.time.Duration;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import dev.hisabkitab.sync.outcome.EventLeftUnfinished;

/**
 * Keeps a Kafka consumer in its group while the record it is processing waits (for its company's key to be accepted
 * again): the consumer thread itself pauses every partition it has and polls now and then, so Kafka does not take
 * the partitions away after {@code max.poll.interval.ms} (no rebalance while a key is refused). Records a poll hands
 * over anyway (from a partition newly assigned) are put back: the consumer seeks to them and pauses them too.
 *
 * <p>A Kafka consumer may be used by its own thread only: routes/kafka-events.yaml notes the record's consumer for
 * the thread that processes it ({@link #track}), and only a wait on that same thread finds it ({@link #current}).
 */
public final class KafkaConsumerHold {

    private static final ThreadLocal<DefaultKafkaManualCommit> PROCESSING = new ThreadLocal<>();

    private final Consumer<?, ?> consumer;
    private final TopicPartition partition;
    private boolean paused;

    private KafkaConsumerHold(Consumer<?, ?> consumer, TopicPartition partition) {
        this.consumer = consumer;
        this.partition = partition;
    }

    /** Step of kafka-events.yaml: this thread now processes the record of this exchange. */
    public static void track(Exchange exchange) {
        if (exchange.getProperty(KafkaOffsets.MANUAL_COMMIT) instanceof DefaultKafkaManualCommit commit) {
            PROCESSING.set(commit);
        } else {
            PROCESSING.remove();
        }
    }

    /** The hold of the consumer whose record this thread is processing, or null (not a Kafka consumer thread). */
    public static KafkaConsumerHold current() {
        DefaultKafkaManualCommit commit = PROCESSING.get();
        return commit == null ? null : new KafkaConsumerHold(commit.getConsumer(), commit.getPartition());
    }

    /** Polls without taking records: keeps the consumer's place in the group while its record waits. */
    public void keepAlive() {
        if (!paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        }
        ConsumerRecords<?, ?> handed = consumer.poll(Duration.ZERO);
        for (TopicPartition p : handed.partitions()) {
            // from a partition assigned during this poll (not paused yet): read again once consumption goes on
            consumer.seek(p, handed.records(p).get(0).offset());
            consumer.pause(Set.of(p));
        }
        // new partitions of a rebalance that returned nothing yet
        consumer.pause(consumer.assignment());
    }

    /**
     * The wait is over: consumption goes on. Throws when the record's partition was taken away meanwhile (its new
     * owner reads the record again; processing it here too could book it twice).
     */
    public void release() {
        if (!paused) {
            return;
        }
        consumer.resume(consumer.paused());
        paused = false;
        if (!consumer.assignment().contains(partition)) {
            throw new EventLeftUnfinished("Kafka gave partition " + partition + " to another consumer while the event"
                    + " waited; it is left to that consumer");
        }
    }
}

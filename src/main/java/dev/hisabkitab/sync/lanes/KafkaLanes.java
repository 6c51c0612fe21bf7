package dev.hisabkitab.sync.lanes;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.PipelineKeys;

/**
 * Kafka records processed in parallel across keys and in order within a key, committed without gaps.
 *
 * <p>The consumer thread only hands each record to its key's lane ({@link #handOut}, step {@code hand-to-key-lane}
 * of routes/kafka-events.yaml) and goes on polling; up to {@code hisabkitab.kafka.max-in-flight} lanes run at once,
 * each sending its records one by one to {@code direct:kafka-event}. A record's offset counts as done once its outcome
 * is published; each partition's {@link PartitionWatermark} gives the offset to commit (everything before it done).
 *
 * <p>A Kafka consumer may only be used by its own thread, so everything that touches it happens there: this is the
 * consumer listener of the route's {@code pausable} step, which Camel calls after every poll ({@link #afterConsume}):
 * it commits the partitions' watermarks and, while more than {@code hisabkitab.kafka.max-buffered} records wait in
 * the lanes, pauses the partitions (the consumer keeps polling, so it stays in its group however long a record waits —
 * for a refused key, or HisabKitab's retries). When Kafka takes partitions away ({@link LaneRebalancing}), records
 * not started are left to the new owner, the running ones are waited for and their offsets committed.
 *
 * <p>A record whose processing failed (its outcome could not be published or recorded) is tried again in its lane
 * after a growing delay: the records behind it with the same key wait, and nothing past it is committed.
 */
@ApplicationScoped
@Named("kafkaLanes")
public class KafkaLanes extends KafkaConsumerListener {

    private static final Logger LOG = Logger.getLogger(KafkaLanes.class);

    /** Where each record is processed: routes/kafka-events.yaml. */
    static final String RECORD_ROUTE = "direct:kafka-event";

    /** A commit waits at most this long: the consumer thread must go back to polling. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    CamelContext camel;

    @ConfigProperty(name = "hisabkitab.kafka.max-in-flight")
    int maxInFlight;

    @ConfigProperty(name = "hisabkitab.kafka.max-buffered")
    int maxBuffered;

    @ConfigProperty(name = "hisabkitab.kafka.revoke-wait")
    Duration revokeWait;

    @ConfigProperty(name = "hisabkitab.kafka.redo-delay")
    Duration redoDelay;

    @ConfigProperty(name = "hisabkitab.kafka.redo-max-delay")
    Duration redoMaxDelay;

    private final Map<TopicPartition, PartitionWatermark> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private volatile boolean closed;
    /** Only read and written on the consumer thread. */
    private boolean pausedForRoom;
    private ExecutorService workers;
    private KeyLanes lanes;
    private ProducerTemplate producer;

    /** The pausable step's check (required by Camel; {@link #afterConsume} decides itself): room in the lanes. */
    @Produces
    @Named("kafkaLanesHaveRoom")
    Predicate<Object> haveRoom() {
        return ignored -> buffered.get() < maxBuffered;
    }

    /** Step {@code hand-to-key-lane}, on the consumer thread: the record joins its key's lane and the thread goes on. */
    public void handOut(Exchange exchange) {
        Message in = exchange.getMessage();
        TopicPartition partition = new TopicPartition(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class));
        long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
        PartitionWatermark watermark = partitions.computeIfAbsent(partition, p -> new PartitionWatermark());
        if (!watermark.handOut(offset)) {
            LOG.debugf("Kafka record %s@%d is already in a lane (read again after a reconnect)", partition, offset);
            return;
        }
        Exchange record = exchange.copy();
        // the commit handle belongs to the consumer thread; offsets are committed by afterConsume
        record.getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT);
        record.setProperty(PipelineKeys.KAFKA_PARTITION_SINCE, watermark.since());
        buffered.incrementAndGet();
        try {
            lanes().submit(laneOf(partition, in.getHeader(KafkaConstants.KEY)),
                    () -> complete(partition, watermark, offset, record));
        } catch (RuntimeException e) {
            // the lanes are shut down (the connector stops): the offset stays open, so nothing past it is committed,
            // and the failure makes Camel reconnect (breakOnFirstError): the partition is read again from its commit
            buffered.decrementAndGet();
            throw e;
        }
    }

    /** The ordering key: the record's key within its topic; records without a key keep their partition's order. */
    static Object laneOf(TopicPartition partition, Object key) {
        return key == null ? partition : List.of(partition.topic(), key);
    }

    private void complete(TopicPartition partition, PartitionWatermark watermark, long offset, Exchange record) {
        long delay = redoDelay.toMillis();
        try {
            while (!stopping() && watermark.begin()) {
                Exception failure;
                try {
                    Exchange attempt = record.copy();
                    producer().send(RECORD_ROUTE, attempt);
                    failure = attempt.getException();
                } catch (RuntimeException e) {
                    failure = e;
                }
                try {
                    if (failure == null) {
                        watermark.done(offset);
                        return;
                    }
                } finally {
                    watermark.end();
                }
                if (stopping()) {
                    break;
                }
                LOG.warnf("Kafka record %s@%d could not be completed (%s); the records behind it with the same key"
                        + " wait, trying again in %d ms", partition, offset, failure.getMessage(), delay);
                Thread.sleep(delay);
                delay = Math.min(delay * 2, redoMaxDelay.toMillis());
            }
            LOG.infof("Kafka record %s@%d left unfinished (%s): it is read again", partition, offset,
                    watermark.abandoned() ? "its partition went to another consumer" : "the connector stops");
        } catch (InterruptedException e) {
            LOG.infof("Kafka record %s@%d left unfinished (interrupted): it is read again", partition, offset);
        } finally {
            buffered.decrementAndGet();
            // a lane thread is interrupted to end one record's wait (revoked partition): not the next record's
            Thread.interrupted();
        }
    }

    /** After every poll, on the consumer thread: commit what is done, pause while the lanes are full. */
    @Override
    public boolean afterConsume(Object polled) {
        Consumer<?, ?> consumer = (Consumer<?, ?>) polled;
        commitDone(consumer, consumer.assignment());
        if (buffered.get() >= maxBuffered) {
            // every time: a rebalance may have brought partitions not paused yet
            consumer.pause(consumer.assignment());
            pausedForRoom = true;
        } else if (pausedForRoom && buffered.get() <= maxBuffered / 2) {
            // only what the lanes paused (Camel pauses a suspended route's consumer itself)
            consumer.resume(consumer.assignment());
            pausedForRoom = false;
        }
        return true;
    }

    /** A failed record is tried again in its lane: the consumer never stops or seeks for it. */
    @Override
    public boolean afterProcess(ProcessingResult result) {
        return true;
    }

    /** Kafka takes partitions away: leave what has not started, wait for what runs, commit what is done. */
    void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> taken) {
        long deadline = System.nanoTime() + revokeWait.toNanos();
        for (TopicPartition partition : taken) {
            PartitionWatermark watermark = partitions.get(partition);
            if (watermark == null) {
                continue;
            }
            int open = watermark.abandon();
            try {
                if (!watermark.awaitIdle(deadline)) {
                    LOG.warnf("Kafka took partition %s while a record of it still ran after %s; it is interrupted and"
                            + " left to the new owner (if its completion was recorded by then, it answers duplicate)",
                            partition, revokeWait);
                    watermark.interruptRunning();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("Partition %s revoked with %d records open", partition, open);
        }
        commitDone(consumer, taken);
        taken.forEach(partitions::remove);
    }

    /** Kafka took partitions away without a chance to commit (the consumer lost its membership). */
    void lost(Collection<TopicPartition> gone) {
        for (TopicPartition partition : gone) {
            PartitionWatermark watermark = partitions.remove(partition);
            if (watermark != null) {
                watermark.abandon();
            }
        }
    }

    private void commitDone(Consumer<?, ?> consumer, Collection<TopicPartition> owned) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : owned) {
            PartitionWatermark watermark = partitions.get(partition);
            if (watermark != null) {
                OptionalLong point = watermark.toCommit();
                if (point.isPresent()) {
                    offsets.put(partition, new OffsetAndMetadata(point.getAsLong()));
                }
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            // Kafka unreachable or the group rebalancing: the same offsets (or later ones) are committed next time
            LOG.warnf("Committing offsets %s failed (%s); committed at the next poll", offsets, e.getMessage());
            return;
        }
        offsets.forEach((partition, offset) -> {
            PartitionWatermark watermark = partitions.get(partition);
            if (watermark != null) {
                watermark.committed(offset.offset());
            }
        });
    }

    private boolean stopping() {
        // not "!isStarted()": records can arrive while the context is still starting
        return closed || camel.isStopping() || camel.isStopped();
    }

    private synchronized KeyLanes lanes() {
        if (lanes == null) {
            // an unbounded queue (one entry per lane waiting for a thread, at most max-buffered + a poll's records):
            // Camel's default thread pool profile would run an overflowing lane on the consumer thread
            workers = new ThreadPoolExecutor(maxInFlight, maxInFlight, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), laneThreads(), new ThreadPoolExecutor.AbortPolicy());
            lanes = new KeyLanes(workers);
        }
        return lanes;
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }

    private static ThreadFactory laneThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "hisabkitab-lane-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (workers != null) {
            // the records running end by themselves (Camel's shutdown waited for them); the queued ones are read again
            workers.shutdown();
        }
    }
}

package dev.hisabkitab.sync.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jboss.logging.Logger;

/**
 * Outcomes of Kafka records published together with the input offsets they complete, in one Kafka transaction: a
 * reader of the reply and dead-letter topics with {@code isolation.level=read_committed} sees each outcome exactly
 * once, and the input offset moves past a record exactly when its outcome is there. A broker failure or a crash in
 * between aborts both: the record is read again and its outcome published then (the same one: its completion is
 * recorded before, see CompletedEvents), never twice.
 *
 * <p>Lanes hand in their outcomes ({@link #publish}) and wait; one thread gathers what was handed in while the
 * previous transaction committed and commits it as the next one — outcome records and, per partition, the offset
 * below which every record is then done (no gaps, {@link PartitionWatermark}). Batching is what makes this cheaper
 * than a send per record: one commit round trip for a whole batch.
 *
 * <p>Offsets are sent with the consumer's group metadata (its generation), so Kafka refuses them (and aborts the
 * transaction) once the consumer lost its membership. Outcomes of partitions this consumer gave up
 * ({@link PartitionWatermark#isGone()}) are dropped.
 */
final class OutcomeTransactions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutcomeTransactions.class);

    /**
     * An outcome waiting for its transaction; {@code committed} completes when it is on Kafka with its offset. Without
     * an outcome (null): only the offset moves (a record an earlier owner finished).
     */
    record Pending(TopicPartition partition, long offset, PartitionWatermark watermark,
            ProducerRecord<String, String> outcome, CompletableFuture<Void> committed) {
    }

    /** The partition was taken away before the outcome was committed: the record is left to its new owner. */
    static final class PartitionGone extends KafkaException {
        private static final long serialVersionUID = 1L;

        PartitionGone(TopicPartition partition, long offset) {
            super("Partition " + partition + " went to another consumer before the outcome of record " + offset
                    + " was committed; the new owner processes it");
        }
    }

    private final Supplier<Producer<String, String>> producers;
    private final int maxBatch;
    private final long lingerNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Held while one batch is in a transaction: {@link #settle} waits for it. */
    private final ReentrantLock committing = new ReentrantLock();
    private final Thread committer;
    private final Supplier<ConsumerGroupMetadata> group;
    private volatile boolean closed;
    /** Used by the committer thread only. */
    private Producer<String, String> producer;

    /**
     * @param producers a new transactional producer each time one is needed (at start, after a fatal error); all with
     *                  the same {@code transactional.id}, so a new one aborts what its predecessor left open
     * @param group     the consumer's group metadata now (generation, member: read on the consumer thread after every
     *                  poll and rebalance), null while not known
     */
    OutcomeTransactions(Supplier<Producer<String, String>> producers, Supplier<ConsumerGroupMetadata> group,
            int maxBatch, Duration linger) {
        this.producers = producers;
        this.group = group;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.committer = new Thread(this::commitLoop, "hisabkitab-outcome-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** The outcome of a record, to be committed with its offset; the future completes once both are on Kafka. */
    CompletableFuture<Void> publish(TopicPartition partition, long offset, PartitionWatermark watermark,
            ProducerRecord<String, String> outcome) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        if (closed) {
            committed.completeExceptionally(new KafkaException("The connector stops; the record is read again"));
            return committed;
        }
        queue.add(new Pending(partition, offset, watermark, outcome, committed));
        if (closed) {
            // closed while adding: the committer may have drained the queue already
            failWaiting();
        }
        return committed;
    }

    /**
     * Waits (up to the deadline) for the transaction being committed now to end: called when partitions are taken
     * away, after their watermarks were abandoned, so no outcome of theirs is committed once this returns.
     */
    boolean settle(long deadlineNanos) throws InterruptedException {
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        if (committing.isHeldByCurrentThread() || !committing.tryLock(left, TimeUnit.NANOSECONDS)) {
            return false;
        }
        committing.unlock();
        return true;
    }

    private void commitLoop() {
        try {
            startProducer();
            while (!closed) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                // a moment for more to come: fewer, larger transactions cost the broker less per outcome
                long lingerEnd = System.nanoTime() + lingerNanos;
                long left;
                while (batch.size() < maxBatch && (left = lingerEnd - System.nanoTime()) > 0) {
                    Pending more = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    batch.add(more);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                committing.lock();
                try {
                    commit(batch);
                } catch (RuntimeException | Error e) {
                    // whatever went wrong, no lane waits forever: the batch fails (its records are tried again)
                    LOG.error("Committing a batch of outcomes failed unexpectedly", e);
                    closeProducer();
                    fail(batch, e instanceof RuntimeException r ? r : new KafkaException(e));
                } finally {
                    committing.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            failWaiting();
            closeProducer();
        }
    }

    private void commit(List<Pending> batch) {
        // read before the ownership check: the consumer thread gives partitions up before it learns a new generation,
        // so a batch that passes the check goes with its own generation or an older one (which Kafka refuses)
        ConsumerGroupMetadata generation = group.get();
        if (generation == null) {
            fail(batch, new KafkaException("The consumer has not joined its group yet; the record is tried again"));
            return;
        }
        List<Pending> owned = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.watermark().isGone()) {
                p.committed().completeExceptionally(new PartitionGone(p.partition(), p.offset()));
            } else {
                owned.add(p);
            }
        }
        if (owned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = commitPoints(owned);
        Producer<String, String> p;
        try {
            p = producer();
            p.beginTransaction();
        } catch (RuntimeException e) {
            closeProducer();
            fail(owned, e);
            return;
        }
        try {
            for (Pending each : owned) {
                if (each.outcome() != null) {
                    // a failed send makes the commit fail (Kafka aborts what a transaction could not deliver)
                    p.send(each.outcome());
                }
            }
            p.sendOffsetsToTransaction(offsets, generation);
        } catch (RuntimeException e) {
            abort(p, e);
            fail(owned, e);
            return;
        }
        RuntimeException failure = commitOrAbort(p);
        if (failure != null) {
            fail(owned, failure);
            return;
        }
        for (Pending each : owned) {
            each.watermark().done(each.offset());
        }
        for (Pending each : owned) {
            each.committed().complete(null);
        }
    }

    /**
     * Per partition: the offset below which every record is done once this batch is committed, with the records past
     * it that are done too (so a next owner skips them: {@link DoneAhead}).
     */
    static Map<TopicPartition, OffsetAndMetadata> commitPoints(List<Pending> batch) {
        Map<PartitionWatermark, Set<Long>> finishing = new HashMap<>();
        Map<PartitionWatermark, TopicPartition> partitions = new HashMap<>();
        for (Pending p : batch) {
            finishing.computeIfAbsent(p.watermark(), w -> new HashSet<>()).add(p.offset());
            partitions.put(p.watermark(), p.partition());
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        finishing.forEach((watermark, offsetsDone) -> {
            DoneAhead point = watermark.commitPointWith(offsetsDone);
            offsets.put(partitions.get(watermark), new OffsetAndMetadata(point.offset(), point.encode()));
        });
        return offsets;
    }

    /**
     * Commits the open transaction; null when it is committed, else why not (then it is aborted). A commit that
     * times out is tried again until Kafka decides: giving up there would leave open whether the outcomes went out.
     */
    private RuntimeException commitOrAbort(Producer<String, String> p) {
        while (true) {
            try {
                p.commitTransaction();
                return null;
            } catch (TimeoutException e) {
                if (closed) {
                    // the coordinator finishes or aborts it; the offsets say which (read_committed readers wait)
                    closeProducer();
                    return e;
                }
                LOG.warnf("Committing %s timed out (%s); trying again", "a batch of outcomes", e.getMessage());
            } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                    | AuthorizationException | UnsupportedVersionException | IllegalStateException e) {
                // fatal for this producer: the coordinator aborted (or a successor fenced) the transaction
                closeProducer();
                return e;
            } catch (KafkaException e) {
                abort(p, e);
                return e;
            }
        }
    }

    private void abort(Producer<String, String> p, RuntimeException cause) {
        LOG.warnf("A batch of outcomes could not be committed (%s); its records are tried again", cause.getMessage());
        try {
            p.abortTransaction();
        } catch (RuntimeException e) {
            // cannot even abort: a new producer with the same transactional id aborts it when it starts
            closeProducer();
        }
    }

    private void failWaiting() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, new KafkaException("The connector stops; the record is read again"));
    }

    private static void fail(List<Pending> pending, RuntimeException cause) {
        for (Pending p : pending) {
            p.committed().completeExceptionally(cause);
        }
    }

    /**
     * At start, not with the first outcome: a predecessor with the same transactional id that crashed may have left a
     * transaction open, and until it is aborted read_committed reads of the committed offsets wait (the partition
     * owner's first step), so the first outcome would wait for Kafka's transaction timeout.
     */
    private void startProducer() {
        try {
            producer();
        } catch (RuntimeException e) {
            LOG.warnf("The outcome producer could not start (%s); it starts with the first outcome", e.getMessage());
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            Producer<String, String> created = producers.get();
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Closing the outcome producer: %s", e.getMessage());
            }
            producer = null;
        }
    }

    /** Stops taking outcomes; the batch being committed ends first, outcomes still waiting fail (read again). */
    @Override
    public void close() {
        closed = true;
        try {
            committer.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

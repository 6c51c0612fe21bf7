package dev.hisabkitab.sync.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The commit point of one Kafka partition whose records finish out of order (different keys run in parallel): the
 * offset to commit is the lowest record still open, or one past the highest handed out when none is open — so an
 * offset is committed only when every record before it in the partition is done (no gaps).
 *
 * <p>Also the partition's ownership epoch: once Kafka takes the partition away it is {@linkplain #abandon()
 * abandoned}, records of it not yet started are left to the new owner, and the ones running are waited for.
 */
public final class PartitionWatermark {

    private final TreeSet<Long> open = new TreeSet<>();
    /** What the partition's committed offset said was done past it when this consumer took it. */
    private final DoneAhead earlier;
    private long next = -1;
    private final Set<Thread> running = new HashSet<>();
    private boolean abandoned;
    private boolean gone;
    private final long ownedSince = System.nanoTime();

    public PartitionWatermark() {
        this(DoneAhead.none(0));
    }

    public PartitionWatermark(DoneAhead earlier) {
        this.earlier = earlier;
    }

    /**
     * When ({@link System#nanoTime()}) this consumer took the partition: whatever an earlier owner recorded
     * (completions of records it did not commit) was recorded before then.
     */
    public long ownedSince() {
        return ownedSince;
    }

    /**
     * A record an earlier owner of the partition finished (its outcome is out, the committed offset is before it):
     * counted as handed out and done, so it is not processed again. False for any other record.
     */
    public synchronized boolean skipDoneEarlier(long offset) {
        if (abandoned || offset < next || !earlier.done(offset)) {
            return false;
        }
        next = offset + 1;
        return true;
    }

    /** A record handed to its lane. False when it was handed out already (read again after a reconnect). */
    public synchronized boolean handOut(long offset) {
        if (abandoned || offset < next) {
            return false;
        }
        open.add(offset);
        next = offset + 1;
        return true;
    }

    /** The record's outcome is committed with its offset: it no longer holds the commit point back. */
    public synchronized void done(long offset) {
        open.remove(offset);
    }

    /** A record starts (or tries again). False once the partition was taken away: leave the record to its new owner. */
    public synchronized boolean begin() {
        if (abandoned) {
            return false;
        }
        running.add(Thread.currentThread());
        return true;
    }

    public synchronized void end() {
        running.remove(Thread.currentThread());
        notifyAll();
    }

    /**
     * The partition is gone and its running records did not end in time: their threads are interrupted, so that a
     * record waiting (for its company's key, a bulkhead slot) is left unfinished rather than completed here while the
     * partition's new owner processes it too.
     */
    public synchronized void interruptRunning() {
        running.forEach(Thread::interrupt);
    }

    /**
     * The offset to commit once the given records are done too — the lowest record open and not among them, or one
     * past the highest handed out — with the records past it that are done (its metadata, {@link DoneAhead}).
     */
    public synchronized DoneAhead commitPointWith(Collection<Long> finishing) {
        List<Long> stillOpen = new ArrayList<>(open.size());
        for (long offset : open) {
            if (!finishing.contains(offset)) {
                stillOpen.add(offset);
            }
        }
        long point = stillOpen.isEmpty() ? next : stillOpen.get(0);
        // past what an earlier owner finished and this one has not read yet: the point itself counts as not done
        while (stillOpen.isEmpty() && point < earlier.end() && earlier.done(point)) {
            point++;
        }
        return DoneAhead.at(point, stillOpen, next, earlier);
    }

    /** Records handed out and not done: what the partition holds in memory. */
    public synchronized int open() {
        return open.size();
    }

    /** Kafka took the partition away: records not started are not started any more; returns how many were open. */
    public synchronized int abandon() {
        abandoned = true;
        return open.size();
    }

    public synchronized boolean abandoned() {
        return abandoned;
    }

    /**
     * The partition is given up for good (after its running records were waited for): outcomes of it handed in from
     * now on are not committed.
     */
    public synchronized void gone() {
        abandoned = true;
        gone = true;
    }

    public synchronized boolean isGone() {
        return gone;
    }

    /** Waits up to the deadline for the records running now to end; true when none runs any more. */
    public synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (!running.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}

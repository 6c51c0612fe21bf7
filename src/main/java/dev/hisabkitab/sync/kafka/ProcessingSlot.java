package dev.hisabkitab.sync.kafka;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Kafka record's place among the {@code hisabkitab.kafka.max-in-flight} records processed at once: taken before
 * the record begins, given back exactly once — when its outcome goes to the committer (the lane then only waits for
 * the transaction) or when the attempt ends, whichever comes first.
 */
final class ProcessingSlot {

    private final Semaphore permits;
    private final AtomicBoolean held = new AtomicBoolean(true);

    private ProcessingSlot(Semaphore permits) {
        this.permits = permits;
    }

    /** Waits for a free place. */
    static ProcessingSlot take(Semaphore permits) throws InterruptedException {
        permits.acquire();
        return new ProcessingSlot(permits);
    }

    /** Gives the place back; later calls do nothing. */
    void release() {
        if (held.compareAndSet(true, false)) {
            permits.release();
        }
    }
}

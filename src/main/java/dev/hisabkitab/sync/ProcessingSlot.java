package dev.hisabkitab.sync;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event's place among those processed at once by a source's lanes (a Kafka record's of
 * {@code hisabkitab.kafka.max-in-flight}, a dropped file's document's of {@code hisabkitab.inbox.max-in-flight}): taken
 * before the event begins, given back exactly once — when its outcome is made (step {@code leave-processing-slot} of
 * routes/process-event.yaml: what is left, recording the completion and publishing the outcome, only waits for
 * acknowledged writes, and the event's lane still waits for them) or when the attempt ends, whichever comes first. It
 * travels with the event's exchange in {@link PipelineKeys#PROCESSING_SLOT}.
 */
public final class ProcessingSlot {

    private final Semaphore permits;
    private final AtomicBoolean held = new AtomicBoolean(true);

    private ProcessingSlot(Semaphore permits) {
        this.permits = permits;
    }

    /** Waits for a free place. */
    public static ProcessingSlot take(Semaphore permits) throws InterruptedException {
        permits.acquire();
        return new ProcessingSlot(permits);
    }

    /** Gives the place back; later calls do nothing. */
    public void release() {
        if (held.compareAndSet(true, false)) {
            permits.release();
        }
    }
}

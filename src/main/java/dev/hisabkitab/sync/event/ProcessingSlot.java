package dev.hisabkitab.sync.event;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.outcome.EventLeftUnfinished;

/**
 * One event's place among those its source's lanes process at once ({@link ProcessingPlaces}): a lane place taken
 * before the event begins, and a call place taken before it calls HisabKitab (step {@code take-call-place} of
 * routes/process-event.yaml). Both are given back exactly once — when its outcome is made (step
 * {@code leave-processing-slot}: what is left, recording the completion and publishing the outcome, only waits for
 * acknowledged writes, and the event's lane still waits for them) or when the attempt ends, whichever comes first. It
 * travels with the event's exchange in {@link PipelineKeys#PROCESSING_SLOT}.
 */
public final class ProcessingSlot {

    private final Semaphore lanePlaces;
    private final Semaphore callPlaces;
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final AtomicBoolean calling = new AtomicBoolean();
    private final BooleanSupplier stillOurs;

    ProcessingSlot(Semaphore lanePlaces, Semaphore callPlaces, BooleanSupplier stillOurs) {
        this.lanePlaces = lanePlaces;
        this.callPlaces = callPlaces;
        this.stillOurs = stillOurs;
    }

    /**
     * Step {@code take-call-place}: waits until fewer than max-in-flight events of the source call HisabKitab; once
     * per slot (an attempt retried within the event keeps its place), nothing once given back. An event its source
     * gave up meanwhile (a revoked Kafka partition) calls nothing: it is left unfinished, for the new owner.
     */
    public void enterCall() {
        if (!held.get() || !calling.compareAndSet(false, true)) {
            return;
        }
        try {
            callPlaces.acquire();
        } catch (InterruptedException e) {
            calling.set(false);
            Thread.currentThread().interrupt();
            // the connector stops, or the event's partition went to another consumer: it is read again
            throw new EventLeftUnfinished("Interrupted while waiting for a free HisabKitab call place");
        }
        if (!stillOurs.getAsBoolean()) {
            calling.set(false);
            callPlaces.release();
            throw new EventLeftUnfinished("The event's source gave it up while it waited for a HisabKitab call place"
                    + " (its Kafka partition went to another consumer): it is read again there");
        }
    }

    /** Gives the places back; later calls do nothing. */
    public void release() {
        if (held.compareAndSet(true, false)) {
            if (calling.compareAndSet(true, false)) {
                callPlaces.release();
            }
            lanePlaces.release();
        }
    }
}

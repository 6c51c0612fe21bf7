package dev.hisabkitab.sync.event;

import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * A source's places for the events its lanes process at once: up to {@code max-in-flight} + {@code prepared-ahead}
 * events are processed, of which at most {@code max-in-flight} make their booking's call to HisabKitab (from the step
 * {@code take-call-place} of routes/process-event.yaml until the outcome is made). The events prepared ahead are
 * claimed, mapped and have their write intent recorded while every call place is in use, so a call leaves as soon as
 * one ends: throughput ≈ max-in-flight ÷ HisabKitab's latency, not ÷ (its latency + the connector's own work).
 */
public final class ProcessingPlaces {

    private final Semaphore lanePlaces;
    private final Semaphore callPlaces;
    private final int places;

    public ProcessingPlaces(int maxInFlight, int preparedAhead) {
        this(new Semaphore(Math.max(1, maxInFlight) + Math.max(0, preparedAhead), true),
                new Semaphore(Math.max(1, maxInFlight), true));
    }

    /** Places counted by the given semaphores, all free (tests watch them). */
    public ProcessingPlaces(Semaphore lanePlaces, Semaphore callPlaces) {
        this.lanePlaces = lanePlaces;
        this.callPlaces = callPlaces;
        this.places = lanePlaces.availablePermits();
    }

    /** Waits for a free lane place: the event may begin. */
    public ProcessingSlot take() throws InterruptedException {
        return take(() -> true);
    }

    /**
     * As {@link #take()}, for an event its source may give up meanwhile ({@code stillOurs} false: its Kafka partition
     * went to another consumer): it then calls nothing once it has a call place, and is left unfinished.
     */
    public ProcessingSlot take(BooleanSupplier stillOurs) throws InterruptedException {
        lanePlaces.acquire();
        return new ProcessingSlot(lanePlaces, callPlaces, stillOurs);
    }

    /**
     * The lane threads a source needs: one per place, and as many again for events whose place is free while their
     * lane waits for the completion and the outcome's acknowledged writes.
     */
    public int threads() {
        return 2 * places;
    }
}

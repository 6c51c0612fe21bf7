package dev.hisabkitab.sync.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ProcessingSlotTest {

    @Test
    void aSlotIsGivenBackOnceHoweverOftenItIsReleased() throws Exception {
        Semaphore lanes = new Semaphore(2);
        Semaphore calls = new Semaphore(2);
        ProcessingPlaces places = new ProcessingPlaces(lanes, calls);
        ProcessingSlot first = places.take();
        ProcessingSlot second = places.take();
        assertFalse(lanes.tryAcquire(50, TimeUnit.MILLISECONDS), "both places are taken");
        first.enterCall();
        first.enterCall(); // a retried attempt keeps its call place: not a second one
        assertEquals(1, calls.availablePermits());

        // published (the lane waits for its transaction), then the attempt ends: one place back, not two
        first.release();
        first.release();
        assertEquals(1, lanes.availablePermits());
        assertEquals(2, calls.availablePermits());
        second.release();
        assertEquals(2, lanes.availablePermits());
        assertTrue(lanes.tryAcquire(2));
    }

    @Test
    void eventsPreparedAheadWaitForACallPlaceOnlyToCall() throws Exception {
        ProcessingPlaces places = new ProcessingPlaces(1, 1);
        assertEquals(4, places.threads(), "a thread per place, as many again for lanes waiting for their writes");
        ProcessingSlot calling = places.take();
        ProcessingSlot prepared = places.take(); // one prepared ahead beside the one calling
        calling.enterCall();

        Thread waiting = new Thread(prepared::enterCall);
        waiting.start();
        org.awaitility.Awaitility.await().until(() -> waiting.getState() == Thread.State.WAITING);
        assertTrue(waiting.isAlive(), "one call place: the prepared event waits for it");
        calling.release();
        waiting.join(10_000);
        assertFalse(waiting.isAlive(), "the call place given back goes to the prepared event");
        prepared.release();
        calling.enterCall(); // given back already: takes nothing
        ProcessingSlot next = places.take();
        next.enterCall();
        next.release();
    }

    @Test
    void anInterruptedWaitForACallPlaceLeavesTheEventUnfinishedHoldingNone() throws Exception {
        Semaphore lanes = new Semaphore(2);
        Semaphore calls = new Semaphore(1);
        ProcessingPlaces places = new ProcessingPlaces(lanes, calls);
        ProcessingSlot calling = places.take();
        calling.enterCall();
        ProcessingSlot waiting = places.take();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread lane = new Thread(() -> {
            try {
                waiting.enterCall();
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        lane.start();
        org.awaitility.Awaitility.await().until(() -> lane.getState() == Thread.State.WAITING);
        lane.interrupt(); // the connector stops, or the record's partition was revoked
        lane.join(10_000);
        assertTrue(thrown.get() instanceof dev.hisabkitab.sync.outcome.EventLeftUnfinished, String.valueOf(thrown.get()));
        waiting.release();
        calling.release();
        assertEquals(1, calls.availablePermits(), "the interrupted wait took no call place");
        assertEquals(2, lanes.availablePermits());
    }

    @Test
    void anEventItsSourceGaveUpWhileItWaitedCallsNothingAndHoldsNoCallPlace() throws Exception {
        Semaphore lanes = new Semaphore(1);
        Semaphore calls = new Semaphore(1);
        java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
        ProcessingSlot slot = new ProcessingPlaces(lanes, calls).take(() -> !revoked.get());
        revoked.set(true); // its Kafka partition went to another consumer while it was prepared
        org.junit.jupiter.api.Assertions.assertThrows(dev.hisabkitab.sync.outcome.EventLeftUnfinished.class,
                slot::enterCall);
        assertEquals(1, calls.availablePermits(), "no call place kept");
        slot.release();
        assertEquals(1, lanes.availablePermits());
        assertEquals(1, calls.availablePermits());
    }
}

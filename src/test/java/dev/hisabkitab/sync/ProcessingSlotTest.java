package dev.hisabkitab.sync;

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
}

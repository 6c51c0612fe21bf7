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
        Semaphore permits = new Semaphore(2);
        ProcessingSlot first = ProcessingSlot.take(permits);
        ProcessingSlot second = ProcessingSlot.take(permits);
        assertFalse(permits.tryAcquire(50, TimeUnit.MILLISECONDS), "both places are taken");

        // published (the lane waits for its transaction), then the attempt ends: one place back, not two
        first.release();
        first.release();
        assertEquals(1, permits.availablePermits());
        second.release();
        assertEquals(2, permits.availablePermits());
        assertTrue(permits.tryAcquire(2));
    }
}

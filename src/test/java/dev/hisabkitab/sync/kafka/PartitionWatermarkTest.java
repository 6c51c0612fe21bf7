package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class PartitionWatermarkTest {

    @Test
    void theCommitPointIsTheLowestRecordNotDone() {
        PartitionWatermark w = new PartitionWatermark();
        for (long o = 10; o <= 13; o++) {
            assertTrue(w.handOut(o));
        }
        assertEquals(10, w.commitPointWith(Set.of()).offset(), "nothing done: nothing past the first record");
        assertEquals(10, w.commitPointWith(Set.of(12L, 13L)).offset(), "later records finishing, the first not: no gap");
        w.done(12);
        w.done(13);
        assertEquals(11, w.commitPointWith(Set.of(10L)).offset(), "the first finishing: up to the next one open");
        w.done(10);
        assertEquals(11, w.commitPointWith(Set.of()).offset());
        assertEquals(14, w.commitPointWith(Set.of(11L)).offset(), "all done: one past the last handed out");
        w.done(11);
        assertEquals(14, w.commitPointWith(Set.of()).offset());
        assertEquals(0, w.open());
    }

    @Test
    void recordsDoneAheadOfTheCommitPointAreCommittedAsDoneAndSkippedByTheNextOwner() {
        PartitionWatermark first = new PartitionWatermark();
        for (long o = 10; o <= 15; o++) {
            first.handOut(o);
        }
        // 10 and 13 still running, the others finished
        DoneAhead point = first.commitPointWith(Set.of(11L, 12L, 14L, 15L));
        assertEquals(10, point.offset());
        assertEquals(16, point.end());
        assertEquals(Set.of(13L), point.open());

        // the next owner reads the committed offset and its metadata: it starts at 10 and skips 11, 12, 14, 15
        PartitionWatermark next = new PartitionWatermark(DoneAhead.decode(10, point.encode()));
        assertFalse(next.skipDoneEarlier(10));
        assertTrue(next.handOut(10));
        assertTrue(next.skipDoneEarlier(11));
        assertTrue(next.skipDoneEarlier(12));
        assertFalse(next.skipDoneEarlier(13));
        assertTrue(next.handOut(13));
        // 10 finishes before 14 and 15 are read: what the earlier owner finished past them is still committed as done
        DoneAhead after = next.commitPointWith(Set.of(10L));
        assertEquals(13, after.offset());
        assertEquals(16, after.end());
        assertEquals(Set.of(), after.open());
        next.done(10);
        assertTrue(next.skipDoneEarlier(14));
        assertTrue(next.skipDoneEarlier(15));
        assertFalse(next.skipDoneEarlier(16), "past what the earlier owner finished");
        assertTrue(next.handOut(16));
        assertEquals(17, next.commitPointWith(Set.of(13L, 16L)).offset());
    }

    @Test
    void theCommitPointPassesWhatTheEarlierOwnerFinishedWhenNothingBeforeItIsOpen() {
        PartitionWatermark first = new PartitionWatermark();
        for (long o = 10; o <= 12; o++) {
            first.handOut(o);
        }
        DoneAhead committed = first.commitPointWith(Set.of(11L, 12L));
        PartitionWatermark next = new PartitionWatermark(DoneAhead.decode(committed.offset(), committed.encode()));
        assertTrue(next.handOut(10));
        // 10 finishes before 11 and 12 are read again: the offset goes past them (they are done), not onto 11
        DoneAhead after = next.commitPointWith(Set.of(10L));
        assertEquals(13, after.offset());
        PartitionWatermark third = new PartitionWatermark(DoneAhead.decode(after.offset(), after.encode()));
        assertTrue(third.handOut(13));
    }

    @Test
    void aRecordReadAgainIsNotHandedOutTwice() {
        PartitionWatermark w = new PartitionWatermark();
        assertTrue(w.handOut(5));
        assertTrue(w.handOut(6));
        assertFalse(w.handOut(5), "read again after a reconnect: already in a lane");
        assertFalse(w.handOut(6));
        assertTrue(w.handOut(7));
        assertEquals(3, w.open());
    }

    @Test
    void anAbandonedPartitionStartsNothingWaitsForWhatRunsAndInterruptsWhatWaitsTooLong() throws Exception {
        PartitionWatermark w = new PartitionWatermark();
        w.handOut(1);
        w.handOut(2);
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread record = new Thread(() -> {
            if (!w.begin()) {
                return;
            }
            try {
                running.countDown();
                // a record waiting for its company's key: ends only when interrupted
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                w.end();
            }
        });
        record.start();
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals(2, w.abandon());
        assertFalse(w.begin(), "records not started are left to the new owner");
        assertFalse(w.handOut(3));
        assertFalse(w.awaitIdle(System.nanoTime() + 50_000_000L), "one record still runs");
        w.interruptRunning();
        assertTrue(w.awaitIdle(System.nanoTime() + 5_000_000_000L), "the interrupted record ended");
        record.join(5_000);
        assertTrue(interrupted.get());
    }
}

package dev.hisabkitab.sync.idempotency;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One claim per key in flight: the second event with the id waits, then is a duplicate, or goes ahead after a failure. */
class IdempotentConsumerTest {

    @TempDir
    Path dir;

    FileIdempotencyStore store;
    IdempotentConsumer consumer;

    @BeforeEach
    void open() {
        store = new FileIdempotencyStore(dir.resolve("completed.jsonl"), 10_000);
        store.open();
        consumer = new IdempotentConsumer(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Claims the key on a thread of its own and returns the decision; {@code thread[0]} is that thread. */
    private CompletableFuture<IdempotentConsumer.Decision> claimOnOtherThread(EventKey key, Thread[] thread) {
        CompletableFuture<IdempotentConsumer.Decision> decision = new CompletableFuture<>();
        thread[0] = new Thread(() -> {
            try {
                decision.complete(consumer.claim(key));
            } catch (RuntimeException e) {
                decision.completeExceptionally(e);
            }
        }, "second-event");
        thread[0].start();
        return decision;
    }

    private static void awaitWaiting(Thread t) {
        await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.WAITING);
    }

    @Test
    void theSameIdInFlightWaitsForTheFirstAndIsThenADuplicateWithItsResult() throws Exception {
        EventKey key = new EventKey("default", "erp-1");
        IdempotentConsumer.Decision first = consumer.claim(key);
        assertFalse(first.duplicate());
        assertNotNull(first.claim());

        Thread[] second = new Thread[1];
        CompletableFuture<IdempotentConsumer.Decision> decision = claimOnOtherThread(key, second);
        awaitWaiting(second[0]);
        assertFalse(decision.isDone(), "the second event waits while the first is in flight");

        CompletedEvent done = FileIdempotencyStoreTest.completed("default", "erp-1", 3L, "Bill-3");
        consumer.complete(first.claim(), done);

        IdempotentConsumer.Decision later = decision.get(10, TimeUnit.SECONDS);
        assertTrue(later.duplicate());
        assertEquals(done, later.earlier());
        assertNull(later.claim());
        assertEquals(0, consumer.inFlight());
        assertTrue(store.isDurable(key), "recorded before the claim was released");
    }

    @Test
    void whenTheFirstFailsTheWaitingEventIsTriedItself() throws Exception {
        EventKey key = new EventKey("default", "erp-2");
        IdempotentConsumer.Claim first = consumer.claim(key).claim();

        Thread[] second = new Thread[1];
        CompletableFuture<IdempotentConsumer.Decision> decision = claimOnOtherThread(key, second);
        awaitWaiting(second[0]);
        consumer.release(first); // dead-lettered: nothing recorded

        IdempotentConsumer.Decision later = decision.get(10, TimeUnit.SECONDS);
        assertFalse(later.duplicate());
        assertNotNull(later.claim());
        assertTrue(first.isReleased());
        assertEquals(1, consumer.inFlight());
        consumer.release(later.claim());
        assertEquals(0, consumer.inFlight());
    }

    @Test
    void anIdAlreadyCompletedIsADuplicateAtOnceAndTheSameIdOfAnotherCompanyIsNot() {
        consumer.complete(consumer.claim(new EventKey("default", "erp-3")).claim(),
                FileIdempotencyStoreTest.completed("default", "erp-3", 5L, "Bill-5"));

        IdempotentConsumer.Decision again = consumer.claim(new EventKey("default", "erp-3"));
        assertTrue(again.duplicate());
        assertEquals(5L, again.earlier().hisabkitabId());

        IdempotentConsumer.Decision otherCompany = consumer.claim(new EventKey("acme", "erp-3"));
        assertFalse(otherCompany.duplicate());
        consumer.release(otherCompany.claim());
    }

    @Test
    void differentIdsInFlightDoNotWaitForEachOther() {
        IdempotentConsumer.Claim a = consumer.claim(new EventKey("default", "a")).claim();
        IdempotentConsumer.Claim b = consumer.claim(new EventKey("default", "b")).claim();
        assertNotNull(a);
        assertNotNull(b);
        assertEquals(2, consumer.inFlight());
    }

    @Test
    void aCompletionThatCannotBeRecordedStillReleasesTheClaimAndIsKnownInMemory() {
        EventKey key = new EventKey("default", "erp-4");
        IdempotentConsumer.Claim claim = consumer.claim(key).claim();
        store.close(); // the file can no longer be written
        CompletedEvent done = FileIdempotencyStoreTest.completed("default", "erp-4", 6L, "Bill-6");
        assertThrows(IdempotencyStoreException.class, () -> consumer.complete(claim, done));
        assertTrue(claim.isReleased());
        assertEquals(0, consumer.inFlight());
        IdempotentConsumer.Decision again = consumer.claim(key);
        assertTrue(again.duplicate(), "not sent again by this process");
        assertSame(done, again.earlier());
        assertFalse(store.isDurable(key));
    }
}

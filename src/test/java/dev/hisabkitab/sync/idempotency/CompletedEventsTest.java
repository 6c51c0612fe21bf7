package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.event.Outcomes;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The route steps of process-event around one event, called as the routes call them (event context in, event context
 * out) with the file store: the duplicate reply, and a completion whose record could not be written being written
 * when the event comes again.
 */
@Timeout(30) // a claim never released would hang the next look-up: fail instead
class CompletedEventsTest {

    @TempDir
    Path dir;

    CompletedEvents steps;
    final Outcomes outcomes = new Outcomes();

    @BeforeEach
    void steps() {
        steps = new CompletedEvents();
        steps.shared = Optional::empty;
        steps.file = dir.resolve("completed.jsonl").toString();
        steps.compactAbove = 10_000;
        steps.retention = java.time.Duration.ofDays(90);
        steps.sweepEvery = java.time.Duration.ofHours(1);
    }

    @AfterEach
    void close() {
        steps.close();
    }

    /** An event read (step read-envelope), then claimed or found completed (step answer-completed-event-once). */
    private EventContext event(String id) {
        return steps.claimUnlessCompleted(EventContext.unread().withEnvelope(
                new Envelope(id, "api.sale.create-item", "default", null, null, null), false));
    }

    /** The reply make-reply makes for an event HisabKitab completed. */
    private static Reply completedByHisabKitab(EventContext event, long hisabkitabId) {
        Envelope e = event.envelope();
        return new Reply(e.id(), e.type(), e.company(), Reply.OK,
                new Reply.Result(hisabkitabId, "Bill-" + hisabkitabId, "Created", null), 1, "2025-02-11T11:09:39Z");
    }

    @Test
    void anEventCompletedBeforeIsAnsweredDuplicateWithTheEarlierResult() {
        EventContext first = event("e-1");
        assertFalse(first.duplicate());
        assertNotNull(first.claim());
        steps.recordCompleted(first, completedByHisabKitab(first, 3));
        steps.release(first);

        EventContext again = event("e-1");
        assertTrue(again.duplicate());
        Reply duplicate = outcomes.alreadyCompleted(again);
        assertEquals(Reply.DUPLICATE, duplicate.status());
        assertEquals(3L, duplicate.result().hisabkitabId());
        assertEquals("Bill-3", duplicate.result().number());
        assertEquals("2025-02-11T11:09:39Z", duplicate.completedAt());
        assertEquals(0, duplicate.attempts());
        assertNull(again.claim(), "a duplicate holds no claim");
    }

    @Test
    void theSameKafkaRecordReadAgainGetsItsOwnReplyNotADuplicate() {
        EventContext first = steps.claimUnlessCompleted(EventContext.ofKafkaRecord("events/0@7", "k", null)
                .withEnvelope(new Envelope("e-5", "api.sale.create-item", "default", null, null, null), false));
        steps.recordCompleted(first, completedByHisabKitab(first, 8));

        EventContext sameRecord = steps.claimUnlessCompleted(EventContext.ofKafkaRecord("events/0@7", "k", null)
                .withEnvelope(first.envelope(), false));
        assertEquals(Reply.OK, outcomes.alreadyCompleted(sameRecord).status());
        EventContext otherRecord = steps.claimUnlessCompleted(EventContext.ofKafkaRecord("events/0@9", "k", null)
                .withEnvelope(first.envelope(), false));
        assertEquals(Reply.DUPLICATE, outcomes.alreadyCompleted(otherRecord).status());
    }

    @Test
    void aCompletionThatCouldNotBeRecordedIsRecordedWhenTheEventComesAgain() throws Exception {
        EventContext first = event("e-2");
        Reply reply = completedByHisabKitab(first, 4);
        steps.store().close(); // the file cannot be written now
        assertThrows(IdempotencyStoreException.class, () -> steps.recordCompleted(first, reply));
        steps.release(first);
        assertFalse(Files.readString(dir.resolve("completed.jsonl")).contains("e-2"));

        steps.store().open(); // writable again (e.g. the disk has room again)
        EventContext again = event("e-2"); // known in memory: not sent to HisabKitab again
        assertTrue(again.duplicate());
        steps.recordCompleted(again, outcomes.alreadyCompleted(again));
        assertTrue(steps.store().isDurable(new EventKey("default", "e-2")));
        assertTrue(Files.readString(dir.resolve("completed.jsonl")).contains("\"id\":\"e-2\""));
    }

    @Test
    void anIdOlderThanTheRetentionIsForgottenAndBookedAgainARecentOneStaysADuplicate() {
        EventContext old = event("e-old"); // completed 2025-02-11: more than 90 days ago
        steps.recordCompleted(old, completedByHisabKitab(old, 5));
        steps.release(old);
        EventKey recent = new EventKey("default", "e-recent");
        steps.store().record(new CompletedEvent(recent, 6L, "Bill-6", "Created", java.time.Instant.now().toString()));

        assertEquals(1, steps.sweep(steps.store()));

        EventContext oldAgain = event("e-old");
        assertFalse(oldAgain.duplicate(), "forgotten: booked again");
        steps.release(oldAgain);
        assertTrue(event("e-recent").duplicate());
        assertEquals(0, steps.sweep(steps.store()), "nothing more to forget");
    }

    @Test
    void aFailedEventIsNotRecordedAndItsClaimIsReleased() {
        EventContext failed = event("e-3");
        steps.recordCompleted(failed, null); // no reply: a dead letter was made
        steps.release(failed);
        assertTrue(failed.claim().isReleased());
        assertTrue(steps.store().find(new EventKey("default", "e-3")).isEmpty());

        EventContext again = event("e-3"); // does not wait: the claim was released
        assertFalse(again.duplicate());
        steps.release(again);
    }
}

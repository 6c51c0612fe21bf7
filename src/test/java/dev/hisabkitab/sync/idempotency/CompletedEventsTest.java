package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.event.Outcomes;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The route steps of process-event around one event, on plain exchanges with the file store: the duplicate reply,
 * and a completion whose record could not be written being written when the event comes again.
 */
@Timeout(30) // a claim never released would hang the next look-up: fail instead
class CompletedEventsTest {

    @TempDir
    Path dir;

    CamelContext camel = new DefaultCamelContext();
    CompletedEvents steps;

    @BeforeEach
    void steps() {
        steps = new CompletedEvents();
        steps.outcomes = new Outcomes();
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

    private Exchange event(String id) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(PipelineKeys.ENVELOPE, new Envelope(id, "api.sale.create-item", "default", null, null, null));
        return exchange;
    }

    /** What make-reply leaves behind for an event HisabKitab completed. */
    private static void completedByHisabKitab(Exchange exchange, long hisabkitabId) {
        Envelope e = exchange.getProperty(PipelineKeys.ENVELOPE, Envelope.class);
        Reply reply = new Reply(e.id(), e.type(), e.company(), Reply.OK,
                new Reply.Result(hisabkitabId, "Bill-" + hisabkitabId, "Created", null), 1, "2025-02-11T11:09:39Z");
        exchange.setProperty(PipelineKeys.OUTCOME, reply);
        exchange.getMessage().setBody(reply);
    }

    @Test
    void anEventCompletedBeforeIsAnsweredDuplicateWithTheEarlierResult() {
        Exchange first = event("e-1");
        steps.answerIfCompleted(first);
        assertNull(first.getProperty(PipelineKeys.DUPLICATE));
        completedByHisabKitab(first, 3);
        steps.recordCompleted(first);
        steps.release(first);

        Exchange again = event("e-1");
        steps.answerIfCompleted(again);
        assertEquals(Boolean.TRUE, again.getProperty(PipelineKeys.DUPLICATE));
        Reply duplicate = assertInstanceOf(Reply.class, again.getMessage().getBody());
        assertEquals(Reply.DUPLICATE, duplicate.status());
        assertEquals(3L, duplicate.result().hisabkitabId());
        assertEquals("Bill-3", duplicate.result().number());
        assertEquals("2025-02-11T11:09:39Z", duplicate.completedAt());
        assertEquals(0, duplicate.attempts());
        assertNull(again.getProperty(PipelineKeys.CLAIM), "a duplicate holds no claim");
    }

    @Test
    void aCompletionThatCouldNotBeRecordedIsRecordedWhenTheEventComesAgain() throws Exception {
        Exchange first = event("e-2");
        steps.answerIfCompleted(first);
        completedByHisabKitab(first, 4);
        steps.store().close(); // the file cannot be written now
        assertThrows(IdempotencyStoreException.class, () -> steps.recordCompleted(first));
        steps.release(first);
        assertFalse(Files.readString(dir.resolve("completed.jsonl")).contains("e-2"));

        steps.store().open(); // writable again (e.g. the disk has room again)
        Exchange again = event("e-2");
        steps.answerIfCompleted(again); // known in memory: not sent to HisabKitab again
        assertEquals(Boolean.TRUE, again.getProperty(PipelineKeys.DUPLICATE));
        steps.recordCompleted(again);
        assertTrue(steps.store().isDurable(new EventKey("default", "e-2")));
        assertTrue(Files.readString(dir.resolve("completed.jsonl")).contains("\"id\":\"e-2\""));
    }

    @Test
    void anIdOlderThanTheRetentionIsForgottenAndBookedAgainARecentOneStaysADuplicate() {
        Exchange old = event("e-old"); // completed 2025-02-11: more than 90 days ago
        steps.answerIfCompleted(old);
        completedByHisabKitab(old, 5);
        steps.recordCompleted(old);
        steps.release(old);
        EventKey recent = new EventKey("default", "e-recent");
        steps.store().record(new CompletedEvent(recent, 6L, "Bill-6", "Created", java.time.Instant.now().toString()));

        assertEquals(1, steps.sweep(steps.store()));

        Exchange oldAgain = event("e-old");
        steps.answerIfCompleted(oldAgain);
        assertNull(oldAgain.getProperty(PipelineKeys.DUPLICATE), "forgotten: booked again");
        steps.release(oldAgain);
        Exchange recentAgain = event("e-recent");
        steps.answerIfCompleted(recentAgain);
        assertEquals(Boolean.TRUE, recentAgain.getProperty(PipelineKeys.DUPLICATE));
        assertEquals(0, steps.sweep(steps.store()), "nothing more to forget");
    }

    @Test
    void aFailedEventIsNotRecordedAndItsClaimIsReleased() {
        Exchange failed = event("e-3");
        steps.answerIfCompleted(failed);
        steps.recordCompleted(failed); // no reply: a dead letter was made
        steps.release(failed);
        assertTrue(steps.store().find(new EventKey("default", "e-3")).isEmpty());

        Exchange again = event("e-3");
        steps.answerIfCompleted(again); // does not wait: the claim was released
        assertNull(again.getProperty(PipelineKeys.DUPLICATE));
        steps.release(again);
    }
}

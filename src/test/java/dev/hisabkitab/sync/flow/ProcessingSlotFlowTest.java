package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.event.ProcessingPlaces;
import dev.hisabkitab.sync.event.ProcessingSlot;
import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An event's processing slot (the lanes' max-in-flight) is given back once its outcome is made, before its completion
 * is recorded (step leave-processing-slot of routes/process-event.yaml): the lane then only waits for acknowledged
 * writes while another event takes the slot. Real pipeline, the sandbox over real HTTP, the real completed-events store.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ProcessingSlotFlowTest {

    @Inject
    ProducerTemplate producer;

    @Inject
    CompletedEvents completed;

    /** One place; notes, at each give-back, whether the event was recorded completed by then, and the calls taken. */
    private final class WatchedPlaces extends Semaphore {
        final EventKey event;
        final List<Boolean> completedAtRelease = new ArrayList<>();
        final Semaphore calls = new Semaphore(1) {
            @Override
            public void acquire() throws InterruptedException {
                callsTaken.add(SandboxResource.sandbox().journal().size());
                super.acquire();
            }
        };
        final List<Integer> callsTaken = new ArrayList<>();

        WatchedPlaces(EventKey event) {
            super(1);
            this.event = event;
        }

        ProcessingSlot take() throws InterruptedException {
            return new ProcessingPlaces(this, calls).take();
        }

        @Override
        public void release() {
            completedAtRelease.add(completed.store().find(event).isPresent());
            super.release();
        }
    }

    @Test
    void aBookedEventsSlotIsFreeBeforeItsCompletionIsRecorded() throws Exception {
        WatchedPlaces places = new WatchedPlaces(new EventKey("default", "slot-booked-1"));
        int before = SandboxResource.sandbox().journal().size();
        Exchange done = send(Events.journal("slot-booked-1", "Slot given back early", 125).toString(), places.take());

        assertNull(done.getException());
        Outcome outcome = done.getProperty(PipelineKeys.OUTCOME, Outcome.class);
        assertEquals(Reply.OK, assertInstanceOf(Reply.class, outcome).status());
        assertEquals(places.event, EventKey.of(done.getProperty(EventContext.PROPERTY, EventContext.class).envelope()));
        assertEquals(List.of(false), places.completedAtRelease, "given back once, before the completion was recorded");
        assertTrue(completed.store().find(places.event).isPresent(), "the completion is recorded after it");
        assertEquals(1, places.availablePermits());
        assertEquals(1, places.callsTaken.size(), "a call place taken once");
        // the requests made after it: the journal's create (its look-ups, e.g. the next number, come before)
        List<SandboxJournal.Entry> after = SandboxResource.sandbox().journal().entries()
                .subList(places.callsTaken.get(0), SandboxResource.sandbox().journal().size());
        assertEquals(1, after.size(), after.toString());
        assertEquals("POST", after.get(0).method(), after.toString());
        assertTrue(places.callsTaken.get(0) >= before);
        assertEquals(1, places.calls.availablePermits(), "and given back");
    }

    @Test
    void aDeadLettersSlotIsGivenBackOnceToo() throws Exception {
        WatchedPlaces places = new WatchedPlaces(new EventKey("default", "slot-dead-1"));
        Exchange done = send(Events.envelope("slot-dead-1", "no.such-type", null).toString(), places.take());

        assertInstanceOf(DeadLetter.class, done.getProperty(PipelineKeys.OUTCOME, Outcome.class));
        assertEquals(List.of(false), places.completedAtRelease);
        assertEquals(1, places.availablePermits());
        assertEquals(List.of(), places.callsTaken, "nothing to call: no call place taken");
    }

    private Exchange send(String event, ProcessingSlot slot) {
        return producer.send("direct:process-event", e -> {
            e.getMessage().setBody(event);
            e.setProperty(PipelineKeys.PROCESSING_SLOT, slot);
        });
    }
}

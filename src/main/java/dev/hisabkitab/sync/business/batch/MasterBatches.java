package dev.hisabkitab.sync.business.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.business.BatchOutcomeUnknown;
import dev.hisabkitab.sync.business.InterruptedWrites;
import dev.hisabkitab.sync.business.batch.BatchAnswer.Created;
import dev.hisabkitab.sync.business.batch.BatchAnswer.ItemAnswer;
import dev.hisabkitab.sync.business.batch.BatchAnswer.Refused;
import dev.hisabkitab.sync.business.batch.BatchAnswer.Requested;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.client.HisabKitabGateway;
import dev.hisabkitab.sync.outcome.Causes;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.EventLeftUnfinished;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * Master data in batches (routes/process-event.yaml, choice {@code create-masters-in-batches}): the party and item
 * creates of one company that arrive together go to HisabKitab as one call of the batch endpoint, each event still
 * answered on its own. The first create of a company's resource opens a batch and leads it: it waits until the batch
 * is full ({@code hisabkitab.master-batch.max-size}) or {@code max-wait-ms} has passed, sends it through the one
 * client (breaker, bulkhead, rate limit: one batch is one call) and hands each event its record. The others wait for
 * their element's answer on their own lanes. A lone create is sent singly, as without batches.
 *
 * <p>Never twice: an element whose record the answer does not show for certain ({@link BatchAnswer}), or a batch
 * sent without a clear answer ({@link BatchOutcomeUnknown}), is looked up before it is created singly
 * (InterruptedWrites, as an interrupted single create). A whole batch refused (422) may still have created the
 * elements before the refused one (the endpoint is not documented as one transaction): its elements named in the
 * errors get their dead letters, the others are looked up before each is created singly, never sent again blindly.
 */
@ApplicationScoped
@Named("masterBatches")
public class MasterBatches {

    private static final Logger LOG = Logger.getLogger(MasterBatches.class);

    @ConfigProperty(name = "hisabkitab.master-batch.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "hisabkitab.master-batch.max-size", defaultValue = "32")
    int maxSize;

    @ConfigProperty(name = "hisabkitab.master-batch.max-wait-ms", defaultValue = "200")
    long maxWaitMs;

    @Inject
    HisabKitabGateway gateway;

    @Inject
    InterruptedWrites interruptedWrites;

    private final Object lock = new Object();
    /** The batch each company's resource is filling now, by {@code company + " " + batch operation}. */
    private final Map<String, Batch> open = new HashMap<>();

    private final LongAdder batches = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final LongAdder unmatched = new LongAdder();

    /** What this process has seen of batch answers since it started (verify's row). */
    public record Seen(long batches, long matched, long unmatched) {
    }

    /** Whether party and item creates are batched ({@code hisabkitab.master-batch.enabled}). */
    public boolean enabled() {
        return enabled && maxSize > 1;
    }

    public Seen seen() {
        return new Seen(batches.sum(), matched.sum(), unmatched.sum());
    }

    /** What became of one element, handed from the batch's leader to the element's event. */
    private sealed interface Fate permits CreatedIn, Singly, Failed {
    }

    private record CreatedIn(Reply.Result result, int attempts, String note) implements Fate {
    }

    /** Created singly; looked up first for {@code lookupReason} (null: not). */
    private record Singly(String lookupReason, String note) implements Fate {
    }

    private record Failed(RuntimeException failure) implements Fate {
    }

    private static final class Slot {
        final ApiCall call;
        final CompletableFuture<Fate> fate = new CompletableFuture<>();

        Slot(ApiCall call) {
            this.call = call;
        }
    }

    private static final class Batch {
        final String company;
        final String operation;
        final List<Slot> slots = new ArrayList<>();
        final CountDownLatch full = new CountDownLatch(1);

        Batch(String company, String operation) {
            this.company = company;
            this.operation = operation;
        }
    }

    /**
     * Condition of {@code create-masters-in-batches}: a party's or item's create (not an update), batching on, and
     * not one to be looked up first (an earlier try's: it goes singly, as before).
     */
    public boolean joins(ApiCall call, CallState state) {
        return enabled() && call != null && BatchBody.batchOperationOf(call.operation()) != null
                && call.payload() != null && call.payload().isObject()
                && interruptedWrites.lookupFor(call).isPresent()
                && (state == null || (state.lookupReason() == null && !state.keyProbe() && state.attempts() == 0));
    }

    /**
     * Step {@code create-in-batch}: the create joins its company's open batch and waits for its element's answer.
     * Returns the record when the batch created it; else the call's state to create it singly (looked up first when
     * the batch may have created it). A refused element throws HisabKitab's refusal (the event's dead letter).
     */
    public BatchedCreate createInBatch(ApiCall call, CallState state) {
        String operation = BatchBody.batchOperationOf(call.operation());
        String key = call.companyOrDefault() + " " + operation;
        Slot slot = new Slot(call);
        Batch batch;
        boolean leads = false;
        synchronized (lock) {
            batch = open.get(key);
            if (batch == null) {
                batch = new Batch(call.companyOrDefault(), operation);
                open.put(key, batch);
                leads = true;
            }
            batch.slots.add(slot);
            if (batch.slots.size() >= maxSize) {
                open.remove(key);
                batch.full.countDown();
            }
        }
        if (leads) {
            lead(key, batch);
        }
        return answer(call, state, await(slot));
    }

    /** The leader: waits for the batch to fill or its time to end, then sends it and hands out the answers. */
    private void lead(String key, Batch batch) {
        boolean interrupted = false;
        try {
            batch.full.await(maxWaitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
        }
        synchronized (lock) {
            open.remove(key, batch);
        }
        if (interrupted) {
            // stopping: a call sent now would fail on the interrupt and give every member a dead letter; each event's
            // intent is recorded, so read again it looks its record up before sending anything
            EventLeftUnfinished stopping = new EventLeftUnfinished(
                    "The connector is stopping while the event's create waited in a master batch (" + batch.operation + ")");
            batch.slots.forEach(s -> s.fate.complete(new Failed(stopping)));
            return;
        }
        try {
            send(batch);
        } catch (RuntimeException e) {
            LOG.warnf("Master batch %s of company %s failed unexpectedly: %s", batch.operation, batch.company, e);
        } finally {
            // whatever went wrong, no event waits for ever: the ones without an answer are looked up, then sent singly
            batch.slots.forEach(s -> s.fate.complete(new Singly(
                    "Created by a batch that failed unexpectedly; found in HisabKitab",
                    "Batch failed unexpectedly (" + batch.operation + "): looked up in HisabKitab first, created singly when not found")));
        }
    }

    private static Fate await(Slot slot) {
        try {
            return slot.fate.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // its intent is recorded: read again, the event looks its record up before sending anything
            throw new EventLeftUnfinished("The connector is stopping while the event's create was in a master batch");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static BatchedCreate answer(ApiCall call, CallState state, Fate fate) {
        CallState start = CallState.continued(state, call);
        if (fate instanceof CreatedIn c) {
            CallState sent = start;
            for (int i = 0; i < c.attempts(); i++) {
                sent = sent.withAttempt();
            }
            return new BatchedCreate(call.withNote(c.note()), sent, c.result());
        }
        if (fate instanceof Singly s) {
            ApiCall noted = s.note() == null ? call : call.withNote(s.note());
            return new BatchedCreate(noted, s.lookupReason() == null ? start : start.withLookup(s.lookupReason()), null);
        }
        throw ((Failed) fate).failure();
    }

    /** Sends the batch as one call and settles every slot. */
    private void send(Batch batch) {
        List<Slot> slots = List.copyOf(batch.slots);
        if (slots.size() == 1) {
            slots.get(0).fate.complete(new Singly(null, null)); // a lone create: as without batches
            return;
        }
        int n = slots.size();
        String keyField = interruptedWrites.lookupFor(slots.get(0).call).orElseThrow().keyField();
        List<Requested> requested = slots.stream().map(s -> Requested.of(s.call.payload(), keyField)).toList();
        ApiCall call = BatchBody.of(batch.company, slots.stream().map(s -> s.call).toList());
        String of = batch.operation + " of " + n;
        batches.increment();
        HisabKitabGateway.Attempted answered;
        try {
            answered = gateway.callCounted(call);
        } catch (EventLeftUnfinished e) {
            slots.forEach(s -> s.fate.complete(new Failed(e)));
            return;
        } catch (RuntimeException e) {
            failed(batch, slots, requested, e, of);
            return;
        }
        LOG.infof("Master batch %s for company %s answered: %s", of, batch.company, answered.result().message());
        settle(slots, BatchAnswer.match(requested, answered.result().data()), answered.result().message(),
                answered.attempts(), of, null);
    }

    /** Hands each slot its element's answer. */
    private void settle(List<Slot> slots, List<ItemAnswer> answers, String message, int attempts, String of,
            JsonNode response) {
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            ItemAnswer a = answers.get(i);
            if (a instanceof Created c) {
                matched.increment();
                s.fate.complete(new CreatedIn(new Reply.Result(c.id(), null, message, c.record()), attempts,
                        "Created in a batch (" + of + ")"));
            } else if (a instanceof Refused r) {
                matched.increment();
                s.fate.complete(new Failed(EventFailure.rejected(200, "HisabKitab refused this record in a batch ("
                        + of + ", element " + i + "): " + r.message(), response, r.details())));
            } else {
                unmatched.increment();
                s.fate.complete(new Singly("Created by a batch whose answer could not be matched; found in HisabKitab",
                        "Batch answer unmatched (" + of + ": " + ((BatchAnswer.Unknown) a).why()
                                + "): looked up in HisabKitab first, created singly when not found"));
            }
        }
    }

    /** The batch call failed: what each element does now. */
    private void failed(Batch batch, List<Slot> slots, List<Requested> requested, RuntimeException failure,
            String of) {
        EventFailure f = Causes.first(failure, EventFailure.class);
        if (Causes.first(failure, BatchOutcomeUnknown.class) != null) {
            LOG.warnf("Master batch %s for company %s: %s; each record is looked up before it is created singly", of,
                    batch.company, failure.getMessage());
            slots.forEach(s -> {
                unmatched.increment();
                s.fate.complete(new Singly("Created by a batch whose answer was lost; found in HisabKitab",
                        "Batch answer lost (" + of + "): looked up in HisabKitab first, created singly when not found"));
            });
            return;
        }
        if (f != null && f.httpStatus() != null && f.httpStatus() >= 200 && f.httpStatus() < 300) {
            // HisabKitab took the batch (2xx) but its answer is no envelope, or says success false: it may have
            // created some of it, so the answer's elements are matched as they are, the rest looked up
            JsonNode body = f.response();
            JsonNode data = body != null && body.isObject() && body.has("data") ? body.get("data") : body;
            settle(slots, BatchAnswer.match(requested, data), f.getMessage(), 1, of, body);
            return;
        }
        if (f != null && f.category() == ErrorCategory.REJECTED && f.httpStatus() != null) {
            if (f.httpStatus() == 404) {
                // the account has no batch endpoint: nothing was created
                slots.forEach(s -> s.fate.complete(new Singly(null, "Batch endpoint not found (" + of
                        + ", HTTP 404): created singly")));
                return;
            }
            Map<Integer, List<String>> byElement = BatchAnswer.refusedElements(slots.size(), f.details())
                    .orElse(Map.of());
            refusedElements(slots, byElement, f, of);
            return;
        }
        // unavailable after the client's retries (503, 429, breaker open: HisabKitab did not take it), a refused key:
        // each event ends as a single call would
        RuntimeException end = f != null ? f : failure;
        slots.forEach(s -> s.fate.complete(new Failed(end)));
    }

    /**
     * A whole batch refused (422 …): each element its errors name gets them as its dead letter, except a name taken
     * (created singly: the single create adopts the record if it is the same). The others may have been created
     * before HisabKitab reached the refused one: each is looked up, then created singly when not found.
     */
    private void refusedElements(List<Slot> slots, Map<Integer, List<String>> byElement, EventFailure f, String of) {
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            List<String> errors = byElement.get(i);
            if (errors == null) {
                s.fate.complete(new Singly("Created by a batch that was refused for other records; found in HisabKitab",
                        "Batch refused (" + of + ", HTTP " + f.httpStatus() + (byElement.isEmpty()
                                ? ", its errors name no record" : ", for other records")
                                + "): looked up in HisabKitab first, created singly when not found"));
            } else if (errors.stream().anyMatch(e -> e.contains("taken"))) {
                s.fate.complete(new Singly(null, "Batch refused its name as taken (" + of + "): created singly"));
            } else {
                s.fate.complete(new Failed(EventFailure.rejected(f.httpStatus(), "HisabKitab rejected this record in a batch ("
                        + of + ", element " + i + "): HTTP " + f.httpStatus() + ": " + String.join("; ", errors),
                        f.response(), errors)));
            }
        }
        LOG.infof("Master batch %s refused for %d record(s); the others are looked up before each is created singly", of,
                byElement.size());
    }
}

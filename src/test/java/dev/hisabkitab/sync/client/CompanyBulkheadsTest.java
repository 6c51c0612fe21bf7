package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.outcome.EventFailure;

class CompanyBulkheadsTest {

    private final CompanyBulkheads bulkheads = new CompanyBulkheads(c -> Map.of("acme", 2).getOrDefault(c, 0));

    @Test
    void aCompanyAtItsLimitWaitsUntilOneOfItsCallsEnds() throws Exception {
        assertTrue(bulkheads.enter("acme"));
        assertTrue(bulkheads.enter("acme"));
        assertEquals(2, bulkheads.inFlight("acme"));

        CountDownLatch third = new CountDownLatch(1);
        Thread waiter = enterInBackground(bulkheads, third);
        assertFalse(third.await(200, TimeUnit.MILLISECONDS), "a third call of acme waits");
        bulkheads.leave("acme");
        assertTrue(third.await(5, TimeUnit.SECONDS), "it goes once a slot is free");
        waiter.join();
        assertEquals(2, bulkheads.inFlight("acme"));
    }

    @Test
    void aCompanyWithoutALimitTakesNothingAndNeverWaits() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertFalse(bulkheads.enter("default"), "no slot taken: nothing to give back");
        }
        assertEquals(0, bulkheads.inFlight("default"));
        // acme full does not hold up default
        bulkheads.enter("acme");
        bulkheads.enter("acme");
        assertFalse(bulkheads.enter("default"));
    }

    @Test
    void theCallStateCarriesTheSlotFromEnterToLeaveAndLeaveGivesBackOnlyAHeldOne() throws Exception {
        CallState acme = bulkheads.enter(CallState.of(ApiCall.of("acme", "company.details")));
        assertTrue(acme.bulkheadHeld());
        assertEquals(1, bulkheads.inFlight("acme"));
        CallState left = bulkheads.leave(acme);
        assertFalse(left.bulkheadHeld());
        assertEquals(0, bulkheads.inFlight("acme"));

        bulkheads.enter("acme");
        bulkheads.leave(left);
        assertEquals(1, bulkheads.inFlight("acme"), "a call that holds no slot gives none back");
        assertFalse(bulkheads.enter(CallState.of(ApiCall.of("default", "company.details"))).bulkheadHeld(),
                "no limit: nothing held");
    }

    // adaptive: the limit learnt from the answers (AdaptiveConcurrencyLimit) applied to the slots

    private static final ApiCall DETAILS = ApiCall.of("acme", "company.details");
    private static final ApiCall BATCH = ApiCall.of("acme", "ledger.batch-create");
    private static final long RTT = 50_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final Map<String, CompanyBulkheads.Slots> gauged = new HashMap<>();
    private final CompanyBulkheads adaptive = new CompanyBulkheads(c -> Map.of("acme", 4).getOrDefault(c, 0), true, 64, 2,
            clock::get, gauged::put);

    @Test
    void adaptiveLimitsAreBoundedByTheCompanysSettingElseByTheLanes() {
        assertEquals(4, adaptive.limit("acme").orElseThrow(), "min(10, acme's max-calls-in-flight 4)");
        assertEquals(AdaptiveConcurrencyLimit.INITIAL, adaptive.limit("default").orElseThrow(), "no setting: up to 64");
        assertEquals(2, gauged.size(), "each company's slots were handed to the gauge");
        assertEquals(4, gauged.get("acme").limit());
    }

    @Test
    void a429ShrinksTheSlotsSoTheNextCallWaitsUntilEnoughCallsEnded() throws Exception {
        CallState[] calls = new CallState[4];
        for (int i = 0; i < 4; i++) {
            calls[i] = adaptive.enter(CallState.of(ApiCall.of("acme", "company.details")));
        }
        long sentAt = clock.get();
        clock.addAndGet(50_000_000L);
        adaptive.failed(DETAILS, calls[0], sentAt, EventFailure.unavailable(429, "HisabKitab is unavailable: HTTP 429", null, null));
        assertEquals(2, adaptive.limit("acme").orElseThrow(), "halved");
        adaptive.leave(calls[0]);
        adaptive.leave(calls[1]);

        CountDownLatch next = new CountDownLatch(1);
        Thread waiter = enterInBackground(adaptive, next);
        assertFalse(next.await(200, TimeUnit.MILLISECONDS), "two still in flight: at the new limit of 2");
        adaptive.leave(calls[2]);
        assertTrue(next.await(5, TimeUnit.SECONDS), "one ended: it goes");
        waiter.join();
        assertEquals(2, adaptive.inFlight("acme"));
    }

    @Test
    void answersGrowTheSlotsAndLetAWaitingCallGo() throws Exception {
        CallState first = adaptive.enter(CallState.of(ApiCall.of("acme", "company.details")));
        CallState second = adaptive.enter(CallState.of(ApiCall.of("acme", "company.details")));
        long sentAt = clock.get();
        clock.addAndGet(50_000_000L);
        adaptive.failed(DETAILS, first, sentAt, EventFailure.unavailable(503, "HisabKitab is unavailable: HTTP 503", null, null));
        assertEquals(2, adaptive.limit("acme").orElseThrow(), "a 503 shrinks it too");

        CountDownLatch third = new CountDownLatch(1);
        Thread waiter = enterInBackground(adaptive, third);
        assertFalse(third.await(200, TimeUnit.MILLISECONDS), "at its limit of 2");
        adaptive.answered(DETAILS, second, clock.get() - 50_000_000L);
        adaptive.answered(DETAILS, first, clock.get() - 50_000_000L);
        assertEquals(3, adaptive.limit("acme").orElseThrow(), "a limit's worth of answers: one more");
        assertTrue(third.await(5, TimeUnit.SECONDS), "the grown limit let the waiting call go");
        waiter.join();
        assertEquals(3, adaptive.inFlight("acme"));
    }

    @Test
    void whatAFailureSaysAboutHisabKitabsLoad() {
        assertEquals(CompanyBulkheads.LoadSignal.OVERLOADED,
                CompanyBulkheads.loadSignal(EventFailure.unavailable(429, "429", null, null)));
        assertEquals(CompanyBulkheads.LoadSignal.OVERLOADED,
                CompanyBulkheads.loadSignal(EventFailure.unavailable(504, "504", null, null)));
        assertEquals(CompanyBulkheads.LoadSignal.OVERLOADED, CompanyBulkheads.loadSignal(
                new RuntimeException(new SocketTimeoutException("Read timed out"))), "no answer in time");
        assertEquals(CompanyBulkheads.LoadSignal.NONE,
                CompanyBulkheads.loadSignal(EventFailure.unavailable(500, "500", null, null)));
        assertEquals(CompanyBulkheads.LoadSignal.NONE,
                CompanyBulkheads.loadSignal(new RuntimeException(new java.net.ConnectException("refused"))));
        assertEquals(CompanyBulkheads.LoadSignal.ANSWERED,
                CompanyBulkheads.loadSignal(EventFailure.rejected(422, "invalid", null, java.util.List.of())));
    }

    @Test
    void afterA500OrAConnectionErrorTheLimitStaysAsItWas() {
        CallState call = adaptive.enter(CallState.of(ApiCall.of("acme", "company.details")));
        long sentAt = clock.get();
        clock.addAndGet(50_000_000L);
        adaptive.failed(DETAILS, call, sentAt, EventFailure.unavailable(500, "HisabKitab is unavailable: HTTP 500", null, null));
        adaptive.failed(DETAILS, call, sentAt, new RuntimeException(new java.net.ConnectException("refused")));
        assertEquals(4, adaptive.limit("acme").orElseThrow());
    }

    @Test
    void aBatchsLongAnswerOrTimeoutLeavesTheLimitAsItWasWhereASingleCallsWouldCutIt() {
        CallState[] calls = new CallState[4];
        for (int i = 0; i < 4; i++) {
            calls[i] = adaptive.enter(CallState.of(DETAILS));
        }
        for (int i = 0; i < 8; i++) {
            answer(DETAILS, calls[0], RTT, null);
        }
        assertEquals(4, adaptive.limit("acme").orElseThrow(), "single calls in their usual time: at its max");

        answer(BATCH, calls[1], 100 * RTT, null);
        answer(BATCH, calls[2], 200 * RTT, new RuntimeException(new SocketTimeoutException("Read timed out")));
        answer(BATCH, calls[3], 200 * RTT, EventFailure.unavailable(504, "HisabKitab is unavailable: HTTP 504", null, null));
        assertEquals(4, adaptive.limit("acme").orElseThrow(),
                "a batch of many records takes many calls' time: no sign that HisabKitab queues the company's calls");

        answer(DETAILS, calls[0], 100 * RTT, null);
        assertTrue(adaptive.limit("acme").orElseThrow() < 4, "the same time of a single call cuts the limit");
    }

    @Test
    void aBatchAnswered429StillHalvesTheLimit() {
        CallState[] calls = new CallState[4];
        for (int i = 0; i < 4; i++) {
            calls[i] = adaptive.enter(CallState.of(BATCH));
        }
        answer(BATCH, calls[0], RTT, EventFailure.unavailable(429, "HisabKitab is unavailable: HTTP 429", null, null));
        assertEquals(2, adaptive.limit("acme").orElseThrow());
    }

    /** One attempt of {@code call} sent now and ending {@code rtt} later: answered, or failed with {@code failure}. */
    private void answer(ApiCall call, CallState state, long rtt, Throwable failure) {
        long sentAt = clock.get();
        clock.addAndGet(rtt);
        if (failure == null) {
            adaptive.answered(call, state, sentAt);
        } else {
            adaptive.failed(call, state, sentAt, failure);
        }
    }

    /** A call of acme that enters on a thread of its own and counts {@code entered} down once it is in. */
    private static Thread enterInBackground(CompanyBulkheads bulkheads, CountDownLatch entered) {
        Thread waiter = new Thread(() -> {
            try {
                bulkheads.enter("acme");
                entered.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        return waiter;
    }
}

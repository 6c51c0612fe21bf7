package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.client.CircuitBreaker;
import dev.hisabkitab.sync.client.CircuitBreakers;
import dev.hisabkitab.sync.client.CompanyBulkheads;
import dev.hisabkitab.sync.client.CompanyPauses;
import dev.hisabkitab.sync.client.RateLimits;
import dev.hisabkitab.sync.health.HisabKitabReadiness;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.Health;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Retries, Retry-After, the circuit breaker and the rate limit through the real pipeline (direct:process-event) to
 * the sandbox on a real socket, with its fault hooks. Company {@code throttled} uses the default company's key but
 * has its own rate limit of one call a second.
 */
@QuarkusTest
@TestProfile(ClientResilienceTest.Resilience.class)
@WithTestResource(SandboxResource.class)
class ClientResilienceTest {

    static final int BUDGET = 3;
    /** Calls company "narrow" may have in flight at once (its bulkhead). */
    static final int NARROW = 2;

    public static class Resilience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("hisabkitab.retry.max-attempts", String.valueOf(BUDGET)),
                    Map.entry("hisabkitab.retry.initial-delay-ms", "50"),
                    Map.entry("hisabkitab.retry.max-delay-ms", "1500"),
                    Map.entry("hisabkitab.circuit-breaker.failure-threshold", "3"),
                    Map.entry("hisabkitab.circuit-breaker.open-duration-ms", "600000"),
                    Map.entry("hisabkitab.companies.throttled.api-key", SandboxResource.DEFAULT_KEY),
                    Map.entry("hisabkitab.companies.throttled.rate-limit-per-second", "1"),
                    Map.entry("hisabkitab.companies.narrow.api-key", SandboxResource.DEFAULT_KEY),
                    Map.entry("hisabkitab.companies.narrow.max-calls-in-flight", String.valueOf(NARROW)),
                    Map.entry("hisabkitab.companies.single.api-key", SandboxResource.DEFAULT_KEY),
                    Map.entry("hisabkitab.companies.single.max-calls-in-flight", "1"));
        }
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    CircuitBreakers breakers;

    @Inject
    RateLimits rateLimits;

    @Inject
    CompanyBulkheads bulkheads;

    @Inject
    CompanyPauses pauses;

    @TestHTTPResource("/q/health/ready")
    URL readiness;

    HisabKitabSandbox sandbox;

    @BeforeEach
    void clean() {
        sandbox = SandboxResource.sandbox();
        sandbox.faults().clear();
        sandbox.journal().reset();
        breakers.reset();
        // a 429 of one test shrinks the company's limit: each test starts from a fresh one
        bulkheads.reset();
    }

    @Test
    void a429WithRetryAfterIsWaitedOutThenTheEventCompletesOnce() {
        sandbox.faults().retryAfter(Duration.ofSeconds(1)).failNext(429);
        long start = System.nanoTime();

        Reply reply = assertInstanceOf(Reply.class, process(sale("ra-1", "RA-1")));

        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(2, reply.attempts());
        assertTrue(waitedMs >= 1000, "Retry-After: 1 was honoured although the backoff is 50 ms: " + waitedMs + " ms");
        assertEquals(1, salesNumbered("RA-1"));
        assertEquals(List.of(429, 200), statuses(sandbox.journal().entries()));
    }

    @Test
    void aRetryAfterLongerThanTheCapIsWaitedOnlyUpToTheCapAndTheDeadLetterSaysSo() {
        sandbox.faults().retryAfter(Duration.ofSeconds(30)).failNext(429, 429, 429);
        long start = System.nanoTime();

        DeadLetter dead = assertInstanceOf(DeadLetter.class, process(Events.envelope("ra-cap", "api.gst-rate.list", null)));

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ErrorCategory.UNAVAILABLE, dead.error().category());
        assertEquals(429, dead.error().httpStatus());
        assertEquals(BUDGET, dead.attempts());
        assertTrue(dead.error().message().contains("HisabKitab asked to wait 30 s before trying again (Retry-After)")
                && dead.error().message().contains("hisabkitab.retry.max-delay-ms"), dead.error().message());
        assertTrue(tookMs >= 2 * 1500 && tookMs < 30_000, "waited the 1.5 s cap twice, not 30 s: " + tookMs + " ms");
    }

    @Test
    void a5xxStormBeyondTheBudgetIsOneUnavailableDeadLetterAfterTheBudget() {
        sandbox.faults().failNext(503, 502, 500, 503, 503);

        DeadLetter dead = assertInstanceOf(DeadLetter.class, process(Events.envelope("storm-1", "api.gst-rate.list", null)));

        assertEquals(ErrorCategory.UNAVAILABLE, dead.error().category());
        assertEquals(BUDGET, dead.attempts());
        assertEquals(BUDGET, sandbox.journal().entries().size(), "exactly the budget of calls");
        assertEquals(List.of(503, 503), sandbox.faults().pendingStatuses(), "the rest of the storm was not used");
    }

    @Test
    void clientErrorsAreNotRetried() {
        sandbox.faults().failNext(400);
        DeadLetter bad = assertInstanceOf(DeadLetter.class, process(Events.envelope("c-400", "api.gst-rate.list", null)));
        assertEquals(ErrorCategory.REJECTED, bad.error().category());
        assertEquals(400, bad.error().httpStatus());
        assertEquals(1, bad.attempts());

        ObjectNode invalid = Events.saleCreateItem("C-422");
        invalid.remove("customer_ledger_id");
        DeadLetter refused = assertInstanceOf(DeadLetter.class, process(Events.envelope("c-422", "api.sale.create-item",
                invalid)));
        assertEquals(ErrorCategory.REJECTED, refused.error().category());
        assertEquals(422, refused.error().httpStatus());
        assertEquals(1, refused.attempts());
        assertEquals(2, sandbox.journal().entries().size(), "one call each");
    }

    @Test
    void aRefusedKeyPausesTheCompanyUntilAProbeFindsItAcceptedAndThenTheEventCompletes() {
        sandbox.faults().failNext(401);

        Exchange done = producer.send("direct:process-event",
                e -> e.getMessage().setBody(Events.envelope("auth-1", "api.gst-rate.list", null).toString()));

        // no dead letter: the refusal paused company default, a probe of its details was accepted, the call went again
        Reply reply = assertInstanceOf(Reply.class, done.getMessage().getBody(), String.valueOf(done.getMessage().getBody()));
        assertEquals(Reply.OK, reply.status());
        assertEquals(1, reply.attempts(), "the refused attempt does not spend the retry budget");
        List<SandboxJournal.Entry> calls = sandbox.journal().entries();
        assertEquals(List.of(401, 200, 200), calls.stream().map(SandboxJournal.Entry::status).toList());
        assertEquals("company.details", calls.get(1).operation(), "the probe asks for the company's details");
        assertEquals(calls.get(0).path(), calls.get(2).path(), "then the event's own call, once more");
        assertEquals(Map.of(), pauses.paused(), "resumed");
        assertEquals(CircuitBreaker.State.CLOSED, breakers.state("default"), "a refused key is not an outage");
    }

    @Test
    void aCompanyWhoseHisabKitabKeepsFailingIsCutOffWhileTheOtherCompanyCompletes() {
        String acme = sandbox.company(SandboxResource.ACME_KEY).name();
        sandbox.faults().failNext(503, 503, 503);

        DeadLetter first = assertInstanceOf(DeadLetter.class, process(acme("cb-1", "api.gst-rate.list")));
        assertEquals(ErrorCategory.UNAVAILABLE, first.error().category());
        assertEquals(503, first.error().httpStatus());
        assertEquals(BUDGET, first.attempts());
        assertEquals(CircuitBreaker.State.OPEN, breakers.state("acme"), "three outages in a row opened it");

        long start = System.nanoTime();
        DeadLetter fast = assertInstanceOf(DeadLetter.class, process(acme("cb-2", "api.gst-rate.list")));
        assertEquals(ErrorCategory.UNAVAILABLE, fast.error().category());
        assertEquals(0, fast.attempts(), "HisabKitab was not called");
        assertTrue(fast.error().message().contains("circuit breaker"), fast.error().message());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, "failed fast");
        assertEquals(BUDGET, sandbox.journal().entries(e -> acme.equals(e.company())).size(), "no call for cb-2");

        Reply other = assertInstanceOf(Reply.class, process(sale("cb-default", "CB-DEFAULT")));
        assertEquals(1, other.attempts());
        assertEquals(CircuitBreaker.State.CLOSED, breakers.state("default"));
        assertEquals(CircuitBreaker.State.OPEN, breakers.state("acme"));

        // readiness says HisabKitab is unreachable for acme (and only acme)
        Health.Answer ready = Health.get(readiness);
        assertEquals(503, ready.status(), ready.body());
        JsonNode reachable = ready.check(HisabKitabReadiness.NAME);
        assertEquals("DOWN", reachable.get("status").asText(), ready.body());
        assertTrue(reachable.at("/data/acme").asText().contains("fail fast"), ready.body());
        assertFalse(reachable.path("data").has("default"), ready.body());
        breakers.reset();
        // (awaited: Camel's consumer check is DOWN until the inbox has polled once, up to a second after start)
        await().atMost(Duration.ofSeconds(10)).until(() -> Health.get(readiness).status() == 200);
    }

    @Test
    void aCompanyAtItsRateLimitWaitsWhileAnotherCompanysEventGoesAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> throttled = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                ObjectNode event = Events.envelope("rl-" + i, "api.gst-rate.list", null);
                event.put("company", "throttled");
                throttled.add(pool.submit(() -> process(event)));
            }
            // one call a second: three of the four wait for their turn
            await().atMost(Duration.ofSeconds(10)).until(() -> rateLimits.waiting("throttled") >= 2);

            long start = System.nanoTime();
            Reply other = assertInstanceOf(Reply.class, process(Events.envelope("rl-default", "api.gst-rate.list", null)));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(1, other.attempts());
            assertTrue(tookMs < 1000, "the default company did not queue behind 'throttled': " + tookMs + " ms");
            assertTrue(throttled.stream().anyMatch(f -> !f.isDone()), "'throttled' was still waiting meanwhile");
            for (Future<Object> f : throttled) {
                Reply reply = assertInstanceOf(Reply.class, f.get(30, TimeUnit.SECONDS));
                assertEquals(1, reply.attempts());
            }
            List<SandboxJournal.Entry> calls = sandbox.journal().entries("gst-rate.list");
            assertEquals(5, calls.size());
            List<java.time.Instant> times = calls.stream().map(SandboxJournal.Entry::at).sorted().toList();
            assertTrue(Duration.between(times.get(0), times.get(times.size() - 1)).toMillis() >= 2500,
                    "four calls at one a second span at least ~3 s: " + times);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCompanysBulkheadBoundsItsCallsInFlightWhileACompanyWithoutOneGoesWide() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            // without a limit of its own (default company): six events at once are six calls at once (or nearly)
            sandbox.resetPeakConcurrentRequests();
            runAtOnce(pool, "wide", null);
            int wide = sandbox.peakConcurrentRequests();
            assertTrue(wide > NARROW, "the default company is not limited: peak " + wide);

            sandbox.resetPeakConcurrentRequests();
            runAtOnce(pool, "narrow", "narrow");
            int narrow = sandbox.peakConcurrentRequests();
            assertTrue(narrow <= NARROW, "company 'narrow' had " + narrow + " calls at once, its limit is " + NARROW);
            assertTrue(narrow >= 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCreateRefusedAsTakenIsLookedUpAfterItsAttemptGaveBackTheCompanysOnlySlot() throws Exception {
        // company "single" may have one call in flight; a create refused as taken is looked up (a call of its own)
        // while handling the refusal: that look-up must not wait for the slot its own attempt still held
        assertInstanceOf(Reply.class, process(sale("cr-taken-earlier", "CR-TAKEN-1")));
        ObjectNode again = sale("cr-taken-again", "CR-TAKEN-1");
        again.put("company", "single");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Object outcome = pool.submit(() -> process(again)).get(30, TimeUnit.SECONDS);
            Reply reply = assertInstanceOf(Reply.class, outcome, String.valueOf(outcome));
            assertEquals(1, sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                    .filter(s -> "CR-TAKEN-1".equals(s.path("invoice_number").asText())).count(),
                    "the same document, adopted: " + reply);
            // and the slot is free again: the company's next call goes
            ObjectNode next = Events.envelope("cr-taken-next", "api.gst-rate.list", null);
            next.put("company", "single");
            assertInstanceOf(Reply.class, pool.submit(() -> process(next)).get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Six gst-rate.list events at once (of this company, or default), each answered ok once. */
    private void runAtOnce(ExecutorService pool, String idPrefix, String company) throws Exception {
        List<Future<Object>> running = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ObjectNode event = Events.envelope(idPrefix + "-" + i, "api.gst-rate.list", null);
            if (company != null) {
                event.put("company", company);
            }
            running.add(pool.submit(() -> process(event)));
        }
        for (Future<Object> f : running) {
            assertEquals(1, assertInstanceOf(Reply.class, f.get(30, TimeUnit.SECONDS)).attempts());
        }
    }

    private Object process(ObjectNode event) {
        return producer.requestBody("direct:process-event", event.toString());
    }

    private static ObjectNode sale(String id, String number) {
        return Events.envelope(id, "api.sale.create-item", Events.saleCreateItem(number));
    }

    private static ObjectNode acme(String id, String type) {
        ObjectNode event = Events.envelope(id, type, null);
        event.put("company", "acme");
        return event;
    }

    private long salesNumbered(String number) {
        return sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .filter(s -> number.equals(s.path("invoice_number").asText())).count();
    }

    private static List<Integer> statuses(List<SandboxJournal.Entry> entries) {
        return entries.stream().map(SandboxJournal.Entry::status).toList();
    }
}

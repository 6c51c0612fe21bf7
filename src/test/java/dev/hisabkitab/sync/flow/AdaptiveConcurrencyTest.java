package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.client.AdaptiveConcurrencyLimit;
import dev.hisabkitab.sync.client.CompanyBulkheads;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The adaptive per-company limit through the real pipeline (direct:process-event) against the sandbox on a real
 * socket, which answers at most {@value #SUSTAINED} calls of a key at once and 429 with Retry-After above that: many
 * events of one company at once end ok, each, and the connector's limit for the company settles near what HisabKitab
 * sustains. With the fixed bulkhead (the default company has no limit of its own, so all {@value #AT_ONCE} events
 * call at once) most calls are 429s and events run out of attempts: dead letters. A HisabKitab that takes every
 * call lets the limit grow beyond where it started.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class AdaptiveConcurrencyTest {

    /** Calls of one key HisabKitab (the sandbox) answers at once. */
    static final int SUSTAINED = 4;
    static final int EVENTS = 200;
    /** Events processed at once, as Kafka lanes would: far more than HisabKitab takes. */
    static final int AT_ONCE = 32;

    @Inject
    ProducerTemplate producer;

    @Inject
    CompanyBulkheads bulkheads;

    @Inject
    MeterRegistry registry;

    HisabKitabSandbox sandbox;

    @BeforeEach
    void throttledHisabKitab() {
        sandbox = SandboxResource.sandbox();
        sandbox.faults().clear();
        sandbox.journal().reset();
        bulkheads.reset();
        sandbox.faults().latency(Duration.ofMillis(200)).maxConcurrentPerKey(SUSTAINED);
    }

    @AfterEach
    void clear() {
        sandbox.faults().clear();
    }

    @Test
    void manyEventsOfOneCompanyAtOnceAllEndOkAndItsLimitSettlesNearWhatHisabKitabSustains() throws Exception {
        List<Object> notOk = runAtOnce("aimd-", EVENTS, AT_ONCE);

        List<SandboxJournal.Entry> calls = sandbox.journal().entries();
        long throttled = calls.stream().filter(e -> e.status() == 429).count();
        String seen = throttled + " of " + calls.size() + " calls answered 429, " + notOk.size() + " events not ok";
        assertEquals(List.of(), notOk, "every event ends ok, no dead letter: " + seen);
        assertEquals(EVENTS, calls.stream().filter(e -> e.status() == 200).count(), "one answered call per event");
        // (the fixed bulkhead: about three calls in four are 429s, and dozens of events end as dead letters)
        assertTrue(throttled * 4 < calls.size(), "429s are a small part of the calls: " + seen);

        int limit = bulkheads.limit("default").orElseThrow();
        assertTrue(limit >= SUSTAINED / 2 && limit <= 2 * SUSTAINED,
                "the limit settled near the " + SUSTAINED + " HisabKitab sustains: " + limit);
        Gauge gauge = registry.find(CompanyBulkheads.LIMIT_GAUGE).tag("company", "default").gauge();
        assertNotNull(gauge, CompanyBulkheads.LIMIT_GAUGE + "{company=default}");
        assertEquals(limit, gauge.value());
    }

    @Test
    void whenHisabKitabTakesEveryCallTheLimitGrowsBeyondWhereItStarted() throws Exception {
        sandbox.faults().maxConcurrentPerKey(0);
        sandbox.resetPeakConcurrentRequests();
        List<Object> notOk = runAtOnce("aimd-wide-", 300, 48);

        assertEquals(List.of(), notOk);
        int limit = bulkheads.limit("default").orElseThrow();
        assertTrue(limit > AdaptiveConcurrencyLimit.INITIAL, "grown with the answers: " + limit);
        assertTrue(sandbox.peakConcurrentRequests() > AdaptiveConcurrencyLimit.INITIAL,
                "more calls at once than the limit started with: " + sandbox.peakConcurrentRequests());
    }

    /** {@code events} gst-rate.list events of company default, {@code atOnce} at a time; the outcomes not ok. */
    private List<Object> runAtOnce(String idPrefix, int events, int atOnce) throws Exception {
        ExecutorService lanes = Executors.newFixedThreadPool(atOnce);
        List<Future<Object>> running = new ArrayList<>();
        List<Object> notOk = new ArrayList<>();
        try {
            for (int i = 1; i <= events; i++) {
                String event = Events.envelope(idPrefix + i, "api.gst-rate.list", null).toString();
                running.add(lanes.submit(() -> producer.requestBody("direct:process-event", event)));
            }
            for (Future<Object> f : running) {
                Object outcome = f.get(120, TimeUnit.SECONDS);
                if (!(outcome instanceof Reply reply && Reply.OK.equals(reply.status()))) {
                    notOk.add(outcome);
                }
            }
        } finally {
            lanes.shutdownNow();
        }
        return notOk;
    }
}

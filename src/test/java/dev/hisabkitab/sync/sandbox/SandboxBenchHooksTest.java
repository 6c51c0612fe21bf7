package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The hooks of bench/throughput.sh: the webhook sink and the service-time statistics. */
class SandboxBenchHooksTest {

    @Test
    void theSinkWaitsTheAddedLatencyAndEveryRequestsServiceTimeIsCounted() throws Exception {
        try (HisabKitabSandbox sandbox = HisabKitabSandbox.start(0, Set.of("bench-hooks-key"))) {
            sandbox.faults().latency(Duration.ofMillis(30));
            SandboxClient api = new SandboxClient(sandbox.baseUrl());
            SandboxClient admin = new SandboxClient(sandbox.adminUrl());

            long t0 = System.nanoTime();
            var sink = admin.postJson("/sink", null, "{\"id\":\"e-1\",\"anything\":[1,2]}");
            long sinkNanos = System.nanoTime() - t0;
            assertEquals(200, sink.statusCode(), sink.body());
            assertTrue(SandboxClient.json(sink).path("success").asBoolean());
            assertTrue(sinkNanos >= Duration.ofMillis(30).toNanos(), "the sink waits the added latency");
            assertEquals(200, api.getJson("/ledgers", "bench-hooks-key").statusCode());

            JsonNode stats = SandboxClient.json(admin.getJson("/stats", null)).path("data");
            assertEquals(1, stats.path("sink").path("requests").asLong());
            assertTrue(stats.path("sink").path("service_nanos").asLong() >= Duration.ofMillis(30).toNanos(), stats.toString());
            assertEquals(1, stats.path("api").path("requests").asLong(), "admin requests are not API requests");
            assertTrue(stats.path("api").path("service_nanos").asLong() >= Duration.ofMillis(30).toNanos(), stats.toString());
            assertEquals(1, stats.path("operations").path("ledger.list").path("requests").asLong(), stats.toString());
            assertEquals(1, sandbox.stats().apiRequests());
            assertEquals(0, sandbox.journal().entries(e -> e.path().contains("sink")).size(), "the sink is not journaled");
        }
    }
}

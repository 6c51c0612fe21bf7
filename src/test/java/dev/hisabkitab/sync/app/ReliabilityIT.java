package dev.hisabkitab.sync.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.OperationSamples;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;

/**
 * Exactly one outcome per event and one document per event under faults, with the packaged connector as a
 * separate process: a few thousand events through a real broker to the sandbox while the sandbox answers 5xx
 * storms, 429 with Retry-After, slow answers and creates whose connection drops after booking; the connector is
 * killed with SIGKILL mid-stream and started again, later stopped gracefully (SIGTERM) and started again; the
 * broker is stopped and restarted mid-stream.
 */
class ReliabilityIT {

    static final int EVENTS = Integer.getInteger("reliability.events", 2000);
    static final String KEY = "hk-reliability-key-5e81";
    static final String EVENTS_TOPIC = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";

    @TempDir
    Path work;

    private HisabKitabSandbox sandbox;
    private KafkaBroker broker;
    private Process app;
    private int appRuns;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyEventEndsAsExactlyOneOutcomeAndOneDocumentThroughFaultsKillsAndBrokerRestarts() throws Exception {
        sandbox = HisabKitabSandbox.start(0, Set.of(KEY));
        broker = new KafkaBroker().start();
        broker.createTopics(EVENTS_TOPIC, REPLIES, DLQ);
        KafkaTestClient kafka = broker.client(Duration.ofMinutes(5));
        SandboxCompany company = sandbox.company(KEY);

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            ObjectNode sale = OperationSamples.createBody("sale.create-item", company);
            sale.put("invoice_number", "REL-" + i);
            String id = "rel-" + i;
            ids.add(id);
            kafka.produce(EVENTS_TOPIC, "party-" + (i % 16), Events.envelope(id, "api.sale.create-item", sale).toString());
        }

        app = startApp();
        AtomicBoolean faulting = new AtomicBoolean(true);
        Thread faults = new Thread(() -> injectFaults(faulting), "fault-injector");
        faults.start();
        try {
            awaitOutcomes(kafka, EVENTS / 3);
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL mid-stream
            app = startApp();

            awaitOutcomes(kafka, EVENTS / 2);
            app.destroy(); // SIGTERM: a graceful stop finishes or leaves uncommitted what is in flight
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the connector stops within its shutdown timeout");
            app = startApp();

            awaitOutcomes(kafka, 2 * EVENTS / 3);
            broker.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> !broker.isRunning());
            broker.restart();
        } finally {
            faulting.set(false);
            faults.join();
            sandbox.faults().clear();
        }

        Map<String, List<JsonNode>> outcomes = awaitOutcomes(kafka, EVENTS);
        List<String> missing = ids.stream().filter(id -> !outcomes.containsKey(id)).toList();
        assertTrue(missing.isEmpty(), "events without an outcome: " + missing);
        // Exactly one outcome per id for a read_committed reader (the test client is one): an outcome and its input
        // offset are committed in one Kafka transaction, so neither the SIGKILL, the SIGTERM nor the broker restart
        // can leave an outcome out whose record is read again.
        Map<String, Integer> repeated = new HashMap<>();
        outcomes.forEach((id, list) -> {
            if (list.size() > 1) {
                repeated.put(id, list.size());
            }
        });
        assertTrue(repeated.isEmpty(), "events with more than one outcome: " + repeated);
        List<String> failed = outcomes.entrySet().stream()
                .filter(e -> !Set.of("ok").contains(e.getValue().get(0).path("status").asText()))
                .map(e -> e.getKey() + " " + e.getValue().get(0).path("error")).toList();
        assertTrue(failed.isEmpty(), "events that did not complete: " + failed);

        Map<String, Integer> salesPerNumber = new HashMap<>();
        for (JsonNode sale : company.records("sale")) {
            salesPerNumber.merge(sale.path("invoice_number").asText(), 1, Integer::sum);
        }
        for (int i = 1; i <= EVENTS; i++) {
            assertEquals(1, salesPerNumber.getOrDefault("REL-" + i, 0), "documents for event rel-" + i);
        }
        assertEquals(EVENTS, company.records("sale").size(), "no other documents");
        assertEquals(3, appRuns, "the connector was killed, stopped and started again");
    }

    /**
     * Random faults while the events flow, one episode about every 25 requests once the last one is used up:
     * 5xx storms, 429 + Retry-After, slow answers, connections dropped after booking.
     */
    private void injectFaults(AtomicBoolean running) {
        Random random = new Random(42);
        int lastEpisodeAt = 0;
        while (running.get()) {
            int requests = sandbox.journal().size();
            boolean idle = sandbox.faults().pendingStatuses().isEmpty() && sandbox.faults().pendingDrops() == 0;
            if (idle && requests - lastEpisodeAt >= 25) {
                lastEpisodeAt = requests;
                switch (random.nextInt(5)) {
                    case 0 -> sandbox.faults().failNext(503, 502, 500);
                    case 1 -> sandbox.faults().retryAfter(Duration.ofSeconds(1)).failNext(429);
                    case 2 -> sandbox.faults().dropConnectionAfterCommit(1);
                    case 3 -> sandbox.faults().latency(Duration.ofMillis(random.nextInt(30)));
                    default -> sandbox.faults().latency(Duration.ZERO);
                }
            }
            try {
                Thread.sleep(20); // the injector's own pace, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** All outcomes so far per event id, once at least {@code count} distinct ids have one. */
    private static Map<String, List<JsonNode>> awaitOutcomes(KafkaTestClient kafka, int count) {
        Map<String, List<JsonNode>> byId = new HashMap<>();
        kafka.consumeUntil(List.of(REPLIES, DLQ), records -> {
            byId.clear();
            for (ConsumedRecord r : records) {
                JsonNode outcome = Events.json(r.value());
                byId.computeIfAbsent(outcome.path("id").asText(), k -> new ArrayList<>()).add(outcome);
            }
            return byId.size() >= count;
        });
        return byId;
    }

    private Process startApp() throws IOException {
        appRuns++;
        Path log = work.resolve("app-" + appRuns + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=0", "-Dhisabkitab.api-key=" + KEY, "-Dhisabkitab.base-url=" + sandbox.baseUrl(),
                "-Dkafka.brokers=" + broker.bootstrapServers(), "-Dhisabkitab.inbox=" + work.resolve("inbox"),
                "-Dhisabkitab.idempotency.file=" + work.resolve("completed.jsonl"),
                "-Dhisabkitab.retry.max-attempts=12", "-Dhisabkitab.retry.initial-delay-ms=50",
                "-Dhisabkitab.retry.max-delay-ms=1500", "-Dcamel.component.http.response-timeout=3000",
                // a rate limit that keeps the limiter in the path without pacing the whole run (the circuit
                // breaker keeps its default: fault episodes of at most three 5xx in a row never open it)
                "-Dhisabkitab.rate-limit-per-second=200",
                "-jar", Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("HISABKITAB_API_KEY");
        builder.environment().remove("KAFKA_BROKERS");
        Process started = builder.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(log).contains("kafka-events") || !started.isAlive());
        assertTrue(started.isAlive(), () -> "the connector did not start:\n" + readQuietly(log));
        return started;
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}

package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.BacklogTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.observability.ApiKeyLogFilter;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * docs/contract.md, "Outcomes": the API key never appears in a reply, a dead letter, a log line or anything else the connector
 * writes, even with every logger of the connector, of Camel and of the HTTP client under Camel at TRACE, the Camel
 * tracer logging every step, message history on and the backlog tracer recording every exchange. Traffic: good raw
 * and business events (with master-data look-ups), refused ones (422), 5xx answers retried, a spent retry budget,
 * a timeout, a key HisabKitab refuses (401), mapping failures and file drops. Then every place the connector writes
 * to is searched for both sandbox keys and the refused one, as they are and base64- or URL-encoded.
 */
@QuarkusTest
@TestProfile(ApiKeyNeverLeaksTest.EverythingAtTrace.class)
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class ApiKeyNeverLeaksTest {

    /** The log categories this test turns to TRACE (and org.apache.camel to DEBUG). */
    static final List<String> TRACED = List.of("dev.hisabkitab", "org.apache.hc", "org.apache.camel.component.http",
            "org.apache.camel.component.kafka", "org.apache.camel.processor", "org.apache.camel.Tracing",
            "org.apache.camel.impl.engine.DefaultTracer", "org.apache.camel.http");

    /**
     * Log levels outlive a Quarkus test application in the same JVM: put them back, or every later test class
     * writes megabytes of TRACE and DEBUG onto the build's console.
     */
    @org.junit.jupiter.api.AfterAll
    static void quietAgain() {
        for (String category : TRACED) {
            java.util.logging.Logger.getLogger(category).setLevel(java.util.logging.Level.INFO);
        }
        java.util.logging.Logger.getLogger("org.apache.camel").setLevel(java.util.logging.Level.INFO);
    }

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    /** The key of company "revoked": configured in the connector, never used; searched for like the others. */
    static final String REVOKED_KEY = "hk-revoked-key-5d1e77";
    /** Where this JVM's application logs to (one file per test JVM; the profile and the test agree on it). */
    static final Path LOG_FILE = Path.of("target", "api-key-never-leaks", "app-" + ProcessHandle.current().pid() + ".log")
            .toAbsolutePath();

    public static class EverythingAtTrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("quarkus.log.min-level", "TRACE");
            c.put("quarkus.log.file.enabled", "true");
            c.put("quarkus.log.file.path", LOG_FILE.toString());
            c.put("quarkus.log.file.level", "TRACE");
            c.put("quarkus.log.file.rotation.max-file-size", "1G");
            // the test's own output stays readable; the file has everything
            c.put("quarkus.log.console.level", "WARN");
            // everything that handles a request or an exchange at TRACE; the rest of Camel at DEBUG (its pollers'
            // TRACE lines go on after the app stops, onto the build's console, by the hundred thousand)
            for (String category : TRACED) {
                c.put("quarkus.log.category.\"" + category + "\".level", "TRACE");
            }
            c.put("quarkus.log.category.\"org.apache.camel\".level", "DEBUG");
            c.put("camel.main.tracing", "true");
            c.put("camel.main.message-history", "true");
            c.put("camel.trace.enabled", "true");
            c.put("camel.trace.backlog-size", "1000");
            c.put("hisabkitab.companies.revoked.api-key", REVOKED_KEY);
            c.put("camel.component.http.response-timeout", "700");
            c.put("camel.component.http.so-timeout", "700");
            return c;
        }
    }

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @Inject
    CamelContext camel;

    /** The backlog tracer keeps the last 1000 steps; they are collected after every outcome. */
    BacklogTracer backlog;
    final List<String> traced = new ArrayList<>();

    @AfterEach
    void clearFaults() {
        SandboxResource.sandbox().faults().clear();
    }

    @Test
    void theKeyAppearsNowhereWhateverHappens() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        backlog = camel.getCamelContextExtension().getContextPlugin(BacklogTracer.class);
        try (KafkaTestClient.Collector outcomes = kafka.collector(List.of(REPLIES, DLQ))) {
            // good: a raw call, and business events whose names are looked up (party, item, then a sale naming both)
            send("leak-sale", "api.sale.create-item", Events.saleCreateItem("LEAK-1"));
            send("leak-party", "party.upsert", Events.json("""
                    {"role": "customer", "name": "Leak Test Traders", "gstin": "27AAPFU0939F1ZV",
                     "billingAddress": {"line1": "1, Main Road", "city": "Pune", "state": "Maharashtra", "pincode": "411001"}}
                    """));
            send("leak-item", "item.upsert", Events.json("""
                    {"name": "Leak Widget", "kind": "goods", "unit": "PCS", "gstRate": 18, "salePrice": 100}"""));
            expect(outcomes, "leak-party", REPLIES);
            expect(outcomes, "leak-item", REPLIES);
            send("leak-invoice", "invoice.create", Events.json("""
                    {"documentType": "sale", "number": "LEAK-INV-1", "date": "2025-02-11",
                     "party": {"name": "leak test traders"},
                     "lines": [{"item": "Leak Widget", "quantity": 3, "rate": 100}]}"""));
            // refused by HisabKitab (422), and by the connector (a name that does not resolve)
            ObjectNode refused = Events.saleCreateItem("LEAK-2");
            refused.remove("customer_ledger_id");
            send("leak-refused", "api.sale.create-item", refused);
            send("leak-unknown-item", "invoice.create", Events.json("""
                    {"documentType": "sale", "number": "LEAK-INV-2", "date": "2025-02-11",
                     "party": {"name": "Leak Test Traders"}, "lines": [{"item": "No Such Widget", "rate": 1}]}"""));
            expect(outcomes, "leak-sale", REPLIES);
            expect(outcomes, "leak-invoice", REPLIES);
            expect(outcomes, "leak-refused", DLQ);
            expect(outcomes, "leak-unknown-item", DLQ);

            // 5xx answered twice, then success; then a retry budget spent on 5xx
            sandbox.faults().failNext(503, 502);
            send("leak-retried", "api.gst-rate.list", null);
            JsonNode retried = expect(outcomes, "leak-retried", REPLIES);
            assertEquals(3, retried.get("attempts").asInt());
            sandbox.faults().failNext(500, 500, 500, 500);
            send("leak-down", "api.gst-rate.list", null);
            expect(outcomes, "leak-down", DLQ);

            // slower than the response timeout, every attempt
            sandbox.faults().latency(Duration.ofMillis(1200));
            send("leak-slow", "api.gst-rate.list", null);
            JsonNode slow = expect(outcomes, "leak-slow", DLQ);
            assertEquals("unavailable", slow.at("/error/category").asText(), slow.toString());
            sandbox.faults().clear();

            // a key HisabKitab stops accepting: the company pauses (its probes refused too), then goes on
            int journalBefore = sandbox.journal().size();
            sandbox.faults().revokeKey(SandboxResource.ACME_KEY);
            ObjectNode revoked = Events.envelope("leak-revoked", "api.gst-rate.list", null);
            revoked.put("company", "acme");
            kafka.produce(EVENTS, "leak", revoked.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.journal().entries().stream()
                    .skip(journalBefore).filter(e -> e.status() == 401).count() >= 3);
            sandbox.faults().restoreKey(SandboxResource.ACME_KEY);
            expect(outcomes, "leak-revoked", REPLIES);
            traced.addAll(dump(backlog));

            // file drops: one good and one bad event, and a file that is not JSON
            drop("leak-file.ndjson", Events.envelope("leak-file-1", "api.gst-rate.list", null) + "\n{\"id\": \"leak-file-2\"}\n");
            drop("leak-garbage.json", "{not json at all");
            Path failed = SandboxResource.inbox().resolve(".failed");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(failed.resolve("leak-file.ndjson.report.csv"))
                    && Files.exists(failed.resolve("leak-garbage.json.report.csv")));
            expect(outcomes, "leak-file-1", REPLIES);

            // the last event: once its reply is out, so are the outcomes of everything before it on its key
            send("leak-last", "api.gst-rate.list", null);
            expect(outcomes, "leak-last", REPLIES);
            traced.addAll(dump(backlog));

            List<ConsumedRecord> records = outcomes.records();
            Map<String, String> places = new LinkedHashMap<>();
            places.put("log file " + LOG_FILE, Files.readString(LOG_FILE, StandardCharsets.UTF_8));
            for (ConsumedRecord r : records) {
                places.put("record " + r.topic() + "-" + r.partition() + "@" + r.offset(),
                        r.key() + "\n" + r.value() + "\n" + r.headers());
            }
            try (Stream<Path> files = Files.walk(SandboxResource.inbox())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    places.put("inbox file " + f, Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
            places.put("backlog tracer", String.join("\n", traced));

            // the search saw what it should have: TRACE lines, every event, every kind of outcome, the HTTP calls
            String log = places.get("log file " + LOG_FILE);
            assertTrue(log.contains(" TRACE "), "the log holds TRACE lines");
            assertTrue(log.contains("http-outgoing"), "the HTTP client logged its connections too");
            // the HTTP client's header log at DEBUG shows the header it sent, masked
            assertTrue(log.contains("ApiKey: " + ApiKeyLogFilter.MASK), "the HTTP client's header log is there, masked");
            assertTrue(log.contains("/sale-transactions"), "the log shows the HTTP calls");
            for (String id : List.of("leak-sale", "leak-invoice", "leak-refused", "leak-unknown-item", "leak-retried",
                    "leak-down", "leak-slow", "leak-revoked", "leak-file-1", "leak-last")) {
                assertTrue(log.contains(id), "the log mentions " + id);
            }
            assertTrue(records.stream().anyMatch(r -> r.topic().equals(DLQ) && r.value().contains("\"rejected\"")));
            assertTrue(records.stream().anyMatch(r -> r.topic().equals(DLQ) && r.value().contains("\"mapping\"")));
            assertTrue(records.stream().anyMatch(r -> r.topic().equals(DLQ) && r.value().contains("\"unavailable\"")));
            assertTrue(records.stream().anyMatch(r -> r.topic().equals(DLQ) && r.value().contains("\"invalid-event\"")));
            assertTrue(records.size() >= 12, records.size() + " outcome records");
            assertTrue(places.keySet().stream().anyMatch(p -> p.endsWith("leak-file.ndjson.report.csv")));
            assertTrue(traced.size() > 100 && traced.stream().anyMatch(t -> t.contains("hisabkitab-http")),
                    "the backlog tracer recorded the HTTP steps: " + traced.size());

            List<String> leaks = new ArrayList<>();
            for (String secret : secretForms()) {
                places.forEach((place, content) -> {
                    for (int at = content.indexOf(secret); at >= 0; at = content.indexOf(secret, at + 1)) {
                        leaks.add(place + ": ..." + content.substring(Math.max(0, at - 300),
                                Math.min(content.length(), at + secret.length() + 100)) + "...");
                    }
                });
            }
            assertEquals(List.of(), leaks.stream().limit(5).toList(), leaks.size() + " leaks");
        }
    }

    /** The keys as they are, URL-encoded, and base64 (standard and URL-safe) at each of the three alignments. */
    static Set<String> secretForms() {
        Set<String> forms = new LinkedHashSet<>();
        for (String key : List.of(SandboxResource.DEFAULT_KEY, SandboxResource.ACME_KEY, REVOKED_KEY)) {
            forms.add(key);
            forms.add(URLEncoder.encode(key, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode("ApiKey: " + key, StandardCharsets.UTF_8));
            for (int offset = 0; offset < 3; offset++) {
                byte[] shifted = ("x".repeat(offset) + key).getBytes(StandardCharsets.UTF_8);
                for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                    String encoded = encoder.encodeToString(shifted);
                    // leave out what the shift and the end (padding, the bytes after the key) change
                    int from = (offset * 4 + 2) / 3;
                    forms.add(encoded.substring(from, encoded.length() - 4));
                }
            }
        }
        assertTrue(forms.stream().allMatch(f -> f.length() >= 12), forms.toString());
        return forms;
    }

    private void send(String id, String type, JsonNode payload) {
        kafka.produce(EVENTS, "leak", Events.envelope(id, type, payload).toString());
    }

    private JsonNode expect(KafkaTestClient.Collector outcomes, String id, String topic) {
        ConsumedRecord record = outcomes.until(rs -> rs.stream().anyMatch(r -> idOf(r).equals(id))).stream()
                .filter(r -> idOf(r).equals(id)).findFirst().orElseThrow();
        assertEquals(topic, record.topic(), record.value());
        traced.addAll(dump(backlog));
        return Events.json(record.value());
    }

    private static String idOf(ConsumedRecord r) {
        return Events.json(r.value()).path("id").asText();
    }

    private static List<String> dump(BacklogTracer backlog) {
        return backlog.dumpAllTracedMessages().stream().map(m -> m.toJSon(0) + "\n" + m.getExceptionAsJSon())
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static void drop(String name, String content) throws IOException {
        Path tmp = SandboxResource.inbox().resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, SandboxResource.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}

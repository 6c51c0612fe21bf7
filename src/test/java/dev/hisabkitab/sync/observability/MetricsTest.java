package dev.hisabkitab.sync.observability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After a small run through a real broker and the sandbox, /q/metrics (Prometheus text, read over HTTP) shows each
 * metric of docs/operations.md ("Metrics") with its labels, and never an API key.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class MetricsTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Inject
    CamelContext camel;

    @AfterEach
    void restore() throws Exception {
        SandboxResource.sandbox().faults().clear();
        camel.getRouteController().startRoute("inbox");
        camel.getRouteController().startRoute("kafka-events");
    }

    @Test
    void eachOutcomeIsCountedByTypeCompanyAndCategoryAndEachCallTimedByOperation() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        Scrape before = scrape();

        // unavailable: 4 attempts (3 retries), all 503
        sandbox.faults().failNext(503, 503, 503, 503);
        kafka.produce(EVENTS, "m", Events.envelope("m-down", "api.sale.create-item", Events.saleCreateItem("M-DOWN"))
                .toString());
        kafka.consumeFirst(DLQ, withId("m-down"));

        kafka.produce(EVENTS, "m", Events.envelope("m-ok", "api.sale.create-item", Events.saleCreateItem("M-1")).toString());
        kafka.produce(EVENTS, "m", Events.envelope("m-ok", "api.sale.create-item", Events.saleCreateItem("M-1")).toString());
        ObjectNode acme = Events.envelope("m-acme", "api.gst-rate.list", null);
        acme.put("company", "acme");
        kafka.produce(EVENTS, "m", acme.toString());
        kafka.produce(EVENTS, "m", "{not json");
        ObjectNode nobody = Events.envelope("m-nobody", "api.gst-rate.list", null);
        nobody.put("company", "nobody");
        kafka.produce(EVENTS, "m", nobody.toString());
        ObjectNode refused = Events.saleCreateItem("M-REFUSED");
        refused.put("date", "2025-02-30");
        kafka.produce(EVENTS, "m", Events.envelope("m-refused", "api.sale.create-item", refused).toString());
        kafka.consumeFirst(DLQ, withId("m-refused"));

        Scrape after = scrape();
        assertEquals(7, delta(before, after, "hisabkitab_events_in_total", Map.of("source", "kafka")));
        String sale = "api.sale.create-item";
        assertEquals(1, outcomes(before, after, sale, "default", "ok"));
        assertEquals(1, outcomes(before, after, sale, "default", "duplicate"));
        assertEquals(1, outcomes(before, after, "api.gst-rate.list", "acme", "ok"));
        assertEquals(1, outcomes(before, after, "unknown", "unknown", "invalid-event"));
        assertEquals(1, outcomes(before, after, "api.gst-rate.list", "unconfigured", "mapping"));
        assertEquals(1, outcomes(before, after, sale, "default", "rejected"));
        assertEquals(1, outcomes(before, after, sale, "default", "unavailable"));

        Map<String, String> saleCall = Map.of("operation", "sale.create-item", "company", "default");
        assertEquals(3, delta(before, after, "hisabkitab_api_retries_total", saleCall));
        assertEquals(4, delta(before, after, "hisabkitab_api_duration_seconds_count", with(saleCall, "status", "5xx")));
        assertEquals(1, delta(before, after, "hisabkitab_api_duration_seconds_count", with(saleCall, "status", "4xx")));
        assertEquals(1, delta(before, after, "hisabkitab_api_duration_seconds_count", with(saleCall, "status", "2xx")));
        assertEquals(1, delta(before, after, "hisabkitab_api_duration_seconds_count",
                Map.of("operation", "gst-rate.list", "company", "acme", "status", "2xx")));
        // a histogram: buckets with upper bounds, so percentiles can be taken across replicas
        assertEquals(6, delta(before, after, "hisabkitab_api_duration_seconds_bucket", with(saleCall, "le", "+Inf")));
        assertTrue(after.named("hisabkitab_api_duration_seconds_bucket").stream()
                .filter(s -> "sale.create-item".equals(s.label("operation"))).map(s -> s.label("le")).distinct()
                .count() > 10, "latency buckets");
        assertEquals(1, delta(before, after, "hisabkitab_event_duration_seconds_count",
                Map.of("type", sale, "outcome", "ok")));
        assertTrue(after.any("hisabkitab_event_duration_seconds_bucket", s -> sale.equals(s.label("type"))));

        // the bookkeeping's durable writes: an intent before each sale create sent (ok, refused, unavailable), a
        // completion for each ok reply (the sale, the gst-rate list)
        assertEquals(3, delta(before, after, "hisabkitab_idempotency_write_duration_seconds_count", Map.of("record", "intent")));
        assertEquals(2, delta(before, after, "hisabkitab_idempotency_write_duration_seconds_count",
                Map.of("record", "completion")));

        assertTrue(after.any("hisabkitab_events_in_flight", s -> s.value() >= 0));
        assertTrue(after.any("hisabkitab_inbox_backlog", s -> s.value() >= 0));
        // each company called has its concurrency limit (adaptive, at least 1)
        assertTrue(after.any("hisabkitab_company_concurrency_limit", s -> "acme".equals(s.label("company")) && s.value() >= 1));
        assertFalse(after.any("hisabkitab_company_concurrency_limit", s -> "nobody".equals(s.label("company"))),
                "no gauge for a company without a key: any name can come in an envelope");
        noKeyIn(after);

        // every series the Grafana dashboard plots is one the app exposes
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("hisabkitab_[a-z_]+")
                .matcher(Files.readString(Path.of("docs/grafana/hisabkitab-sync.json")));
        int plotted = 0;
        while (used.find()) {
            plotted++;
            assertFalse(after.named(used.group()).isEmpty(), used.group() + " is plotted but not exposed");
        }
        assertTrue(plotted >= 10, "the dashboard plots the metrics");
    }

    @Test
    void filesWaitingInTheInboxAreItsBacklog() throws Exception {
        camel.getRouteController().stopRoute("inbox");
        Path inbox = SandboxResource.inbox();
        Files.writeString(inbox.resolve("one.json"), Events.envelope("m-file-1", "api.gst-rate.list", null).toString());
        Files.writeString(inbox.resolve("two.ndjson"), Events.envelope("m-file-2", "api.gst-rate.list", null).toString());
        Files.writeString(inbox.resolve("three.json.tmp"), "{}"); // still being written: not waiting yet
        assertEquals(2, scrape().sum("hisabkitab_inbox_backlog", Map.of()));

        camel.getRouteController().startRoute("inbox");
        await().atMost(Duration.ofSeconds(20)).until(() -> scrape().sum("hisabkitab_inbox_backlog", Map.of()) == 0);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> scrape().sum("hisabkitab_events_in_total", Map.of("source", "file")) >= 2);
    }

    @Test
    void recordsNotYetCommittedAreTheConsumerLagAndEventsBeingProcessedAreInFlight() throws Exception {
        camel.getRouteController().stopRoute("kafka-events");
        for (int i = 1; i <= 3; i++) {
            kafka.produce(EVENTS, "lag", Events.envelope("m-lag-" + i, "api.gst-rate.list", null).toString());
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> scrape().sum("hisabkitab_kafka_consumer_lag", Map.of("topic", EVENTS)) >= 3);
        assertTrue(scrape().any("hisabkitab_kafka_consumer_lag", s -> s.label("partition") != null));

        // slow answers keep an event in flight long enough to be seen
        SandboxResource.sandbox().faults().latency(Duration.ofSeconds(2));
        camel.getRouteController().startRoute("kafka-events");
        await().atMost(Duration.ofSeconds(20)).until(() -> scrape().sum("hisabkitab_events_in_flight", Map.of()) >= 1);
        SandboxResource.sandbox().faults().latency(Duration.ZERO);
        kafka.consumeFirst(REPLIES, withId("m-lag-3"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> scrape().sum("hisabkitab_kafka_consumer_lag", Map.of("topic", EVENTS)) == 0
                        && scrape().sum("hisabkitab_events_in_flight", Map.of()) == 0);
    }

    private Scrape scrape() {
        try {
            return Scrape.of(metrics.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double outcomes(Scrape before, Scrape after, String type, String company, String outcome) {
        return delta(before, after, "hisabkitab_outcomes_total",
                Map.of("type", type, "company", company, "outcome", outcome));
    }

    private static double delta(Scrape before, Scrape after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        java.util.Map<String, String> m = new java.util.HashMap<>(labels);
        m.put(key, value);
        return m;
    }

    static void noKeyIn(Scrape scrape) {
        for (String key : List.of(SandboxResource.DEFAULT_KEY, SandboxResource.ACME_KEY)) {
            assertFalse(scrape.text().contains(key), "an API key in the metrics");
        }
    }

    static java.util.function.Predicate<KafkaTestClient.ConsumedRecord> withId(String id) {
        return r -> r.value() != null && r.value().contains("\"id\":\"" + id + "\"");
    }
}

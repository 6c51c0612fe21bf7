package dev.hisabkitab.sync.observability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.SandboxResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With tracing on, one event read from Kafka is one trace: the consumer span, the HisabKitab call and the outcome
 * published, with the event's id, type and company as attributes and never the API key. Spans are kept in memory.
 */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class TracingTest {

    /** Tracing as an operator turns it on (OTEL_SDK_DISABLED=false), exported to memory instead of a collector. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "PT0.05S");
        }
    }

    @ApplicationScoped
    static class InMemorySpans {
        @Produces
        @Singleton
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey(PipelineObserver.ATTR_EVENT_ID);
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey(PipelineObserver.ATTR_EVENT_TYPE);
    static final AttributeKey<String> COMPANY = AttributeKey.stringKey(PipelineObserver.ATTR_COMPANY);
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(PipelineObserver.ATTR_OUTCOME);
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey(PipelineObserver.ATTR_OPERATION);
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");
    static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void anEventIsOneTraceFromItsRecordThroughTheHisabKitabCallToItsOutcome() {
        ObjectNode event = Events.envelope("t-acme-1", "api.gst-rate.list", null);
        event.put("company", "acme");
        kafka.produce("hisabkitab.events", "acme", event.toString());
        var reply = kafka.consumeFirst("hisabkitab.replies", MetricsTest.withId("t-acme-1"));

        SpanData outcome = await().atMost(Duration.ofSeconds(20)).until(
                () -> exporter.getFinishedSpanItems().stream()
                        .filter(s -> "t-acme-1".equals(s.getAttributes().get(EVENT_ID)) && s.getAttributes().get(OUTCOME) != null)
                        .findFirst().orElse(null), s -> s != null);
        assertEquals("api.gst-rate.list", outcome.getAttributes().get(EVENT_TYPE));
        assertEquals("acme", outcome.getAttributes().get(COMPANY));
        assertEquals("ok", outcome.getAttributes().get(OUTCOME));

        String trace = outcome.getTraceId();
        // a reader of the reply can continue the trace (W3C traceparent: 00-<trace id>-<span id>-<flags>)
        assertTrue(String.valueOf(reply.header("traceparent")).startsWith("00-" + trace + "-"), reply.toString());
        // the outcome's record is published within the same trace (span "send hisabkitab.replies")
        List<SpanData> spans = await().atMost(Duration.ofSeconds(20)).until(() -> inTrace(trace),
                s -> s.stream().anyMatch(span -> span.getName().contains("hisabkitab.replies")));
        assertTrue(spans.stream().anyMatch(s -> s.getName().contains("hisabkitab.events")), names(spans));
        SpanData call = spans.stream().filter(s -> "gst-rate.list".equals(s.getAttributes().get(OPERATION)))
                .findFirst().orElseThrow(() -> new AssertionError("no HisabKitab call span: " + names(spans)));
        assertEquals("t-acme-1", call.getAttributes().get(EVENT_ID));
        assertEquals("acme", call.getAttributes().get(COMPANY));
        // the HTTP request itself is a span under the call
        String baseUrl = SandboxResource.sandbox().baseUrl();
        assertTrue(spans.stream().anyMatch(s -> "GET".equals(s.getAttributes().get(HTTP_METHOD))
                && s.getAttributes().get(HTTP_URL).startsWith(baseUrl)), names(spans));

        for (SpanData span : exporter.getFinishedSpanItems()) {
            String all = span.getName() + span.getAttributes() + span.getEvents();
            for (String key : List.of(SandboxResource.DEFAULT_KEY, SandboxResource.ACME_KEY)) {
                assertFalse(all.contains(key), "an API key in a span: " + span.getName());
            }
        }
    }

    private List<SpanData> inTrace(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static String names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getName() + s.getAttributes().asMap().keySet()).toList().toString();
    }
}

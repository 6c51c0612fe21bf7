package dev.hisabkitab.sync.observability;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Publishing a Kafka record's outcome (in a transaction of our own, not through a Camel endpoint, so Camel makes no
 * span for it) as a span of the event's trace; the record carries the trace context (W3C {@code traceparent}), so a
 * reader of the reply topic can continue the trace.
 */
@ApplicationScoped
public class OutcomeTracing {

    private static final TextMapSetter<Headers> HEADERS = (headers, name, value) -> {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    };

    @Inject
    OpenTelemetry openTelemetry;

    /** Starts the span of publishing this outcome record (child of the current span); the caller ends it. */
    public Span publishing(ProducerRecord<String, String> record) {
        Span span = openTelemetry.getTracer("hisabkitab-sync")
                .spanBuilder("send " + record.topic())
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .startSpan();
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current().with(span), record.headers(), HEADERS);
        return span;
    }
}

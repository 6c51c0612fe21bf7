package dev.hisabkitab.sync.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiKeys;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.event.SourceEvent;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;

/**
 * What the pipeline tells operators, in one place: the steps {@code observe-*} of routes/process-event.yaml and
 * routes/hisabkitab-client.yaml call it where an event comes in, where a HisabKitab call starts and ends, and where
 * the event has its outcome. It counts and times them (Micrometer, served as Prometheus text on /q/metrics) and puts
 * the event's id, type and company on the current trace span (OpenTelemetry; a no-op while tracing is off).
 *
 * <p>Tags are low-cardinality words, never the API key: {@code type} is a known event type (else {@value #UNKNOWN}),
 * {@code company} a company with a configured key (else {@value #UNCONFIGURED}), so a sender cannot grow the
 * metrics without bound with made-up types or companies.
 */
// created at start, so its gauge is there before the first event
@Startup
@ApplicationScoped
@Named("pipelineObserver")
public class PipelineObserver {

    public static final String EVENTS_IN = "hisabkitab.events.in";
    public static final String OUTCOMES = "hisabkitab.outcomes";
    public static final String EVENT_DURATION = "hisabkitab.event.duration";
    public static final String API_DURATION = "hisabkitab.api.duration";
    public static final String API_RETRIES = "hisabkitab.api.retries";
    public static final String IN_FLIGHT = "hisabkitab.events.in.flight";

    /** Span attributes (and the tag names they share with the metrics). */
    public static final String ATTR_EVENT_ID = "hisabkitab.event.id";
    public static final String ATTR_EVENT_TYPE = "hisabkitab.event.type";
    public static final String ATTR_COMPANY = "hisabkitab.company";
    public static final String ATTR_OUTCOME = "hisabkitab.outcome";
    public static final String ATTR_OPERATION = "hisabkitab.operation";

    static final String UNKNOWN = "unknown";
    static final String UNCONFIGURED = "unconfigured";
    /** The route whose exchanges are the events in flight. */
    static final String PROCESS_EVENT_ROUTE = "process-event";
    /** When the current HisabKitab attempt left (System.nanoTime), between callStarted and callEnded. */
    public static final String CALL_STARTED = "hkCallStarted";

    private final MeterRegistry registry;
    private final ApiKeys apiKeys;
    @Inject
    RecentActivity recentActivity;
    private final Duration slowestExpected;
    /** The meters by name and tag values, made once: building and looking one up in the registry at every event costs. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    @Inject
    public PipelineObserver(MeterRegistry registry, ApiKeys apiKeys, CamelContext camel,
            @ConfigProperty(name = "hisabkitab.metrics.slowest-expected") Duration slowestExpected) {
        this.registry = registry;
        this.apiKeys = apiKeys;
        this.slowestExpected = slowestExpected;
        Gauges.register(registry, IN_FLIGHT, Tags.empty(),
                "Events being processed now (taken from their source, outcome not yet made)", camel,
                c -> c.getInflightRepository().size(PROCESS_EVENT_ROUTE));
    }

    /** Step {@code observe-event-in}: an event was taken from its source (the context a source started, its body). */
    public void eventIn(EventContext started, Object body) {
        String source = sourceOf(started, body);
        counters.computeIfAbsent(List.of(EVENTS_IN, source), k -> Counter.builder(EVENTS_IN)
                .description("Events taken from a source").tag("source", source).register(registry)).increment();
    }

    /**
     * Step {@code observe-outcome}: the event's one outcome (reply or dead letter) is made and recorded; {@code taken}
     * is when the event was taken from its source (its exchange was made).
     */
    public void outcome(Outcome outcome, Envelope envelope, Date taken) {
        if (outcome == null) {
            return;
        }
        String type = envelope != null ? envelope.type() : UNKNOWN;
        String company = companyTag(outcome.company());
        String result = resultOf(outcome);
        counters.computeIfAbsent(List.of(OUTCOMES, type, company, result), k -> Counter.builder(OUTCOMES)
                .description("Outcomes: ok, duplicate, or the dead letter's category")
                .tag("type", type).tag("company", company).tag("outcome", result).register(registry)).increment();
        Instant now = Instant.now();
        // by the same bounded name as the metrics: any name can come in an envelope
        recentActivity.record(company, result,
                outcome instanceof DeadLetter letter ? RecentActivity.LastError.of(now, letter.id(), letter.type(),
                        result, letter.error().message()) : null, now);
        long took = taken == null ? 0 : Math.max(0, System.currentTimeMillis() - taken.getTime());
        timers.computeIfAbsent(List.of(EVENT_DURATION, type, result), k -> latency(EVENT_DURATION,
                "From taking the event from its source to its outcome").tag("type", type).tag("outcome", result)
                .register(registry)).record(Duration.ofMillis(took));

        // the span has the event as sent (a trace is about one event; the metrics' bounded words are not needed)
        Span span = Span.current();
        setIfPresent(span, ATTR_EVENT_ID, outcome.id());
        setIfPresent(span, ATTR_EVENT_TYPE, outcome.type());
        setIfPresent(span, ATTR_COMPANY, outcome.company());
        span.setAttribute(ATTR_OUTCOME, result);
    }

    /**
     * Step {@code observe-call-start}: an attempt of a HisabKitab call is about to leave (the envelope: its event's,
     * null for the connector's own calls). Returns when it left ({@link System#nanoTime()}), kept in
     * {@value #CALL_STARTED} for {@link #callEnded}.
     */
    public long callStarted(ApiCall call, CallState state, Envelope envelope) {
        String company = companyTag(call.companyOrDefault());
        if (state != null && state.attempts() > 1) {
            counters.computeIfAbsent(List.of(API_RETRIES, call.operation(), company), k -> Counter.builder(API_RETRIES)
                    .description("HisabKitab calls tried again after an unavailable answer")
                    .tag("operation", call.operation()).tag("company", company).register(registry)).increment();
        }
        Span span = Span.current();
        span.setAttribute(ATTR_OPERATION, call.operation());
        span.setAttribute(ATTR_COMPANY, call.companyOrDefault());
        if (envelope != null) {
            span.setAttribute(ATTR_EVENT_ID, envelope.id());
            span.setAttribute(ATTR_EVENT_TYPE, envelope.type());
        }
        return System.nanoTime();
    }

    /**
     * Step {@code observe-call-end}: the attempt answered ({@code status}), failed or could not be sent; {@code started}
     * null: it was refused before it left (circuit open, no key), not a call to time.
     */
    public void callEnded(Long started, ApiCall call, Integer status) {
        if (started == null) {
            return;
        }
        String company = companyTag(call.companyOrDefault());
        String answer = statusClass(status);
        timers.computeIfAbsent(List.of(API_DURATION, call.operation(), company, answer), k -> latency(API_DURATION,
                "One HisabKitab HTTP call, by operation and answer (2xx, 4xx, 5xx, none)")
                .tag("operation", call.operation()).tag("company", company).tag("status", answer).register(registry))
                .record(Duration.ofNanos(System.nanoTime() - started));
    }

    private Timer.Builder latency(String name, String description) {
        // a histogram (buckets) so Prometheus can aggregate percentiles across replicas
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(slowestExpected);
    }

    /** Where an event came from: a Kafka record, a dropped file, or anything else (a test, a re-drive). */
    static String sourceOf(EventContext started, Object body) {
        if (body instanceof SourceEvent) {
            return "file";
        }
        return started != null && started.kafkaRecord() != null ? "kafka" : "other";
    }

    static String resultOf(Outcome outcome) {
        if (outcome instanceof DeadLetter letter) {
            return letter.error().category().code();
        }
        return ((Reply) outcome).status();
    }

    static String statusClass(Integer status) {
        return status == null || status <= 0 ? "none" : (status / 100) + "xx";
    }

    private static void setIfPresent(Span span, String attribute, String value) {
        if (value != null) {
            span.setAttribute(attribute, value);
        }
    }

    /** The company as a tag: its name when it has a key, else {@value #UNCONFIGURED} ({@value #UNKNOWN}: unreadable). */
    private String companyTag(String company) {
        if (company == null) {
            return UNKNOWN;
        }
        return apiKeys.find(company).isPresent() ? company : UNCONFIGURED;
    }
}

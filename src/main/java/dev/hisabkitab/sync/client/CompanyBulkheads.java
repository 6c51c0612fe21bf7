package dev.hisabkitab.sync.client;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.outcome.Causes;
import dev.hisabkitab.sync.outcome.EventFailure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Per-company limit of HisabKitab calls in flight at once (a bulkhead: steps {@code enter-company-bulkhead} /
 * {@code leave-company-bulkhead} of routes/hisabkitab-client.yaml). The Kafka lanes run up to
 * {@code hisabkitab.kafka.max-in-flight} events at once whatever their company; this keeps one company's share of
 * them to what HisabKitab sustains for it.
 *
 * <p>Adaptive ({@value #ADAPTIVE_SETTING}, the default): each company's limit is learnt from HisabKitab's answers
 * ({@link AdaptiveConcurrencyLimit}: steps {@code bulkhead-answered} and {@code bulkhead-failed} tell it how each
 * attempt ended), up to {@code hisabkitab.companies.<name>.max-calls-in-flight}, else
 * {@value #DEFAULT_SETTING}, else (0) {@value #LANES_SETTING}. Fixed ({@value #ADAPTIVE_SETTING}=false): the
 * configured number, 0 or less: no limit of its own.
 *
 * <p>A call over the limit waits in the calling thread for one of the company's calls to end (in arrival order);
 * between the attempts of a retried call the slot is given back. A limit that shrinks below the calls in flight lets
 * none go until enough of them ended; one that grows lets the waiting calls go at once.
 */
@ApplicationScoped
@Named("companyBulkheads")
public class CompanyBulkheads {

    public static final String DEFAULT_SETTING = "hisabkitab.max-calls-in-flight-per-company";
    public static final String ADAPTIVE_SETTING = "hisabkitab.adaptive-concurrency.enabled";
    public static final String LATENCY_TOLERANCE_SETTING = "hisabkitab.adaptive-concurrency.latency-tolerance";
    public static final String LANES_SETTING = "hisabkitab.kafka.max-in-flight";
    /** Gauge: each company's limit now (tag {@code company}; companies with a configured key). */
    public static final String LIMIT_GAUGE = "hisabkitab_company_concurrency_limit";
    static final double DEFAULT_LATENCY_TOLERANCE = 2;
    static final int DEFAULT_LANES = 64;
    /**
     * Answers by which HisabKitab (or its gateway) says it cannot take more calls now: they shrink the limit like a
     * 429. Other 5xx (a request HisabKitab failed on) and connection errors (HisabKitab not there) say nothing about
     * how many calls it takes: they neither grow nor shrink it; an outage is the circuit breaker's.
     */
    static final Set<Integer> OVERLOAD_STATUSES = Set.of(429, 503, 504);

    private static final Logger LOG = Logger.getLogger(CompanyBulkheads.class);

    private final Map<String, Optional<Slots>> slots = new ConcurrentHashMap<>();
    private final Function<String, Optional<Slots>> slotsFor;
    private final LongSupplier nanoTime;
    private final BiConsumer<String, Slots> created;

    @Inject
    public CompanyBulkheads(Config config, MeterRegistry registry, ApiKeys apiKeys) {
        this(company -> config.getOptionalValue(settingFor(company), Integer.class)
                .orElseGet(() -> config.getOptionalValue(DEFAULT_SETTING, Integer.class).orElse(0)),
                config.getOptionalValue(ADAPTIVE_SETTING, Boolean.class).orElse(true),
                config.getOptionalValue(LANES_SETTING, Integer.class).orElse(DEFAULT_LANES),
                config.getOptionalValue(LATENCY_TOLERANCE_SETTING, Double.class).orElse(DEFAULT_LATENCY_TOLERANCE),
                System::nanoTime,
                // by the same bounded names as the other metrics: any company name can come in an envelope
                (company, s) -> {
                    if (apiKeys.find(company).isPresent()) {
                        // as observability.Gauges does (not imported: the client sits below the operations layer): a
                        // gauge of an earlier run in the same registry (tests) is replaced, and holds this run's slots
                        Tags tags = Tags.of("company", company);
                        registry.find(LIMIT_GAUGE).tags(tags).meters().forEach(registry::remove);
                        Gauge.builder(LIMIT_GAUGE, s, Slots::limit).tags(tags).strongReference(true)
                                .description("HisabKitab calls the company may have in flight at once now").register(registry);
                    }
                });
    }

    /** Fixed limits. @param limitOf calls a company may have in flight at once (≤ 0: no limit) */
    CompanyBulkheads(Function<String, Integer> limitOf) {
        this(limitOf, false, DEFAULT_LANES, 0, System::nanoTime, (c, s) -> {
        });
    }

    /**
     * @param configuredMaxOf  a company's max-calls-in-flight setting (≤ 0: none)
     * @param adaptive         limits learnt from the answers (else fixed at the setting)
     * @param lanes            the adaptive limit's bound when a company has no setting (the lanes' max-in-flight)
     * @param latencyTolerance {@link AdaptiveConcurrencyLimit}'s
     * @param created          called with each company's slots when they are made (the gauge)
     */
    CompanyBulkheads(Function<String, Integer> configuredMaxOf, boolean adaptive, int lanes, double latencyTolerance,
            LongSupplier nanoTime, BiConsumer<String, Slots> created) {
        this.slotsFor = company -> {
            int configured = configuredMaxOf.apply(company);
            if (adaptive) {
                int max = configured > 0 ? configured : Math.max(1, lanes);
                return Optional.of(new Slots(new AdaptiveConcurrencyLimit(max, latencyTolerance)));
            }
            return configured > 0 ? Optional.of(new Slots(configured)) : Optional.empty();
        };
        this.nanoTime = nanoTime;
        this.created = created;
    }

    public static String settingFor(String company) {
        return "hisabkitab.companies." + company + ".max-calls-in-flight";
    }

    /** Step {@code enter-company-bulkhead}: returns once the call's company has a free slot, and whether it took one. */
    public CallState enter(CallState call) {
        String company = call.company();
        try {
            return call.withBulkheadHeld(enter(company));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EventFailure.unavailable(null,
                    "Interrupted while waiting for a free HisabKitab call slot of company '" + company + "'", null, e);
        }
    }

    /**
     * Step {@code bulkhead-answered}: HisabKitab answered the attempt of {@code call} that left at {@code sentAt}
     * (System.nanoTime; null: it did not leave): the company's limit learns from it, unless it was a batch.
     */
    public void answered(ApiCall call, CallState state, Long sentAt) {
        if (state.bulkheadHeld() && sentAt != null && !isBatch(call)) {
            slotsOf(state.company()).ifPresent(s -> s.answered(sentAt, nanoTime.getAsLong()));
        }
    }

    /** Step {@code bulkhead-failed} (in the attempt's catch): what the failure says about HisabKitab's load. */
    public void failed(ApiCall call, CallState state, Long sentAt, Throwable failure) {
        if (!state.bulkheadHeld() || sentAt == null) {
            return;
        }
        LoadSignal signal = isBatch(call) ? batchLoadSignal(failure) : loadSignal(failure);
        slotsOf(state.company()).ifPresent(s -> {
            long now = nanoTime.getAsLong();
            switch (signal) {
                case OVERLOADED -> {
                    int before = s.limit();
                    int after = s.overloaded(sentAt, now);
                    if (after < before) {
                        LOG.debugf("HisabKitab is overloaded for company '%s': its calls in flight at once %d -> %d",
                                state.company(), before, after);
                    }
                }
                case ANSWERED -> s.answered(sentAt, now);
                default -> {
                    // a request HisabKitab failed on, or no HisabKitab at all: nothing about its load
                }
            }
        });
    }

    /**
     * A master batch ({@code *.batch-create}) is one call doing the work of many: its answer time is many single
     * calls' and would lift the smoothed latency past the tolerance, cutting the limit of all the company's calls.
     * So its time says nothing to the limit, nor does its running out of time; only HisabKitab saying it is
     * overloaded (429, 503) does.
     */
    static boolean isBatch(ApiCall call) {
        return call != null && call.operation() != null && call.operation().endsWith(".batch-create");
    }

    /** What a failed batch says about HisabKitab's load: an overload status, else nothing (see {@link #isBatch}). */
    static LoadSignal batchLoadSignal(Throwable failure) {
        EventFailure answer = Causes.first(failure, EventFailure.class, f -> f.httpStatus() != null);
        return answer != null && answer.httpStatus() != 504 && OVERLOAD_STATUSES.contains(answer.httpStatus())
                ? LoadSignal.OVERLOADED
                : LoadSignal.NONE;
    }

    /** Step {@code leave-company-bulkhead} (finally): gives back the slot the call held, if any. */
    public CallState leave(CallState call) {
        if (call.bulkheadHeld()) {
            leave(call.company());
        }
        return call.withBulkheadHeld(false);
    }

    /** What a failed attempt says about HisabKitab's load. */
    enum LoadSignal {
        /** 429, 503, 504, or no answer in time: fewer calls at once. */
        OVERLOADED,
        /** Any other answer (4xx, "success": false): it took the call. */
        ANSWERED,
        /** Nothing: other 5xx, connection errors, failures before the call left. */
        NONE
    }

    static LoadSignal loadSignal(Throwable failure) {
        EventFailure answer = Causes.first(failure, EventFailure.class, f -> f.httpStatus() != null);
        if (answer != null) {
            int status = answer.httpStatus();
            if (OVERLOAD_STATUSES.contains(status)) {
                return LoadSignal.OVERLOADED;
            }
            return status >= 500 ? LoadSignal.NONE : LoadSignal.ANSWERED;
        }
        return Causes.first(failure, SocketTimeoutException.class) != null ? LoadSignal.OVERLOADED : LoadSignal.NONE;
    }

    /** Takes one of the company's slots, waiting for one; false when the company has no limit (nothing taken). */
    boolean enter(String company) throws InterruptedException {
        Optional<Slots> s = slotsOf(company);
        if (s.isEmpty()) {
            return false;
        }
        s.get().enter();
        return true;
    }

    void leave(String company) {
        slotsOf(company).ifPresent(Slots::leave);
    }

    /** Calls of the company in flight now (0 when it has no limit: not counted). */
    int inFlight(String company) {
        return slotsOf(company).map(Slots::inFlight).orElse(0);
    }

    /** The company's limit now; empty when it has none. */
    public Optional<Integer> limit(String company) {
        return slotsOf(company).map(Slots::limit);
    }

    /** Forgets every company's limit, learnt or not (tests; calls in flight must not be). */
    public void reset() {
        slots.clear();
    }

    private Optional<Slots> slotsOf(String company) {
        return slots.computeIfAbsent(company, c -> {
            Optional<Slots> made = slotsFor.apply(c);
            made.ifPresent(s -> created.accept(c, s));
            return made;
        });
    }

    /**
     * One company's slots: a fair semaphore whose permits follow its limit (fixed, or {@link AdaptiveConcurrencyLimit}).
     * A shrinking limit takes permits away, below zero when more calls are in flight than it allows.
     */
    static final class Slots {

        private final Permits permits;
        private final AdaptiveConcurrencyLimit adaptive;
        /** The limit the permits were made for. */
        private int granted;

        /** A fixed limit. */
        Slots(int limit) {
            this(null, limit);
        }

        Slots(AdaptiveConcurrencyLimit adaptive) {
            this(adaptive, adaptive.limit());
        }

        private Slots(AdaptiveConcurrencyLimit adaptive, int limit) {
            this.adaptive = adaptive;
            this.granted = limit;
            this.permits = new Permits(limit);
        }

        void enter() throws InterruptedException {
            permits.acquire();
        }

        void leave() {
            permits.release();
        }

        synchronized int limit() {
            return granted;
        }

        synchronized int inFlight() {
            return granted - permits.availablePermits();
        }

        synchronized int answered(long sentAt, long now) {
            return adaptive == null ? granted : apply(adaptive.answered(sentAt, now, inFlight()));
        }

        synchronized int overloaded(long sentAt, long now) {
            return adaptive == null ? granted : apply(adaptive.overloaded(sentAt, now));
        }

        private int apply(int limit) {
            if (limit > granted) {
                permits.release(limit - granted);
            } else if (limit < granted) {
                permits.takeAway(granted - limit);
            }
            granted = limit;
            return limit;
        }
    }

    /** A fair semaphore whose permits can also be taken away (Semaphore's own reducePermits is protected). */
    private static final class Permits extends Semaphore {

        Permits(int permits) {
            super(permits, true);
        }

        void takeAway(int n) {
            reducePermits(n);
        }
    }
}

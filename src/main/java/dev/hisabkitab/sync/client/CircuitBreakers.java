package dev.hisabkitab.sync.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.outcome.Causes;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * One {@link CircuitBreaker} per company, around every HisabKitab call (routes/hisabkitab-client.yaml: steps
 * {@code circuit-breaker}, {@code breaker-answered}, {@code breaker-failed}). While a company's breaker is open its
 * calls fail fast as {@code unavailable} (not retried) and other companies' calls go on untouched.
 * {@code hisabkitab.circuit-breaker.failure-threshold} outages in a row open it (0: no breaker),
 * {@code hisabkitab.circuit-breaker.open-duration-ms} later one call probes.
 */
@ApplicationScoped
@Named("circuitBreakers")
public class CircuitBreakers {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    /** What an attempt's end says about HisabKitab. */
    public enum Verdict {
        /** It answered (success, 4xx, 429, "success": false). */
        ANSWERED,
        /** It was unavailable: 5xx, 408, timeout, connection error. */
        OUTAGE,
        /** Nothing: the call failed before it reached HisabKitab (no key, unknown operation…). */
        NEITHER
    }

    /** The permit an attempt holds ({@link CallState#breakerTicket()}). */
    public record Ticket(String company, boolean probe) {
    }

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final int failureThreshold;
    private final Duration openDuration;
    private final LongSupplier nanoTime;

    @Inject
    public CircuitBreakers(
            @ConfigProperty(name = "hisabkitab.circuit-breaker.failure-threshold", defaultValue = "5") int failureThreshold,
            @ConfigProperty(name = "hisabkitab.circuit-breaker.open-duration-ms", defaultValue = "30000") long openMs) {
        this(failureThreshold, Duration.ofMillis(openMs), System::nanoTime);
    }

    CircuitBreakers(int failureThreshold, Duration openDuration, LongSupplier nanoTime) {
        if (failureThreshold < 0 || openDuration.isNegative()) {
            throw new IllegalArgumentException("hisabkitab.circuit-breaker.failure-threshold and .open-duration-ms "
                    + "must not be negative");
        }
        this.failureThreshold = failureThreshold;
        this.openDuration = openDuration;
        this.nanoTime = nanoTime;
    }

    /** Step {@code circuit-breaker}: lets the attempt go, or fails it fast while the company's breaker is open. */
    public CallState permit(CallState call) {
        return call.withBreakerTicket(permit(call.company()));
    }

    /** The company's permit (null when there is no breaker), or the fail-fast failure. */
    Ticket permit(String company) {
        if (failureThreshold == 0) {
            return null;
        }
        CircuitBreaker breaker = breakerOf(company);
        CircuitBreaker.Permit permit = breaker.tryAcquire(nanoTime.getAsLong());
        if (!permit.allowed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(permit.retryInNanos() + 999_999_999L));
            throw EventFailure.circuitOpen("HisabKitab is unavailable for company '" + company + "': "
                    + breaker.consecutiveOutages() + " calls in a row failed, so its calls fail fast (circuit breaker "
                    + "open) until a probe call finds HisabKitab back, in about " + seconds + " s");
        }
        if (permit.probe()) {
            LOG.infof("HisabKitab circuit breaker of company '%s' is half-open: one call probes", company);
        }
        return new Ticket(company, permit.probe());
    }

    /** Step {@code breaker-answered}: the attempt got HisabKitab's answer. */
    public CallState answered(CallState call) {
        report(call.breakerTicket(), Verdict.ANSWERED);
        return call.withBreakerTicket(null);
    }

    /** Step {@code breaker-failed} (in the attempt's catch): reports what the failure says about HisabKitab. */
    public CallState failed(CallState call, Throwable failure) {
        report(call.breakerTicket(), verdict(failure));
        return call.withBreakerTicket(null);
    }

    void report(Ticket ticket, Verdict verdict) {
        if (ticket == null) {
            return;
        }
        CircuitBreaker breaker = breakerOf(ticket.company());
        switch (verdict) {
            case ANSWERED -> {
                if (breaker.onSuccess() != CircuitBreaker.State.CLOSED) {
                    LOG.infof("HisabKitab circuit breaker of company '%s' is closed: HisabKitab answered again",
                            ticket.company());
                }
            }
            case OUTAGE -> {
                if (breaker.onOutage(nanoTime.getAsLong())) {
                    LOG.warnf("HisabKitab circuit breaker of company '%s' is open after %d unavailable answers in a "
                            + "row: its calls fail fast for %d ms, then one call probes", ticket.company(),
                            breaker.consecutiveOutages(), openDuration.toMillis());
                }
            }
            default -> breaker.onNeither(ticket.probe());
        }
    }

    /** What a failed attempt says about HisabKitab: the first {@link EventFailure} with an HTTP status decides
     *  (429 and 4xx are answers); else an I/O error in the chain is an outage; else nothing. */
    public static Verdict verdict(Throwable failure) {
        EventFailure answer = Causes.first(failure, EventFailure.class, f -> f.httpStatus() != null);
        if (answer != null) {
            return answer.retryable() && answer.httpStatus() != 429 ? Verdict.OUTAGE : Verdict.ANSWERED;
        }
        return Causes.first(failure, IOException.class) != null ? Verdict.OUTAGE : Verdict.NEITHER;
    }

    /** Outages in a row that open a company's breaker; 0: no breaker. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** The company's breaker state (CLOSED for a company not called yet). */
    public CircuitBreaker.State state(String company) {
        CircuitBreaker b = breakers.get(company);
        return b == null ? CircuitBreaker.State.CLOSED : b.state();
    }

    /** The companies whose breaker is not closed (HisabKitab found unavailable for them), with its state. */
    public Map<String, CircuitBreaker.State> notClosed() {
        Map<String, CircuitBreaker.State> open = new TreeMap<>();
        breakers.forEach((company, breaker) -> {
            CircuitBreaker.State state = breaker.state();
            if (state != CircuitBreaker.State.CLOSED) {
                open.put(company, state);
            }
        });
        return open;
    }

    /** Forgets every breaker's state (tests). */
    public void reset() {
        breakers.clear();
    }

    private CircuitBreaker breakerOf(String company) {
        return breakers.computeIfAbsent(company,
                c -> new CircuitBreaker(Math.max(1, failureThreshold), openDuration.toNanos()));
    }
}

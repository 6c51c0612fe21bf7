package dev.hisabkitab.sync.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.outcome.Causes;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The retry policy of HisabKitab calls, in one place with routes/error-handling.yaml (its {@code retryWhile}):
 * a failed call is tried again only when the service was unavailable (408/429/5xx, timeout, connection error) and
 * the attempt budget ({@code hisabkitab.retry.max-attempts}) is not spent. Other 4xx, {@code "success": false},
 * and an open circuit breaker are never retried. A refused key (401/403) pauses its company ({@link CompanyPauses}) and
 * the call is tried again once the company resumes, without spending the budget (its refused attempts do not count).
 *
 * <p>When it retries it also sets the wait before the next attempt ({@link RetryDelays}: exponential backoff with
 * jitter and a cap, honouring {@code Retry-After} up to the cap) as the {@value Exchange#REDELIVERY_DELAY} header,
 * which Camel's redelivery uses instead of its own delay computation (it reads the header after evaluating
 * {@code retryWhile}; {@code ClientResilienceTest} pins that). When the budget runs out after HisabKitab asked for a
 * longer wait than the cap, the dead letter's message says so.
 */
@ApplicationScoped
@Named("retryPolicy")
public class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    private final RetryDelays.Settings settings;
    private final DoubleSupplier random;

    /** Null when built without CDI (unit tests of the delays): a refused key is then not retried. */
    @Inject
    CompanyPauses pauses;

    @Inject
    public RetryPolicy(@ConfigProperty(name = "hisabkitab.retry.max-attempts", defaultValue = "4") int maxAttempts,
            @ConfigProperty(name = "hisabkitab.retry.initial-delay-ms", defaultValue = "500") long initialDelayMs,
            @ConfigProperty(name = "hisabkitab.retry.multiplier", defaultValue = "2") double multiplier,
            @ConfigProperty(name = "hisabkitab.retry.max-delay-ms", defaultValue = "10000") long maxDelayMs,
            @ConfigProperty(name = "hisabkitab.retry.jitter", defaultValue = "0.2") double jitter) {
        this(new RetryDelays.Settings(maxAttempts, Duration.ofMillis(initialDelayMs), multiplier,
                Duration.ofMillis(maxDelayMs), jitter), () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(RetryDelays.Settings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    public RetryDelays.Settings settings() {
        return settings;
    }

    /** {@code retryWhile} of routes/error-handling.yaml: whether to try again, and if so after how long. */
    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        EventFailure refusal = refusalOf(failure);
        if (refusal != null) {
            return afterResume(exchange, refusal);
        }
        int attempts = exchange.getProperty(PipelineKeys.ATTEMPTS, 0, Integer.class);
        if (!isRetryable(failure) || attempts <= 0) {
            return false;
        }
        Duration retryAfter = retryAfterOf(failure);
        if (attempts >= settings.maxAttempts()) {
            noteCappedRetryAfter(exchange, retryAfter, attempts);
            return false;
        }
        RetryDelays.Delay delay = RetryDelays.next(attempts, retryAfter, settings, random);
        if (delay.retryAfterCapped()) {
            Duration longest = exchange.getProperty(PipelineKeys.RETRY_AFTER_CAPPED, Duration.class);
            if (longest == null || longest.compareTo(retryAfter) < 0) {
                exchange.setProperty(PipelineKeys.RETRY_AFTER_CAPPED, retryAfter);
            }
        }
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.duration().toMillis());
        Envelope envelope = exchange.getProperty(PipelineKeys.ENVELOPE, Envelope.class);
        LOG.warnf("HisabKitab unavailable for event %s (attempt %d of %d), trying again in %d ms%s: %s",
                envelope == null ? null : envelope.id(), attempts, settings.maxAttempts(), delay.duration().toMillis(),
                delay.retryAfter() == null ? "" : " (Retry-After " + delay.retryAfter().toSeconds() + " s)",
                failure.getMessage());
        return true;
    }

    /**
     * HisabKitab refused the company's key: pause the company and try again (at once: the next attempt waits at
     * {@code wait-while-key-refused} until the company resumes). The refused attempt does not spend the budget. A
     * probe's refusal is not retried: the probe only asks whether the key works yet.
     */
    private boolean afterResume(Exchange exchange, EventFailure refusal) {
        if (pauses == null || Boolean.TRUE.equals(exchange.getProperty(PipelineKeys.KEY_PROBE, Boolean.class))) {
            return false;
        }
        pauses.pause(RateLimits.companyOf(exchange.getProperty(PipelineKeys.CALL, ApiCall.class)), refusal);
        exchange.setProperty(PipelineKeys.ATTEMPTS, Math.max(0, exchange.getProperty(PipelineKeys.ATTEMPTS, 0, Integer.class) - 1));
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 0L);
        return true;
    }

    /** The 401/403 refusal of the company's key in this failure's causes, or null. */
    static EventFailure refusalOf(Throwable failure) {
        EventFailure f = Causes.first(failure, EventFailure.class);
        return f != null && f.category() == ErrorCategory.AUTHENTICATION ? f : null;
    }

    /**
     * The budget is spent: when HisabKitab asked (now or on an earlier attempt) for a longer wait than the cap, the
     * exchange gets a note ({@value PipelineKeys#RETRY_NOTE}) that the dead letter's message ends with
     * ({@link #explained}): the connector waited less than asked. (A property, not a changed exception: Camel's error
     * handler puts back the exception it caught once retries are exhausted.)
     */
    private void noteCappedRetryAfter(Exchange exchange, Duration retryAfter, int attempts) {
        Duration longest = exchange.getProperty(PipelineKeys.RETRY_AFTER_CAPPED, Duration.class);
        if (retryAfter != null && retryAfter.compareTo(settings.maxDelay()) > 0
                && (longest == null || longest.compareTo(retryAfter) < 0)) {
            longest = retryAfter;
        }
        if (longest != null) {
            exchange.setProperty(PipelineKeys.RETRY_NOTE, cappedNote(longest, attempts));
        }
    }

    /** The failure a call ended with, its message completed by the retry note of the exchange if there is one. */
    public static Throwable explained(Exchange exchange, Throwable failure) {
        String note = exchange.getProperty(PipelineKeys.RETRY_NOTE, String.class);
        if (note != null && failure instanceof EventFailure f && f.retryable() && !f.getMessage().endsWith(note)) {
            return f.withMessage(f.getMessage() + note);
        }
        return failure;
    }

    String cappedNote(Duration asked, int attempts) {
        return " (gave up after " + attempts + " attempts; HisabKitab asked to wait " + asked.toSeconds()
                + " s before trying again (Retry-After), longer than the connector waits between attempts: "
                + settings.maxDelay().toMillis() + " ms, hisabkitab.retry.max-delay-ms)";
    }

    static Duration retryAfterOf(Throwable failure) {
        EventFailure f = Causes.first(failure, EventFailure.class);
        return f == null ? null : f.retryAfter();
    }

    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EventFailure f) {
                return f.retryable();
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}

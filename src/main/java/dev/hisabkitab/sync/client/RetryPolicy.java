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

    /** What the policy decided about a failed attempt: the call's next state, and the wait when it is retried. */
    public record Decision(boolean retry, Duration delay, Duration retryAfter, CallState state) {

        static Decision giveUp(CallState state) {
            return new Decision(false, null, null, state);
        }
    }

    /**
     * {@code retryWhile} of routes/error-handling.yaml. It takes the exchange because retryWhile is a predicate: the
     * wait Camel's redelivery reads (header {@value Exchange#REDELIVERY_DELAY}) and the call's next state
     * ({@value CallState#PROPERTY}) can only be set here, between the failure and the next attempt.
     */
    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        CallState call = exchange.getProperty(CallState.PROPERTY, CallState.class);
        Decision decision = decide(failure, call == null ? CallState.of(null) : call);
        exchange.setProperty(CallState.PROPERTY, decision.state());
        if (decision.retry()) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, decision.delay().toMillis());
            LOG.warnf("HisabKitab unavailable for %s (attempt %d of %d), trying again in %d ms%s: %s",
                    decision.state().whose(), call == null ? 0 : call.attempts(), settings.maxAttempts(),
                    decision.delay().toMillis(), decision.retryAfter() == null ? ""
                            : " (Retry-After " + decision.retryAfter().toSeconds() + " s)",
                    failure == null ? null : failure.getMessage());
        }
        return decision.retry();
    }

    /**
     * Whether to try a failed attempt again, after how long, and the call's state after it. A refused key (401/403)
     * pauses the company and is tried again at once (the next attempt waits at {@code wait-while-key-refused} until
     * the company resumes), its attempt given back; a probe's refusal is not retried: the probe only asks whether the
     * key works yet. An unavailable answer is retried while the budget lasts, after {@link RetryDelays}' wait; a
     * {@code Retry-After} longer than the cap is remembered, and when the budget runs out the state gets the note the
     * dead letter's message ends with ({@link #explained}).
     */
    public Decision decide(Throwable failure, CallState call) {
        EventFailure refusal = refusalOf(failure);
        if (refusal != null) {
            if (pauses == null || call.keyProbe()) {
                return Decision.giveUp(call);
            }
            pauses.pause(call.company(), refusal);
            return new Decision(true, Duration.ZERO, null, call.withoutAttempt());
        }
        int attempts = call.attempts();
        if (!isRetryable(failure) || attempts <= 0) {
            return Decision.giveUp(call);
        }
        Duration retryAfter = retryAfterOf(failure);
        boolean longerThanCap = retryAfter != null && retryAfter.compareTo(settings.maxDelay()) > 0;
        if (attempts >= settings.maxAttempts()) {
            CallState last = longerThanCap ? call.withCappedRetryAfter(retryAfter) : call;
            return Decision.giveUp(last.longestCappedRetryAfter() == null ? last
                    : last.withRetryNote(cappedNote(last.longestCappedRetryAfter(), attempts)));
        }
        RetryDelays.Delay delay = RetryDelays.next(attempts, retryAfter, settings, random);
        return new Decision(true, delay.duration(), delay.retryAfter(),
                delay.retryAfterCapped() ? call.withCappedRetryAfter(retryAfter) : call);
    }

    /** The 401/403 refusal of the company's key in this failure's causes, or null. */
    static EventFailure refusalOf(Throwable failure) {
        EventFailure f = Causes.first(failure, EventFailure.class);
        return f != null && f.category() == ErrorCategory.AUTHENTICATION ? f : null;
    }

    /**
     * The failure a call ended with, its message completed by the call's retry note if it has one (a note in the
     * state, not a changed exception: Camel's error handler puts back the exception it caught once retries are
     * exhausted).
     */
    public static Throwable explained(CallState call, Throwable failure) {
        String note = call == null ? null : call.retryNote();
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

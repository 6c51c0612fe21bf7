package dev.hisabkitab.sync.client;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.jboss.logging.Logger;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.event.Envelope;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * Whether a failed HisabKitab call is tried again: only when the service was unavailable
 * (408/429/5xx, timeout, connection error) and the attempt budget is not spent. Used by the shared
 * error handling's {@code retryWhile}; the delays between attempts are set there.
 */
@ApplicationScoped
@Named("retryPolicy")
public class RetryPolicy {

    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    @ConfigProperty(name = "hisabkitab.retry.max-attempts", defaultValue = "4")
    int maxAttempts;

    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        int attempts = exchange.getProperty(PipelineKeys.ATTEMPTS, 0, Integer.class);
        boolean retry = isRetryable(failure) && attempts > 0 && attempts < maxAttempts;
        if (retry) {
            Envelope envelope = exchange.getProperty(PipelineKeys.ENVELOPE, Envelope.class);
            LOG.warnf("HisabKitab unavailable for event %s (attempt %d of %d), trying again: %s",
                    envelope == null ? null : envelope.id(), attempts, maxAttempts, failure.getMessage());
        }
        return retry;
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

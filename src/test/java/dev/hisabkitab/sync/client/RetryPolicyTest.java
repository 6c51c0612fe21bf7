package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.outcome.EventFailure;

/** The retryWhile of routes/error-handling.yaml: whether to retry, the wait it sets, the note when it gives up. */
class RetryPolicyTest {

    final DefaultCamelContext camel = new DefaultCamelContext();
    final RetryPolicy policy = new RetryPolicy(new RetryDelays.Settings(3, Duration.ofMillis(500), 2,
            Duration.ofSeconds(10), 0), () -> 0.5);

    @AfterEach
    void close() throws IOException {
        camel.close();
    }

    Exchange failedAttempt(int attempts, Exception failure) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(PipelineKeys.ATTEMPTS, attempts);
        exchange.setException(failure);
        return exchange;
    }

    @Test
    void anUnavailableCallIsRetriedAfterTheBackoffWhichCamelReadsFromTheRedeliveryDelayHeader() {
        Exchange first = failedAttempt(1, EventFailure.unavailable(503, "down", null, null));
        assertTrue(policy.shouldRetry(first));
        assertEquals(500L, first.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class));
        Exchange second = failedAttempt(2, new IOException("Connection reset"));
        assertTrue(policy.shouldRetry(second));
        assertEquals(1000L, second.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class));
    }

    @Test
    void aRetryAfterIsWaited() {
        Exchange limited = failedAttempt(1, EventFailure.unavailable(429, "slow down", null, null, Duration.ofSeconds(3)));
        assertTrue(policy.shouldRetry(limited));
        assertEquals(3000L, limited.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class));
    }

    @Test
    void rejectionsRefusedKeysAndOpenBreakersAreNeverRetried() {
        for (Exception f : new Exception[] { EventFailure.rejected(422, "bad", null, null),
                EventFailure.rejected(200, "success false", null, null), EventFailure.authentication(401, "key", null),
                EventFailure.circuitOpen("open"), new IllegalStateException("bug") }) {
            Exchange exchange = failedAttempt(1, f);
            assertFalse(policy.shouldRetry(exchange), f.getMessage());
            assertNull(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
        }
    }

    @Test
    void theBudgetEndsTheRetriesAndTheFailureStaysAsItWas() {
        EventFailure down = EventFailure.unavailable(503, "HisabKitab is unavailable: HTTP 503", null, null);
        Exchange last = failedAttempt(3, down);
        assertFalse(policy.shouldRetry(last));
        assertSame(down, last.getException());
        assertSame(down, RetryPolicy.explained(last, down), "no note without a capped Retry-After");
    }

    @Test
    void whenTheBudgetRunsOutAfterALongerRetryAfterThanTheCapTheDeadLetterSaysSo() {
        Exchange exchange = failedAttempt(1, EventFailure.unavailable(429, "HisabKitab is unavailable: HTTP 429", null,
                null, Duration.ofSeconds(120)));
        assertTrue(policy.shouldRetry(exchange));
        assertEquals(10_000L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class), "the cap");
        assertEquals(Duration.ofSeconds(120), exchange.getProperty(PipelineKeys.RETRY_AFTER_CAPPED));

        exchange.setProperty(PipelineKeys.ATTEMPTS, 3);
        exchange.setException(EventFailure.unavailable(503, "HisabKitab is unavailable: HTTP 503", null, null));
        assertFalse(policy.shouldRetry(exchange));
        EventFailure f = (EventFailure) RetryPolicy.explained(exchange, exchange.getException());
        assertEquals(503, f.httpStatus());
        assertTrue(f.getMessage().startsWith("HisabKitab is unavailable: HTTP 503 (gave up after 3 attempts; "
                + "HisabKitab asked to wait 120 s"), f.getMessage());
        assertTrue(f.getMessage().contains("hisabkitab.retry.max-delay-ms"), f.getMessage());
    }
}

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
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.outcome.EventFailure;

/** The retryWhile of routes/error-handling.yaml: whether to retry, the wait it sets, the note when it gives up. */
class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(new RetryDelays.Settings(3, Duration.ofMillis(500), 2,
            Duration.ofSeconds(10), 0), () -> 0.5);

    static CallState after(int attempts) {
        CallState call = CallState.of(ApiCall.of("acme", "company.details"));
        for (int i = 0; i < attempts; i++) {
            call = call.withAttempt();
        }
        return call;
    }

    @Test
    void anUnavailableCallIsRetriedAfterTheBackoff() {
        RetryPolicy.Decision first = policy.decide(EventFailure.unavailable(503, "down", null, null), after(1));
        assertTrue(first.retry());
        assertEquals(Duration.ofMillis(500), first.delay());
        RetryPolicy.Decision second = policy.decide(new IOException("Connection reset"), after(2));
        assertTrue(second.retry());
        assertEquals(Duration.ofMillis(1000), second.delay());
    }

    @Test
    void theWaitGoesToTheRedeliveryDelayHeaderCamelReadsAndTheStateBackToItsProperty() throws IOException {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(CallState.PROPERTY, after(1));
            exchange.setException(EventFailure.unavailable(429, "slow down", null, null, Duration.ofSeconds(120)));
            assertTrue(policy.shouldRetry(exchange));
            assertEquals(10_000L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class), "the cap");
            assertEquals(Duration.ofSeconds(120),
                    exchange.getProperty(CallState.PROPERTY, CallState.class).longestCappedRetryAfter());
        }
    }

    @Test
    void aRetryAfterIsWaited() {
        RetryPolicy.Decision limited = policy.decide(
                EventFailure.unavailable(429, "slow down", null, null, Duration.ofSeconds(3)), after(1));
        assertTrue(limited.retry());
        assertEquals(Duration.ofSeconds(3), limited.delay());
        assertNull(limited.state().longestCappedRetryAfter(), "not longer than the cap");
    }

    @Test
    void rejectionsRefusedKeysAndOpenBreakersAreNeverRetried() {
        for (Exception f : new Exception[] { EventFailure.rejected(422, "bad", null, null),
                EventFailure.rejected(200, "success false", null, null), EventFailure.authentication(401, "key", null),
                EventFailure.circuitOpen("open"), new IllegalStateException("bug") }) {
            RetryPolicy.Decision decision = policy.decide(f, after(1));
            assertFalse(decision.retry(), f.getMessage());
            assertNull(decision.delay());
        }
    }

    @Test
    void theBudgetEndsTheRetriesAndTheFailureStaysAsItWas() {
        EventFailure down = EventFailure.unavailable(503, "HisabKitab is unavailable: HTTP 503", null, null);
        RetryPolicy.Decision last = policy.decide(down, after(3));
        assertFalse(last.retry());
        assertSame(down, RetryPolicy.explained(last.state(), down), "no note without a capped Retry-After");
    }

    @Test
    void whenTheBudgetRunsOutAfterALongerRetryAfterThanTheCapTheDeadLetterSaysSo() {
        RetryPolicy.Decision first = policy.decide(EventFailure.unavailable(429, "HisabKitab is unavailable: HTTP 429",
                null, null, Duration.ofSeconds(120)), after(1));
        assertTrue(first.retry());
        assertEquals(Duration.ofSeconds(10), first.delay(), "the cap");
        assertEquals(Duration.ofSeconds(120), first.state().longestCappedRetryAfter());

        EventFailure down = EventFailure.unavailable(503, "HisabKitab is unavailable: HTTP 503", null, null);
        RetryPolicy.Decision last = policy.decide(down, first.state().withAttempt().withAttempt());
        assertFalse(last.retry());
        EventFailure f = (EventFailure) RetryPolicy.explained(last.state(), down);
        assertEquals(503, f.httpStatus());
        assertTrue(f.getMessage().startsWith("HisabKitab is unavailable: HTTP 503 (gave up after 3 attempts; "
                + "HisabKitab asked to wait 120 s"), f.getMessage());
        assertTrue(f.getMessage().contains("hisabkitab.retry.max-delay-ms"), f.getMessage());
    }

    @Test
    void aCallStateKeepsTheLongestCappedRetryAfter() {
        CallState call = after(1).withCappedRetryAfter(Duration.ofSeconds(120)).withCappedRetryAfter(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(120), call.longestCappedRetryAfter());
        assertEquals(Duration.ofSeconds(300),
                call.withCappedRetryAfter(Duration.ofSeconds(300)).longestCappedRetryAfter());
    }
}

package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.client.CircuitBreaker.State;
import dev.hisabkitab.sync.client.CircuitBreakers.Verdict;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/** The per-company breakers with a fake clock: one company's open breaker does not touch another's calls. */
class CircuitBreakersTest {

    final AtomicLong clock = new AtomicLong();
    final CircuitBreakers breakers = new CircuitBreakers(2, Duration.ofSeconds(30), clock::get);

    @Test
    void aCompanyWhoseCallsFailIsCutOffWhileAnotherCompanysCallsGoOn() {
        for (int i = 0; i < 2; i++) {
            breakers.report(breakers.permit("acme"), Verdict.OUTAGE);
        }
        assertEquals(State.OPEN, breakers.state("acme"));

        EventFailure fast = assertThrows(EventFailure.class, () -> breakers.permit("acme"));
        assertEquals(ErrorCategory.UNAVAILABLE, fast.category());
        assertFalse(fast.retryable(), "failing fast is not retried");
        assertTrue(fast.getMessage().contains("company 'acme'") && fast.getMessage().contains("circuit breaker"),
                fast.getMessage());
        assertTrue(fast.getMessage().contains("in about 30 s"), fast.getMessage());

        CircuitBreakers.Ticket other = breakers.permit("default");
        assertNotNull(other);
        breakers.report(other, Verdict.ANSWERED);
        assertEquals(State.CLOSED, breakers.state("default"));
        assertEquals(State.OPEN, breakers.state("acme"));
    }

    @Test
    void theProbeAfterTheOpenTimeClosesTheBreakerWhenHisabKitabAnswers() {
        breakers.report(breakers.permit("acme"), Verdict.OUTAGE);
        breakers.report(breakers.permit("acme"), Verdict.OUTAGE);
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        CircuitBreakers.Ticket probe = breakers.permit("acme");
        assertTrue(probe.probe());
        assertThrows(EventFailure.class, () -> breakers.permit("acme"), "one probe at a time");
        breakers.report(probe, Verdict.ANSWERED);
        assertEquals(State.CLOSED, breakers.state("acme"));
        assertFalse(breakers.permit("acme").probe());
    }

    @Test
    void answersNeverOpenTheBreakerAndFailuresBeforeTheCallDoNotCount() {
        for (int i = 0; i < 10; i++) {
            breakers.report(breakers.permit("acme"), Verdict.ANSWERED);
            breakers.report(breakers.permit("acme"), Verdict.NEITHER);
        }
        assertEquals(State.CLOSED, breakers.state("acme"));
    }

    @Test
    void aZeroThresholdMeansNoBreaker() {
        CircuitBreakers none = new CircuitBreakers(0, Duration.ofSeconds(30), clock::get);
        for (int i = 0; i < 10; i++) {
            assertNull(none.permit("acme"));
            none.report(null, Verdict.OUTAGE);
        }
        assertEquals(State.CLOSED, none.state("acme"));
    }

    @Test
    void whatAFailureSaysAboutHisabKitab() {
        assertEquals(Verdict.OUTAGE, CircuitBreakers.verdict(EventFailure.unavailable(503, "down", null, null)));
        assertEquals(Verdict.OUTAGE, CircuitBreakers.verdict(EventFailure.unavailable(408, "slow", null, null)));
        assertEquals(Verdict.OUTAGE, CircuitBreakers.verdict(new SocketTimeoutException("Read timed out")));
        assertEquals(Verdict.OUTAGE, CircuitBreakers.verdict(new RuntimeException(new ConnectException("refused"))));
        assertEquals(Verdict.OUTAGE, CircuitBreakers.verdict(new IOException("Connection reset")));
        assertEquals(Verdict.ANSWERED, CircuitBreakers.verdict(EventFailure.unavailable(429, "slow down", null, null)),
                "429: HisabKitab is there, it asks for fewer calls");
        assertEquals(Verdict.ANSWERED, CircuitBreakers.verdict(EventFailure.rejected(422, "bad", null, null)));
        assertEquals(Verdict.ANSWERED, CircuitBreakers.verdict(EventFailure.authentication(401, "key", null)));
        assertEquals(Verdict.NEITHER, CircuitBreakers.verdict(EventFailure.mapping("no key configured")));
        assertEquals(Verdict.NEITHER, CircuitBreakers.verdict(new IllegalStateException("bug")));
        assertEquals(Verdict.NEITHER, CircuitBreakers.verdict(null));
    }

    @Test
    void theCallStateHoldsTheTicketUntilTheAttemptsEndIsReported() {
        CallState call = CallState.of(ApiCall.of("acme", "company.details"));
        for (int i = 0; i < 2; i++) {
            CallState permitted = breakers.permit(call);
            assertNotNull(permitted.breakerTicket());
            assertNull(breakers.failed(permitted, new ConnectException("refused")).breakerTicket());
        }
        assertEquals(State.OPEN, breakers.state("acme"));
        assertThrows(EventFailure.class, () -> breakers.permit(call));

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        CallState probe = breakers.permit(call);
        assertTrue(probe.breakerTicket().probe());
        assertNull(breakers.answered(probe).breakerTicket());
        assertEquals(State.CLOSED, breakers.state("acme"));
    }
}

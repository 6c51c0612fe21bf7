package dev.hisabkitab.sync.client;

import java.time.Duration;

import dev.hisabkitab.sync.Envelope;

/**
 * What one HisabKitab call has been through so far, in the one exchange property {@value #PROPERTY}: the steps of
 * routes/hisabkitab-client.yaml take it and return the next one ({@code setProperty} with a {@code method:}), so the
 * route shows each change. Immutable: a retried attempt starts from the state the last one left.
 *
 * @param company                 the company whose key, breaker, bulkhead and rate limit the call uses
 * @param keyProbe                the call asks whether a paused company's key is accepted again (CompanyPauses): not
 *                                held back while the company is paused, a refusal not retried
 * @param attempts                how many times HisabKitab was called (a look-up before a create counts too)
 * @param breakerTicket           the circuit breaker's permit the running attempt holds, to report its end to; null
 *                                when none (no breaker, or reported)
 * @param bulkheadHeld            the running attempt holds one of its company's bulkhead slots, to give back
 * @param longestCappedRetryAfter the longest Retry-After HisabKitab asked for that was longer than the retry cap
 *                                (the connector waited less); null when none
 * @param retryNote               what the failure the call ends with says about that (RetryPolicy#explained); null
 *                                when nothing
 */
public record CallState(String company, boolean keyProbe, int attempts, CircuitBreakers.Ticket breakerTicket,
        boolean bulkheadHeld, Duration longestCappedRetryAfter, String retryNote) {

    /** The exchange property that holds it. */
    public static final String PROPERTY = "hkCallState";

    /** An event's call, not yet attempted. */
    public static CallState of(ApiCall call) {
        return new CallState(companyOf(call), false, 0, null, false, null, null);
    }

    /** A call that probes a paused company's key. */
    public static CallState probeOf(ApiCall call) {
        return new CallState(companyOf(call), true, 0, null, false, null, null);
    }

    /** The state the call goes on with: the one it has (a call tried before, a probe), else a new one. */
    public static CallState continued(CallState earlier, ApiCall call) {
        return earlier != null ? earlier : of(call);
    }

    /** The company a call uses: its own, else {@code default}. */
    static String companyOf(ApiCall call) {
        return call == null ? Envelope.DEFAULT_COMPANY : call.companyOrDefault();
    }

    /** One more time HisabKitab was called. */
    public CallState withAttempt() {
        return new CallState(company, keyProbe, attempts + 1, breakerTicket, bulkheadHeld, longestCappedRetryAfter,
                retryNote);
    }

    /** An attempt given back: a refused key's attempt does not spend the budget (RetryPolicy). */
    public CallState withoutAttempt() {
        return new CallState(company, keyProbe, Math.max(0, attempts - 1), breakerTicket, bulkheadHeld,
                longestCappedRetryAfter, retryNote);
    }

    public CallState withBreakerTicket(CircuitBreakers.Ticket ticket) {
        return new CallState(company, keyProbe, attempts, ticket, bulkheadHeld, longestCappedRetryAfter, retryNote);
    }

    public CallState withBulkheadHeld(boolean held) {
        return new CallState(company, keyProbe, attempts, breakerTicket, held, longestCappedRetryAfter, retryNote);
    }

    /** Remembers a Retry-After longer than the cap, keeping the longest. */
    public CallState withCappedRetryAfter(Duration retryAfter) {
        if (retryAfter == null || (longestCappedRetryAfter != null && longestCappedRetryAfter.compareTo(retryAfter) >= 0)) {
            return this;
        }
        return new CallState(company, keyProbe, attempts, breakerTicket, bulkheadHeld, retryAfter, retryNote);
    }

    public CallState withRetryNote(String note) {
        return new CallState(company, keyProbe, attempts, breakerTicket, bulkheadHeld, longestCappedRetryAfter, note);
    }
}

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
 * @param event                   whose call it is, for the log ({@code event E-1 (invoice.create)}); null for a
 *                                call of the connector's own (a key probe, a master look-up)
 * @param lookupReason            a create that may have been booked already (an earlier try or attempt left no
 *                                answer): it is looked up before it is sent, and this is what the reply says when it is
 *                                found (InterruptedWrites); null when nothing is to be looked up
 * @param adopted                 the record was found booked and adopted: it is not sent (again)
 */
public record CallState(String company, boolean keyProbe, int attempts, CircuitBreakers.Ticket breakerTicket,
        boolean bulkheadHeld, Duration longestCappedRetryAfter, String retryNote, String event, String lookupReason,
        boolean adopted) {

    /** The exchange property that holds it. */
    public static final String PROPERTY = "hkCallState";

    /** An event's call, not yet attempted. */
    public static CallState of(ApiCall call) {
        return new CallState(companyOf(call), false, 0, null, false, null, null, null, null, false);
    }

    /** An event's call, not yet attempted, and which event it is (for the log); {@code envelope} null: none. */
    public static CallState of(ApiCall call, Envelope envelope) {
        return of(call).withEvent(describe(envelope));
    }

    /** An event as the log names it: {@code event E-1 (invoice.create)}; null: none. */
    static String describe(Envelope envelope) {
        return envelope == null ? null : "event " + envelope.id() + " (" + envelope.type() + ")";
    }

    /** A call that probes a paused company's key. */
    public static CallState probeOf(ApiCall call) {
        return new CallState(companyOf(call), true, 0, null, false, null, null, null, null, false);
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
                retryNote, event, lookupReason, adopted);
    }

    /** An attempt given back: a refused key's attempt does not spend the budget (RetryPolicy). */
    public CallState withoutAttempt() {
        return new CallState(company, keyProbe, Math.max(0, attempts - 1), breakerTicket, bulkheadHeld,
                longestCappedRetryAfter, retryNote,
                event, lookupReason, adopted);
    }

    public CallState withBreakerTicket(CircuitBreakers.Ticket ticket) {
        return new CallState(company, keyProbe, attempts, ticket, bulkheadHeld, longestCappedRetryAfter,
                retryNote, event, lookupReason, adopted);
    }

    public CallState withBulkheadHeld(boolean held) {
        return new CallState(company, keyProbe, attempts, breakerTicket, held, longestCappedRetryAfter, retryNote,
                event, lookupReason, adopted);
    }

    /** Remembers a Retry-After longer than the cap, keeping the longest. */
    public CallState withCappedRetryAfter(Duration retryAfter) {
        if (retryAfter == null || (longestCappedRetryAfter != null && longestCappedRetryAfter.compareTo(retryAfter) >= 0)) {
            return this;
        }
        return new CallState(company, keyProbe, attempts, breakerTicket, bulkheadHeld, retryAfter, retryNote, event,
                lookupReason, adopted);
    }

    public CallState withRetryNote(String note) {
        return new CallState(company, keyProbe, attempts, breakerTicket, bulkheadHeld, longestCappedRetryAfter, note,
                event, lookupReason, adopted);
    }

    public CallState withEvent(String whose) {
        return new CallState(company, keyProbe, attempts, breakerTicket, bulkheadHeld, longestCappedRetryAfter,
                retryNote, whose, lookupReason, adopted);
    }

    /** To be looked up before it is sent, for this reason (null: nothing to look up any more). */
    public CallState withLookup(String reason) {
        return new CallState(company, keyProbe, attempts, breakerTicket, bulkheadHeld, longestCappedRetryAfter,
                retryNote, event, reason, adopted);
    }

    /** Found booked and adopted: not sent. */
    public CallState withAdopted() {
        return new CallState(company, keyProbe, attempts, breakerTicket, bulkheadHeld, longestCappedRetryAfter,
                retryNote, event, lookupReason, true);
    }

    /** The event's description for the log, else {@code a call}. */
    public String whose() {
        return event != null ? event : "a call";
    }
}

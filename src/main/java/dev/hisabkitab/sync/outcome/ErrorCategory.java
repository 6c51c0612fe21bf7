package dev.hisabkitab.sync.outcome;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an event could not complete (docs/contract.md, "Outcomes"). The one list of error categories. */
public enum ErrorCategory {
    /** Not JSON, not an envelope, unknown type, payload fails validation. */
    INVALID_EVENT("invalid-event"),
    /** A name that does not resolve, an unknown company, unbalanced journal, totals that cannot be computed. */
    MAPPING("mapping"),
    /** HisabKitab answered 4xx (but 401/403), or 200 with "success": false. Never retried. */
    REJECTED("rejected"),
    /** 5xx, 408, 429, timeouts or connection errors still failing after the retry budget; or the company's circuit
     *  breaker is open. */
    UNAVAILABLE("unavailable"),
    /**
     * HisabKitab refused the company's API key (401/403). Internal: not a dead-letter category (docs/contract.md, "Outcomes"): the
     * company pauses and its events wait until the key works ({@code client.CompanyPauses}); never in a record.
     */
    AUTHENTICATION("authentication");

    private final String code;

    ErrorCategory(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** Whether a dead letter may carry this category (docs/contract.md, "Outcomes" lists them); {@link #AUTHENTICATION} may not. */
    public boolean deadLetterCategory() {
        return this != AUTHENTICATION;
    }
}

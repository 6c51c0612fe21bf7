package dev.hisabkitab.sync.outcome;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an event ended as a dead letter (contract §3). The one list of error categories. */
public enum ErrorCategory {
    /** Not JSON, not an envelope, unknown type, payload fails validation. */
    INVALID_EVENT("invalid-event"),
    /** A name that does not resolve, an unknown company, unbalanced journal, totals that cannot be computed. */
    MAPPING("mapping"),
    /** HisabKitab answered 4xx, or 200 with "success": false. Never retried. */
    REJECTED("rejected"),
    /** 5xx, 429, timeouts or connection errors still failing after the retry budget. */
    UNAVAILABLE("unavailable");

    private final String code;

    ErrorCategory(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}

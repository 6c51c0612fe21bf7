package dev.hisabkitab.sync.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who may re-drive dead letters: a request to the re-drive endpoint carries {@code Authorization: Bearer <token>}
 * with the token configured as {@value #SETTING} (env {@code HISABKITAB_REDRIVE_TOKEN}, from a Kubernetes Secret).
 * Without a configured token the endpoint is off (503): re-drive can republish every dead letter, so it is never
 * open by default. The token is compared in constant time and never shown ({@link #toString}).
 */
public final class RedriveToken {

    public static final String SETTING = "hisabkitab.redrive.token";
    /** Realm of the {@code WWW-Authenticate} challenge. */
    static final String REALM = "hisabkitab-redrive";
    /** Shorter tokens are refused at the start: a guessable token is no protection. */
    public static final int MIN_LENGTH = 16;

    /** The verdict on one request: its HTTP status (200 = allowed) and, when refused, why (never the token). */
    public record Verdict(int status, String reason) {
        public boolean allowed() {
            return status == 200;
        }
    }

    private final byte[] expected;

    /**
     * @param token the configured token; empty or blank: re-drive is off
     * @throws IllegalArgumentException when the token is shorter than {@value #MIN_LENGTH} characters
     */
    public RedriveToken(Optional<String> token) {
        String t = token.map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (t != null && t.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(SETTING + " (HISABKITAB_REDRIVE_TOKEN) is shorter than " + MIN_LENGTH
                    + " characters: make one with e.g. openssl rand -hex 32");
        }
        this.expected = t == null ? null : sha256(t);
    }

    public boolean configured() {
        return expected != null;
    }

    /** Judges a request by its {@code Authorization} header (null when it had none). */
    public Verdict check(String authorization) {
        if (expected == null) {
            return new Verdict(503, "Re-drive is not configured: set " + SETTING
                    + " (HISABKITAB_REDRIVE_TOKEN) to a token and send it as Authorization: Bearer <token>");
        }
        if (authorization == null || authorization.isBlank()) {
            return new Verdict(401, "Re-drive needs Authorization: Bearer <token> (" + SETTING + ")");
        }
        String a = authorization.trim();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Verdict(401, "Re-drive takes only a bearer token: Authorization: Bearer <token>");
        }
        // digests of equal length, compared in constant time: neither the token's content nor its length leaks
        if (!MessageDigest.isEqual(expected, sha256(a.substring(7).trim()))) {
            return new Verdict(401, "Re-drive refused: wrong token");
        }
        return new Verdict(200, null);
    }

    /** The challenge a 401 answer carries. */
    public static String challenge() {
        return "Bearer realm=\"" + REALM + "\"";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return configured() ? "re-drive token [hidden]" : "no re-drive token (re-drive off)";
    }
}

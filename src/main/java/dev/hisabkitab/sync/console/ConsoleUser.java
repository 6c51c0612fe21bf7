package dev.hisabkitab.sync.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * One console login from the users file: a name, one role ({@code viewer} sees, {@code operator} also uploads and
 * re-drives) and how its password is checked. A line reads {@code name = role:pbkdf2-sha256:<iterations>:<salt hex>:<hash
 * hex>} ({@code bin/console-password} makes one) or, for a demo only, {@code name = role:plain:<password>}. Pure: parses
 * and checks, reads no file.
 */
public record ConsoleUser(String name, String role, String scheme, int iterations, byte[] salt, byte[] expected) {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    static final Set<String> ROLES = Set.of(VIEWER, OPERATOR);
    private static final String PBKDF2 = "pbkdf2-sha256";
    private static final String PLAIN = "plain";

    /** The user a line of the users file gives; its message names the user and what is wrong, never the password. */
    public static ConsoleUser parse(String name, String value) {
        String[] parts = value.strip().split(":", -1);
        String role = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!ROLES.contains(role)) {
            // the value is not repeated: a line without its role may be a password
            throw new IllegalArgumentException("Console user " + name + ": the line must begin with the role, viewer or "
                    + "operator (name = role:pbkdf2-sha256:…)");
        }
        String scheme = parts.length > 1 ? parts[1].strip() : "";
        if (scheme.equals(PLAIN) && parts.length >= 3) {
            String password = value.strip().substring(value.strip().indexOf(PLAIN + ":") + PLAIN.length() + 1);
            return new ConsoleUser(name, role, PLAIN, 0, new byte[0], password.getBytes(StandardCharsets.UTF_8));
        }
        if (scheme.equals(PBKDF2) && parts.length == 5) {
            try {
                int iterations = Integer.parseInt(parts[2].strip());
                HexFormat hex = HexFormat.of();
                byte[] salt = hex.parseHex(parts[3].strip());
                byte[] hash = hex.parseHex(parts[4].strip());
                if (iterations < 1 || salt.length < 8 || hash.length < 16) {
                    throw new IllegalArgumentException("too weak");
                }
                return new ConsoleUser(name, role, PBKDF2, iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Console user " + name + ": the password hash is not "
                        + "pbkdf2-sha256:<iterations>:<salt hex, 8 bytes or more>:<hash hex, 16 bytes or more> "
                        + "(bin/console-password makes one)");
            }
        }
        throw new IllegalArgumentException("Console user " + name + ": after the role comes pbkdf2-sha256:… "
                + "(bin/console-password makes it) or, for a demo, plain:<password>");
    }

    /** Whether this user's password is stored in plain text (for the demo and the tests only). */
    public boolean plainText() {
        return scheme.equals(PLAIN);
    }

    /**
     * The work of checking a password for a name nobody has, so that a refused name takes as long as a refused
     * password (the answer's time does not tell which names exist).
     */
    static void checkNobody(char[] password) {
        pbkdf2(password, new byte[16], NOBODY_ITERATIONS, 32);
    }

    /** As many iterations as bin/console-password uses. */
    static final int NOBODY_ITERATIONS = 600_000;

    /** Whether the password given at login is this user's; takes the same time whether it matches early or not. */
    public boolean accepts(char[] password) {
        byte[] given;
        if (scheme.equals(PLAIN)) {
            given = new String(password).getBytes(StandardCharsets.UTF_8);
        } else {
            given = pbkdf2(password, salt, iterations, expected.length);
        }
        return MessageDigest.isEqual(given, expected);
    }

    static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this Java", e);
        }
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + name + ", " + role + "]";
    }
}

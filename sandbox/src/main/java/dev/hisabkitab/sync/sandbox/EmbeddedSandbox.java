package dev.hisabkitab.sync.sandbox;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's one entry point for an application that starts it inside its own JVM without compiling against it:
 * the connector's demo profile ({@code dev.hisabkitab.sync.demo.DemoStandIn}) calls {@link #start(Map)} by name, on
 * the class path or from the sandbox jar, and stops it by closing what it returns.
 */
public final class EmbeddedSandbox {

    /** The port, 0 for any free one (setting {@value}). */
    public static final String PORT = "port";
    /** The accepted API keys, a comma list, one company each. */
    public static final String API_KEYS = "api-keys";
    /** {@link LedgerAnswerShape} by name; absent: documented. */
    public static final String LEDGER_ANSWER_SHAPE = "ledger-answer-shape";
    /** {@code true}: a used document number or master name is booked again. */
    public static final String ACCEPT_REPEATED_NUMBERS = "accept-repeated-numbers";

    private EmbeddedSandbox() {
    }

    /**
     * Starts a sandbox on 127.0.0.1 for these settings (keys as above, values as text).
     *
     * @return the running sandbox (a {@link HisabKitabSandbox}): closing it stops it
     * @throws IllegalArgumentException for a missing key list, a port or shape that does not parse
     */
    public static AutoCloseable start(Map<String, String> settings) {
        Set<String> keys = new LinkedHashSet<>();
        Arrays.stream(settings.getOrDefault(API_KEYS, "").split(",")).map(String::trim).filter(k -> !k.isEmpty())
                .forEach(keys::add);
        HisabKitabSandbox sandbox = HisabKitabSandbox.start(Integer.parseInt(settings.getOrDefault(PORT, "0").trim()), keys);
        try {
            sandbox.ledgerAnswerShape(LedgerAnswerShape.of(settings.getOrDefault(LEDGER_ANSWER_SHAPE, "documented")));
            sandbox.acceptRepeatedNumbers(Boolean.parseBoolean(settings.getOrDefault(ACCEPT_REPEATED_NUMBERS, "false").trim()));
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }
}

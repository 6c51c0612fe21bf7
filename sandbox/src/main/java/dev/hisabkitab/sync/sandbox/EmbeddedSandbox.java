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

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EmbeddedSandbox.class);

    /** The port, 0 for any free one (setting {@value}). */
    public static final String PORT = "port";
    /** The accepted API keys, a comma list, one company each. */
    public static final String API_KEYS = "api-keys";
    /** {@link LedgerAnswerShape} by name; absent: documented. */
    public static final String LEDGER_ANSWER_SHAPE = "ledger-answer-shape";
    /** {@code true}: a used document number or master name is booked again. */
    public static final String ACCEPT_REPEATED_NUMBERS = "accept-repeated-numbers";
    /** {@code false}: the companies' document series have no prefix of their own (numbers shown as sent). */
    public static final String SERIES_PREFIXES = "series-prefixes";
    /** A file the sandbox keeps its accepted writes in and replays at start; absent or blank: memory only. */
    public static final String STATE_FILE = "state-file";

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
            sandbox.seriesPrefixes(Boolean.parseBoolean(settings.getOrDefault(SERIES_PREFIXES, "true").trim()));
            String stateFile = settings.getOrDefault(STATE_FILE, "").trim();
            if (!stateFile.isEmpty()) {
                java.nio.file.Path file = java.nio.file.Path.of(stateFile);
                int replayed = sandbox.keepStateIn(file);
                LOG.infof("The sandbox keeps what it is sent in %s (%d earlier write(s) replayed): delete that file together "
                        + "with the connector's completed ids to start afresh", file.toAbsolutePath(), replayed);
            }
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }
}

package dev.hisabkitab.sync.sandbox;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Starts the HisabKitab sandbox inside the application (demo profile) when {@value #ENABLED}{@code =true}: on
 * {@value #PORT} (default 8089) accepting the comma-separated keys of {@value #API_KEYS}. Refuses to start the
 * application when the sandbox is enabled in the prod profile.
 */
@ApplicationScoped
public class SandboxLauncher {

    public static final String ENABLED = "hisabkitab.sandbox.enabled";
    public static final String PORT = "hisabkitab.sandbox.port";
    public static final String API_KEYS = "hisabkitab.sandbox.api-keys";
    public static final String LEDGER_ANSWER_SHAPE = "hisabkitab.sandbox.ledger-answer-shape";
    public static final String ACCEPT_REPEATED_NUMBERS = "hisabkitab.sandbox.accept-repeated-numbers";

    private static final Logger LOG = Logger.getLogger(SandboxLauncher.class);

    @ConfigProperty(name = ENABLED, defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = PORT, defaultValue = "8089")
    int port;

    @ConfigProperty(name = API_KEYS)
    Optional<List<String>> apiKeys;

    @ConfigProperty(name = LEDGER_ANSWER_SHAPE, defaultValue = "documented")
    String ledgerAnswerShape;

    @ConfigProperty(name = ACCEPT_REPEATED_NUMBERS, defaultValue = "false")
    boolean acceptRepeatedNumbers;

    private volatile HisabKitabSandbox sandbox;

    /** Before Camel configures its routes, so the sandbox answers from the first event a route takes. */
    void onStart(@Observes BeforeConfigure event) {
        sandbox = start(enabled, port, apiKeys.orElse(List.of()), ConfigUtils.getProfiles());
        if (sandbox != null) {
            sandbox.ledgerAnswerShape(LedgerAnswerShape.of(ledgerAnswerShape));
            sandbox.acceptRepeatedNumbers(acceptRepeatedNumbers);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        HisabKitabSandbox s = sandbox;
        sandbox = null;
        if (s != null) {
            s.close();
        }
    }

    /** The running sandbox, when enabled. */
    public Optional<HisabKitabSandbox> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    /**
     * The launch decision: null when disabled; refuses the prod profile and an empty key list.
     *
     * @throws IllegalStateException naming the setting when the sandbox must not or cannot start
     */
    static HisabKitabSandbox start(boolean enabled, int port, List<String> apiKeys, List<String> activeProfiles) {
        if (!enabled) {
            return null;
        }
        if (activeProfiles.contains("prod")) {
            throw new IllegalStateException(ENABLED + "=true is not allowed in the prod profile: the sandbox is a stand-in "
                    + "for HisabKitab and must never answer in production. Set " + ENABLED + "=false, or run a non-prod "
                    + "profile such as demo (-Dquarkus.profile=demo).");
        }
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (String k : apiKeys) {
            if (k != null && !k.isBlank()) {
                keys.add(k.trim());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(ENABLED + "=true needs at least one key in " + API_KEYS + " (a comma list).");
        }
        HisabKitabSandbox s = HisabKitabSandbox.start(port, keys);
        LOG.infof("HisabKitab sandbox enabled (%s) at %s for %d API key(s)", ENABLED, s.baseUrl(), keys.size());
        return s;
    }
}

package dev.hisabkitab.sync.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The HisabKitab API key of each company (docs/contract.md, "Settings"): {@code hisabkitab.api-key} for company
 * {@code default}, {@code hisabkitab.companies.<name>.api-key} for the others. Keys are read from
 * configuration when needed and never logged or copied into outcomes.
 */
@ApplicationScoped
public class ApiKeys {

    public static final String DEFAULT_KEY = "hisabkitab.api-key";

    @Inject
    Config config;

    public static String settingFor(String company) {
        return Envelope.DEFAULT_COMPANY.equals(company) ? DEFAULT_KEY : "hisabkitab.companies." + company + ".api-key";
    }

    /** Keys found, per company (configuration does not change while running; a look-up costs more than a call). */
    private final Map<String, String> found = new ConcurrentHashMap<>();

    /** The key for a company, when one is configured. */
    public Optional<String> find(String company) {
        String key = found.get(company);
        if (key != null) {
            return Optional.of(key);
        }
        // companies without a key are not remembered: any name can come in an envelope
        Optional<String> configured = config.getOptionalValue(settingFor(company), String.class).filter(k -> !k.isBlank());
        configured.ifPresent(k -> found.put(company, k));
        return configured;
    }

    /** Fails with a {@code mapping} failure naming the setting to add when the company has no key. */
    public void requireKeyFor(String company) {
        if (find(company).isEmpty()) {
            throw EventFailure.mapping("No HisabKitab API key for company '" + company + "': set " + settingFor(company));
        }
    }
}

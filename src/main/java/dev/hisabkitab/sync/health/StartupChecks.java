package dev.hisabkitab.sync.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.client.ApiKeys;
import dev.hisabkitab.sync.client.CircuitBreakers;
import dev.hisabkitab.sync.client.RetryPolicy;
import dev.hisabkitab.sync.kafka.RedriveToken;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start the production profile without an API key, before any route can take an event
 * (an event taken without a key could only fail); and refuses retry and circuit-breaker settings out of range, and a
 * re-drive token too short to protect anything. Says once when re-drive is off (Kafka on, no token), and when console
 * sessions have no key of their own.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);

    @Inject
    RetryPolicy retryPolicy;

    @Inject
    CircuitBreakers circuitBreakers;

    void beforeRoutes(@Observes BeforeConfigure event) {
        // both check their settings when made: an out-of-range hisabkitab.retry.* or .circuit-breaker.* stops the start
        retryPolicy.settings();
        circuitBreakers.failureThreshold();
        requireApiKeyInProd(ConfigUtils.getProfiles().contains(LaunchMode.NORMAL.getDefaultProfile()),
                ConfigProvider.getConfig().getOptionalValue(ApiKeys.DEFAULT_KEY, String.class).orElse(""));
        Config config = ConfigProvider.getConfig();
        RedriveToken redrive = new RedriveToken(config.getOptionalValue(RedriveToken.SETTING, String.class));
        if (!redrive.configured() && !config.getOptionalValue("kafka.brokers", String.class).orElse("").isBlank()) {
            LOG.warnf("Re-drive of dead letters is off (answers 503): no %s (HISABKITAB_REDRIVE_TOKEN)",
                    RedriveToken.SETTING);
        }
        // Quarkus's own warning would print the key it makes instead (kept out of the log: application.properties)
        if (config.getOptionalValue("quarkus.http.auth.session.encryption-key", String.class).orElse("").isBlank()) {
            LOG.warn("Console sessions are sealed with a key made at this start (no HISABKITAB_CONSOLE_SESSION_KEY): "
                    + "logins end with a restart and do not hold across replicas");
        }
    }

    static void requireApiKeyInProd(boolean prod, String apiKey) {
        if (prod && apiKey.isBlank()) {
            throw new IllegalStateException("No HisabKitab API key: set hisabkitab.api-key in application.properties "
                    + "or the environment variable HISABKITAB_API_KEY (the prod profile does not start without it)");
        }
    }
}

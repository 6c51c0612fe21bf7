package dev.hisabkitab.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.hisabkitab.sync.client.ApiKeys;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start the production profile without an API key, before any route can take an event
 * (an event taken without a key could only fail).
 */
@ApplicationScoped
public class StartupChecks {

    void beforeRoutes(@Observes BeforeConfigure event) {
        requireApiKeyInProd(ConfigUtils.getProfiles().contains(LaunchMode.NORMAL.getDefaultProfile()),
                ConfigProvider.getConfig().getOptionalValue(ApiKeys.DEFAULT_KEY, String.class).orElse(""));
    }

    static void requireApiKeyInProd(boolean prod, String apiKey) {
        if (prod && apiKey.isBlank()) {
            throw new IllegalStateException("No HisabKitab API key: set hisabkitab.api-key in application.properties "
                    + "or the environment variable HISABKITAB_API_KEY (the prod profile does not start without it)");
        }
    }
}

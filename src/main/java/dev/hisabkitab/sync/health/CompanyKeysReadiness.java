package dev.hisabkitab.sync.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.hisabkitab.sync.client.CompanyPauses;

/**
 * Readiness (/q/health/ready) is DOWN while HisabKitab refuses a company's API key: its events wait
 * ({@link CompanyPauses}). The data names each paused company and why (never the key), e.g.
 * {@code "acme": "HisabKitab refused the API key (HTTP 401) since …; its events wait, …"}.
 */
@Readiness
@ApplicationScoped
public class CompanyKeysReadiness implements HealthCheck {

    public static final String NAME = "hisabkitab-company-keys";

    @Inject
    CompanyPauses pauses;

    @Override
    public HealthCheckResponse call() {
        Map<String, CompanyPauses.Pause> paused = pauses.paused();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(paused.isEmpty());
        paused.forEach((company, pause) -> response.withData(company, pause.describe(pauses.probeInterval())));
        return response.build();
    }
}

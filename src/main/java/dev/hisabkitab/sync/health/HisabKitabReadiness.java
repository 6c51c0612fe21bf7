package dev.hisabkitab.sync.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.hisabkitab.sync.client.CircuitBreaker;
import dev.hisabkitab.sync.client.CircuitBreakers;

/**
 * Readiness (/q/health/ready) is DOWN while HisabKitab is unreachable for a company: its circuit breaker opened after
 * {@code hisabkitab.circuit-breaker.failure-threshold} outages in a row and its calls fail fast. The data names each
 * such company; the check is UP again once a probe call through the breaker succeeds.
 */
@Readiness
@ApplicationScoped
public class HisabKitabReadiness implements HealthCheck {

    public static final String NAME = "hisabkitab-reachable";

    @Inject
    CircuitBreakers breakers;

    @Override
    public HealthCheckResponse call() {
        var unreachable = breakers.notClosed();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(unreachable.isEmpty());
        unreachable.forEach((company, state) -> response.withData(company, state == CircuitBreaker.State.OPEN
                ? "HisabKitab unavailable " + breakers.failureThreshold() + " times in a row: calls fail fast for now"
                : "HisabKitab unavailable: one call is probing whether it is back"));
        return response.build();
    }
}

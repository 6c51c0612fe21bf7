package dev.hisabkitab.sync.k8s;

/**
 * The HTTP paths Kubernetes and Prometheus use: Quarkus's defaults under the non-application root {@code /q}
 * (smallrye-health: /q/health/live and /q/health/ready; micrometer's Prometheus registry: /q/metrics).
 * ExposedPathsTest asks the running application for each.
 */
final class HealthPaths {

    static final String LIVENESS = "/q/health/live";
    static final String READINESS = "/q/health/ready";
    static final String METRICS = "/q/metrics";

    private HealthPaths() {
    }
}

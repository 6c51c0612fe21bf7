package dev.hisabkitab.sync.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.hisabkitab.sync.kafka.KafkaAccess;
import dev.hisabkitab.sync.kafka.KafkaAccessProblem;

/**
 * Readiness (/q/health/ready) is DOWN while Kafka refuses the connector's settings ({@link KafkaAccess}: no route
 * runs, no event is taken). The data says what is wrong and which setting to check, never a value, e.g.
 * {@code "problem": "Kafka refused the SASL login: check hisabkitab.kafka.client.sasl.jaas.config
 * (HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG): …"}, with the Kafka client's own words (secrets masked), since when,
 * the tries so far and the next one.
 */
@Readiness
@ApplicationScoped
public class KafkaAccessReadiness implements HealthCheck {

    public static final String NAME = "kafka-access";

    @Inject
    KafkaAccess access;

    @Override
    public HealthCheckResponse call() {
        var refusal = access.refusal();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(refusal.isEmpty());
        refusal.ifPresent(r -> {
            KafkaAccessProblem problem = r.problem();
            response.withData("problem", problem.describe());
            if (problem.setting() != null) {
                response.withData("setting", problem.property());
                response.withData("environment variable", problem.environmentVariable());
            }
            if (!r.detail().isEmpty()) {
                response.withData("kafka says", r.detail());
            }
            response.withData("since", r.since().toString());
            response.withData("tries", r.tries());
            if (r.nextTry() != null) {
                response.withData("next try", r.nextTry().toString());
            }
        });
        return response.build();
    }
}

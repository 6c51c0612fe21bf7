package dev.hisabkitab.sync.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Shows and checks the {@code @QuarkusTest} wiring of {@link KafkaBrokerResource}: the application gets the
 * broker through {@code kafka.brokers}, the test gets the broker and a client injected, and a Camel Kafka route
 * keeps working across a broker stop/restart.
 */
@QuarkusTest
@TestProfile(KafkaBrokerResourceTest.EchoRouteProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = KafkaBrokerResource.TOPICS, value = "smoke.in,smoke.out"),
        @ResourceArg(name = KafkaBrokerResource.PARTITIONS, value = "3") })
class KafkaBrokerResourceTest {

    /**
     * Only this profile builds the echo route, so other {@code @QuarkusTest}s never see it. (No
     * {@code camel.component.kafka.brokers=${kafka.brokers}} here: profile overrides become system properties,
     * which Camel main reads without expanding {@code ${...}}; the route names {@code {{kafka.brokers}}} itself.
     * In application.properties the mapping works.)
     */
    public static class EchoRouteProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka-broker-smoke.enabled", "true",
                    "quarkus.kafka.devservices.enabled", "false",
                    "quarkus.devservices.enabled", "false");
        }
    }

    @ApplicationScoped
    @IfBuildProperty(name = "kafka-broker-smoke.enabled", stringValue = "true")
    public static class EchoRoute extends RouteBuilder {
        @Override
        public void configure() {
            from("kafka:smoke.in?brokers={{kafka.brokers}}&groupId=kafka-broker-smoke&autoOffsetReset=earliest")
                    .routeId("kafka-broker-smoke-echo")
                    .setBody(simple("echo:${body}"))
                    .to("kafka:smoke.out?brokers={{kafka.brokers}}");
        }
    }

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @Test
    void appAndTestShareTheBrokerAndTheRouteSurvivesARestart() {
        assertNotNull(broker, "KafkaBroker injected");
        assertNotNull(kafka, "KafkaTestClient injected");
        assertEquals(broker.bootstrapServers(),
                ConfigProvider.getConfig().getValue("kafka.brokers", String.class));
        assertTrue(broker.topics().containsAll(List.of("smoke.in", "smoke.out")));

        kafka.produce("smoke.in", "order-1", "hello", Map.of("source", "erp-a"));
        ConsumedRecord echoed = kafka.consumeFirst("smoke.out", r -> r.value().equals("echo:hello"));
        assertEquals("order-1", echoed.key());
        assertEquals("erp-a", echoed.header("source"));

        broker.restart();

        kafka.produce("smoke.in", "order-2", "again");
        List<ConsumedRecord> out = kafka.consumeUntil("smoke.out",
                rs -> rs.stream().anyMatch(r -> r.value().equals("echo:again")));
        assertEquals(1, out.stream().filter(r -> r.value().equals("echo:hello")).count(),
                "the first record is not processed twice after the restart: " + out);
    }
}

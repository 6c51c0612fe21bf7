package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.client.AdaptiveConcurrencyLimit;
import dev.hisabkitab.sync.client.CompanyBulkheads;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A HisabKitab that answers slower than the response timeout is unavailable, retried, then a dead letter. */
@QuarkusTest
@TestProfile(HttpTimeoutTest.ShortTimeout.class)
@WithTestResource(SandboxResource.class)
class HttpTimeoutTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camel.component.http.response-timeout", "300", "camel.component.http.so-timeout", "300",
                    "hisabkitab.retry.max-attempts", "2");
        }
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    CompanyBulkheads bulkheads;

    @AfterEach
    void clearFaults() {
        SandboxResource.sandbox().faults().clear();
    }

    @Test
    void aResponseSlowerThanTheTimeoutEndsAsUnavailableAfterTheRetryBudget() {
        SandboxResource.sandbox().faults().latency(Duration.ofMillis(1500));
        bulkheads.reset();
        long start = System.nanoTime();

        Outcome outcome = producer.requestBody("direct:process-event",
                Events.envelope("slow-1", "api.gst-rate.list", null).toString(), Outcome.class);

        DeadLetter dead = assertInstanceOf(DeadLetter.class, outcome);
        assertEquals(ErrorCategory.UNAVAILABLE, dead.error().category());
        assertEquals(2, dead.attempts());
        assertTrue(dead.error().message().startsWith("Could not reach HisabKitab"), dead.error().message());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500 * 2,
                "each attempt must give up at the response timeout, not wait for the slow answer");
        assertTrue(bulkheads.limit("default").orElseThrow() < AdaptiveConcurrencyLimit.INITIAL,
                "no answer in time is an overload: the company's limit shrank");
    }
}

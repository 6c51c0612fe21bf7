package dev.hisabkitab.sync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.hisabkitab.sync.bench.BenchResult.Side;

/**
 * The throughput benchmark ({@code bench/throughput.sh}) in small: the same harness with its real parts (broker,
 * sandbox, packaged connector and plain route, each a process of its own), 300 events over 40 keys at 5 ms latency.
 * Checks counts (one outcome per event, no dead letter) and per-key order on both sides; asserts no timing. Its
 * output (table, logs, metrics snapshots) is in target/bench-smoke.
 */
class ThroughputSmokeIT {

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyEventHasOneOutcomeInKeyOrderThroughTheConnectorAndThePlainRoute() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        BenchConfig config = new BenchConfig(300, 50, 5, 40, 5, 4, 8, "smoke test", 0.5, 300, 1, Duration.ofSeconds(120), 2, 30, 30,
                repo.resolve("target/bench-smoke"),
                Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath(), repo, "-Xmx256m",
                7L);

        BenchResult result = new ThroughputBench(config).run();

        assertTrue(result.ok(), () -> "failures: " + result.failures() + "\n" + result.table());
        for (Side side : new Side[] {result.connector(), result.plain()}) {
            assertEquals(300, side.events(), side.name());
            assertEquals(300, side.outcomes(), side.name() + ": events with an outcome");
            assertEquals(300, side.records(), side.name() + ": outcome records");
            assertEquals(0, side.deadLetters(), side.name() + ": dead letters");
            assertEquals(40, side.keysChecked(), side.name() + ": keys");
            assertEquals(0, side.orderViolations(), () -> side.name() + ": per-key order " + side.orderExamples());
        }
        assertNotNull(result.paced(), "the paced phase ran");
        assertEquals(30, result.paced().outcomes());
        assertEquals(0, result.paced().orderViolations());
        assertTrue(Files.exists(config.dir().resolve("results.md")));
        try (var snapshots = Files.list(config.dir().resolve("metrics"))) {
            assertTrue(snapshots.anyMatch(f -> f.getFileName().toString().matches("\\d+\\.prom")), "metrics snapshots written");
        }
    }
}

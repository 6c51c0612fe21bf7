package dev.hisabkitab.sync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.hisabkitab.sync.bench.BenchResult.ConnectorRun;
import dev.hisabkitab.sync.bench.BenchResult.FileDrop;
import dev.hisabkitab.sync.bench.BenchResult.Side;

/**
 * The throughput benchmark ({@code bench/throughput.sh}) in small: the same harness with its real parts (broker,
 * sandbox, packaged connector and plain route, each a process of its own), 300 events over 40 keys at 5 ms latency,
 * the connector once over the PLAINTEXT and once over the SASL_SSL listener (SCRAM-SHA-512 with TLS, its settings in
 * the environment), each run also dropping a 300-row invoices file over the same 40 parties into its inbox. Checks
 * counts (one outcome per event, one report row and one outcome per file row, no dead letter), per-key order on every
 * side, per-party file order and that no log holds a secret; asserts no timing. Its output (table, logs, metrics snapshots) is in target/bench-smoke.
 */
class ThroughputSmokeIT {

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyEventHasOneOutcomeInKeyOrderThroughTheConnectorOnBothListenersAndThePlainRoute() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        BenchConfig config = new BenchConfig(300, 50, 5, 40, 5, 4, 8, "smoke test", 0.5, 300, 4, Duration.ofSeconds(120), 2, 30, 30,
                repo.resolve("target/bench-smoke"),
                Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath(), repo, "-Xmx256m",
                7L, List.of(Listener.PLAINTEXT, Listener.SASL_SSL), List.of(5L), 8, "smoke test", 300, Duration.ofSeconds(180), 0,
                List.of(), Duration.ofSeconds(60), 20);

        BenchResult result = new ThroughputBench(config).run();

        assertTrue(result.ok(), () -> "failures: " + result.failures() + "\n" + result.table());
        assertEquals(List.of(Listener.PLAINTEXT, Listener.SASL_SSL), result.connectors().stream().map(ConnectorRun::listener).toList());
        List<Side> sides = new ArrayList<>(result.connectors().stream().map(ConnectorRun::load).toList());
        sides.add(result.plain());
        for (Side side : sides) {
            assertEquals(300, side.events(), side.name());
            assertEquals(300, side.outcomes(), side.name() + ": events with an outcome");
            assertEquals(300, side.records(), side.name() + ": outcome records");
            assertEquals(0, side.deadLetters(), side.name() + ": dead letters");
            assertEquals(40, side.keysChecked(), side.name() + ": keys");
            assertEquals(0, side.orderViolations(), () -> side.name() + ": per-key order " + side.orderExamples());
        }
        for (ConnectorRun run : result.connectors()) {
            assertNotNull(run.paced(), () -> run.listener() + ": the paced phase ran");
            assertEquals(30, run.paced().outcomes(), () -> run.listener() + ": paced outcomes");
            assertEquals(0, run.paced().orderViolations(), () -> run.listener() + ": paced per-key order");
            // the file drop: 300 invoice rows over the 40 parties, one report row and one outcome on Kafka each, in
            // each party's file order
            FileDrop file = run.file();
            assertNotNull(file, () -> run.listener() + ": the file-drop phase ran");
            assertTrue(file.done(), () -> run.listener() + ": the file is in .done/");
            assertEquals(300, file.reportRows(), () -> run.listener() + ": report rows");
            assertEquals(300, file.reportOk(), () -> run.listener() + ": report rows ok");
            assertEquals(300, file.outcomes(), () -> run.listener() + ": documents with an outcome on Kafka");
            assertEquals(300, file.outcomeRecords(), () -> run.listener() + ": outcome records of the file");
            assertEquals(0, file.deadLetters(), () -> run.listener() + ": file dead letters");
            assertEquals(40, file.partiesChecked(), () -> run.listener() + ": parties");
            assertEquals(0, file.orderViolations() + file.reportOrderViolations(),
                    () -> run.listener() + ": per-party file order " + file.orderExamples());
        }
        // the connector logs its Kafka client settings (secrets masked) at the start: the second one took the SASL_SSL
        // settings from its environment, the first had none
        String saslLog = Files.readString(config.dir().resolve("logs/connector-sasl-ssl.log"));
        assertTrue(saslLog.contains("security.protocol=SASL_SSL") && saslLog.contains("sasl.mechanism=SCRAM-SHA-512")
                && saslLog.contains("sasl.jaas.config=[hidden]"), "the SASL_SSL run's connector: SCRAM over SASL_SSL");
        assertFalse(Files.readString(config.dir().resolve("logs/connector.log")).contains("security.protocol=SASL_SSL"),
                "the PLAINTEXT run's connector: no security settings");
        assertTrue(Files.readString(config.dir().resolve("results.md")).contains("hisabkitab-sync, SASL_SSL"));
        for (String metrics : List.of("metrics", "metrics-sasl-ssl")) {
            try (var snapshots = Files.list(config.dir().resolve(metrics))) {
                assertTrue(snapshots.anyMatch(f -> f.getFileName().toString().matches("\\d+\\.prom")), metrics + ": snapshots written");
            }
        }
    }
}

package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a benchmark run does. {@link #fromSystemProperties()} reads {@code -Dbench.*} (bench/throughput.sh sets them
 * from its argument and environment; docs/performance.md).
 *
 * @param events N, the events of the load phase through the connector
 * @param warmupEvents events through the connector before the load phase, not measured
 * @param latencyMs L, the sandbox's added latency per API call (and per webhook call of the plain route)
 * @param keys Kafka record keys (one customer each)
 * @param items items the invoices name
 * @param partitions partitions of the event (and outcome) topics
 * @param maxInFlight C, the connector's configured maximum of events in flight
 * @param maxInFlightSource where C came from
 * @param businessShare share of business {@code invoice.create} events (the rest raw {@code api.sale.create-item})
 * @param plainEvents events through the plain route (the first of the same sequence)
 * @param plainConsumers camel-kafka consumersCount of the plain route (Camel's default: 1)
 * @param loadTimeout how long the load phase may take before the run fails
 * @param pacedSeconds how long the paced phase should last (at half the measured throughput, at most C / L / 2)
 * @param pacedMinEvents fewest events of the paced phase
 * @param pacedEvents events of the paced phase (0: from pacedSeconds and the rate)
 * @param dir output directory: logs, metrics snapshots, results (those of the previous run are deleted first)
 * @param jar the packaged connector
 * @param repo the project directory (plain route file, application.properties)
 * @param connectorJavaOptions JVM options of the connector
 * @param seed the workload's random seed
 * @param listeners the broker listeners the connector runs against, one connector run each, in this order
 *        ({@code -Dbench.security}, bench/throughput.sh: SECURITY; default plaintext,sasl_ssl)
 */
record BenchConfig(int events, int warmupEvents, long latencyMs, int keys, int items, int partitions, int maxInFlight, String maxInFlightSource,
        double businessShare, int plainEvents, int plainConsumers, Duration loadTimeout, int pacedSeconds, int pacedMinEvents,
        int pacedEvents, Path dir, Path jar, Path repo, String connectorJavaOptions, long seed,
        List<Listener> listeners) {

    static final String MAX_IN_FLIGHT = "hisabkitab.kafka.max-in-flight";
    static final int DEFAULT_MAX_IN_FLIGHT = 64;
    /**
     * What the JVM picks by itself in the Kubernetes pod (k8s/base: 1 CPU, 512 Mi, MaxRAMPercentage=75): a 384 MB
     * maximum heap, an initial heap of 1/64 of the memory, and the Serial collector (one CPU and under 1,792 MB are
     * not a "server-class machine" to the JVM). On the 24 GB benchmark machine the JVM would otherwise pick G1 and a
     * 384 MB initial heap.
     */
    static final String DEFAULT_CONNECTOR_JAVA_OPTIONS = "-Xmx384m -Xms8m -XX:+UseSerialGC";

    static BenchConfig fromSystemProperties() {
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        int events = Integer.getInteger("bench.events", 20_000);
        long latency = Long.getLong("bench.latency-ms", 50);
        int plainConsumers = Integer.getInteger("bench.plain-consumers", 1);
        int[] c = new int[1];
        String source = maxInFlight(repo, c);
        return new BenchConfig(events, Integer.getInteger("bench.warmup-events", 5_000), latency, Integer.getInteger("bench.keys", 1000), Integer.getInteger("bench.items", 20),
                Integer.getInteger("bench.partitions", 8), c[0], source,
                Double.parseDouble(System.getProperty("bench.business-share", "0.5")),
                Integer.getInteger("bench.plain-events", Math.min(events, 2000)), plainConsumers,
                Duration.ofSeconds(Long.getLong("bench.load-timeout-s", 300)), Integer.getInteger("bench.paced-seconds", 10),
                Integer.getInteger("bench.paced-min-events", 100), Integer.getInteger("bench.paced-events", 0),
                repo.resolve(System.getProperty("bench.dir", "target/bench")).normalize(),
                repo.resolve(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar")).normalize(), repo,
                System.getProperty("bench.connector-java-options", DEFAULT_CONNECTOR_JAVA_OPTIONS), Long.getLong("bench.seed", 20250101L),
                Listener.parse(System.getProperty("bench.security", "plaintext,sasl_ssl")));
    }

    /**
     * C: {@code -Dbench.max-in-flight} (bench/throughput.sh: MAX_IN_FLIGHT), else {@value #MAX_IN_FLIGHT} of the
     * project's application.properties (a {@code ${ENV:default}} value: the environment variable, else the default),
     * else {@value #DEFAULT_MAX_IN_FLIGHT}.
     */
    static String maxInFlight(Path repo, int[] out) {
        String given = System.getProperty("bench.max-in-flight");
        if (given != null && !given.isBlank()) {
            out[0] = Integer.parseInt(given.trim());
            return "MAX_IN_FLIGHT";
        }
        Path props = repo.resolve("application.properties");
        if (Files.exists(props)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new BenchFailure("cannot read " + props + ": " + e);
            }
            String v = p.getProperty(MAX_IN_FLIGHT);
            if (v != null && !v.isBlank()) {
                Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_.]+):(\\d+)}").matcher(v.trim());
                if (m.matches()) {
                    String env = System.getenv(m.group(1));
                    out[0] = Integer.parseInt(env != null && !env.isBlank() ? env.trim() : m.group(2));
                } else {
                    out[0] = Integer.parseInt(v.trim());
                }
                return "application.properties";
            }
        }
        out[0] = DEFAULT_MAX_IN_FLIGHT;
        return "default";
    }

    /** C / L in events per second. */
    double ceiling() {
        return maxInFlight / (latencyMs / 1000.0);
    }

    BenchConfig withDir(Path d) {
        return new BenchConfig(events, warmupEvents, latencyMs, keys, items, partitions, maxInFlight, maxInFlightSource, businessShare, plainEvents,
                plainConsumers, loadTimeout, pacedSeconds, pacedMinEvents, pacedEvents, d, jar, repo, connectorJavaOptions, seed, listeners);
    }
}

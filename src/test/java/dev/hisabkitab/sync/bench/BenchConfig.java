package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param latencyMs L of the current run: the sandbox's added latency per API call (and per webhook call of the plain route)
 * @param keys Kafka record keys (one customer each)
 * @param items items the invoices name
 * @param partitions partitions of the event (and outcome) topics
 * @param maxInFlight C, the connector's configured maximum of events in flight
 * @param maxInFlightSource where C came from
 * @param businessShare share of business {@code invoice.create} events (the rest raw {@code api.sale.create-item})
 * @param plainEvents events through the plain route (the first of the same sequence)
 * @param plainConsumers camel-kafka consumersCount of the plain route (default: the partitions, one consumer each)
 * @param loadTimeout how long the load phase may take before the run fails
 * @param pacedSeconds how long the paced phase should last (at half the measured throughput, at most C / L / 2)
 * @param pacedMinEvents fewest events of the paced phase
 * @param pacedEvents events of the paced phase (0: from pacedSeconds and the rate)
 * @param dir output directory: logs, metrics snapshots, results (those of the previous run are deleted first)
 * @param jar the packaged connector
 * @param repo the project directory (plain route file, application.properties)
 * @param connectorJavaOptions JVM options of the connector
 * @param seed the workload's random seed
 * @param listeners the broker listeners the connector runs against, one connector run each per latency, in this order
 *        ({@code -Dbench.security}, bench/throughput.sh: SECURITY; default plaintext)
 * @param latencies the latencies L the connector runs at, one connector run (and one plain route run) each, in this
 *        order ({@code -Dbench.latencies}, bench/throughput.sh: LATENCIES; default 200,50); {@code latencyMs} is the
 *        current run's
 * @param inboxMaxInFlight C of the file-drop phase: the connector's documents of a file in flight at once
 * @param inboxMaxInFlightSource where it came from
 * @param fileRows rows (one invoice each) of the file-drop phase's file; 0: no file-drop phase
 * @param fileTimeout how long the file may take from its drop until it is in .done/ before the run fails
 * @param onboardEvents party.upsert events of the onboarding run (bench/onboarding.sh)
 * @param onboardBatching the onboarding runs: hisabkitab.master-batch.enabled of each, in this order
 * @param onboardTimeout how long an onboarding run may take to answer every event
 * @param rateLimit the connector's default calls per second per company (the onboarding runs keep it)
 */
record BenchConfig(int events, int warmupEvents, long latencyMs, int keys, int items, int partitions, int maxInFlight, String maxInFlightSource,
        double businessShare, int plainEvents, int plainConsumers, Duration loadTimeout, int pacedSeconds, int pacedMinEvents,
        int pacedEvents, Path dir, Path jar, Path repo, String connectorJavaOptions, long seed,
        List<Listener> listeners, List<Long> latencies, int inboxMaxInFlight, String inboxMaxInFlightSource, int fileRows,
        Duration fileTimeout, int onboardEvents, List<Boolean> onboardBatching, Duration onboardTimeout, int rateLimit) {

    static final String MAX_IN_FLIGHT = "hisabkitab.kafka.max-in-flight";
    static final int DEFAULT_MAX_IN_FLIGHT = 64;
    /** The documents of a dropped file in flight at once (the file drop's lanes). */
    static final String INBOX_MAX_IN_FLIGHT = "hisabkitab.inbox.max-in-flight";
    static final String RATE_LIMIT = "hisabkitab.rate-limit-per-second";
    static final String MASTER_BATCH = "hisabkitab.master-batch.enabled";
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
        List<Long> latencies = latencies(System.getProperty("bench.latencies"), System.getProperty("bench.latency-ms"));
        int partitions = Integer.getInteger("bench.partitions", 8);
        // one consumer per partition: how users configure a Kafka Connect sink (tasks.max = partitions)
        int plainConsumers = Integer.getInteger("bench.plain-consumers", partitions);
        int[] c = new int[1];
        String source = setting(repo, "bench.max-in-flight", "MAX_IN_FLIGHT", MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, c);
        int[] inbox = new int[1];
        String inboxSource = setting(repo, "bench.inbox-max-in-flight", "FILE_MAX_IN_FLIGHT", INBOX_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT,
                inbox);
        int[] rate = new int[1];
        setting(repo, "bench.rate-limit", "RATE_LIMIT", RATE_LIMIT, 20, rate);
        int onboardEvents = Integer.getInteger("bench.onboard-events", 10_000);
        // the unbatched run needs about one call per event at the rate limit: twice that, and a minute to start
        long onboardTimeout = Long.getLong("bench.onboard-timeout-s", Math.max(120, 2L * onboardEvents / Math.max(1, rate[0]) + 60));
        List<Boolean> batching = new ArrayList<>();
        for (String b : System.getProperty("bench.onboard-batching", "true,false").split(",")) {
            if (!b.isBlank()) {
                batching.add(Boolean.parseBoolean(b.trim()));
            }
        }
        return new BenchConfig(events, Integer.getInteger("bench.warmup-events", 5_000), latencies.get(0), Integer.getInteger("bench.keys", 1000), Integer.getInteger("bench.items", 20),
                partitions, c[0], source,
                Double.parseDouble(System.getProperty("bench.business-share", "0.5")),
                Integer.getInteger("bench.plain-events", Math.min(events, 2000)), plainConsumers,
                Duration.ofSeconds(Long.getLong("bench.load-timeout-s", 300)), Integer.getInteger("bench.paced-seconds", 10),
                Integer.getInteger("bench.paced-min-events", 100), Integer.getInteger("bench.paced-events", 0),
                repo.resolve(System.getProperty("bench.dir", "target/bench")).normalize(),
                repo.resolve(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar")).normalize(), repo,
                System.getProperty("bench.connector-java-options", DEFAULT_CONNECTOR_JAVA_OPTIONS), Long.getLong("bench.seed", 20250101L),
                Listener.parse(System.getProperty("bench.security", "plaintext")), latencies, inbox[0], inboxSource,
                Integer.getInteger("bench.file-rows", 20_000), Duration.ofSeconds(Long.getLong("bench.file-timeout-s", 600)),
                onboardEvents, List.copyOf(batching), Duration.ofSeconds(onboardTimeout), rate[0]);
    }

    /** {@code 200,50} → [200, 50]; without a list the one latency given, else 200 and 50. */
    static List<Long> latencies(String list, String single) {
        String given = list != null && !list.isBlank() ? list : single != null && !single.isBlank() ? single : "200,50";
        List<Long> out = new ArrayList<>();
        for (String s : given.split(",")) {
            if (!s.isBlank()) {
                long l = Long.parseLong(s.trim());
                if (l < 0) {
                    throw new IllegalArgumentException("a latency must not be negative: " + given);
                }
                if (!out.contains(l)) {
                    out.add(l);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no latency in '" + given + "'");
        }
        return List.copyOf(out);
    }

    /**
     * A setting of the connector the benchmark needs to know: {@code -D<property>} (bench/throughput.sh: its
     * environment variable {@code label}), else {@code key} of the project's application.properties (a
     * {@code ${ENV:default}} value: the environment variable, else the default), else {@code fallback}. Returns where
     * the value came from.
     */
    static String setting(Path repo, String property, String label, String key, int fallback, int[] out) {
        String given = System.getProperty(property);
        if (given != null && !given.isBlank()) {
            out[0] = Integer.parseInt(given.trim());
            return label;
        }
        Path props = repo.resolve("application.properties");
        if (Files.exists(props)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new BenchFailure("cannot read " + props + ": " + e);
            }
            String v = p.getProperty(key);
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
        out[0] = fallback;
        return "default";
    }

    /** C / L in events per second. */
    double ceiling() {
        return maxInFlight / (latencyMs / 1000.0);
    }

    /** The file drop's C / L in rows per second. */
    double fileCeiling() {
        return inboxMaxInFlight / (latencyMs / 1000.0);
    }

    BenchConfig withDir(Path d) {
        return new BenchConfig(events, warmupEvents, latencyMs, keys, items, partitions, maxInFlight, maxInFlightSource, businessShare, plainEvents,
                plainConsumers, loadTimeout, pacedSeconds, pacedMinEvents, pacedEvents, d, jar, repo, connectorJavaOptions, seed, listeners,
                latencies, inboxMaxInFlight, inboxMaxInFlightSource, fileRows, fileTimeout, onboardEvents, onboardBatching, onboardTimeout,
                rateLimit);
    }

    /** The same settings for a run at latency {@code l}. */
    BenchConfig withLatency(long l) {
        return new BenchConfig(events, warmupEvents, l, keys, items, partitions, maxInFlight, maxInFlightSource, businessShare, plainEvents,
                plainConsumers, loadTimeout, pacedSeconds, pacedMinEvents, pacedEvents, dir, jar, repo, connectorJavaOptions, seed, listeners,
                latencies, inboxMaxInFlight, inboxMaxInFlightSource, fileRows, fileTimeout, onboardEvents, onboardBatching, onboardTimeout,
                rateLimit);
    }
}

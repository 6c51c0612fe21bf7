package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hisabkitab.sync.bench.BenchResult.ConnectorRun;
import dev.hisabkitab.sync.bench.BenchResult.MachineCpu;
import dev.hisabkitab.sync.bench.BenchResult.Paced;
import dev.hisabkitab.sync.bench.BenchResult.Side;
import dev.hisabkitab.sync.bench.OutcomeCollector.Arrival;
import dev.hisabkitab.sync.bench.Workload.Event;
import dev.hisabkitab.sync.bench.Workload.Masters;

/**
 * The throughput benchmark ({@code bench/throughput.sh}; docs/performance.md). Each part is a process of
 * its own on loopback: a Kafka broker ({@link BrokerMain}), the HisabKitab sandbox with a fixed added latency L
 * ({@code SandboxMain --latency-ms}), the packaged connector ({@code java -jar target/quarkus-app/quarkus-run.jar}),
 * and later the plain Camel route ({@link PlainRouteMain}). This JVM produces the events, reads the outcome topics,
 * samples the processes' CPU and memory from /proc and prints the table.
 *
 * <ol>
 * <li>Connector start: launch until {@code GET /q/health/ready} answers UP; RSS then (idle).
 * <li>Masters (not measured, latency 0): item.upsert and party.upsert through the connector, every reply ok.
 * <li>Load: N events produced at once over the keys; throughput = N ÷ (first produced → last outcome read); the
 * connector's CPU over that time; {@code /q/metrics} scraped every second into {@code <dir>/metrics/}.
 * <li>Paced: events at half the measured throughput (at most C / L ÷ 2), so that nothing queues; added latency per
 * event = (outcome read − produced) − (sandbox service time of the phase ÷ its events).
 * <li>Peak RSS (VmHWM), connector stopped; then the plain route: start, the first events of the same sequence, its
 * throughput, CPU and memory.
 * </ol>
 * Every phase checks one outcome per event, no dead letter, and per key the outcomes' order on the reply topic = the
 * events' produce order. Exit status 0 only when every check passed.
 */
public final class ThroughputBench {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final String COMPLETED = "hisabkitab.completed";
    static final String GROUP = "hisabkitab-sync";
    /** The connector's Kafka client settings from the environment (docs/kafka.md). */
    static final String CLIENT_ENV = "HISABKITAB_KAFKA_CLIENT_";
    static final String PLAIN_EVENTS = "bench.plain.events";
    static final String PLAIN_REPLIES = "bench.plain.replies";
    static final String PLAIN_GROUP = "bench-plain-sink";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final BenchConfig c;
    private final String apiKey = "bench-" + UUID.randomUUID();
    /** The SCRAM user's password of the SASL_SSL listener: made per run, given to the broker and the connector in their environment. */
    private final String scramPassword = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> failures = new ArrayList<>();
    private final long runStarted = System.nanoTime();
    private final String loadAtStart = loadAverage();
    private Path classpathArgs;
    private Path plainClasspathArgs;
    private String bootstrap;
    private String saslSslBootstrap;
    private Path truststore;
    private String truststorePassword;
    private Masters masters;
    private String sandboxBase;
    private String sandboxAdmin;
    private KafkaProducer<String, String> producer;
    private OutcomeCollector collector;
    private final AtomicReference<Exception> produceError = new AtomicReference<>();

    ThroughputBench(BenchConfig config) {
        this.c = config;
    }

    public static void main(String[] args) {
        ConsoleLogging.install(java.util.logging.Level.WARNING);
        BenchConfig config = BenchConfig.fromSystemProperties();
        BenchResult result;
        try {
            result = new ThroughputBench(config).run();
        } catch (BenchFailure e) {
            System.out.flush();
            System.err.println("\nBENCHMARK FAILED: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!result.ok()) {
            System.err.println("\nBENCHMARK FAILED:");
            result.failures().forEach(f -> System.err.println("  - " + f));
        }
        System.exit(result.ok() ? 0 : 1);
    }

    BenchResult run() {
        try {
            return doRun();
        } catch (IOException e) {
            throw new BenchFailure("I/O: " + e);
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            if (collector != null) {
                collector.close();
            }
            ChildProcess.stopAll();
        }
    }

    private BenchResult doRun() throws IOException {
        prepareDir();
        log("hisabkitab-sync throughput benchmark: N = %,d events (%d %% invoice.create, the rest api.sale.create-item) over %,d keys,"
                + " %d partitions, L = %d ms, C = %d (%s), C / L = %s/s; connector runs over %s; output in %s", c.events(),
                Math.round(c.businessShare() * 100), c.keys(), c.partitions(), c.latencyMs(), c.maxInFlight(), c.maxInFlightSource(),
                fmt(c.ceiling(), 0), c.listeners().stream().map(l -> l.label).toList(), c.repo().relativize(c.dir()));
        if (!Files.isRegularFile(c.jar())) {
            throw new BenchFailure("no packaged connector at " + c.jar() + " (mvn -B package -DskipTests)");
        }
        Path dir = c.dir();
        Path pids = dir.resolve("pids");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean saslSsl = c.listeners().contains(Listener.SASL_SSL);

        // ---- broker and sandbox, processes of their own
        Pattern bootstrapLine = Pattern.compile("KAFKA_BOOTSTRAP=(\\S+)");
        Pattern saslSslLine = Pattern.compile("KAFKA_SASL_SSL=(\\S+ truststore=\\S+)");
        List<String> brokerCommand = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + dir.resolve("kafka"), "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "@" + classpathArgs, BrokerMain.class.getName(), String.valueOf(c.partitions()), "--exit-with-parent"));
        Map<String, String> brokerEnv = new HashMap<>();
        if (saslSsl) {
            brokerCommand.add("--sasl-ssl");
            brokerEnv.put(BrokerMain.SCRAM_PASSWORD_ENV, scramPassword);
        }
        ChildProcess broker = ChildProcess.start("kafka", brokerCommand, brokerEnv, dir.resolve("kafka"), dir.resolve("logs/kafka.log"),
                pids, saslSsl ? List.of(bootstrapLine, saslSslLine) : List.of(bootstrapLine));
        Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/third-party)");
        ChildProcess sandbox = ChildProcess.start("sandbox", List.of(java, "-Xmx1g",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "@" + classpathArgs,
                "dev.hisabkitab.sync.sandbox.SandboxMain", "--port=0", "--latency-ms=" + c.latencyMs()),
                Map.of("HISABKITAB_SANDBOX_API_KEYS", apiKey), dir.resolve("sandbox"), dir.resolve("logs/sandbox.log"), pids,
                List.of(listening));
        bootstrap = broker.awaitLine(bootstrapLine, START_TIMEOUT);
        if (saslSsl) {
            String[] sasl = broker.awaitLine(saslSslLine, START_TIMEOUT).split(" truststore=", 2);
            saslSslBootstrap = sasl[0];
            truststore = Path.of(sasl[1]);
            truststorePassword = Files.readString(truststore.resolveSibling(BrokerMain.TRUSTSTORE_PASSWORD_FILE)).trim();
        }
        sandboxBase = sandbox.awaitLine(listening, START_TIMEOUT);
        sandboxAdmin = sandboxBase.replace("/third-party", "/__sandbox");
        log("Kafka broker on %s%s, sandbox on %s (added latency %d ms)", bootstrap,
                saslSsl ? " (PLAINTEXT) and " + saslSslBootstrap + " (SASL_SSL, SCRAM-SHA-512, TLS with a CA made for the run)" : "",
                sandboxBase, c.latencyMs());
        createTopics();
        List<String> outcomeTopics = new ArrayList<>();
        Set<String> deadLetterTopics = new HashSet<>();
        for (Listener l : c.listeners()) {
            outcomeTopics.addAll(List.of(topic(REPLIES, l), topic(DLQ, l)));
            deadLetterTopics.add(topic(DLQ, l));
        }
        outcomeTopics.add(PLAIN_REPLIES);
        collector = new OutcomeCollector(bootstrap, outcomeTopics, deadLetterTopics);
        producer = producer();

        // ---- the connector, once per listener (each run its own process, topics, group and event ids)
        Workload workload = new Workload(c.keys(), c.items(), c.businessShare());
        List<ConnectorRun> runs = new ArrayList<>();
        for (Listener listener : c.listeners()) {
            runs.add(connectorRun(listener, java, workload, broker, sandbox));
        }

        // ---- the plain route: the first events of the same sequence
        Side plainSide = plain(java, workload, masters);

        requireNoSecretInLogs();
        BenchResult partial = new BenchResult(c, runs, plainSide, List.copyOf(failures), "");
        String table = table(partial, loadAtStart, loadAverage());
        Files.writeString(dir.resolve("results.md"), table);
        System.out.println();
        System.out.println(table);
        log("total %s s; logs in %s", fmt(secondsSince(runStarted), 0), c.repo().relativize(dir.resolve("logs")));
        return new BenchResult(c, runs, plainSide, List.copyOf(failures), table);
    }

    /**
     * One run of the connector against {@code listener}: start, (the first run only) masters, warm-up, load, paced,
     * stop. The SASL_SSL run gets the listener's address and its security settings in the environment, as a
     * Kubernetes Secret would give them (docs/kafka.md); everything else is the same.
     */
    private ConnectorRun connectorRun(Listener listener, String java, Workload workload, ChildProcess broker, ChildProcess sandbox)
            throws IOException {
        Path dir = c.dir();
        String name = listener == Listener.PLAINTEXT ? "connector" : "connector (" + listener.label + ")";
        String files = listener.suffixed("connector", "-");
        int httpPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(Arrays.asList(c.connectorJavaOptions().trim().split("\\s+")));
        command.addAll(List.of("-Dquarkus.http.port=" + httpPort, "-Dhisabkitab.base-url=" + sandboxBase,
                "-D" + BenchConfig.MAX_IN_FLIGHT + "=" + c.maxInFlight(), "-Dhisabkitab.rate-limit-per-second=0",
                "-Dhisabkitab.inbox=" + dir.resolve(files + "/inbox"),
                "-Dhisabkitab.idempotency.file=" + dir.resolve(files + "/data/completed.jsonl"),
                "-Dhisabkitab.metrics.consumer-lag-interval=PT1S"));
        if (listener != Listener.PLAINTEXT) {
            command.addAll(List.of("-Dhisabkitab.topics.events=" + topic(EVENTS, listener),
                    "-Dhisabkitab.topics.replies=" + topic(REPLIES, listener), "-Dhisabkitab.topics.dlq=" + topic(DLQ, listener),
                    "-Dhisabkitab.topics.completed=" + topic(COMPLETED, listener),
                    "-Dhisabkitab.kafka.group-id=" + listener.suffixed(GROUP, "-")));
        }
        command.addAll(List.of("-jar", c.jar().toString()));
        command.removeIf(String::isEmpty);
        Map<String, String> env = new HashMap<>();
        // only the settings given here: none the harness's own environment may hold
        System.getenv().keySet().stream().filter(k -> k.startsWith(CLIENT_ENV)).forEach(k -> env.put(k, null));
        env.put("HISABKITAB_API_KEY", apiKey);
        if (listener == Listener.SASL_SSL) {
            env.put("KAFKA_BROKERS", saslSslBootstrap);
            env.put(CLIENT_ENV + "SECURITY_PROTOCOL", "SASL_SSL");
            env.put(CLIENT_ENV + "SASL_MECHANISM", "SCRAM-SHA-512");
            env.put(CLIENT_ENV + "SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + BrokerMain.SCRAM_USER + "\" password=\"" + scramPassword + "\";");
            env.put(CLIENT_ENV + "SSL_TRUSTSTORE_LOCATION", truststore.toString());
            env.put(CLIENT_ENV + "SSL_TRUSTSTORE_TYPE", "PKCS12");
            env.put(CLIENT_ENV + "SSL_TRUSTSTORE_PASSWORD", truststorePassword);
        } else {
            env.put("KAFKA_BROKERS", bootstrap);
        }
        log("starting the %s (%s) against the %s listener", name, c.repo().relativize(c.jar()), listener.label);
        ChildProcess connector = ChildProcess.start(files, command, env, dir.resolve(files), dir.resolve("logs/" + files + ".log"), dir.resolve("pids"),
                List.of());
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        double connectorReady = connector.awaitReady(ready, START_TIMEOUT);
        long connectorIdleRss = connector.statusKb("VmRSS");
        log("%s ready in %s s (GET /q/health/ready UP), RSS %s MB", name, fmt(connectorReady, 2), mb(connectorIdleRss));
        String events = topic(EVENTS, listener);

        // ---- masters through the first connector, without latency (not measured); the sandbox keeps them
        if (masters == null) {
            setLatency(0);
            List<Event> setup = workload.masters();
            log("masters: %d item.upsert and %,d party.upsert through the %s (sandbox latency 0 meanwhile)", c.items(), c.keys(), name);
            produce(setup, events, null);
            long setupDeadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
            int setupDone = collector.await("setup", setup.size(), setupDeadline, have -> connector.requireAlive());
            requireNoDeadLetters("setup");
            if (setupDone < setup.size()) {
                throw new BenchFailure("masters: only " + setupDone + " of " + setup.size() + " replies within "
                        + SETUP_TIMEOUT.toSeconds() + " s" + connector.tail());
            }
            masters = readMasters();
            setLatency(c.latencyMs());
        }

        // ---- warm-up: events of the same mix at full speed, not measured (the JIT compiler's work of the first
        // thousands of events is not what the connector costs when it runs for days)
        if (c.warmupEvents() > 0) {
            String phase = listener.phase("warmup");
            List<Event> warmup = workload.events(phase, listener.numberLetter + "W", c.warmupEvents(), c.seed() + 2, masters);
            log("warm-up: %,d events through the %s (not measured)", warmup.size(), name);
            long warmupStart = System.nanoTime();
            produce(warmup, events, null);
            int warm = collector.await(phase, warmup.size(), warmupStart + c.loadTimeout().toNanos(),
                    have -> connector.requireAlive());
            requireNoDeadLetters(phase);
            if (warm < warmup.size()) {
                throw new BenchFailure("warm-up (" + listener.label + "): only " + warm + " of " + warmup.size() + " outcomes within "
                        + c.loadTimeout().toSeconds() + " s" + connector.tail());
            }
            log("warm-up done in %s s", fmt(secondsSince(warmupStart), 1));
        }

        // ---- load: N events at once
        List<Event> load = workload.events(listener.phase("load"), listener.numberLetter + "L", c.events(), c.seed(), masters);
        Side connectorSide;
        MetricsScraper scraper = new MetricsScraper(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"),
                dir.resolve(listener.suffixed("metrics", "-"))).start();
        Paced paced = null;
        MachineCpu machineCpu = null;
        try {
            double[] others0 = {broker.cpuSeconds(), sandbox.cpuSeconds(), ProcStats.cpuSeconds(ProcessHandle.current().pid())};
            long t0 = System.nanoTime();
            connectorSide = burst(name, listener.phase("load"), load, events, connector, c.loadTimeout(), connectorReady, connectorIdleRss);
            // where the machine's CPU went meanwhile (the parts share its cores)
            machineCpu = new MachineCpu(secondsSince(t0), Runtime.getRuntime().availableProcessors(), connectorSide.cpuSeconds(),
                    sandbox.cpuSeconds() - others0[1], broker.cpuSeconds() - others0[0],
                    ProcStats.cpuSeconds(ProcessHandle.current().pid()) - others0[2]);
            log("CPU over the load phase (%s s x %d cores = %s CPU s): %s %s s, sandbox %s s, Kafka broker %s s, this harness %s s",
                    fmt(machineCpu.wallSeconds(), 1), machineCpu.cores(), fmt(machineCpu.wallSeconds() * machineCpu.cores(), 0), name,
                    fmt(machineCpu.connector(), 1), fmt(machineCpu.sandbox(), 1), fmt(machineCpu.broker(), 1), fmt(machineCpu.harness(), 1));
            // ---- paced: below saturation, for the added latency
            if (connectorSide.complete()) {
                paced = paced(listener, workload, masters, connector, connectorSide.throughput());
            } else {
                log("paced phase skipped: the load phase did not complete");
            }
        } finally {
            scraper.close();
        }
        log("metrics: %d snapshots of /q/metrics in %s%s", scraper.written(),
                c.repo().relativize(dir.resolve(listener.suffixed("metrics", "-"))),
                scraper.failed() > 0 ? " (" + scraper.failed() + " scrapes failed)" : "");
        connectorSide = withPeak(connectorSide, connector.statusKb("VmHWM"));
        connector.stop(Duration.ofSeconds(60));
        return new ConnectorRun(listener, connectorSide, paced, machineCpu);
    }

    /** A topic of the listener's run: the plaintext run keeps the connector's default names. */
    static String topic(String base, Listener listener) {
        return listener.suffixed(base, ".");
    }

    /**
     * The SCRAM and truststore passwords appear in no process's log (the connector logs its Kafka settings masked;
     * docs/kafka.md): a run that finds one fails.
     */
    private void requireNoSecretInLogs() throws IOException {
        List<String> secrets = new ArrayList<>(List.of(apiKey));
        if (truststorePassword != null) {
            secrets.addAll(List.of(scramPassword, truststorePassword));
        }
        try (var logs = Files.list(c.dir().resolve("logs"))) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                if (secrets.stream().anyMatch(text::contains)) {
                    failures.add("a secret (API key, SCRAM or truststore password) is in " + c.repo().relativize(log));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ phases

    /**
     * Produces the events at once, waits until each has an outcome (or a dead letter arrives, or the timeout), and
     * checks counts and per-key order.
     */
    private Side burst(String name, String phase, List<Event> events, String topic, ChildProcess process, Duration timeout,
            double startToReady, long idleRssKb) {
        int n = events.size();
        log("%s: producing %,d events to %s", name, n, topic);
        long[] sent = new long[n];
        double cpu0 = process.cpuSeconds();
        long first = System.nanoTime();
        produce(events, topic, sent);
        long deadline = first + timeout.toNanos();
        long[] lastPrint = {System.nanoTime()};
        double[] half = {Double.NaN, 0}; // CPU seconds and outcomes when half of the outcomes were in
        int have = collector.await(phase, n, deadline, count -> {
            process.requireAlive();
            if (Double.isNaN(half[0]) && count >= n / 2) {
                half[0] = process.cpuSeconds();
                half[1] = count;
            }
            if (System.nanoTime() - lastPrint[0] >= TimeUnit.SECONDS.toNanos(5)) {
                lastPrint[0] = System.nanoTime();
                log("  %s: %,d / %,d outcomes (%s/s)", name, count, n, fmt(count / secondsSince(first), 1));
            }
        });
        double cpu1 = process.cpuSeconds();
        long end = System.nanoTime();
        List<String> idList = events.stream().map(Event::id).toList();
        Map<String, Arrival> arrived = collector.first(idList);
        long last = arrived.values().stream().mapToLong(Arrival::nanos).max().orElse(end);
        if (have < n) {
            last = end;
        }
        double seconds = (last - first) / 1e9;
        List<Arrival> dead = collector.deadLetters(phase);
        int records = collector.records(phase);
        OrderCheck order = checkOrder(events);
        double[] e2e = new double[arrived.size()];
        int j = 0;
        for (int i = 0; i < n; i++) {
            Arrival a = arrived.get(events.get(i).id());
            if (a != null) {
                e2e[j++] = (a.nanos() - sent[i]) / 1e6;
            }
        }
        Side side = new Side(name, n, have, records, dead.size(), seconds, have / seconds, cpu1 - cpu0, startToReady, idleRssKb, 0,
                order.keys, order.violations, order.examples, percentile(e2e, 50), percentile(e2e, 99),
                Double.isNaN(half[0]) ? 0 : have - (int) half[1], Double.isNaN(half[0]) ? 0 : cpu1 - half[0]);
        if (!dead.isEmpty()) {
            failures.add(name + ": " + dead.size() + " dead letter(s), e.g. " + dead.get(0).value());
        }
        if (have < n) {
            failures.add(String.format(Locale.ROOT, "%s: only %,d of %,d events had an outcome within %d s (%s/s)", name, have, n,
                    timeout.toSeconds(), fmt(have / seconds, 1)));
        } else if (records != n) {
            failures.add(String.format(Locale.ROOT, "%s: %,d outcome records for %,d events (some published more than once)", name,
                    records, n));
        }
        if (order.violations > 0) {
            failures.add(name + ": per-key order violated for " + order.violations + " of " + order.keys + " keys, e.g. "
                    + order.examples);
        }
        log("%s: %,d / %,d outcomes in %s s = %s events/s; CPU %s s (%s s per 1,000 events, %s in the second half); per-key"
                + " order: %s", name, have, n, fmt(seconds, 1), fmt(side.throughput(), 1), fmt(cpu1 - cpu0, 1),
                fmt(side.cpuPerThousand(), 2), fmt(side.secondHalfCpuPerThousand(), 2),
                order.violations == 0 ? "ok (" + order.keys + " keys)" : order.violations + " keys violated");
        return side;
    }

    private Paced paced(Listener listener, Workload workload, Masters ids, ChildProcess connector, double measured) {
        double rate = 0.5 * Math.min(c.latencyMs() == 0 ? Double.MAX_VALUE : c.ceiling(), measured);
        int n = c.pacedEvents() > 0 ? c.pacedEvents()
                : (int) Math.min(50_000, Math.max(c.pacedMinEvents(), Math.round(rate * c.pacedSeconds())));
        String phase = listener.phase("paced");
        String topic = topic(EVENTS, listener);
        List<Event> events = workload.events(phase, listener.numberLetter + "P", n, c.seed() + 1, ids);
        log("%s: %,d events at %s/s (half of min(C / L, measured throughput)) for the added latency", phase, n, fmt(rate, 1));
        JsonNode stats0 = sandboxStats();
        long interval = Math.round(1e9 / rate);
        long[] sent = new long[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = t0 + i * interval;
            for (long wait; (wait = due - System.nanoTime()) > 0;) {
                LockSupport.parkNanos(wait); // the producer's schedule, not a wait for a condition
            }
            sent[i] = System.nanoTime();
            Event e = events.get(i);
            producer.send(new ProducerRecord<>(topic, e.key(), e.value()), this::onSent);
        }
        producer.flush();
        requireProduced();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int have = collector.await(phase, n, deadline, count -> connector.requireAlive());
        JsonNode stats1 = sandboxStats();
        requireNoDeadLetters(phase);
        if (have < n) {
            failures.add(phase + ": only " + have + " of " + n + " events had an outcome within 60 s of the last");
        }
        long calls = stats1.path("api").path("requests").asLong() - stats0.path("api").path("requests").asLong();
        long serviceNanos = stats1.path("api").path("service_nanos").asLong() - stats0.path("api").path("service_nanos").asLong();
        double sandboxPerEvent = serviceNanos / (double) n;
        Map<String, Arrival> arrived = collector.first(events.stream().map(Event::id).toList());
        double[] e2e = new double[arrived.size()];
        double[] added = new double[arrived.size()];
        int j = 0;
        for (int i = 0; i < n; i++) {
            Arrival a = arrived.get(events.get(i).id());
            if (a != null) {
                e2e[j] = (a.nanos() - sent[i]) / 1e6;
                added[j] = e2e[j] - sandboxPerEvent / 1e6;
                j++;
            }
        }
        OrderCheck order = checkOrder(events);
        if (collector.records(phase) != have) {
            failures.add(phase + ": " + collector.records(phase) + " outcome records for " + have + " events with an outcome");
        }
        if (order.violations > 0) {
            failures.add(phase + ": per-key order violated for " + order.violations + " keys, e.g. " + order.examples);
        }
        Paced p = new Paced(rate, n, have, calls / (double) n, sandboxPerEvent / 1e6, percentile(e2e, 50), percentile(e2e, 99),
                percentile(added, 50), percentile(added, 99), order.keys, order.violations);
        log("%s: end to end p50 %s ms, p99 %s ms; sandbox %s ms an event (%s API calls an event); added p50 %s ms, p99 %s ms",
                phase, fmt(p.p50EndToEndMs(), 1), fmt(p.p99EndToEndMs(), 1), fmt(p.sandboxMsPerEvent(), 1), fmt(p.callsPerEvent(), 2),
                fmt(p.p50AddedMs(), 1), fmt(p.p99AddedMs(), 1));
        return p;
    }

    private Side plain(String java, Workload workload, Masters ids) throws IOException {
        Path dir = c.dir();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dbench.plain.brokers=" + bootstrap, "-Dbench.plain.events=" + PLAIN_EVENTS, "-Dbench.plain.replies=" + PLAIN_REPLIES,
                "-Dbench.plain.sink-url=" + sandboxAdmin + "/sink", "-Dbench.plain.consumers=" + c.plainConsumers(),
                "-Dbench.plain.route=" + c.repo().resolve("bench/plain-route.yaml"), "@" + plainClasspathArgs,
                PlainRouteMain.class.getName(), "--exit-with-parent"));
        log("starting the plain route (bench/plain-route.yaml, camel-kafka consumersCount %d)", c.plainConsumers());
        ChildProcess plain = ChildProcess.start("plain-route", command, Map.of(), dir.resolve("plain"), dir.resolve("logs/plain-route.log"),
                dir.resolve("pids"), List.of());
        double ready = awaitGroupAssigned(plain);
        long idle = plain.statusKb("VmRSS");
        log("plain route ready in %s s (consumer group %s has all %d partitions), RSS %s MB", fmt(ready, 2), PLAIN_GROUP,
                c.partitions(), mb(idle));
        List<Event> events = workload.events("plain", "BX", c.plainEvents(), c.seed(), ids);
        long expectedSeconds = Math.round(c.plainEvents() * Math.max(1, c.latencyMs()) / 1000.0 / Math.max(1, c.plainConsumers()));
        Duration timeout = Duration.ofSeconds(Math.max(60, 2 * expectedSeconds + 30));
        Side side = burst("plain route", "plain", events, PLAIN_EVENTS, plain, timeout, ready, idle);
        side = withPeak(side, plain.statusKb("VmHWM"));
        plain.stop(Duration.ofSeconds(30));
        return side;
    }

    // ------------------------------------------------------------------------------------------ checks

    private record OrderCheck(int keys, int violations, List<String> examples) {
    }

    /**
     * Per key: the event ids in the order their outcomes arrived on the reply topic (one partition per key, so
     * arrival order is offset order) = the order the events were produced; and each outcome carries its event's key.
     */
    private OrderCheck checkOrder(List<Event> events) {
        Map<String, List<String>> produced = new LinkedHashMap<>();
        Map<String, String> keyOf = new HashMap<>();
        for (Event e : events) {
            produced.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.id());
            keyOf.put(e.id(), e.key());
        }
        Map<String, List<String>> replied = new HashMap<>();
        Set<String> wrongKey = new HashSet<>();
        for (Arrival a : collector.all(keyOf.keySet())) {
            String expected = keyOf.get(a.id());
            if (!expected.equals(a.key())) {
                wrongKey.add(expected);
            }
            replied.computeIfAbsent(expected, k -> new ArrayList<>()).add(a.id());
        }
        int violations = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : produced.entrySet()) {
            List<String> got = replied.getOrDefault(e.getKey(), List.of());
            // compare the outcomes that arrived with the produced order (missing ones are counted elsewhere)
            Set<String> gotSet = new HashSet<>(got);
            List<String> expected = e.getValue().stream().filter(gotSet::contains).toList();
            boolean bad = wrongKey.contains(e.getKey()) || !expected.equals(got);
            if (bad) {
                violations++;
                if (examples.size() < 3) {
                    examples.add("key " + e.getKey() + (wrongKey.contains(e.getKey()) ? " (an outcome under another key)" : "")
                            + ": produced " + abbreviate(e.getValue()) + ", outcomes " + abbreviate(got));
                }
            }
        }
        return new OrderCheck(produced.size(), violations, examples);
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 8 ? ids.toString() : ids.subList(0, 8) + "... (" + ids.size() + ")";
    }

    private void requireNoDeadLetters(String phase) {
        List<Arrival> dead = collector.deadLetters(phase);
        if (!dead.isEmpty()) {
            throw new BenchFailure(phase + ": " + dead.size() + " dead letter(s); the workload must succeed. First: " + dead.get(0).value());
        }
    }

    // ------------------------------------------------------------------------------------------ parts

    private void prepareDir() throws IOException {
        Path dir = c.dir();
        if (Files.exists(dir)) {
            Path pids = dir.resolve("pids");
            if (Files.isDirectory(pids)) {
                try (var files = Files.list(pids)) {
                    for (Path f : files.toList()) {
                        String pid = Files.readString(f).trim();
                        if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                            throw new BenchFailure(f + ": process " + pid + " of another run is still running (another"
                                    + " benchmark in " + dir + ", or one left by a killed run: stop it)");
                        }
                    }
                }
            }
            // only what a run writes: the directory may hold other tools' files (bench/dashboard.sh's work directory)
            for (String own : List.of("metrics", "metrics-sasl-ssl", "logs", "connector", "connector-sasl-ssl", "plain", "kafka",
                    "sandbox", "pids", "results.md", "classpath.args", "plain-classpath.args")) {
                if (Files.exists(dir.resolve(own))) {
                    deleteRecursively(dir.resolve(own));
                }
            }
        }
        Files.createDirectories(dir.resolve("logs"));
        // absolute entries: the children run in directories of their own
        List<Path> entries = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty()).map(e -> Path.of(e).toAbsolutePath()).toList();
        classpathArgs = argFile(dir.resolve("classpath.args"), entries);
        // Camel Main reads an application.properties on its class path (the connector's: its routes, its component
        // settings); the plain route runs without the entries that hold one
        plainClasspathArgs = argFile(dir.resolve("plain-classpath.args"),
                entries.stream().filter(e -> !holdsApplicationProperties(e)).toList());
    }

    private static Path argFile(Path file, List<Path> classpath) throws IOException {
        String cp = classpath.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        Files.writeString(file, "-cp\n\"" + cp.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        return file;
    }

    private static boolean holdsApplicationProperties(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve("application.properties"));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry.toFile())) {
            return jar.getEntry("application.properties") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private void createTopics() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            List<String> names = new ArrayList<>(List.of(PLAIN_EVENTS, PLAIN_REPLIES));
            for (Listener l : c.listeners()) {
                names.addAll(List.of(topic(EVENTS, l), topic(REPLIES, l), topic(DLQ, l)));
            }
            for (String t : names) {
                topics.add(new NewTopic(t, c.partitions(), (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new BenchFailure("cannot create the topics: " + e);
        }
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Sends the events in order (one producer: per key, the topic's order is this order) and waits for the acks. */
    private void produce(List<Event> events, String topic, long[] sentNanos) {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (sentNanos != null) {
                sentNanos[i] = System.nanoTime();
            }
            producer.send(new ProducerRecord<>(topic, e.key(), e.value()), this::onSent);
        }
        producer.flush();
        requireProduced();
    }

    private void onSent(org.apache.kafka.clients.producer.RecordMetadata m, Exception e) {
        if (e != null) {
            produceError.compareAndSet(null, e);
        }
    }

    private void requireProduced() {
        Exception e = produceError.get();
        if (e != null) {
            throw new BenchFailure("producing failed: " + e);
        }
    }


    /** Seconds from launch until the plain route's consumer group has every partition of its topic. */
    private double awaitGroupAssigned(ChildProcess process) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                process.requireAlive();
                try {
                    ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(PLAIN_GROUP)).all().get(10, TimeUnit.SECONDS)
                            .get(PLAIN_GROUP);
                    int assigned = 0;
                    for (MemberDescription m : g.members()) {
                        assigned += (int) m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(PLAIN_EVENTS)).count();
                    }
                    if (assigned >= c.partitions()) {
                        return process.nanosSinceLaunch() / 1e9;
                    }
                } catch (Exception e) {
                    // the group does not exist yet
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling interval
            }
        }
        throw new BenchFailure(process.name + ": consumer group " + PLAIN_GROUP + " not assigned within " + START_TIMEOUT.toSeconds()
                + " s" + process.tail());
    }

    private void setLatency(long millis) {
        adminPost("/faults/latency", "{\"millis\":" + millis + "}");
    }

    private JsonNode sandboxStats() {
        return adminGet("/stats", false).path("data");
    }

    /** HisabKitab's ids of the company's state, the benchmark's parties and items, the Sales ledger, PCS, 18 %. */
    private Masters readMasters() {
        JsonNode details = get(URI.create(sandboxBase + "/company-details"), true).path("data");
        long stateId = details.path("state_id").asLong();
        long countryId = details.path("country_id").asLong(101);
        if (!Workload.COMPANY_STATE.equalsIgnoreCase(details.path("state_name").asText())) {
            throw new BenchFailure("the sandbox company is not in " + Workload.COMPANY_STATE + ": " + details.path("state_name"));
        }
        Map<Integer, Long> parties = new HashMap<>();
        long sales = -1;
        Pattern party = Pattern.compile("Bench Customer (\\d{4})");
        for (JsonNode l : adminGet("/store/ledger", true).path("data")) {
            String name = l.path("name").asText(l.path("ledger_name").asText());
            var m = party.matcher(name);
            if (m.matches()) {
                parties.put(Integer.parseInt(m.group(1)), l.path("id").asLong());
            } else if (name.equals("Sales")) {
                sales = l.path("id").asLong();
            }
        }
        long[] items = new long[c.items()];
        Pattern item = Pattern.compile("Bench Item (\\d{2})");
        for (JsonNode i : adminGet("/store/item", true).path("data")) {
            var m = item.matcher(i.path("item_name").asText(i.path("name").asText()));
            if (m.matches()) {
                items[Integer.parseInt(m.group(1)) - 1] = i.path("id").asLong();
            }
        }
        long unit = idWhere(adminGet("/store/unit", true).path("data"), "code", "PCS");
        long gst = -1;
        for (JsonNode r : adminGet("/store/gst-rate", true).path("data")) {
            if (r.path("tax_rate").asDouble(-1) == 18.0) {
                gst = r.path("id").asLong();
            }
        }
        if (parties.size() != c.keys() || sales < 0 || unit < 0 || gst < 0 || Arrays.stream(items).anyMatch(x -> x <= 0)) {
            throw new BenchFailure("masters missing in the sandbox: " + parties.size() + " of " + c.keys() + " parties, Sales ledger "
                    + sales + ", unit PCS " + unit + ", GST 18 % " + gst + ", items " + Arrays.toString(items));
        }
        return new Masters(parties, items, sales, unit, gst, stateId, countryId);
    }

    private static long idWhere(JsonNode records, String field, String value) {
        for (JsonNode r : records) {
            if (value.equalsIgnoreCase(r.path(field).asText())) {
                return r.path("id").asLong();
            }
        }
        return -1;
    }

    private JsonNode adminGet(String path, boolean withKey) {
        return get(URI.create(sandboxAdmin + path), withKey);
    }

    private JsonNode get(URI uri, boolean withKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (withKey) {
            b.header("ApiKey", apiKey);
        }
        return send(b.build());
    }

    private void adminPost(String path, String json) {
        send(HttpRequest.newBuilder(URI.create(sandboxAdmin + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new BenchFailure(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new BenchFailure(request.method() + " " + request.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }

    // ------------------------------------------------------------------------------------------ report

    private static Side withPeak(Side s, long peakKb) {
        return new Side(s.name(), s.events(), s.outcomes(), s.records(), s.deadLetters(), s.seconds(), s.throughput(), s.cpuSeconds(),
                s.startToReadySeconds(), s.idleRssKb(), peakKb, s.keysChecked(), s.orderViolations(), s.orderExamples(), s.p50EndToEndMs(),
                s.p99EndToEndMs(), s.secondHalfOutcomes(), s.secondHalfCpuSeconds());
    }

    /** The results as a Markdown table (docs/performance.md), with the run's settings and machine. */
    static String table(BenchResult r, String loadAtStart, String loadAtEnd) {
        BenchConfig c = r.config();
        List<ConnectorRun> runs = r.connectors();
        Side p = r.plain();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Run of %s on %s; commit %s; load average (1 min) %s at the start, %s at the end.%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), machine(), commit(c.repo()), loadAtStart, loadAtEnd));
        s.append(String.format(Locale.ROOT, "Workload: %,d events (%d %% invoice.create, %d %% api.sale.create-item) over %,d keys on"
                + " %d partitions, after a warm-up of %,d events (not measured); sandbox latency L = %d ms; C = %d (%s); C / L = %s"
                + " events/s. The connector once per listener (%s; in this order, each its own process, topics and group)."
                + " Plain route (PLAINTEXT): the first %,d events of the same sequence, camel-kafka consumersCount %d.%n%n",
                c.events(), Math.round(c.businessShare() * 100), 100 - Math.round(c.businessShare() * 100), c.keys(),
                c.partitions(), c.warmupEvents(), c.latencyMs(), c.maxInFlight(), c.maxInFlightSource(), fmt(c.ceiling(), 0),
                String.join(", ", runs.stream().map(k -> k.listener().label).toList()), p.events(), c.plainConsumers()));
        s.append("|");
        for (ConnectorRun k : runs) {
            s.append(" | hisabkitab-sync, ").append(k.listener().label);
        }
        s.append(" | plain kafka → http route |\n|---");
        s.append("|---:".repeat(runs.size() + 1)).append("|\n");
        row(s, runs, "events (load phase), outcomes", k -> count(k.load()), count(p));
        row(s, runs, "throughput (events/s)", k -> fmt(k.load().throughput(), 1), fmt(p.throughput(), 1));
        if (runs.size() > 1) {
            Side first = runs.get(0).load();
            row(s, runs, "throughput ÷ " + runs.get(0).listener().label + "'s", k -> fmt(k.load().throughput() / first.throughput(), 3),
                    "–");
        }
        row(s, runs, "throughput ÷ (C / L)", k -> fmt(k.load().throughput() / c.ceiling(), 3), fmt(p.throughput() / c.ceiling(), 3));
        row(s, runs, "hisabkitab-sync ÷ plain route (throughput)", k -> fmt(k.load().throughput() / p.throughput(), 2) + "×", "1×");
        row(s, runs, "added latency p50 / p99 (ms), paced", k -> k.paced() == null ? "n/a"
                : fmt(k.paced().p50AddedMs(), 1) + " / " + fmt(k.paced().p99AddedMs(), 1) + " at " + fmt(k.paced().rate(), 1) + "/s", "–");
        row(s, runs, "end to end p50 / p99 (ms), paced", k -> k.paced() == null ? "n/a"
                : fmt(k.paced().p50EndToEndMs(), 1) + " / " + fmt(k.paced().p99EndToEndMs(), 1), "–");
        row(s, runs, "end to end p50 / p99 (ms), load phase (queueing included)",
                k -> fmt(k.load().p50EndToEndMs(), 0) + " / " + fmt(k.load().p99EndToEndMs(), 0),
                fmt(p.p50EndToEndMs(), 0) + " / " + fmt(p.p99EndToEndMs(), 0));
        row(s, runs, "sandbox time per event (ms), API calls per event", k -> k.paced() == null ? "n/a"
                : fmt(k.paced().sandboxMsPerEvent(), 1) + ", " + fmt(k.paced().callsPerEvent(), 2), "–");
        row(s, runs, "CPU s per 1,000 events (process; load phase / its second half)",
                k -> fmt(k.load().cpuPerThousand(), 2) + " / " + fmt(k.load().secondHalfCpuPerThousand(), 2),
                fmt(p.cpuPerThousand(), 2) + " / " + fmt(p.secondHalfCpuPerThousand(), 2));
        row(s, runs, "CPU s per 1,000 events of the other parts during the connector's load (sandbox, broker, harness)", k -> {
            MachineCpu m = k.machineCpu();
            if (m == null) {
                return "n/a";
            }
            double perK = 1000.0 / Math.max(1, k.load().outcomes());
            return fmt(m.sandbox() * perK, 2) + ", " + fmt(m.broker() * perK, 2) + ", " + fmt(m.harness() * perK, 2) + " (all parts: "
                    + fmt(100 * (m.connector() + m.sandbox() + m.broker() + m.harness()) / (m.wallSeconds() * m.cores()), 0) + " % of "
                    + m.cores() + " cores)";
        }, "–");
        row(s, runs, "peak RSS (VmHWM, MB)", k -> mb(k.load().peakRssKb()), mb(p.peakRssKb()));
        row(s, runs, "idle RSS when ready (MB)", k -> mb(k.load().idleRssKb()), mb(p.idleRssKb()));
        row(s, runs, "start to ready (s)", k -> fmt(k.load().startToReadySeconds(), 2) + " (/q/health/ready UP)",
                fmt(p.startToReadySeconds(), 2) + " (partitions assigned)");
        row(s, runs, "per-key order (keys checked, violations)", k -> k.load().keysChecked() + ", " + k.load().orderViolations()
                + (k.paced() == null ? "" : "; paced " + k.paced().keysChecked() + ", " + k.paced().orderViolations()),
                p.keysChecked() + ", " + p.orderViolations());
        row(s, runs, "dead letters", k -> String.valueOf(k.load().deadLetters()), "–");
        s.append(String.format(Locale.ROOT, "%nResult: %s%n", r.failures().isEmpty() ? "all checks passed"
                : "FAILED: " + String.join("; ", r.failures())));
        return s.toString();
    }

    private static String count(Side s) {
        return String.format(Locale.ROOT, "%,d, %,d", s.events(), s.outcomes());
    }

    private static void row(StringBuilder s, List<ConnectorRun> runs, String name, java.util.function.Function<ConnectorRun, String> cell,
            String plain) {
        s.append("| ").append(name);
        for (ConnectorRun k : runs) {
            s.append(" | ").append(cell.apply(k));
        }
        s.append(" | ").append(plain).append(" |\n");
    }

    private static String machine() {
        String model = "unknown CPU";
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // keep what we have
        }
        return String.format(Locale.ROOT, "%d cores (%s), %d GB RAM, Java %s, %s", Runtime.getRuntime().availableProcessors(), model,
                Math.round(memKb / 1024.0 / 1024.0), System.getProperty("java.runtime.version"), System.getProperty("os.name"));
    }

    private static String commit(Path repo) {
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The 1-minute load average (/proc/loadavg): other work on the machine shares its cores with the run. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String mb(long kb) {
        return kb <= 0 ? "n/a" : String.valueOf(Math.round(kb / 1024.0));
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

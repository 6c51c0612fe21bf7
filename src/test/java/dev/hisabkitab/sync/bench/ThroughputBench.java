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
import java.nio.file.StandardCopyOption;
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
import java.util.function.Function;
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
import dev.hisabkitab.sync.bench.BenchResult.FileDrop;
import dev.hisabkitab.sync.bench.BenchResult.MachineCpu;
import dev.hisabkitab.sync.bench.BenchResult.Onboarding;
import dev.hisabkitab.sync.bench.BenchResult.Paced;
import dev.hisabkitab.sync.bench.BenchResult.PlainRun;
import dev.hisabkitab.sync.bench.BenchResult.Side;
import dev.hisabkitab.sync.bench.OutcomeCollector.Arrival;
import dev.hisabkitab.sync.bench.Workload.Event;
import dev.hisabkitab.sync.bench.Workload.Masters;

/**
 * The throughput benchmark ({@code bench/throughput.sh}; docs/performance.md). Each part is a process of
 * its own on loopback: a Kafka broker ({@link BrokerMain}), the HisabKitab sandbox with a fixed added latency L
 * ({@code SandboxMain --latency-ms}, changed per run), the packaged connector ({@code java -jar
 * target/quarkus-app/quarkus-run.jar}), and the plain Camel route ({@link PlainRouteMain}). This JVM produces the
 * events, drops the files, reads the outcome topics, samples the processes' CPU and memory from /proc and prints the
 * table. A connector run per latency and listener ({@link RunSpec}):
 *
 * <ol>
 * <li>Connector start: launch until {@code GET /q/health/ready} answers UP; RSS then (idle).
 * <li>Masters (the first run only, not measured, latency 0): item.upsert and party.upsert, every reply ok.
 * <li>Load: N events produced at once over the keys; throughput = N ÷ (first produced → last outcome read); the
 * connector's CPU over that time; {@code /q/metrics} scraped every second into {@code <dir>/metrics/}.
 * <li>Paced: events at half the measured throughput (at most C / L ÷ 2), so that nothing queues; added latency per
 * event = (outcome read − produced) − (sandbox service time of the phase ÷ its events).
 * <li>File drop: an invoices CSV ({@link InvoiceFile}) renamed into the connector's inbox, timed until it is in
 * .done/; its report and its outcomes on Kafka checked, one per row, in each party's file order.
 * <li>Peak RSS (VmHWM), connector stopped. After a latency's connector runs, the plain route at that latency: start,
 * the first events of the same sequence, its throughput, CPU and memory.
 * </ol>
 * Every phase checks one outcome per event, no dead letter, and per key the outcomes' order on the reply topic = the
 * events' produce order. Exit status 0 only when every check passed. With {@code -Dbench.mode=onboarding}
 * (bench/onboarding.sh) the onboarding runs instead ({@link #runOnboarding()}).
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
        List<String> failed;
        try {
            // bench/onboarding.sh: the onboarding runs instead of the throughput runs
            failed = "onboarding".equals(System.getProperty("bench.mode")) ? new ThroughputBench(config).runOnboarding()
                    : new ThroughputBench(config).run().failures();
        } catch (BenchFailure e) {
            System.out.flush();
            System.err.println("\nBENCHMARK FAILED: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!failed.isEmpty()) {
            System.err.println("\nBENCHMARK FAILED:");
            failed.forEach(f -> System.err.println("  - " + f));
        }
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    BenchResult run() {
        return stoppingAll(this::doRun);
    }

    /** Work of a run that may fail reading or writing files. */
    private interface RunWork<T> {
        T call() throws IOException;
    }

    /** Runs {@code work}, then closes the producer and the outcome reader and stops every process started, however it ends. */
    private <T> T stoppingAll(RunWork<T> work) {
        try {
            return work.call();
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
                + " %d partitions, L = %s ms, C = %d (%s); a file of %,d invoice rows, its C = %d (%s); connector runs over %s; output in %s",
                c.events(), Math.round(c.businessShare() * 100), c.keys(), c.partitions(), latencyList(c), c.maxInFlight(),
                c.maxInFlightSource(), c.fileRows(), c.inboxMaxInFlight(), c.inboxMaxInFlightSource(),
                c.listeners().stream().map(l -> l.label).toList(), c.repo().relativize(c.dir()));
        List<RunSpec> specs = new ArrayList<>();
        for (long l : c.latencies()) {
            for (Listener listener : c.listeners()) {
                specs.add(RunSpec.of(listener, l, l == c.latencies().get(0)));
            }
        }
        Parts parts = startParts(specs, true);

        // ---- the connector, once per latency and listener (each run its own process, topics, group and event ids);
        // after each latency's connector runs, the plain route at that latency: the first events of the same sequence
        Workload workload = new Workload(c.keys(), c.items(), c.businessShare());
        List<ConnectorRun> runs = new ArrayList<>();
        List<PlainRun> plains = new ArrayList<>();
        for (long l : c.latencies()) {
            for (RunSpec spec : specs) {
                if (spec.latencyMs() == l) {
                    runs.add(connectorRun(spec, workload, parts));
                }
            }
            plains.add(new PlainRun(l, plain(parts.java(), l, workload, masters)));
        }

        requireNoSecretInLogs();
        BenchResult partial = new BenchResult(c, runs, plains, List.copyOf(failures), "");
        String table = table(partial, loadAtStart, loadAverage());
        Files.writeString(c.dir().resolve("results.md"), table);
        System.out.println();
        System.out.println(table);
        log("total %s s; logs in %s", fmt(secondsSince(runStarted), 0), c.repo().relativize(c.dir().resolve("logs")));
        return new BenchResult(c, runs, plains, List.copyOf(failures), table);
    }

    /** The broker and the sandbox, processes of their own. */
    private record Parts(String java, ChildProcess broker, ChildProcess sandbox) {
    }

    /**
     * Starts the broker (with the SASL_SSL listener when a run needs it) and the sandbox at the first latency, creates
     * the runs' topics (and the plain route's when {@code plainTopics}), starts reading the outcome topics and the
     * producer.
     */
    private Parts startParts(List<RunSpec> specs, boolean plainTopics) throws IOException {
        if (!Files.isRegularFile(c.jar())) {
            throw new BenchFailure("no packaged connector at " + c.jar() + " (mvn -B package -DskipTests)");
        }
        Path dir = c.dir();
        Path pids = dir.resolve("pids");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean saslSsl = specs.stream().anyMatch(s -> s.listener() == Listener.SASL_SSL);
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
        // the sandbox keeps every request and record it was sent (about 17 KB each): a run at two latencies sends
        // about 100,000, and with 1 GB its heap filled at about 60,000, full GCs took it over and it stopped
        // answering (a file drop seemed to stall: thread dumps showed the connector waiting for its answers)
        ChildProcess sandbox = ChildProcess.start("sandbox", List.of(java, "-Xmx6g",
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
        List<String> topics = new ArrayList<>();
        List<String> outcomeTopics = new ArrayList<>();
        Set<String> deadLetterTopics = new HashSet<>();
        for (RunSpec s : specs) {
            topics.addAll(List.of(topic(EVENTS, s), topic(REPLIES, s), topic(DLQ, s)));
            outcomeTopics.addAll(List.of(topic(REPLIES, s), topic(DLQ, s)));
            deadLetterTopics.add(topic(DLQ, s));
        }
        if (plainTopics) {
            for (long l : c.latencies()) {
                topics.addAll(List.of(plainName(PLAIN_EVENTS, l), plainName(PLAIN_REPLIES, l)));
                outcomeTopics.add(plainName(PLAIN_REPLIES, l));
            }
        }
        createTopics(topics);
        collector = new OutcomeCollector(bootstrap, outcomeTopics, deadLetterTopics);
        producer = producer();
        return new Parts(java, broker, sandbox);
    }

    /** The connector as started for a run: its process, HTTP port, start to ready, RSS when ready and inbox. */
    private record Started(ChildProcess process, int httpPort, double readySeconds, long idleRssKb, Path inbox) {
    }

    /**
     * Starts the connector for a run and waits until it is ready. The SASL_SSL run gets the listener's address and its
     * security settings in the environment, as a Kubernetes Secret would give them (docs/kafka.md); everything else is
     * the same. {@code settings}: further -D settings ({@code -Dhisabkitab.rate-limit-per-second=0} unless the run
     * keeps the default quota).
     */
    private Started startConnector(RunSpec spec, String java, List<String> settings) throws IOException {
        Path dir = c.dir();
        Listener listener = spec.listener();
        String name = connectorName(spec);
        String files = spec.suffixed("connector", "-");
        int httpPort = freePort();
        Path inbox = dir.resolve(files + "/inbox");
        Files.createDirectories(inbox);
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(Arrays.asList(c.connectorJavaOptions().trim().split("\\s+")));
        command.addAll(List.of("-Dquarkus.http.port=" + httpPort, "-Dhisabkitab.base-url=" + sandboxBase,
                "-D" + BenchConfig.MAX_IN_FLIGHT + "=" + c.maxInFlight(),
                // given even to a connector that does not know the setting yet (it is then ignored)
                "-D" + BenchConfig.INBOX_MAX_IN_FLIGHT + "=" + c.inboxMaxInFlight(),
                "-Dhisabkitab.inbox=" + inbox,
                "-Dhisabkitab.idempotency.file=" + dir.resolve(files + "/data/completed.jsonl"),
                "-Dhisabkitab.metrics.consumer-lag-interval=PT1S"));
        command.addAll(settings);
        if (!spec.fullTag().isEmpty()) {
            command.addAll(List.of("-Dhisabkitab.topics.events=" + topic(EVENTS, spec),
                    "-Dhisabkitab.topics.replies=" + topic(REPLIES, spec), "-Dhisabkitab.topics.dlq=" + topic(DLQ, spec),
                    "-Dhisabkitab.topics.completed=" + topic(COMPLETED, spec),
                    "-Dhisabkitab.kafka.group-id=" + spec.suffixed(GROUP, "-")));
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
        log("starting the %s (%s) against the %s listener, sandbox latency %d ms", name, c.repo().relativize(c.jar()), listener.label,
                spec.latencyMs());
        ChildProcess connector = ChildProcess.start(files, command, env, dir.resolve(files), dir.resolve("logs/" + files + ".log"), dir.resolve("pids"),
                List.of());
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        double connectorReady = connector.awaitReady(ready, START_TIMEOUT);
        long connectorIdleRss = connector.statusKb("VmRSS");
        log("%s ready in %s s (GET /q/health/ready UP), RSS %s MB", name, fmt(connectorReady, 2), mb(connectorIdleRss));
        return new Started(connector, httpPort, connectorReady, connectorIdleRss, inbox);
    }

    private static String connectorName(RunSpec spec) {
        return spec.fullTag().isEmpty() ? "connector"
                : "connector (" + spec.listener().label + (spec.tag().isEmpty() ? "" : ", " + spec.tag()) + ")";
    }

    /**
     * One run of the connector: start, (the first run only) masters, warm-up, load, paced, file drop, stop; the
     * sandbox at the run's latency.
     */
    private ConnectorRun connectorRun(RunSpec spec, Workload workload, Parts parts) throws IOException {
        Path dir = c.dir();
        BenchConfig rc = c.withLatency(spec.latencyMs());
        Started started = startConnector(spec, parts.java(), List.of("-D" + BenchConfig.RATE_LIMIT + "=0"));
        ChildProcess connector = started.process();
        String name = connectorName(spec);
        String events = topic(EVENTS, spec);

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
        }
        setLatency(spec.latencyMs());

        // ---- warm-up: events of the same mix at full speed, not measured (the JIT compiler's work of the first
        // thousands of events is not what the connector costs when it runs for days)
        if (c.warmupEvents() > 0) {
            String phase = spec.phase("warmup");
            List<Event> warmup = workload.events(phase, spec.numberLetters() + "W", c.warmupEvents(), c.seed() + 2, masters);
            log("warm-up: %,d events through the %s (not measured)", warmup.size(), name);
            long warmupStart = System.nanoTime();
            produce(warmup, events, null);
            int warm = collector.await(phase, warmup.size(), warmupStart + c.loadTimeout().toNanos(),
                    have -> connector.requireAlive());
            requireNoDeadLetters(phase);
            if (warm < warmup.size()) {
                throw new BenchFailure("warm-up (" + spec.label() + "): only " + warm + " of " + warmup.size() + " outcomes within "
                        + c.loadTimeout().toSeconds() + " s" + connector.tail());
            }
            log("warm-up done in %s s", fmt(secondsSince(warmupStart), 1));
        }

        // ---- load: N events at once
        List<Event> load = workload.events(spec.phase("load"), spec.numberLetters() + "L", c.events(), c.seed(), masters);
        Side connectorSide;
        MetricsScraper scraper = new MetricsScraper(URI.create("http://127.0.0.1:" + started.httpPort() + "/q/metrics"),
                dir.resolve(spec.suffixed("metrics", "-"))).start();
        Paced paced = null;
        MachineCpu machineCpu = null;
        FileDrop file = null;
        try {
            ChildProcess broker = parts.broker();
            ChildProcess sandbox = parts.sandbox();
            double[] others0 = {broker.cpuSeconds(), sandbox.cpuSeconds(), ProcStats.cpuSeconds(ProcessHandle.current().pid())};
            long t0 = System.nanoTime();
            connectorSide = burst(name, spec.phase("load"), load, events, connector, c.loadTimeout(), started.readySeconds(),
                    started.idleRssKb());
            // where the machine's CPU went meanwhile (the parts share its cores)
            machineCpu = new MachineCpu(secondsSince(t0), Runtime.getRuntime().availableProcessors(), connectorSide.cpuSeconds(),
                    sandbox.cpuSeconds() - others0[1], broker.cpuSeconds() - others0[0],
                    ProcStats.cpuSeconds(ProcessHandle.current().pid()) - others0[2]);
            log("CPU over the load phase (%s s x %d cores = %s CPU s): %s %s s, sandbox %s s, Kafka broker %s s, this harness %s s",
                    fmt(machineCpu.wallSeconds(), 1), machineCpu.cores(), fmt(machineCpu.wallSeconds() * machineCpu.cores(), 0), name,
                    fmt(machineCpu.connector(), 1), fmt(machineCpu.sandbox(), 1), fmt(machineCpu.broker(), 1), fmt(machineCpu.harness(), 1));
            // ---- paced: below saturation, for the added latency
            if (connectorSide.complete()) {
                paced = paced(rc, spec, workload, masters, connector, connectorSide.throughput());
            } else {
                log("paced phase skipped: the load phase did not complete");
            }
            // ---- file drop: one invoices CSV into the inbox
            if (c.fileRows() > 0 && connectorSide.complete()) {
                file = fileDrop(spec, started, sandbox);
            } else if (c.fileRows() > 0) {
                log("file-drop phase skipped: the load phase did not complete");
            }
        } finally {
            scraper.close();
        }
        log("metrics: %d snapshots of /q/metrics in %s%s", scraper.written(),
                c.repo().relativize(dir.resolve(spec.suffixed("metrics", "-"))),
                scraper.failed() > 0 ? " (" + scraper.failed() + " scrapes failed)" : "");
        connectorSide = withPeak(connectorSide, connector.statusKb("VmHWM"));
        connector.stop(Duration.ofSeconds(60));
        return new ConnectorRun(spec, connectorSide, paced, machineCpu, file);
    }

    /** A topic of the run: the first run keeps the connector's default names. */
    static String topic(String base, RunSpec spec) {
        return spec.suffixed(base, ".");
    }

    /** A topic (or group) of the plain route at latency {@code l}: the first latency's keeps its name. */
    private String plainName(String base, long l) {
        return l == c.latencies().get(0) ? base : base + ".l" + l;
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
        double jit0 = process.compilerCpuSeconds();
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
        double jit1 = process.compilerCpuSeconds();
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
                Double.isNaN(half[0]) ? 0 : have - (int) half[1], Double.isNaN(half[0]) ? 0 : cpu1 - half[0], jit1 - jit0);
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

    private Paced paced(BenchConfig rc, RunSpec spec, Workload workload, Masters ids, ChildProcess connector, double measured) {
        double rate = 0.5 * Math.min(rc.latencyMs() == 0 ? Double.MAX_VALUE : rc.ceiling(), measured);
        int n = c.pacedEvents() > 0 ? c.pacedEvents()
                : (int) Math.min(50_000, Math.max(c.pacedMinEvents(), Math.round(rate * c.pacedSeconds())));
        String phase = spec.phase("paced");
        String topic = topic(EVENTS, spec);
        List<Event> events = workload.events(phase, spec.numberLetters() + "P", n, c.seed() + 1, ids);
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

    /**
     * The file-drop phase: an invoices CSV of {@code FILE_ROWS} rows (one document each, over the same keys' parties,
     * numbers growing with the row) written beside the inbox, renamed into it, and timed until it is in .done/. Then:
     * one report row per file row, each ok; each document one outcome on the run's reply topic (none on the dead
     * letter topic); per party, the replies in the file's order on their partition, and the report rows too.
     */
    private FileDrop fileDrop(RunSpec spec, Started started, ChildProcess sandbox) throws IOException {
        ChildProcess connector = started.process();
        Path inbox = started.inbox();
        String name = "invoices-bench" + spec.suffixed("", "-") + ".csv";
        InvoiceFile file = new InvoiceFile(c.fileRows(), c.keys(), c.items(), c.seed() + 3, spec.numberLetters() + "F");
        int n = file.rows();
        // written under a name the inbox does not take, then renamed in: the drop is one instant
        Path tmp = inbox.resolve(name + ".tmp");
        file.write(tmp);
        Path done = inbox.resolve(".done").resolve(name);
        Path failed = inbox.resolve(".failed").resolve(name);
        Path progress = inbox.resolve(name + ".progress.txt");
        log("file drop: %s (%,d invoice rows over %,d parties) into %s", name, n, c.keys(), c.repo().relativize(inbox));
        double cpu0 = connector.cpuSeconds();
        long t0 = System.nanoTime();
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        long deadline = t0 + c.fileTimeout().toNanos();
        long lastPrint = t0;
        int lastCount = -1;
        long lastChange = t0;
        boolean dumped = false;
        while (!Files.exists(done) && !Files.exists(failed) && System.nanoTime() < deadline) {
            connector.requireAlive();
            if (System.nanoTime() - lastPrint >= TimeUnit.SECONDS.toNanos(5)) {
                lastPrint = System.nanoTime();
                int sofar = documentsDone(progress);
                log("  file drop: %,d / %,d rows (%s/s)", sofar, n, fmt(sofar / secondsSince(t0), 1));
                if (sofar != lastCount) {
                    lastCount = sofar;
                    lastChange = lastPrint;
                } else if (!dumped && lastPrint - lastChange >= TimeUnit.SECONDS.toNanos(30)) {
                    // no row ended for 30 s: what each process is waiting on, for the profile
                    dumped = true;
                    threadDump("stall-" + spec.label(), connector, sandbox);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling interval of the folder
        }
        long t1 = System.nanoTime();
        double cpu = connector.cpuSeconds() - cpu0;
        double seconds = (t1 - t0) / 1e9;
        boolean inDone = Files.exists(done);
        Path report = inDone ? done.resolveSibling(name + ".report.csv") : failed.resolveSibling(name + ".report.csv");
        if (!inDone) {
            int sofar = documentsDone(progress);
            failures.add(Files.exists(failed) ? String.format(Locale.ROOT, "file drop (%s): the file went to .failed/", spec.label())
                    : String.format(Locale.ROOT, "file drop (%s): not in .done/ within %d s (%,d of %,d rows done, %s/s)", spec.label(),
                            c.fileTimeout().toSeconds(), sofar, n, fmt(sofar / seconds, 1)));
            if (!Files.exists(failed)) {
                return new FileDrop(n, false, seconds, sofar, cpu, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
            }
        }
        // the report moves beside the file at the end
        List<InvoiceFile.ReportRow> rows = Files.exists(report) ? InvoiceFile.readReport(report) : List.of();
        int ok = (int) rows.stream().filter(r -> "ok".equals(r.status())).count();
        if (rows.size() != n || ok != n) {
            failures.add(String.format(Locale.ROOT, "file drop (%s): %,d report rows for %,d file rows, %,d ok%s", spec.label(), rows.size(),
                    n, ok, rows.stream().filter(r -> !"ok".equals(r.status())).findFirst()
                            .map(r -> "; e.g. " + r.source() + " " + r.status() + " " + r.errorMessage()).orElse("")));
        }
        // each document's outcome on the run's topics (file outcomes go to Kafka when it is configured)
        Map<String, Integer> documentOfId = new HashMap<>();
        List<String> reportOrder = new ArrayList<>();
        for (InvoiceFile.ReportRow r : rows) {
            int d = InvoiceFile.documentOf(r.source());
            if (d >= 0 && d < n && !r.id().isEmpty()) {
                documentOfId.put(r.id(), d);
                reportOrder.add(r.id());
            }
        }
        int outcomes = collector.awaitAll(documentOfId.keySet(), System.nanoTime() + TimeUnit.SECONDS.toNanos(60),
                have -> connector.requireAlive());
        List<Arrival> arrivals = collector.all(documentOfId.keySet());
        int deadLetters = (int) arrivals.stream().filter(Arrival::deadLetter).count();
        if (outcomes != documentOfId.size() || arrivals.size() != documentOfId.size() || deadLetters > 0) {
            failures.add(String.format(Locale.ROOT, "file drop (%s): %,d documents in the report, %,d with an outcome on Kafka, %,d outcome"
                    + " records, %,d dead letters", spec.label(), documentOfId.size(), outcomes, arrivals.size(), deadLetters));
        }
        FileOrder replies = fileOrder(file, documentOfId, arrivals.stream().map(Arrival::id).toList(), arrivals);
        FileOrder reported = fileOrder(file, documentOfId, reportOrder, null);
        if (replies.violations > 0 || reported.violations > 0) {
            failures.add(String.format(Locale.ROOT, "file drop (%s): per-party order violated for %d parties (replies), %d (report), e.g. %s",
                    spec.label(), replies.violations, reported.violations, replies.violations > 0 ? replies.examples : reported.examples));
        }
        FileDrop f = new FileDrop(n, inDone, seconds, rows.size(), cpu, rows.size(), ok, outcomes, arrivals.size(), deadLetters,
                replies.parties, replies.violations, reported.violations, replies.violations > 0 ? replies.examples : reported.examples);
        log("file drop: %,d rows in %s s = %s rows/s (%s); CPU %s s (%s s per 1,000 rows); report %,d rows, %,d ok; outcomes on Kafka"
                + " %,d; per-party order: replies %s, report %s", n, fmt(seconds, 1), fmt(f.rowsPerSecond(), 1),
                inDone ? "in .done/" : "in .failed/", fmt(cpu, 1), fmt(f.cpuPerThousand(), 2), rows.size(), ok, outcomes,
                replies.violations == 0 ? "ok (" + replies.parties + " parties)" : replies.violations + " parties violated",
                reported.violations == 0 ? "ok" : reported.violations + " parties violated");
        return f;
    }

    /** The documents done so far, from the file's progress file (docs/file-drops.md); 0 when there is none. */
    private static int documentsDone(Path progress) {
        try {
            for (String line : Files.readAllLines(progress, StandardCharsets.UTF_8)) {
                if (line.startsWith("documents done:")) {
                    return Integer.parseInt(line.substring("documents done:".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not written yet, or gone with the file
        }
        return 0;
    }

    record FileOrder(int parties, int violations, List<String> examples) {
    }

    /**
     * Per party: its documents in the order {@code ids} has them must be in file order (its invoice numbers growing).
     * With {@code arrivals} (the replies), a party's replies must also be on one partition, where arrival order is
     * offset order (the file's replies are keyed by company, so all are on one).
     */
    static FileOrder fileOrder(InvoiceFile file, Map<String, Integer> documentOfId, List<String> ids, List<Arrival> arrivals) {
        Map<String, List<Integer>> byParty = new LinkedHashMap<>();
        for (String id : ids) {
            Integer d = documentOfId.get(id);
            if (d != null) {
                byParty.computeIfAbsent(file.partyKey(d), k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, Set<Integer>> partitions = new HashMap<>();
        if (arrivals != null) {
            for (Arrival a : arrivals) {
                Integer d = documentOfId.get(a.id());
                if (d != null) {
                    partitions.computeIfAbsent(file.partyKey(d), k -> new HashSet<>()).add(a.partition());
                }
            }
        }
        int violations = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byParty.entrySet()) {
            List<Integer> got = e.getValue();
            List<Integer> sorted = got.stream().sorted().toList();
            boolean spread = partitions.getOrDefault(e.getKey(), Set.of()).size() > 1;
            if (!got.equals(sorted) || spread) {
                violations++;
                if (examples.size() < 3) {
                    examples.add("party " + e.getKey() + (spread ? " (its replies on several partitions)" : "") + ": "
                            + abbreviate(got.stream().map(file::number).toList()));
                }
            }
        }
        return new FileOrder(byParty.size(), violations, examples);
    }

    /** The plain route at latency {@code l}: its own topics and group, the first events of the same sequence. */
    private Side plain(String java, long l, Workload workload, Masters ids) throws IOException {
        Path dir = c.dir();
        setLatency(l);
        String suffix = l == c.latencies().get(0) ? "" : "-l" + l;
        String group = plainName(PLAIN_GROUP, l);
        String topic = plainName(PLAIN_EVENTS, l);
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dbench.plain.brokers=" + bootstrap, "-Dbench.plain.events=" + topic,
                "-Dbench.plain.replies=" + plainName(PLAIN_REPLIES, l), "-Dbench.plain.group=" + group,
                "-Dbench.plain.sink-url=" + sandboxAdmin + "/sink", "-Dbench.plain.consumers=" + c.plainConsumers(),
                "-Dbench.plain.route=" + c.repo().resolve("bench/plain-route.yaml"), "@" + plainClasspathArgs,
                PlainRouteMain.class.getName(), "--exit-with-parent"));
        log("starting the plain route (bench/plain-route.yaml, camel-kafka consumersCount %d), sandbox latency %d ms", c.plainConsumers(), l);
        ChildProcess plain = ChildProcess.start("plain-route" + suffix, command, Map.of(), dir.resolve("plain" + suffix),
                dir.resolve("logs/plain-route" + suffix + ".log"), dir.resolve("pids"), List.of());
        double ready = awaitGroupAssigned(plain, group, topic);
        long idle = plain.statusKb("VmRSS");
        log("plain route ready in %s s (consumer group %s has all %d partitions), RSS %s MB", fmt(ready, 2), group,
                c.partitions(), mb(idle));
        String phase = suffix.isEmpty() ? "plain" : "l" + l + ".plain";
        List<Event> events = workload.events(phase, "BX", c.plainEvents(), c.seed(), ids);
        long expectedSeconds = Math.round(c.plainEvents() * Math.max(1, l) / 1000.0 / Math.max(1, c.plainConsumers()));
        Duration timeout = Duration.ofSeconds(Math.max(60, 2 * expectedSeconds + 30));
        Side side = burst("plain route" + (suffix.isEmpty() ? "" : " (L = " + l + " ms)"), phase, events, topic, plain, timeout, ready, idle);
        side = withPeak(side, plain.statusKb("VmHWM"));
        plain.stop(Duration.ofSeconds(30));
        return side;
    }

    // ------------------------------------------------------------------------------------------ onboarding

    /**
     * The onboarding benchmark (bench/onboarding.sh): a company's master data arriving at once, as when it is first
     * connected. For each value of ONBOARD_BATCHING a connector run of its own (its own topics, group and parties)
     * with {@code hisabkitab.master-batch.enabled} set so and the per-company quota left at its default (what is
     * measured: without batching about one call per party, so N ÷ quota seconds); the sandbox at the first latency.
     * Measured: first event produced until every reply arrived; checked: one reply per event, each ok, no dead letter.
     * Returns the failures; the table is printed and written to onboarding.md.
     */
    List<String> runOnboarding() {
        return stoppingAll(() -> {
            prepareDir();
            log("hisabkitab-sync onboarding benchmark: %,d party.upsert events of one company, quota %d calls/s (%s), L = %d ms,"
                    + " hisabkitab.master-batch.enabled = %s; output in %s", c.onboardEvents(), c.rateLimit(), BenchConfig.RATE_LIMIT,
                    c.latencyMs(), c.onboardBatching(), c.repo().relativize(c.dir()));
            List<RunSpec> specs = c.onboardBatching().stream()
                    .map(b -> new RunSpec(Listener.PLAINTEXT, c.latencyMs(), b ? "batched" : "unbatched", b ? "OB" : "OU")).toList();
            Parts parts = startParts(specs, false);
            Workload workload = new Workload(c.keys(), c.items(), c.businessShare());
            List<Onboarding> runs = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                runs.add(onboard(specs.get(i), c.onboardBatching().get(i), workload, parts));
            }
            requireNoSecretInLogs();
            String table = onboardingTable(c, runs, List.copyOf(failures), loadAtStart, loadAverage());
            Files.writeString(c.dir().resolve("onboarding.md"), table);
            System.out.println();
            System.out.println(table);
            log("total %s s; logs in %s", fmt(secondsSince(runStarted), 0), c.repo().relativize(c.dir().resolve("logs")));
            return List.copyOf(failures);
        });
    }

    private Onboarding onboard(RunSpec spec, boolean batching, Workload workload, Parts parts) throws IOException {
        Started started = startConnector(spec, parts.java(), List.of("-D" + BenchConfig.MASTER_BATCH + "=" + batching,
                "-D" + BenchConfig.RATE_LIMIT + "=" + c.rateLimit()));
        ChildProcess connector = started.process();
        String name = connectorName(spec);
        setLatency(spec.latencyMs());
        String phase = spec.phase("onboard");
        List<Event> events = workload.onboardingParties(phase, spec.numberLetters(), c.onboardEvents());
        int n = events.size();
        JsonNode stats0 = sandboxStats();
        double cpu0 = connector.cpuSeconds();
        log("%s: producing %,d party.upsert events (master batching %s)", name, n, batching ? "on" : "off");
        long t0 = System.nanoTime();
        produce(events, topic(EVENTS, spec), null);
        long[] lastPrint = {t0};
        int have = collector.await(phase, n, t0 + c.onboardTimeout().toNanos(), count -> {
            connector.requireAlive();
            if (System.nanoTime() - lastPrint[0] >= TimeUnit.SECONDS.toNanos(10)) {
                lastPrint[0] = System.nanoTime();
                log("  %s: %,d / %,d replies (%s/s)", name, count, n, fmt(count / secondsSince(t0), 1));
            }
        });
        long end = System.nanoTime();
        double cpu = connector.cpuSeconds() - cpu0;
        JsonNode stats1 = sandboxStats();
        long last = have < n ? end
                : collector.first(events.stream().map(Event::id).toList()).values().stream().mapToLong(Arrival::nanos).max().orElse(end);
        double seconds = (last - t0) / 1e9;
        Map<String, Integer> statuses = collector.statuses(phase);
        int ok = statuses.getOrDefault("ok", 0);
        int dead = collector.deadLetters(phase).size();
        int records = collector.records(phase);
        long calls = stats1.path("api").path("requests").asLong() - stats0.path("api").path("requests").asLong();
        String label = "onboarding, master batching " + (batching ? "on" : "off");
        if (have < n) {
            failures.add(String.format(Locale.ROOT, "%s: only %,d of %,d events had a reply within %d s (%s/s)", label, have, n,
                    c.onboardTimeout().toSeconds(), fmt(have / seconds, 1)));
        }
        if (records != have || ok != have || dead > 0) {
            failures.add(String.format(Locale.ROOT, "%s: %,d outcome records for %,d events with one; replies by status %s%s", label, records,
                    have, statuses, dead > 0 ? "; e.g. " + collector.deadLetters(phase).get(0).value() : ""));
        }
        log("%s: %,d / %,d replies (%s) in %s s = %s events/s; %,d API calls; CPU %s s", name, have, n, statuses, fmt(seconds, 1),
                fmt(have / seconds, 1), calls, fmt(cpu, 1));
        connector.stop(Duration.ofSeconds(60));
        return new Onboarding(spec, batching, n, have, records, ok, dead, seconds, calls, cpu, started.readySeconds());
    }

    /** The onboarding runs as a Markdown table (docs/performance.md). */
    static String onboardingTable(BenchConfig c, List<Onboarding> runs, List<String> failures, String loadAtStart, String loadAtEnd) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Run of %s on %s; commit %s; load average (1 min) %s at the start, %s at the end.%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), machine(), commit(c.repo()), loadAtStart, loadAtEnd));
        s.append(String.format(Locale.ROOT, "Workload: %,d party.upsert events of company default (new customers, each its own key) on %d"
                + " partitions, produced at once; quota %d calls/s (%s); sandbox latency L = %d ms; a connector run each (its own"
                + " process, topics and group).%n%n", c.onboardEvents(), c.partitions(), c.rateLimit(), BenchConfig.RATE_LIMIT, c.latencyMs()));
        s.append("|");
        runs.forEach(r -> s.append(" | hisabkitab-sync, ").append(BenchConfig.MASTER_BATCH).append("=").append(r.batching()));
        s.append(" |\n|---").append("|---:".repeat(runs.size())).append("|\n");
        onboardingRow(s, runs, "events, replies (ok)", r -> String.format(Locale.ROOT, "%,d, %,d (%,d)", r.events(), r.outcomes(), r.ok()));
        onboardingRow(s, runs, "time to all replies (s)", r -> fmt(r.seconds(), 1));
        onboardingRow(s, runs, "events/s", r -> fmt(r.throughput(), 1));
        onboardingRow(s, runs, "time ÷ the first run's", r -> fmt(r.seconds() / runs.get(0).seconds(), 2));
        onboardingRow(s, runs, "API calls (per event)", r -> String.format(Locale.ROOT, "%,d (%s)", r.apiCalls(),
                fmt(r.apiCalls() / (double) Math.max(1, r.events()), 2)));
        onboardingRow(s, runs, "CPU s per 1,000 events", r -> fmt(r.cpuSeconds() / Math.max(1, r.outcomes()) * 1000, 2));
        onboardingRow(s, runs, "start to ready (s)", r -> fmt(r.readySeconds(), 2));
        onboardingRow(s, runs, "dead letters", r -> String.valueOf(r.deadLetters()));
        s.append(String.format(Locale.ROOT, "%nResult: %s%n", failures.isEmpty() ? "all checks passed" : "FAILED: " + String.join("; ", failures)));
        return s.toString();
    }

    private static void onboardingRow(StringBuilder s, List<Onboarding> runs, String name, Function<Onboarding, String> cell) {
        s.append("| ").append(name);
        runs.forEach(r -> s.append(" | ").append(cell.apply(r)));
        s.append(" |\n");
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
            Pattern own = Pattern.compile("(metrics|connector|plain|plain-route)(-.+)?|logs|kafka|sandbox|pids|results\\.md|onboarding\\.md"
                    + "|classpath\\.args|plain-classpath\\.args");
            try (var entries = Files.list(dir)) {
                for (Path e : entries.toList()) {
                    if (own.matcher(e.getFileName().toString()).matches()) {
                        deleteRecursively(e);
                    }
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

    private void createTopics(List<String> names) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
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
    private double awaitGroupAssigned(ChildProcess process, String group, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                process.requireAlive();
                try {
                    ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                            .get(group);
                    int assigned = 0;
                    for (MemberDescription m : g.members()) {
                        assigned += (int) m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).count();
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
        throw new BenchFailure(process.name + ": consumer group " + group + " not assigned within " + START_TIMEOUT.toSeconds()
                + " s" + process.tail());
    }

    private void setLatency(long millis) {
        adminPost("/faults/latency", "{\"millis\":" + millis + "}");
    }

    /** Each process's thread dump ({@code jcmd Thread.print}) into logs/&lt;tag&gt;-&lt;name&gt;-threads.txt. */
    private void threadDump(String tag, ChildProcess... processes) {
        for (ChildProcess p : processes) {
            Path out = c.dir().resolve("logs").resolve(tag.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + p.name + "-threads.txt");
            try {
                Files.createDirectories(out.getParent());
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).redirectOutput(out.toFile()).start();
                jcmd.waitFor(60, TimeUnit.SECONDS);
                log("  no progress for 30 s: thread dump of %s in %s", p.name, c.repo().relativize(out));
            } catch (IOException e) {
                log("  thread dump of %s failed: %s", p.name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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
                s.p99EndToEndMs(), s.secondHalfOutcomes(), s.secondHalfCpuSeconds(), s.compilerCpuSeconds());
    }

    /** A column of the table: a connector run, or the plain route at a latency. */
    private record Column(ConnectorRun run, PlainRun plain) {

        long latencyMs() {
            return run != null ? run.spec().latencyMs() : plain.latencyMs();
        }

        Side side() {
            return run != null ? run.load() : plain.side();
        }
    }

    /** The results as a Markdown table (docs/performance.md), with the run's settings and machine. */
    static String table(BenchResult r, String loadAtStart, String loadAtEnd) {
        BenchConfig c = r.config();
        List<ConnectorRun> runs = r.connectors();
        List<Column> columns = new ArrayList<>();
        runs.forEach(k -> columns.add(new Column(k, null)));
        r.plains().forEach(p -> columns.add(new Column(null, p)));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Run of %s on %s; commit %s; load average (1 min) %s at the start, %s at the end.%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), machine(), commit(c.repo()), loadAtStart, loadAtEnd));
        s.append(String.format(Locale.ROOT, "Workload: %,d events (%d %% invoice.create, %d %% api.sale.create-item) over %,d keys on"
                + " %d partitions, after a warm-up of %,d events (not measured); C = %d (%s); a file of %,d invoice rows over the same"
                + " parties, its C = %d (%s); sandbox latency L = %s ms, a connector run each (listeners: %s; each run its own process,"
                + " topics and group). Plain route: the first %,d events of the same sequence at each L, camel-kafka consumersCount %d.%n%n",
                c.events(), Math.round(c.businessShare() * 100), 100 - Math.round(c.businessShare() * 100), c.keys(),
                c.partitions(), c.warmupEvents(), c.maxInFlight(), c.maxInFlightSource(), c.fileRows(), c.inboxMaxInFlight(),
                c.inboxMaxInFlightSource(), latencyList(c), String.join(", ", c.listeners().stream().map(l -> l.label).toList()),
                r.plain().events(), c.plainConsumers()));
        s.append("|");
        for (Column col : columns) {
            s.append(col.run() != null ? " | hisabkitab-sync, " + col.run().spec().label() : " | plain kafka → http route, L = "
                    + col.latencyMs() + " ms");
        }
        s.append(" |\n|---").append("|---:".repeat(columns.size())).append("|\n");
        // the plain route's throughput is set against the connector's C / L at the same L, as the connector's
        row(s, columns, "C / L (events/s)", connector(col -> fmt(c.withLatency(col.latencyMs()).ceiling(), 0)));
        row(s, columns, "events (load phase), outcomes", col -> count(col.side()));
        row(s, columns, "throughput (events/s)", col -> fmt(col.side().throughput(), 1));
        row(s, columns, "throughput ÷ (C / L)", col -> fmt(col.side().throughput() / c.withLatency(col.latencyMs()).ceiling(), 3));
        row(s, columns, "hisabkitab-sync ÷ plain route at the same L (throughput)", col -> {
            Side plain = r.plains().stream().filter(p -> p.latencyMs() == col.latencyMs()).map(PlainRun::side).findFirst().orElse(null);
            return col.run() == null ? "1×" : plain == null ? "n/a" : fmt(col.side().throughput() / plain.throughput(), 2) + "×";
        });
        if (c.listeners().size() > 1) {
            row(s, columns, "throughput ÷ " + c.listeners().get(0).label + "'s at the same L", connector(col -> {
                ConnectorRun first = runs.stream().filter(k -> k.spec().latencyMs() == col.latencyMs()).findFirst().orElseThrow();
                return fmt(col.side().throughput() / first.load().throughput(), 3);
            }));
        }
        row(s, columns, "added latency p50 / p99 (ms), paced", connector(col -> col.run().paced() == null ? "n/a"
                : fmt(col.run().paced().p50AddedMs(), 1) + " / " + fmt(col.run().paced().p99AddedMs(), 1) + " at "
                        + fmt(col.run().paced().rate(), 1) + "/s"));
        row(s, columns, "end to end p50 / p99 (ms), paced", connector(col -> col.run().paced() == null ? "n/a"
                : fmt(col.run().paced().p50EndToEndMs(), 1) + " / " + fmt(col.run().paced().p99EndToEndMs(), 1)));
        row(s, columns, "end to end p50 / p99 (ms), load phase (queueing included)",
                col -> fmt(col.side().p50EndToEndMs(), 0) + " / " + fmt(col.side().p99EndToEndMs(), 0));
        row(s, columns, "sandbox time per event (ms), API calls per event", connector(col -> col.run().paced() == null ? "n/a"
                : fmt(col.run().paced().sandboxMsPerEvent(), 1) + ", " + fmt(col.run().paced().callsPerEvent(), 2)));
        row(s, columns, "CPU s per 1,000 events (process; load phase / its second half)",
                col -> fmt(col.side().cpuPerThousand(), 2) + " / " + fmt(col.side().secondHalfCpuPerThousand(), 2));
        row(s, columns, "of which the JIT compiler's threads; the rest (CPU s per 1,000 events, load phase)",
                col -> fmt(col.side().compilerCpuPerThousand(), 2) + "; "
                        + fmt(col.side().cpuPerThousand() - col.side().compilerCpuPerThousand(), 2));
        row(s, columns, "CPU s per 1,000 events of the other parts during the connector's load (sandbox, broker, harness)",
                connector(col -> {
                    MachineCpu m = col.run().machineCpu();
                    if (m == null) {
                        return "n/a";
                    }
                    double perK = 1000.0 / Math.max(1, col.side().outcomes());
                    return fmt(m.sandbox() * perK, 2) + ", " + fmt(m.broker() * perK, 2) + ", " + fmt(m.harness() * perK, 2) + " (all parts: "
                            + fmt(100 * (m.connector() + m.sandbox() + m.broker() + m.harness()) / (m.wallSeconds() * m.cores()), 0)
                            + " % of " + m.cores() + " cores)";
                }));
        row(s, columns, "peak RSS (VmHWM, MB)", col -> mb(col.side().peakRssKb()));
        row(s, columns, "idle RSS when ready (MB)", col -> mb(col.side().idleRssKb()));
        row(s, columns, "start to ready (s)", col -> fmt(col.side().startToReadySeconds(), 2)
                + (col.run() != null ? " (/q/health/ready UP)" : " (partitions assigned)"));
        row(s, columns, "per-key order (keys checked, violations)", col -> col.side().keysChecked() + ", " + col.side().orderViolations()
                + (col.run() == null || col.run().paced() == null ? ""
                        : "; paced " + col.run().paced().keysChecked() + ", " + col.run().paced().orderViolations()));
        row(s, columns, "dead letters", connector(col -> String.valueOf(col.side().deadLetters())));
        if (c.fileRows() > 0) {
            row(s, columns, "file drop: rows, report rows ok", file(f -> String.format(Locale.ROOT, "%,d, %,d", f.rows(), f.reportOk())));
            row(s, columns, "file drop: C / L (rows/s)", connector(col -> fmt(c.withLatency(col.latencyMs()).fileCeiling(), 0)));
            row(s, columns, "file drop: rows/s (dropped → in .done/)", file(f -> fmt(f.rowsPerSecond(), 1) + (f.done() ? "" : " (not done)")));
            row(s, columns, "file drop: rows/s ÷ (C / L)", connector(col -> col.run().file() == null ? "n/a"
                    : fmt(col.run().file().rowsPerSecond() / c.withLatency(col.latencyMs()).fileCeiling(), 3)));
            row(s, columns, "file drop: CPU s per 1,000 rows", file(f -> fmt(f.cpuPerThousand(), 2)));
            row(s, columns, "file drop: outcomes on Kafka (records), dead letters",
                    file(f -> String.format(Locale.ROOT, "%,d (%,d), %d", f.outcomes(), f.outcomeRecords(), f.deadLetters())));
            row(s, columns, "file drop: per-party order (parties checked; violations in replies, in report)",
                    file(f -> f.partiesChecked() + "; " + f.orderViolations() + ", " + f.reportOrderViolations()));
        }
        s.append(String.format(Locale.ROOT, "%nResult: %s%n", r.failures().isEmpty() ? "all checks passed"
                : "FAILED: " + String.join("; ", r.failures())));
        return s.toString();
    }

    /** A cell of connector columns only ("–" in the plain route's). */
    private static Function<Column, String> connector(Function<Column, String> cell) {
        return col -> col.run() == null ? "–" : cell.apply(col);
    }

    /** A cell of the file drop of connector columns ("n/a" when it did not run). */
    private static Function<Column, String> file(Function<FileDrop, String> cell) {
        return connector(col -> col.run().file() == null ? "n/a" : cell.apply(col.run().file()));
    }

    private static String latencyList(BenchConfig c) {
        return String.join(", ", c.latencies().stream().map(String::valueOf).toList());
    }

    private static String count(Side s) {
        return String.format(Locale.ROOT, "%,d, %,d", s.events(), s.outcomes());
    }

    private static void row(StringBuilder s, List<Column> columns, String name, Function<Column, String> cell) {
        s.append("| ").append(name);
        for (Column col : columns) {
            s.append(" | ").append(cell.apply(col));
        }
        s.append(" |\n");
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

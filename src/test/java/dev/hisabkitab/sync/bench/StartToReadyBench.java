package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.hisabkitab.sync.idempotency.CompletedEvent;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.support.KafkaBroker;

/**
 * The packaged connector's start-to-ready and heap with many completed ids in the Kafka store
 * ({@code bench/start-to-ready.sh}, docs/performance.md). For each N (ascending; the completed-events topic is filled
 * up to N records as the connector writes them): the connector started with an empty index directory (a new pod: the
 * index is rebuilt from the topic), then stopped (SIGTERM) and started again on the same directory (a restart: only
 * the topic's tail after the checkpoint is read). For each start: seconds from launch to {@code GET /q/health/ready}
 * UP, and the heap in use after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}) once ready.
 * Args: N... (default 0 1000000 5000000). Settings (system properties): {@code bench.dir}, {@code bench.jar},
 * {@code bench.connector-java-options}. Exit 0 when every check passed (heap growth at the largest N ≤ 64 MB, ready
 * after a restart ≤ 30 s), 1 when one failed, 2 when it could not run.
 */
public final class StartToReadyBench {

    static final String TOPIC = "hisabkitab.completed";
    static final double HEAP_GROWTH_TARGET_MB = 64;
    static final double RESTART_READY_TARGET_S = 30;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    private final Path dir;
    private final Path jar;
    private final List<String> javaOptions;
    private final String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String apiKey = "bench-" + Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));

    private StartToReadyBench(Path dir, Path jar, List<String> javaOptions) {
        this.dir = dir;
        this.jar = jar;
        this.javaOptions = javaOptions;
    }

    record Start(double readySeconds, double heapMb) {
    }

    record Row(long ids, Start fresh, Start restart, double diskMb) {
    }

    public static void main(String[] args) {
        List<Long> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Long.parseLong(a.replace("_", "")));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(0L, 1_000_000L, 5_000_000L);
        }
        // absolute: each process runs in a directory of its own
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-start")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
        List<String> options = List.of(System.getProperty("bench.connector-java-options",
                BenchConfig.DEFAULT_CONNECTOR_JAVA_OPTIONS).trim().split("\\s+"));
        int code;
        try {
            code = new StartToReadyBench(dir, jar, options).run(sizes);
        } catch (BenchFailure | IOException e) {
            System.err.println("start-to-ready benchmark could not run: " + e.getMessage());
            code = 2;
        } finally {
            ChildProcess.stopAll();
        }
        System.exit(code);
    }

    private int run(List<Long> sizes) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new BenchFailure("no packaged connector at " + jar + " (mvn -B package -DskipTests)");
        }
        ConsoleLogging.install(Level.WARNING);
        Files.createDirectories(dir);
        Path pids = dir.resolve("pids");
        // absolute: the sandbox runs in a directory of its own
        String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/third-party)");
        List<Row> rows = new ArrayList<>();
        try (KafkaBroker broker = new KafkaBroker(1, Map.of()).start();
                ChildProcess sandbox = ChildProcess.start("sandbox", List.of(javaCommand, "-Xmx512m", "-cp", classpath,
                        "dev.hisabkitab.sync.sandbox.SandboxMain", "--port=0"), Map.of("HISABKITAB_SANDBOX_API_KEYS", apiKey),
                        dir.resolve("sandbox"), dir.resolve("logs/sandbox.log"), pids, List.of(listening))) {
            String sandboxBase = sandbox.awaitLine(listening, Duration.ofSeconds(60));
            createCompactedTopic(broker);
            long filled = 0;
            for (long n : sizes) {
                double fillSeconds = fill(broker.bootstrapServers(), filled, n);
                filled = Math.max(filled, n);
                log("topic %s holds %,d completed ids (%.1f s to add them)", TOPIC, filled, fillSeconds);
                Path index = dir.resolve("index-" + n);
                deleteTree(index);
                Start fresh = start("fresh-" + n, broker.bootstrapServers(), sandboxBase, index);
                Start restart = start("restart-" + n, broker.bootstrapServers(), sandboxBase, index);
                rows.add(new Row(n, fresh, restart, size(index) / 1e6));
                deleteTree(index);
            }
        }
        return report(rows);
    }

    private int report(List<Row> rows) {
        double base = rows.get(0).restart().heapMb();
        System.out.println();
        System.out.println("| completed ids | ready, new index (rebuilt from the topic) | ready, restart (index kept) | heap after GC, new / restart | heap growth vs " + String.format("%,d", rows.get(0).ids()) + " ids | index on disk |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        boolean ok = true;
        for (Row r : rows) {
            double growth = Math.max(r.fresh().heapMb(), r.restart().heapMb()) - base;
            System.out.printf("| %,d | %.1f s | %.1f s | %.1f / %.1f MB | %+.1f MB | %.0f MB |%n", r.ids(), r.fresh().readySeconds(),
                    r.restart().readySeconds(), r.fresh().heapMb(), r.restart().heapMb(), growth, r.diskMb());
        }
        Row last = rows.get(rows.size() - 1);
        double growth = Math.max(last.fresh().heapMb(), last.restart().heapMb()) - base;
        if (rows.size() > 1 && growth > HEAP_GROWTH_TARGET_MB) {
            System.out.printf("FAILED: heap growth %.1f MB at %,d ids (target ≤ %.0f MB)%n", growth, last.ids(), HEAP_GROWTH_TARGET_MB);
            ok = false;
        }
        if (last.restart().readySeconds() > RESTART_READY_TARGET_S) {
            System.out.printf("FAILED: ready %.1f s after a restart at %,d ids (target ≤ %.0f s)%n", last.restart().readySeconds(),
                    last.ids(), RESTART_READY_TARGET_S);
            ok = false;
        }
        return ok ? 0 : 1;
    }

    /** Launches the connector on {@code index}, awaits readiness, measures the heap after a GC, stops it (SIGTERM). */
    private Start start(String name, String bootstrap, String sandboxBase, Path index) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(javaOptions);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dhisabkitab.base-url=" + sandboxBase,
                "-Dhisabkitab.inbox=" + dir.resolve("inbox"), "-Dhisabkitab.idempotency.dir=" + index,
                // a rebuild of millions of ids may take longer than the default minute; the figure is what is measured
                "-Dhisabkitab.idempotency.start-timeout=PT10M", "-jar", jar.toAbsolutePath().toString()));
        Map<String, String> env = new HashMap<>();
        env.put("HISABKITAB_API_KEY", apiKey);
        env.put("KAFKA_BROKERS", bootstrap);
        try (ChildProcess connector = ChildProcess.start("connector", command, env, dir.resolve("connector"),
                dir.resolve("logs/" + name + ".log"), dir.resolve("pids"), List.of())) {
            double ready = connector.awaitReady(URI.create("http://127.0.0.1:" + port + "/q/health/ready"), START_TIMEOUT);
            double heap = heapAfterGcMb(connector.pid());
            log("%s: ready in %.1f s, heap after GC %.1f MB, RSS %.0f MB", name, ready, heap, connector.statusKb("VmRSS") / 1024.0);
            return new Start(ready, heap);
        }
    }


    /** Young + old generation in use after {@code jcmd GC.run} (a full collection with the Serial collector). */
    private double heapAfterGcMb(long pid) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        jcmd(jcmd, pid, "GC.run");
        String info = jcmd(jcmd, pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        long usedKb = 0;
        int generations = 0;
        while (m.find()) {
            usedKb += Long.parseLong(m.group(1));
            generations++;
        }
        if (generations == 0) {
            throw new BenchFailure("cannot read the heap from jcmd GC.heap_info (Serial collector expected): " + info);
        }
        return usedKb / 1024.0;
    }

    private static String jcmd(String jcmd, long pid, String command) {
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BenchFailure("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new BenchFailure("jcmd " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }

    /** The topic as the connector creates it (compacted, one partition), made before the records are written. */
    private static void createCompactedTopic(KafkaBroker broker) {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new BenchFailure("cannot create " + TOPIC + ": " + e);
        }
    }

    /** Completed ids {@code from} … {@code to - 1}, each a record as the connector writes it (key and JSON value). */
    private static double fill(String bootstrap, long from, long to) {
        long t0 = System.nanoTime();
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.BATCH_SIZE_CONFIG, "524288",
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 << 20));
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (long i = from; i < to; i++) {
                CompletedEvent event = event(i);
                producer.send(new ProducerRecord<>(TOPIC, event.key().text(), event.toJson()), (md, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
                if (failed.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new BenchFailure("filling " + TOPIC + " failed: " + failed.get());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The record of a booked sale, as the connector writes one to the topic. */
    static CompletedEvent event(long i) {
        return new CompletedEvent(new EventKey("acme", "erp-" + i), 100_000L + i, "INV-" + i,
                "Sale Transaction Created Successfully", "2026-01-01T10:00:00Z", "hisabkitab.events/3@" + i);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("[start-to-ready] " + format + "%n", args);
    }
}

package dev.hisabkitab.sync.bench.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.OperationSamples;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaTestClient;

/**
 * A small load run for the dashboard picture (bench/dashboard.sh --load): a real Kafka broker and the HisabKitab
 * sandbox (with added latency) in this JVM, the packaged application as a process of its own, and
 * {@code GET /q/metrics} scraped every second into {@code <epoch-millis>.prom} files while events flow.
 *
 * <p>Phases: a quiet start; a steady stream for companies {@code default} and {@code acme}; a burst faster than the
 * application takes it (consumer lag) with a batch of files dropped into the inbox (backlog, the file source);
 * a stretch with the sandbox answering some calls 429 or 503 (retries, one spent retry budget); then the stream
 * stops and the run waits for every outcome. About one event in twelve is bad: not JSON, a company without a key,
 * a body HisabKitab refuses. The API keys are made up for the run and written only into the application's config
 * file in the work folder.
 *
 * <p>{@code DashboardLoad <quarkus-run.jar> <metrics-dir> <work-dir> [seconds of load, default 120]}
 */
public final class DashboardLoad {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DashboardLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DashboardLoad <quarkus-run.jar> <metrics-dir> <work-dir> [seconds]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path metrics = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 120;
        Files.createDirectories(metrics);
        Files.createDirectories(work.resolve("config"));
        Files.createDirectories(work.resolve("inbox"));

        List<AutoCloseable> stops = new ArrayList<>();
        Thread hook = new Thread(() -> closeAll(stops), "dashboard-load-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(jar, metrics, work, seconds, stops);
        } finally {
            closeAll(stops);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private static synchronized void closeAll(List<AutoCloseable> stops) {
        for (int k = stops.size() - 1; k >= 0; k--) {
            try {
                stops.get(k).close();
            } catch (Exception e) {
                System.err.println("stopping: " + e);
            }
        }
        stops.clear();
    }

    private static void run(Path jar, Path metrics, Path work, int seconds, List<AutoCloseable> stops) throws Exception {
        KafkaBroker broker = new KafkaBroker(3, Map.of()).start();
        stops.add(broker);
        broker.createTopics(EVENTS, REPLIES, DLQ);
        String defaultKey = madeUpKey("default");
        String acmeKey = madeUpKey("acme");
        HisabKitabSandbox sandbox = HisabKitabSandbox.start(0, new LinkedHashSet<>(List.of(defaultKey, acmeKey)));
        stops.add(sandbox);
        sandbox.faults().latency(Duration.ofMillis(40));
        Map<String, SandboxCompany> companies = Map.of("default", sandbox.company(defaultKey), "acme", sandbox.company(acmeKey));

        int httpPort = freePort();
        Properties config = new Properties();
        config.setProperty("hisabkitab.base-url", sandbox.baseUrl());
        config.setProperty("hisabkitab.api-key", defaultKey);
        config.setProperty("hisabkitab.companies.acme.api-key", acmeKey);
        config.setProperty("kafka.brokers", broker.bootstrapServers());
        config.setProperty("quarkus.http.port", String.valueOf(httpPort));
        config.setProperty("hisabkitab.inbox", work.resolve("inbox").toString());
        config.setProperty("hisabkitab.idempotency.file", work.resolve("data/completed.jsonl").toString());
        config.setProperty("hisabkitab.metrics.consumer-lag-interval", "PT1S");
        config.setProperty("hisabkitab.retry.initial-delay-ms", "200");
        config.setProperty("quarkus.log.category.\"dev.hisabkitab.sync.outcome\".level", "WARN");
        Path configFile = work.resolve("config/application.properties");
        stops.add(() -> Files.deleteIfExists(configFile)); // after the application stopped: the keys go with the run
        try (var out = Files.newBufferedWriter(configFile)) {
            config.store(out, "dashboard load run (made-up sandbox keys)");
        }
        Process app = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("app.log").toFile()).start();
        stops.add(() -> {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        });
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        Awaitility.await("the application ready on " + base).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    if (!app.isAlive()) {
                        throw new IllegalStateException("the application stopped; see " + work.resolve("app.log"));
                    }
                    return get(base.resolve("/q/health/ready")).statusCode() == 200;
                });
        System.out.println("Application ready; scraping " + base + "/q/metrics every second into " + metrics);

        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger scrapes = new AtomicInteger();
        scraper.scheduleAtFixedRate(() -> scrape(base.resolve("/q/metrics"), metrics, scrapes), 0, 1, TimeUnit.SECONDS);
        stops.add(() -> {
            scraper.shutdown();
            scraper.awaitTermination(5, TimeUnit.SECONDS);
        });

        KafkaTestClient kafka = broker.client();
        stops.add(kafka);
        Set<String> expected = ConcurrentHashMap.newKeySet();
        Load load = new Load(kafka, companies, sandbox, work.resolve("inbox"), expected);
        Thread.sleep(10_000); // not a wait for anything: ten seconds without load, the panels' baseline
        long start = System.nanoTime();
        int quiet = seconds / 6;
        int steady = seconds / 3;
        int burst = seconds / 4;
        for (int s = 0; s < seconds; s++) {
            long due = start + TimeUnit.SECONDS.toNanos(s);
            long now = System.nanoTime();
            if (due > now) {
                TimeUnit.NANOSECONDS.sleep(due - now);
            }
            if (s < quiet) {
                load.events(4);
            } else if (s < quiet + steady) {
                load.events(10);
            } else if (s < quiet + steady + burst) {
                load.events(24);
                if (s == quiet + steady + burst / 2) {
                    load.files(12, 10);
                }
            } else {
                load.events(8);
                load.faults(s);
            }
        }
        System.out.println("Load sent: " + expected.size() + " events; waiting for their outcomes");
        Map<String, Integer> outcomes = awaitOutcomes(broker.bootstrapServers(), expected);
        System.out.println("Outcomes: " + outcomes);
        Thread.sleep(15_000); // not a wait for anything: a quiet end, where the rates fall back to zero
        System.out.println(scrapes.get() + " scrapes in " + metrics);
    }

    /** What the run sends. */
    static final class Load {
        final KafkaTestClient kafka;
        final Map<String, SandboxCompany> companies;
        final HisabKitabSandbox sandbox;
        final Path inbox;
        final Set<String> expected;
        final ObjectNode party;
        int n;
        int files;

        Load(KafkaTestClient kafka, Map<String, SandboxCompany> companies, HisabKitabSandbox sandbox, Path inbox,
                Set<String> expected) throws IOException {
            this.kafka = kafka;
            this.companies = companies;
            this.sandbox = sandbox;
            this.inbox = inbox;
            this.expected = expected;
            try (var in = DashboardLoad.class.getResourceAsStream("/events/valid/party.upsert-customer.json")) {
                this.party = (ObjectNode) JSON.readTree(in).get("payload");
            }
        }

        /** {@code count} events, spread over the next second. */
        void events(int count) throws InterruptedException {
            for (int k = 0; k < count; k++) {
                int i = ++n;
                String company = i % 3 == 0 ? "acme" : "default";
                String id = "load-" + i;
                String value;
                if (i % 12 == 5) {
                    value = bad(i, id);
                } else if (i % 10 == 3) {
                    value = envelope(id, "api.gst-rate.list", company, null);
                } else if (i % 10 == 7) {
                    ObjectNode p = party.deepCopy();
                    p.put("name", "Load Party " + i);
                    p.remove("gstin");
                    p.remove("pan");
                    value = envelope(id, "party.upsert", company, p);
                } else {
                    value = envelope(id, "api.sale.create-item", company, sale(company, "LOAD-" + i));
                }
                expected.add(id);
                kafka.produce(EVENTS, company + "-" + (i % 8), value);
                Thread.sleep(1000 / Math.max(1, count) / 2);
            }
        }

        private String bad(int i, String id) {
            return switch ((i / 12) % 3) {
                case 0 -> "{\"id\":\"" + id + "\",\"type\":\"api.sale.create-item\",\"payload\":"; // not JSON
                case 1 -> envelope(id, "api.gst-rate.list", "globex", null); // a company without a key: mapping
                default -> {
                    ObjectNode refused = sale("default", "LOAD-" + i);
                    refused.remove("customer_ledger_id"); // HisabKitab answers 422: rejected
                    yield envelope(id, "api.sale.create-item", "default", refused);
                }
            };
        }

        private ObjectNode sale(String company, String number) {
            ObjectNode sale = OperationSamples.createBody("sale.create-item", companies.get(company));
            sale.put("invoice_number", number);
            return sale;
        }

        /** {@code count} NDJSON files of {@code each} sales, dropped at once. */
        void files(int count, int each) {
            for (int f = 0; f < count; f++) {
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < each; k++) {
                    String id = "load-file-" + (++files) + "-" + k;
                    b.append(envelope(id, "api.sale.create-item", "default", sale("default", "FILE-" + files + "-" + k)))
                            .append('\n');
                    expected.add(id);
                }
                try {
                    Path tmp = inbox.resolve("load-" + files + ".ndjson.tmp");
                    Files.writeString(tmp, b, StandardCharsets.UTF_8);
                    Files.move(tmp, inbox.resolve("load-" + files + ".ndjson"), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        /** Unavailable answers now and then: single 429s and 503s (retried), once four 503s (a spent budget). */
        void faults(int second) {
            if (second % 10 == 5) {
                sandbox.faults().failNext(503, 503, 503, 503);
            } else if (second % 3 == 0) { // apart from the four: five in a row would open a company's circuit breaker
                sandbox.faults().failNext(second % 2 == 0 ? 429 : 503);
            }
        }
    }

    static String envelope(String id, String type, String company, JsonNode payload) {
        ObjectNode e = JSON.createObjectNode().put("id", id).put("type", type).put("company", company);
        if (payload != null) {
            e.set("payload", payload);
        }
        return e.toString();
    }

    /** Reads the reply and dead-letter topics until every expected id has its outcome; the counts by status. */
    static Map<String, Integer> awaitOutcomes(String bootstrap, Set<String> expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dashboard-load-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // outcomes are committed in Kafka transactions: readers of replies use read_committed (docs/guarantees.md)
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> missing = new LinkedHashSet<>(expected);
        Map<String, Integer> counts = new TreeMap<>();
        int[] withoutId = { 0 };
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(REPLIES, DLQ));
            Awaitility.await("an outcome for each of " + expected.size() + " events").atMost(Duration.ofMinutes(10))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).pollInSameThread()
                    .until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            JsonNode o = JSON.readTree(r.value());
                            String id = o.path("id").asText(null);
                            String kind = o.has("error") ? o.at("/error/category").asText() : o.path("status").asText();
                            counts.merge(kind, 1, Integer::sum);
                            if (id == null) {
                                withoutId[0]++;
                            } else {
                                missing.remove(id);
                            }
                        }
                        // an event that is not JSON has no id its dead letter could name: those count for the rest
                        return missing.size() <= withoutId[0];
                    });
        }
        return counts;
    }

    static void scrape(URI metrics, Path dir, AtomicInteger scrapes) {
        long at = System.currentTimeMillis();
        try {
            HttpResponse<String> r = get(metrics);
            if (r.statusCode() == 200) {
                Path tmp = dir.resolve(at + ".prom.tmp");
                Files.writeString(tmp, r.body(), StandardCharsets.UTF_8);
                Files.move(tmp, dir.resolve(at + ".prom"), StandardCopyOption.ATOMIC_MOVE);
                scrapes.incrementAndGet();
            }
        } catch (IOException e) {
            System.err.println("scrape failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String madeUpKey(String company) {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return "load-" + company + "-" + HexFormat.of().formatHex(b);
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

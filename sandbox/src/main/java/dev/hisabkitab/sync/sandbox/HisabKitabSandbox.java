package dev.hisabkitab.sync.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.hisabkitab.sync.catalogue.EndpointCatalogue;

/**
 * A strict, stateful stand-in for the HisabKitab third-party API on a loopback socket, driven by the endpoint
 * catalogue ({@code hisabkitab/endpoints.yaml}) and the sandbox rules ({@code hisabkitab/sandbox-rules.yaml}).
 *
 * <p>Each accepted API key is one company with its own records, seeded with the master data of a fresh company
 * ({@code hisabkitab/sandbox-seed.yaml}). Requests go to {@link #baseUrl()} with the {@code ApiKey} header;
 * bodies may be JSON, multipart/form-data or x-www-form-urlencoded (PHP-style keys such as {@code ledger_id[]}).
 * Answers use the API's envelope {@code {"data":…,"success":…,"message":…}}: 401 for a missing or unknown key,
 * 404 for an unknown path or record, 405 for a wrong method, 422 with field errors for an invalid body.
 *
 * <p>Test hooks: {@link #faults()} (latency, queued statuses, dropped connections, requests at once per key), {@link #journal()} (every
 * request), {@link #company(String)} (a company's store), {@link #stats()} (time spent per request). The same hooks
 * are served as JSON under {@code /__sandbox/} for a sandbox running in another process (see {@link SandboxMain}).
 * {@code POST /__sandbox/sink} is a plain webhook for benchmarks: it takes any body, waits the added latency like an
 * API request and answers 200, storing and journaling nothing.
 */
public final class HisabKitabSandbox implements AutoCloseable {

    public static final String BASE_PATH = "/third-party";
    public static final String ADMIN_PATH = "/__sandbox";
    /** The thread pool size; load tests keep 64 requests in flight with added latency. */
    public static final int THREADS = 256;

    private static final Logger LOG = Logger.getLogger(HisabKitabSandbox.class);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final SandboxApi api;
    private final Map<String, SandboxCompany> companiesByKeyHash = new LinkedHashMap<>();
    private final SandboxFaults faults = new SandboxFaults();
    private final SandboxJournal journal = new SandboxJournal();
    private final SandboxStats stats = new SandboxStats();
    private volatile LedgerAnswerShape ledgerShape = LedgerAnswerShape.DOCUMENTED;
    /** Where accepted writes are kept for a restart ({@link #keepStateIn}); null: in memory only. */
    private volatile SandboxState state;

    private HisabKitabSandbox(HttpServer server, ThreadPoolExecutor executor, SandboxApi api) {
        this.server = server;
        this.executor = executor;
        this.api = api;
    }

    /** Starts a sandbox on 127.0.0.1 (port 0: any free port) for the built-in catalogue. */
    public static HisabKitabSandbox start(int port, Set<String> apiKeys) {
        return start(port, apiKeys, EndpointCatalogue.builtIn());
    }

    /** Starts a sandbox serving a given catalogue (e.g. one with path overrides). */
    public static HisabKitabSandbox start(int port, Set<String> apiKeys, EndpointCatalogue catalogue) {
        if (apiKeys == null || apiKeys.isEmpty()) {
            throw new IllegalArgumentException("The sandbox needs at least one API key");
        }
        for (String key : apiKeys) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("A sandbox API key must not be blank");
            }
        }
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        SandboxApi api = new SandboxApi(catalogue, SandboxRules.builtIn(), Json.readYamlResource("hisabkitab/sandbox-seed.yaml"));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("The HisabKitab sandbox cannot listen on 127.0.0.1:" + port, e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "hisabkitab-sandbox-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        executor.allowCoreThreadTimeOut(true);
        HisabKitabSandbox sandbox = new HisabKitabSandbox(server, executor, api);
        api.faults = sandbox.faults;
        int n = 0;
        for (String key : new LinkedHashSet<>(apiKeys)) {
            SandboxCompany company = new SandboxCompany(api, ++n, key);
            api.seed(company);
            sandbox.companiesByKeyHash.put(company.apiKeyHash(), company);
        }
        server.createContext("/", sandbox::handle);
        server.setExecutor(executor);
        server.start();
        LOG.infof("HisabKitab sandbox listening on %s (%d companies)", sandbox.baseUrl(), n);
        return sandbox;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The API root, e.g. {@code http://127.0.0.1:8089/third-party}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + BASE_PATH;
    }

    /** The admin root, e.g. {@code http://127.0.0.1:8089/__sandbox}. */
    public String adminUrl() {
        return "http://127.0.0.1:" + port() + ADMIN_PATH;
    }

    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger peakConcurrent = new AtomicInteger();

    public SandboxFaults faults() {
        return faults;
    }

    /** How ledgers appear in answers from now on (default {@link LedgerAnswerShape#DOCUMENTED}, the vendor's shape). */
    public HisabKitabSandbox ledgerAnswerShape(LedgerAnswerShape shape) {
        ledgerShape = java.util.Objects.requireNonNull(shape, "shape");
        return this;
    }

    public LedgerAnswerShape ledgerAnswerShape() {
        return ledgerShape;
    }

    /**
     * From now on a document number or master name already used is accepted again (default: refused with 422 "has
     * already been taken", as the sandbox rules say): a test that nothing is booked twice then gets no help from
     * HisabKitab.
     */
    public HisabKitabSandbox acceptRepeatedNumbers(boolean accept) {
        api.acceptRepeats = accept;
        return this;
    }

    /**
     * From now on a master (ledger, item) of this name is refused with 422 on its name field, alone or as an element
     * of a batch (whose other elements are then not created either: a batch is one transaction): a validation of the
     * account's own that the connector cannot foresee.
     */
    public HisabKitabSandbox refuseMasterName(String name) {
        api.refusedNames.add(java.util.Objects.requireNonNull(name, "name"));
        return this;
    }

    /**
     * Whether the companies' document series have a prefix of their own (default: yes, {@code INV-}, {@code RCPT-} …
     * as the rules say): false sets up an account whose numbers come from the business's ERP whole (HisabKitab puts the
     * series' prefix in front of the number it is sent, so an ERP number that has one already would show it twice).
     * Call before the first request.
     */
    public HisabKitabSandbox seriesPrefixes(boolean on) {
        api.seriesPrefixes = on;
        return this;
    }

    public SandboxJournal journal() {
        return journal;
    }

    /** Requests served and the time spent on them (handler start to answer ready), for benchmarks. */
    public SandboxStats stats() {
        return stats;
    }

    /** The company an API key belongs to. */
    public SandboxCompany company(String apiKey) {
        SandboxCompany c = apiKey == null ? null : companiesByKeyHash.get(SandboxCompany.sha256(apiKey));
        if (c == null) {
            throw new IllegalArgumentException("The sandbox does not accept that API key");
        }
        return c;
    }

    /** The companies, in the order of the keys given to {@link #start}. */
    public List<SandboxCompany> companies() {
        return List.copyOf(companiesByKeyHash.values());
    }

    /** Clears faults and journal and gives every company its fresh seed data again. */
    public void reset() {
        faults.clear();
        journal.reset();
        for (SandboxCompany c : companiesByKeyHash.values()) {
            c.locked(() -> {
                api.seed(c);
                return null;
            });
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        SandboxState s = state;
        state = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.warnf("Closing the sandbox's state %s: %s", s.file(), e);
            }
        }
    }

    /**
     * Keeps this sandbox's accepted writes in {@code file} from now on, after replaying those it holds (a sandbox
     * restarted on its file answers as the account did before). Call before the first request.
     *
     * @return how many writes were replayed
     */
    public synchronized int keepStateIn(Path file) {
        if (state != null) {
            throw new IllegalStateException("The sandbox keeps its state in " + state.file() + " already");
        }
        int replayed = 0;
        for (SandboxState.Change c : SandboxState.read(file)) {
            SandboxCompany company = companiesByKeyHash.get(c.keyHash());
            if (company == null) {
                continue; // a company of a key no longer given
            }
            company.lock.lock();
            try {
                api.handle(company, api.router.route(c.method(), c.path()), c.method(), FormBodies.urlEncoded(c.query()),
                        c.body());
                replayed++;
            } catch (RuntimeException | Router.NotFound | Router.MethodNotAllowed e) {
                LOG.warnf("A write kept in %s was not accepted again (%s %s): %s", file, c.method(), c.path(), e.getMessage());
            } finally {
                company.lock.unlock();
            }
        }
        state = SandboxState.appendTo(file);
        return replayed;
    }

    // =====================================================================================================
    // HTTP

    private void handle(HttpExchange ex) {
        long started = System.nanoTime();
        try {
            String path = ex.getRequestURI().getRawPath();
            if (path.equals(ADMIN_PATH + "/sink") && ex.getRequestMethod().equalsIgnoreCase("POST")) {
                sink(ex, started);
            } else if (path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/")) {
                admin(ex, path.substring(ADMIN_PATH.length()));
            } else {
                api(ex, path, started);
            }
        } catch (Throwable t) {
            LOG.error("The HisabKitab sandbox failed on " + ex.getRequestMethod() + " " + ex.getRequestURI(), t);
            try {
                send(ex, 500, envelope(null, false, "Server Error"), Map.of());
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            }
        } finally {
            ex.close();
        }
    }

    private static final class Journaled {
        String company;
        String keyHash;
        boolean keyPresent;
        String operation;
    }

    /** A computed answer, journaled before it is written so that a client that got it finds it in the journal. */
    private record Reply(int status, byte[] body, Map<String, String> headers, boolean drop) {
        static Reply of(int status, JsonNode body, Map<String, String> headers) {
            return new Reply(status, Json.write(body).getBytes(StandardCharsets.UTF_8), headers, false);
        }

        static Reply of(SandboxApiException e) {
            JsonNode data = null;
            if (e.errors != null) {
                ObjectNode d = Json.object();
                ObjectNode errors = d.putObject("errors");
                e.errors.forEach((k, msgs) -> {
                    var arr = errors.putArray(k);
                    msgs.forEach(arr::add);
                });
                data = d;
            }
            return of(e.status, envelope(data, false, e.getMessage()), e.headers);
        }
    }

    /**
     * The most API requests that were being answered at the same moment since the start (or the last reset):
     * tests and benchmarks read how many calls a client really keeps in flight.
     */
    public int peakConcurrentRequests() {
        return peakConcurrent.get();
    }

    public void resetPeakConcurrentRequests() {
        peakConcurrent.set(concurrent.get());
    }

    /** A benchmark's webhook: any body, the added latency, 200 with an empty success envelope. */
    private void sink(HttpExchange ex, long started) throws IOException {
        ex.getRequestBody().readAllBytes();
        if (!sleepLatency()) {
            return;
        }
        byte[] body = Json.write(envelope(null, true, "ok")).getBytes(StandardCharsets.UTF_8);
        // counted before the answer is written: a client that got it finds it counted
        stats.sink(System.nanoTime() - started);
        send(ex, 200, body, Map.of());
    }

    /** Waits the added latency; false when interrupted (the sandbox is closing). */
    private boolean sleepLatency() {
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Answers one API request; its service time (from {@code started} until the answer is ready to be written) is
     * counted before the answer is written, so that a client that got the answer finds it counted.
     */
    private void api(HttpExchange ex, String path, long started) throws IOException {
        peakConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            answerApi(ex, path, started);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private void answerApi(HttpExchange ex, String path, long started) throws IOException {
        byte[] bytes = ex.getRequestBody().readAllBytes();
        Instant at = Instant.now();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawQuery = ex.getRequestURI().getRawQuery();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String key = ex.getRequestHeaders().getFirst("ApiKey");
        Journaled j = new Journaled();
        j.keyPresent = key != null && !key.isBlank();
        j.keyHash = key == null ? null : SandboxCompany.sha256(key);
        SandboxCompany company = j.keyPresent && !faults.isRevoked(j.keyHash) ? companiesByKeyHash.get(j.keyHash) : null;
        j.company = company == null ? null : company.name();
        Reply reply;
        // over the key's limit of requests at once (SandboxFaults#maxConcurrentPerKey): 429 at once, without the latency
        if (!faults.enterKey(j.keyHash)) {
            reply = tooManyAttempts();
        } else {
            try {
                if (!sleepLatency()) {
                    return;
                }
                reply = answer(path, method, rawQuery, contentType, bytes, company, j);
            } catch (RuntimeException e) {
                record(at, method, path, rawQuery, contentType, bytes, j, 500);
                throw e;
            } finally {
                // before the answer is written: a client that got it may send its next request at once
                faults.leaveKey(j.keyHash);
            }
        }
        record(at, method, path, rawQuery, contentType, bytes, j, reply.drop() ? SandboxJournal.DROPPED : reply.status());
        stats.api(j.operation, System.nanoTime() - started);
        if (reply.drop()) {
            // The record is committed: announce a body, send none, and close the connection.
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(reply.status(), reply.body().length);
            ex.getResponseBody().flush();
            ex.close();
            return;
        }
        send(ex, reply.status(), reply.body(), reply.headers());
    }

    /** HisabKitab's throttle answer: 429, its error envelope, Retry-After ({@link SandboxFaults#retryAfter}). */
    private Reply tooManyAttempts() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", String.valueOf(faults.retryAfterSeconds()));
        headers.put("X-RateLimit-Limit", "60");
        headers.put("X-RateLimit-Remaining", "0");
        return Reply.of(429, envelope(null, false, reason(429)), headers);
    }

    private void record(Instant at, String method, String path, String query, String contentType, byte[] body, Journaled j,
            int status) {
        journal.add(new SandboxJournal.Entry(at, method, path, query, j.keyPresent, j.company, j.keyHash, contentType,
                new String(body, StandardCharsets.UTF_8), j.operation, status));
    }

    private Reply answer(String path, String method, String rawQuery, String contentType, byte[] bytes,
            SandboxCompany company, Journaled j) {
        Integer fault = faults.pollStatus();
        if (fault != null) {
            return fault == 429 ? tooManyAttempts() : Reply.of(fault, envelope(null, false, reason(fault)), Map.of());
        }
        if (!(path.equals(BASE_PATH) || path.startsWith(BASE_PATH + "/"))) {
            return Reply.of(SandboxApiException.notFound("The route " + path.substring(1) + " could not be found."));
        }
        String relative = path.substring(BASE_PATH.length());
        if (faults.isMissingRoute(relative)) {
            return Reply.of(SandboxApiException.notFound("The route " + path.substring(1) + " could not be found."));
        }
        Router.Match match;
        try {
            match = api.router.route(method, relative);
        } catch (Router.NotFound e) {
            return Reply.of(SandboxApiException.notFound("The route " + path.substring(1) + " could not be found."));
        } catch (Router.MethodNotAllowed e) {
            return Reply.of(SandboxApiException.of(405, "The " + method + " method is not supported for route "
                    + path.substring(1) + ". Supported methods: " + String.join(", ", e.allowed) + ".")
                    .header("Allow", String.join(", ", e.allowed)));
        }
        j.operation = match.endpoints().size() == 1 ? match.endpoints().get(0).operation() : null;
        if (company == null) {
            return Reply.of(SandboxApiException.of(401, "Unauthenticated."));
        }
        ObjectNode query = FormBodies.urlEncoded(rawQuery);
        JsonNode body;
        try {
            body = method.equals("GET") || method.equals("HEAD") ? null : parseBody(contentType, bytes);
        } catch (SandboxApiException e) {
            return Reply.of(e);
        }
        SandboxApi.Answer a;
        company.lock.lock();
        try {
            a = api.handle(company, match, method, query, body);
            SandboxState kept = state;
            if (kept != null && !method.equals("GET") && !method.equals("HEAD")) {
                // under the company's lock: the file has each company's writes in the order they were applied
                kept.changed(new SandboxState.Change(company.apiKeyHash(), method, relative, rawQuery, body));
            }
        } catch (SandboxApiException e) {
            return Reply.of(e);
        } finally {
            company.lock.unlock();
        }
        j.operation = a.operation() != null ? a.operation() : j.operation;
        JsonNode data = "ledger".equals(match.endpoints().get(0).resource()) ? ledgerShape.show(a.data()) : a.data();
        if (a.operation() != null && a.operation().endsWith(".batch-create")
                && faults.batchAnswer() == SandboxFaults.BatchAnswer.COUNT) {
            data = Json.object().put("created", a.data().size());
        }
        Reply ok = Reply.of(a.status(), envelope(data, true, a.message()), Map.of());
        if (a.committedCreate() && faults.consumeDrop()) {
            return new Reply(ok.status(), ok.body(), Map.of(), true);
        }
        return ok;
    }

    /**
     * The body as Laravel's input: JSON when the content type says JSON, PHP-style form fields for urlencoded and
     * multipart bodies; any other (or no) content type gives empty input, as Laravel would see it.
     */
    static JsonNode parseBody(String contentType, byte[] bytes) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.contains("/json") || ct.contains("+json")) {
            if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return Json.object();
            }
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw SandboxApiException.of(400, "The request body is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw SandboxApiException.of(400, "The request body cannot be read: " + e.getMessage());
            }
        }
        if (ct.startsWith("multipart/form-data")) {
            String boundary = FormBodies.boundary(contentType);
            if (boundary == null) {
                throw SandboxApiException.of(400, "The multipart/form-data content type has no boundary.");
            }
            try {
                return FormBodies.multipart(bytes, boundary);
            } catch (IllegalArgumentException e) {
                throw SandboxApiException.of(400, "The multipart body cannot be read: " + e.getMessage());
            }
        }
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            return FormBodies.urlEncoded(new String(bytes, StandardCharsets.UTF_8));
        }
        return Json.object();
    }

    static ObjectNode envelope(JsonNode data, boolean success, String message) {
        ObjectNode o = Json.object();
        o.set("data", data == null ? Json.F.nullNode() : data);
        o.put("success", success);
        o.put("message", message);
        return o;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthenticated.";
            case 403 -> "This action is unauthorized.";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 422 -> "The given data was invalid.";
            case 429 -> "Too Many Attempts.";
            case 500 -> "Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error " + status;
        };
    }

    private static void send(HttpExchange ex, int status, JsonNode body, Map<String, String> headers) throws IOException {
        send(ex, status, Json.write(body).getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void send(HttpExchange ex, int status, byte[] bytes, Map<String, String> headers) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    // =====================================================================================================
    // admin endpoints (loopback only, no key): the test hooks for a sandbox in another process

    private void admin(HttpExchange ex, String sub) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        byte[] bytes = ex.getRequestBody().readAllBytes();
        JsonNode body;
        try {
            body = method.equals("GET") ? Json.object() : parseBody("application/json", bytes);
        } catch (SandboxApiException e) {
            Reply r = Reply.of(e);
            send(ex, r.status(), r.body(), r.headers());
            return;
        }
        String route = method + " " + (sub.isEmpty() ? "/" : sub);
        try {
            JsonNode data = switch (route) {
                case "GET /faults" -> faults.snapshot();
                case "GET /stats" -> stats.toJson();
                case "POST /faults/latency" -> {
                    faults.latency(Duration.ofMillis(requiredLong(body, "millis")));
                    yield faults.snapshot();
                }
                case "POST /faults/statuses" -> {
                    JsonNode list = body.get("statuses");
                    if (list == null || !list.isArray()) {
                        throw SandboxApiException.invalid("statuses", "The statuses must be an array of HTTP status codes.");
                    }
                    if (body.has("retry_after_seconds")) {
                        faults.retryAfter(Duration.ofSeconds(requiredLong(body, "retry_after_seconds")));
                    }
                    List<Integer> statuses = new ArrayList<>();
                    list.forEach(s -> statuses.add(s.asInt()));
                    faults.failNext(statuses);
                    yield faults.snapshot();
                }
                case "POST /faults/max-concurrent-per-key" -> {
                    faults.maxConcurrentPerKey((int) requiredLong(body, "max"));
                    yield faults.snapshot();
                }
                case "POST /faults/drop-after-commit" -> {
                    faults.dropConnectionAfterCommit((int) requiredLong(body, "count"));
                    yield faults.snapshot();
                }
                case "POST /faults/batch-answer" -> {
                    String shape = body.path("shape").asText("");
                    try {
                        faults.batchAnswer(SandboxFaults.BatchAnswer.valueOf(shape.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw SandboxApiException.invalid("shape", "The shape must be records or count.");
                    }
                    yield faults.snapshot();
                }
                case "POST /faults/batch-keeps-created-before-refusal" -> {
                    faults.batchKeepsCreatedBeforeRefusal(body.path("keep").asBoolean(true));
                    yield faults.snapshot();
                }
                case "POST /faults/clear" -> {
                    faults.clear();
                    yield faults.snapshot();
                }
                case "GET /journal" -> journal.toJson();
                case "POST /journal/reset" -> {
                    journal.reset();
                    yield Json.array();
                }
                case "POST /reset" -> {
                    reset();
                    yield Json.object();
                }
                case "GET /companies" -> {
                    var arr = Json.array();
                    for (SandboxCompany c : companiesByKeyHash.values()) {
                        ObjectNode o = arr.addObject();
                        o.put("company_id", c.companyId());
                        o.put("name", c.name());
                        o.put("api_key_sha256", c.apiKeyHash());
                    }
                    yield arr;
                }
                default -> adminStore(ex, method, sub);
            };
            send(ex, 200, envelope(data, true, "ok"), Map.of());
        } catch (SandboxApiException e) {
            Reply r = Reply.of(e);
            send(ex, r.status(), r.body(), r.headers());
        } catch (IllegalArgumentException e) {
            Reply r = Reply.of(SandboxApiException.of(400, e.getMessage()));
            send(ex, r.status(), r.body(), r.headers());
        }
    }

    /** GET /__sandbox/store/{resource}[/{id}] with the ApiKey header, or /__sandbox/companies/{companyId}/{resource}[/{id}]. */
    private JsonNode adminStore(HttpExchange ex, String method, String sub) {
        String[] parts = Router.split(sub);
        SandboxCompany company = null;
        int resourceIndex;
        if (method.equals("GET") && parts.length >= 2 && parts.length <= 3 && parts[0].equals("store")) {
            String key = ex.getRequestHeaders().getFirst("ApiKey");
            company = key == null ? null : companiesByKeyHash.get(SandboxCompany.sha256(key));
            if (company == null) {
                throw SandboxApiException.of(401, "Unauthenticated.");
            }
            resourceIndex = 1;
        } else if (method.equals("GET") && parts.length >= 3 && parts.length <= 4 && parts[0].equals("companies")) {
            for (SandboxCompany c : companiesByKeyHash.values()) {
                if (String.valueOf(c.companyId()).equals(parts[1]) || c.apiKeyHash().equals(parts[1])) {
                    company = c;
                }
            }
            if (company == null) {
                throw SandboxApiException.notFound("No such sandbox company.");
            }
            resourceIndex = 2;
        } else {
            throw SandboxApiException.notFound("No sandbox admin endpoint " + method + " " + ADMIN_PATH + sub + ".");
        }
        String resource = parts[resourceIndex];
        if (parts.length == resourceIndex + 2) {
            long id;
            try {
                id = Long.parseLong(parts[resourceIndex + 1]);
            } catch (NumberFormatException e) {
                throw SandboxApiException.notFound("Not found.");
            }
            Optional<JsonNode> r = company.record(resource, id);
            return r.orElseThrow(() -> SandboxApiException.notFound("Not found."));
        }
        var arr = Json.array();
        company.records(resource).forEach(arr::add);
        return arr;
    }

    private static long requiredLong(JsonNode body, String field) {
        Long v = Json.integer(body.get(field));
        if (v == null || v < 0) {
            throw SandboxApiException.invalid(field, "The " + field + " must be a non-negative integer.");
        }
        return v;
    }
}

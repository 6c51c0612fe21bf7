package dev.hisabkitab.sync.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fault hooks for reliability tests. They act on API requests (under {@code /third-party}), not on the
 * {@code /__sandbox/} admin endpoints. Thread-safe; every setter returns this for chaining.
 */
public final class SandboxFaults {

    private volatile Duration latency = Duration.ZERO;
    private volatile Duration retryAfter = Duration.ofSeconds(1);
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger dropsAfterCommit = new AtomicInteger();
    /** SHA-256 of the keys HisabKitab refuses for now (a company whose key was revoked, until it is restored). */
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();

    /**
     * How a batch create answers (HisabKitab does not document it): {@link BatchAnswer#RECORDS} (default) each record
     * created, in the request's order, as its single create answers it; {@link BatchAnswer#COUNT} only how many were
     * created ({@code {"created": 3}}), from which no client can tell which record is whose.
     */
    public enum BatchAnswer {
        RECORDS, COUNT
    }

    private volatile BatchAnswer batchAnswer = BatchAnswer.RECORDS;

    /** Batch creates answer in this shape from now on. */
    public SandboxFaults batchAnswer(BatchAnswer shape) {
        batchAnswer = Objects.requireNonNull(shape, "shape");
        return this;
    }

    public BatchAnswer batchAnswer() {
        return batchAnswer;
    }

    /**
     * Whether a batch create inserts element by element and stops at the first refused one (HisabKitab does not
     * document the endpoint as one transaction): the elements before it stay created, the 422 names only that one.
     */
    private volatile boolean batchKeepsCreatedBeforeRefusal;

    /** Batch creates keep (true) or undo (false, default) the elements created before a refused one. */
    public SandboxFaults batchKeepsCreatedBeforeRefusal(boolean keep) {
        batchKeepsCreatedBeforeRefusal = keep;
        return this;
    }

    public boolean batchKeepsCreatedBeforeRefusal() {
        return batchKeepsCreatedBeforeRefusal;
    }

    /** API requests answered at once per key (SHA-256 of the key): 0 = no limit. */
    private volatile int maxConcurrentPerKey;
    private final ConcurrentHashMap<String, AtomicInteger> concurrentPerKey = new ConcurrentHashMap<>();

    /** Paths (relative to the API base, e.g. {@code /company-details}) answered 404 as if HisabKitab had no such route. */
    private final Set<String> missingRoutes = ConcurrentHashMap.newKeySet();

    /** Answers this path (relative to the API base, without query) 404 "route could not be found" from now on. */
    public SandboxFaults missingRoute(String relativePath) {
        missingRoutes.add(Objects.requireNonNull(relativePath, "relativePath"));
        return this;
    }

    public boolean isMissingRoute(String relativePath) {
        return missingRoutes.contains(relativePath);
    }

    /** Every API request is answered no sooner than this after it was read (fixed added latency). */
    public SandboxFaults latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latency = latency;
        return this;
    }

    public Duration latency() {
        return latency;
    }

    /**
     * The next API requests are answered, one each and in this order, with these statuses and the envelope
     * {@code {"data":null,"success":false,"message":...}}; nothing is processed or stored for them. Appends to the
     * statuses already queued.
     */
    public SandboxFaults failNext(int... statuses) {
        for (int s : statuses) {
            if (s < 100 || s > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + s);
            }
            this.statuses.add(s);
        }
        return this;
    }

    public SandboxFaults failNext(List<Integer> statuses) {
        return failNext(statuses.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The {@code Retry-After} a queued 429 carries, in whole seconds (rounded up); default 1 second. */
    public SandboxFaults retryAfter(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        this.retryAfter = retryAfter;
        return this;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * From now on at most {@code max} API requests with the same key are answered at once: one more is answered at
     * once with 429 and the {@link #retryAfter} (HisabKitab's throttle, as its own 429s look); 0: no limit.
     */
    public SandboxFaults maxConcurrentPerKey(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative");
        }
        this.maxConcurrentPerKey = max;
        return this;
    }

    public int maxConcurrentPerKey() {
        return maxConcurrentPerKey;
    }

    /**
     * Counts a request of this key as being answered, unless the key has {@link #maxConcurrentPerKey} answered already:
     * false then, nothing counted. Requests are counted also while there is no limit, so one set mid-way holds at once.
     * A request without a key is not counted.
     */
    boolean enterKey(String apiKeySha256) {
        if (apiKeySha256 == null) {
            return true;
        }
        AtomicInteger answering = concurrentPerKey.computeIfAbsent(apiKeySha256, k -> new AtomicInteger());
        while (true) {
            int n = answering.get();
            int max = maxConcurrentPerKey;
            if (max > 0 && n >= max) {
                return false;
            }
            if (answering.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A request {@link #enterKey} counted is answered. */
    void leaveKey(String apiKeySha256) {
        AtomicInteger answering = apiKeySha256 == null ? null : concurrentPerKey.get(apiKeySha256);
        if (answering != null) {
            answering.decrementAndGet();
        }
    }

    /**
     * The next {@code creates} successful creates (create*, batch-create) are stored and committed, and then the
     * connection is closed without a response body: the response headers announce a body that never comes.
     */
    public SandboxFaults dropConnectionAfterCommit(int creates) {
        if (creates < 0) {
            throw new IllegalArgumentException("creates must not be negative");
        }
        dropsAfterCommit.set(creates);
        return this;
    }

    /**
     * Every request with this key is answered 401 (as an unknown key) until {@link #restoreKey}: a company whose key
     * HisabKitab stopped accepting (revoked, subscription lapsed) and accepts again later. Kept as a hash only.
     */
    public SandboxFaults revokeKey(String apiKey) {
        revokedKeys.add(SandboxCompany.sha256(Objects.requireNonNull(apiKey, "apiKey")));
        return this;
    }

    public SandboxFaults restoreKey(String apiKey) {
        revokedKeys.remove(SandboxCompany.sha256(Objects.requireNonNull(apiKey, "apiKey")));
        return this;
    }

    boolean isRevoked(String apiKeySha256) {
        return apiKeySha256 != null && revokedKeys.contains(apiKeySha256);
    }

    public List<Integer> pendingStatuses() {
        return new ArrayList<>(statuses);
    }

    public int pendingDrops() {
        return dropsAfterCommit.get();
    }

    /**
     * Removes every fault: no latency, no queued statuses, no drops, no revoked key, no limit of requests at once,
     * Retry-After back to 1 second.
     */
    public void clear() {
        latency = Duration.ZERO;
        maxConcurrentPerKey = 0;
        retryAfter = Duration.ofSeconds(1);
        statuses.clear();
        dropsAfterCommit.set(0);
        revokedKeys.clear();
        missingRoutes.clear();
        batchAnswer = BatchAnswer.RECORDS;
        batchKeepsCreatedBeforeRefusal = false;
    }

    Integer pollStatus() {
        return statuses.poll();
    }

    boolean consumeDrop() {
        while (true) {
            int n = dropsAfterCommit.get();
            if (n <= 0) {
                return false;
            }
            if (dropsAfterCommit.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(0, (millis + 999) / 1000);
    }

    ObjectNode snapshot() {
        ObjectNode o = Json.object();
        o.put("latency_millis", latency.toMillis());
        o.put("retry_after_seconds", retryAfterSeconds());
        var list = o.putArray("statuses");
        statuses.forEach(list::add);
        o.put("drop_after_commit", dropsAfterCommit.get());
        o.put("batch_answer", batchAnswer.name().toLowerCase(java.util.Locale.ROOT));
        o.put("batch_keeps_created_before_refusal", batchKeepsCreatedBeforeRefusal);
        o.put("max_concurrent_per_key", maxConcurrentPerKey);
        return o;
    }
}

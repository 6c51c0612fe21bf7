package dev.hisabkitab.sync.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How long the sandbox spent on the requests it served: for each request, from the moment its handler started
 * (before the body was read) until its answer was ready to be written, the added latency included (counted before
 * the answer is written, so that a client that got an answer finds it counted). Kept per catalogue operation
 * for API requests, and apart for the benchmark sink ({@code POST /__sandbox/sink}). Counters only grow; a reader
 * takes the difference of two snapshots ({@code GET /__sandbox/stats}). Thread-safe and cheap (adders).
 */
public final class SandboxStats {

    /** Requests and time spent of one kind. */
    static final class Counter {
        final LongAdder requests = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

        void add(long spentNanos) {
            requests.increment();
            nanos.add(spentNanos);
            maxNanos.accumulate(spentNanos);
        }

        ObjectNode toJson(ObjectNode o) {
            o.put("requests", requests.sum());
            o.put("service_nanos", nanos.sum());
            o.put("max_nanos", maxNanos.get());
            return o;
        }
    }

    private final Counter api = new Counter();
    private final Counter sink = new Counter();
    private final Map<String, Counter> byOperation = new ConcurrentHashMap<>();

    /** An API request answered (operation null: it matched none) after {@code spentNanos}. */
    void api(String operation, long spentNanos) {
        api.add(spentNanos);
        byOperation.computeIfAbsent(operation == null ? "(none)" : operation, k -> new Counter()).add(spentNanos);
    }

    void sink(long spentNanos) {
        sink.add(spentNanos);
    }

    /** API requests served so far. */
    public long apiRequests() {
        return api.requests.sum();
    }

    /** Nanoseconds spent on API requests so far. */
    public long apiNanos() {
        return api.nanos.sum();
    }

    /** API requests of one operation (e.g. {@code ledger.batch-create}) served so far. */
    public long requests(String operation) {
        Counter c = byOperation.get(operation);
        return c == null ? 0 : c.requests.sum();
    }

    /** Requests to the benchmark sink so far. */
    public long sinkRequests() {
        return sink.requests.sum();
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        api.toJson(o.putObject("api"));
        sink.toJson(o.putObject("sink"));
        ObjectNode ops = o.putObject("operations");
        new TreeMap<>(byOperation).forEach((op, c) -> c.toJson(ops.putObject(op)));
        return o;
    }
}

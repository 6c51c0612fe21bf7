package dev.hisabkitab.sync.bench;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One connector run of the benchmark: the broker listener it connects to, the sandbox latency L it runs at, and a tag
 * that keeps its names apart from every other run's (bench/throughput.sh: a run per latency of LATENCIES and listener
 * of SECURITY; bench/onboarding.sh: a run with master batching on and one with it off). Each run has its own connector
 * process, topics, consumer group, completed-ids topic, event ids and document numbers, so that its events are new to
 * the connector and to the sandbox (not duplicates answered from the idempotency store). The first run's names are
 * the connector's defaults (the earlier runs' names).
 *
 * @param tag what sets the run apart besides its listener ({@code l50} for a second latency, {@code batched} …);
 *        empty for the first run
 * @param numberLetters first letters of its events' document numbers (B: BL-17, B50: B50L-17, S: SL-17)
 */
record RunSpec(Listener listener, long latencyMs, String tag, String numberLetters) {

    /** A run of the throughput benchmark: the first latency keeps the listener's names, a later one adds {@code l<L>}. */
    static RunSpec of(Listener listener, long latencyMs, boolean firstLatency) {
        return new RunSpec(listener, latencyMs, firstLatency ? "" : "l" + latencyMs,
                listener.numberLetter + (firstLatency ? "" : String.valueOf(latencyMs)));
    }

    /** The listener's tag and the run's own, joined ({@code sasl_ssl.l50}). */
    String fullTag() {
        return Stream.of(listener.tag, tag).filter(s -> !s.isEmpty()).collect(Collectors.joining("."));
    }

    /** Phase of its event ids ({@code bench-<phase>-<n>}): {@code load}, {@code sasl_ssl.l50.load}. */
    String phase(String base) {
        String t = fullTag();
        return t.isEmpty() ? base : t + "." + base;
    }

    /** A name of the first run unchanged, else with the run's tag: {@code hisabkitab.events.sasl-ssl.l50}. */
    String suffixed(String name, String separator) {
        String t = fullTag();
        return t.isEmpty() ? name : name + separator + t.replace('_', '-').replace(".", separator);
    }

    /** The column header: {@code PLAINTEXT, L = 200 ms}. */
    String label() {
        return String.format(Locale.ROOT, "%s, L = %d ms", listener.label, latencyMs);
    }
}

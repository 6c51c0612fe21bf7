package dev.hisabkitab.sync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The broker listener a connector run of the benchmark connects to (bench/throughput.sh: SECURITY). Each run has its
 * own connector process, topics, consumer group, completed-ids topic, event ids and document numbers, so that the
 * second run's events are new to the connector and to the sandbox (not duplicates answered from the idempotency
 * store), with the same workload and settings.
 */
enum Listener {
    /** No TLS, no login: the broker's first listener, what the harness's own clients use. */
    PLAINTEXT("", "B", "PLAINTEXT"),
    /** TLS (a CA the broker made for the run) and a SCRAM-SHA-512 login, as the connector runs on a secured cluster. */
    SASL_SSL("sasl_ssl", "S", "SASL_SSL");

    /** Phase prefix of the event ids ({@code bench-<prefix>.<phase>-<n>}), names of its directories and topics. */
    final String tag;
    /** First letter of the document numbers of its events (B: BL-17, S: SL-17). */
    final String numberLetter;
    final String label;

    Listener(String tag, String numberLetter, String label) {
        this.tag = tag;
        this.numberLetter = numberLetter;
        this.label = label;
    }

    String phase(String base) {
        return tag.isEmpty() ? base : tag + "." + base;
    }

    /** A name of the plaintext run unchanged (the earlier runs' names), else with the listener's tag. */
    String suffixed(String name, String separator) {
        return tag.isEmpty() ? name : name + separator + tag.replace('_', '-');
    }

    /** {@code plaintext,sasl_ssl} → both, in that order (the order they run in). */
    static List<Listener> parse(String list) {
        List<Listener> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                Listener l = valueOf(s.trim().toUpperCase(Locale.ROOT));
                if (!out.contains(l)) {
                    out.add(l);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no listener in '" + list + "' (plaintext, sasl_ssl)");
        }
        return List.copyOf(out);
    }
}

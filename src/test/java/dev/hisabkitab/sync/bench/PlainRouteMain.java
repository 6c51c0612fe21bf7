package dev.hisabkitab.sync.bench;

import java.util.Properties;
import java.util.logging.Level;

import org.apache.camel.main.Main;

/**
 * The comparison of {@code bench/throughput.sh}: a plain Camel {@code kafka → http} route with Camel's default
 * settings ({@code bench/plain-route.yaml}), the shape of the usual Kafka HTTP sinks, run by a bare Camel Main.
 *
 * <p>Why a Camel Main and not the packaged connector with only that route: the connector's jar also starts what the
 * route does not need and a plain sink does not have (idempotency store reading its compacted topic, inbox, health
 * checks, metrics, the connector's HTTP client settings from its application.properties); the comparison is meant to
 * be with the route alone. Its properties come only from the {@code bench.plain.*} system properties below; run it
 * on a class path without the connector's classes and application.properties (ThroughputBench does).
 *
 * <pre>java -Dbench.plain.brokers=... -Dbench.plain.events=... -Dbench.plain.replies=... -Dbench.plain.sink-url=...
 *      [-Dbench.plain.consumers=1] [-Dbench.plain.group=bench-plain-sink] [-Dbench.plain.route=bench/plain-route.yaml]
 *      -cp &lt;test class path&gt; dev.hisabkitab.sync.bench.PlainRouteMain [--exit-with-parent]</pre>
 */
public final class PlainRouteMain {

    private PlainRouteMain() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.equals("--exit-with-parent")) {
                ParentWatch.exitWhenStdinCloses();
            }
        }
        // INFO to the console (the harness writes it to target/bench/logs/plain-route.log), Kafka's clients at WARN
        ConsoleLogging.install(Level.INFO);
        Main main = new Main();
        // no application.properties; the harness also leaves the connector's (its routes, its component settings) off
        // this JVM's class path: Camel Main applied its camel.main.* settings even so
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().withRoutesIncludePattern("file:" + System.getProperty("bench.plain.route", "bench/plain-route.yaml"));
        main.configure().withName("plain-kafka-http");
        main.configure().withShutdownTimeout(10);
        Properties p = new Properties();
        p.setProperty("camel.component.kafka.brokers", required("bench.plain.brokers"));
        p.setProperty("bench.plain.events", required("bench.plain.events"));
        p.setProperty("bench.plain.replies", required("bench.plain.replies"));
        p.setProperty("bench.plain.sink-url", required("bench.plain.sink-url"));
        p.setProperty("bench.plain.consumers", System.getProperty("bench.plain.consumers", "1"));
        p.setProperty("bench.plain.group", System.getProperty("bench.plain.group", "bench-plain-sink"));
        main.setInitialProperties(p);
        main.run();
    }

    private static String required(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("set -D" + name);
        }
        return v;
    }
}

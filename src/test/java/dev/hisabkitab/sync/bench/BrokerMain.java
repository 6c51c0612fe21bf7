package dev.hisabkitab.sync.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.server.metrics.KafkaYammerMetrics;

import com.yammer.metrics.core.Metered;

import dev.hisabkitab.sync.support.KafkaBroker;

/**
 * A real single-node Kafka broker (KRaft) as a process of its own, for {@code bench/throughput.sh}: the test
 * suite's {@link KafkaBroker} (formatted temporary log dir under {@code java.io.tmpdir}, free loopback ports) in a
 * JVM of its own. Prints {@code KAFKA_BOOTSTRAP=127.0.0.1:<port>} once it serves requests; stops (and deletes its
 * directory) on SIGTERM, or when its parent ends ({@code --exit-with-parent}: stdin closed).
 *
 * <pre>java -cp &lt;test class path&gt; dev.hisabkitab.sync.bench.BrokerMain [partitions] [--exit-with-parent]</pre>
 */
public final class BrokerMain {

    /** The request type in a RequestsPerSec meter's scope, e.g. {@code request.Produce.version.11}. */
    private static final Pattern REQUEST_TYPE = Pattern.compile("request\\.([A-Za-z]+)");

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int partitions = 8;
        for (String arg : args) {
            if (arg.equals("--exit-with-parent")) {
                ParentWatch.exitWhenStdinCloses();
            } else {
                partitions = Integer.parseInt(arg);
            }
        }
        ConsoleLogging.install(Level.WARNING);
        KafkaBroker broker = new KafkaBroker(partitions, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } finally {
                stopped.countDown();
            }
        }, "bench-broker-stop"));
        broker.start();
        System.out.println("KAFKA_BOOTSTRAP=" + broker.bootstrapServers() + " (started in "
                + broker.lastStartDuration().toMillis() + " ms, " + partitions + " partitions a topic by default)");
        System.out.flush();
        Thread counts = new Thread(BrokerMain::logRequestCounts, "bench-broker-request-counts");
        counts.setDaemon(true);
        counts.start();
        stopped.await();
    }

    /**
     * Every 5 s, the requests served so far per request type (the broker's RequestsPerSec meters), as one line of its
     * log: what the connector asks of the broker per event is the difference of two lines ÷ the events between them.
     */
    private static void logRequestCounts() {
        try {
            while (true) {
                Thread.sleep(5_000);
                Map<String, Long> byRequest = new TreeMap<>();
                KafkaYammerMetrics.defaultRegistry().allMetrics().forEach((name, metric) -> {
                    if (name.getName().equals("RequestsPerSec") && name.getType().equals("RequestMetrics")
                            && metric instanceof Metered meter && name.getScope() != null) {
                        Matcher m = REQUEST_TYPE.matcher(name.getScope());
                        if (m.find()) {
                            byRequest.merge(m.group(1), meter.count(), Long::sum);
                        }
                    }
                });
                System.out.println("REQUESTS " + System.currentTimeMillis() + " " + byRequest);
                System.out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

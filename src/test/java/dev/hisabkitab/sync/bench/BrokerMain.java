package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.server.metrics.KafkaYammerMetrics;

import com.yammer.metrics.core.Metered;

import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.TestCertificates;

/**
 * A real single-node Kafka broker (KRaft) as a process of its own, for {@code bench/throughput.sh}: the test
 * suite's {@link KafkaBroker} (formatted temporary log dir under {@code java.io.tmpdir}, free loopback ports) in a
 * JVM of its own. Prints {@code KAFKA_BOOTSTRAP=127.0.0.1:<port>} once it serves requests; stops (and deletes its
 * directory) on SIGTERM, or when its parent ends ({@code --exit-with-parent}: stdin closed).
 * <p>
 * {@code --sasl-ssl} adds a SASL_SSL listener (SCRAM-SHA-512; TLS with a CA made for the run, in {@code tls/} of the
 * working directory) with one user, {@value #SCRAM_USER}, whose password the parent gives in the environment variable
 * {@value #SCRAM_PASSWORD_ENV} (never on the command line, which {@code ps} shows). The truststore's password goes to
 * {@code tls/truststore.password} (readable by the owner only); neither is printed. It then prints
 * {@code KAFKA_SASL_SSL=127.0.0.1:<port> truststore=<path>} once the user can log in, before the
 * {@code KAFKA_BOOTSTRAP} line.
 *
 * <pre>java -cp &lt;test class path&gt; dev.hisabkitab.sync.bench.BrokerMain [partitions] [--sasl-ssl] [--exit-with-parent]</pre>
 */
public final class BrokerMain {

    /** The request type in a RequestsPerSec meter's scope, e.g. {@code request.Produce.version.11}. */
    private static final Pattern REQUEST_TYPE = Pattern.compile("request\\.([A-Za-z]+)");

    static final String SCRAM_USER = "hisabkitab-sync";
    static final String SCRAM_PASSWORD_ENV = "BENCH_SCRAM_PASSWORD";
    static final String TRUSTSTORE_PASSWORD_FILE = "truststore.password";

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        int partitions = 8;
        boolean saslSsl = false;
        for (String arg : args) {
            if (arg.equals("--exit-with-parent")) {
                ParentWatch.exitWhenStdinCloses();
            } else if (arg.equals("--sasl-ssl")) {
                saslSsl = true;
            } else {
                partitions = Integer.parseInt(arg);
            }
        }
        ConsoleLogging.install(Level.WARNING);
        KafkaBroker broker = new KafkaBroker(partitions, Map.of());
        TestCertificates tls = null;
        String scramPassword = System.getenv(SCRAM_PASSWORD_ENV);
        if (saslSsl) {
            if (scramPassword == null || scramPassword.isBlank()) {
                throw new IllegalArgumentException("--sasl-ssl needs the SCRAM user's password in " + SCRAM_PASSWORD_ENV);
            }
            Path dir = Files.createDirectories(Path.of("tls").toAbsolutePath());
            tls = TestCertificates.create(dir);
            broker.withSaslSsl(tls);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } finally {
                stopped.countDown();
            }
        }, "bench-broker-stop"));
        broker.start();
        if (tls != null) {
            broker.addScramUser(SCRAM_USER, scramPassword);
            Path passwordFile = tls.truststore().resolveSibling(TRUSTSTORE_PASSWORD_FILE);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, tls.password());
            System.out.println("KAFKA_SASL_SSL=" + broker.saslSslBootstrapServers() + " truststore=" + tls.truststore());
        }
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

package dev.hisabkitab.sync.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The packaged connector ({@code target/quarkus-app/quarkus-run.jar}, or {@code -Dapp.jar}) as a real process: started
 * with system properties and environment variables, its output captured in a log file, stopped with SIGTERM or killed
 * with SIGKILL ({@link Process#destroyForcibly} on Linux). Its HTTP port is known (chosen free when 0 is given) so
 * that readiness and metrics can be asked over HTTP.
 */
final class ConnectorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private ConnectorProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts the jar in {@code workDir}. {@code properties} become {@code -D} options; {@code env} is added to the
     * environment, from which the variables that would override the test's settings are removed first.
     */
    static ConnectorProcess start(String name, Path workDir, Path log, int httpPort, Map<String, String> properties,
            Map<String, String> env) throws IOException {
        int port = httpPort == 0 ? freePort() : httpPort;
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // a developer's or CI's own settings must not leak into the process under test
        for (String variable : List.of("HISABKITAB_API_KEY", "KAFKA_BROKERS", "HISABKITAB_TRANSACTIONAL_ID",
                "HISABKITAB_INSTANCE_ID")) {
            builder.environment().remove(variable);
        }
        builder.environment().putAll(env);
        return new ConnectorProcess(name, builder.start(), log, port);
    }

    /** Properties in the order given (a {@link LinkedHashMap}), for {@link #start}. */
    static Map<String, String> properties(String... keyValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** Waits until /q/health/ready answers 200; fails with the log if the process dies first or time runs out. */
    ConnectorProcess awaitReady(Duration atMost) {
        Awaitility.await(name + " ready").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || status("/q/health/ready") == 200);
        assertTrue(process.isAlive(), () -> name + " died before it was ready:\n" + log());
        return this;
    }

    /** Whether /q/health/ready answers 200 now. */
    boolean ready() throws InterruptedException {
        return status("/q/health/ready") == 200;
    }

    /** SIGKILL: nothing in the process runs any more (no shutdown hook, no flush, no leaving the group). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), name + " is gone after SIGKILL");
    }

    /** Sends SIGTERM (a graceful stop) without waiting, so that several replicas can stop at once. */
    void signalStop() {
        process.destroy();
    }

    /** SIGTERM and waits for the process to end within its shutdown timeout. */
    void stop(Duration atMost) throws InterruptedException {
        process.destroy();
        awaitExit(atMost);
    }

    void awaitExit(Duration atMost) throws InterruptedException {
        assertTrue(process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS),
                () -> name + " did not stop within " + atMost + ":\n" + log());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    int httpPort() {
        return httpPort;
    }

    Process process() {
        return process;
    }

    Path logFile() {
        return log;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The body of a GET on the process's HTTP port (e.g. /q/metrics); fails when it does not answer 200. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200, () -> name + " GET " + path + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }

    /** A GET's answer whatever its status (readiness DOWN is a 503 with the checks in its body). */
    HttpResponse<String> answer(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP status of a GET, or -1 while nothing listens yet. */
    private int status(String path) throws InterruptedException {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            return -1;
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).timeout(Duration.ofSeconds(5))
                .GET().build();
    }

    /** Stops it if still running (SIGTERM, then SIGKILL after 30 s): for a test's clean-up. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.hisabkitab.sync.bench;

import java.util.concurrent.locks.LockSupport;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.net.URI;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the benchmark started (broker, sandbox, connector, plain route): its output goes to a log file, its pid
 * to {@code <dir>/pids/<name>.pid} (so that {@code bench/throughput.sh} can stop it even if the harness JVM was
 * killed), and every live one is stopped by a shutdown hook of the harness JVM. {@link #close()} sends SIGTERM, waits
 * for the process to end and kills it (SIGKILL) if it does not within the grace period.
 */
final class ChildProcess implements AutoCloseable {

    private static final Deque<ChildProcess> LIVE = new ArrayDeque<>();
    private static final HttpClient READINESS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static boolean hookInstalled;
    private static volatile boolean interrupted;

    final String name;
    final Path log;
    private final Process process;
    private final Path pidFile;
    private final Map<Pattern, CompletableFuture<String>> watched;
    private final long startedNanos;

    private ChildProcess(String name, Process process, Path log, Path pidFile, Map<Pattern, CompletableFuture<String>> watched,
            long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
        this.watched = watched;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts a process in {@code workDir}; stdout and stderr go to {@code log}. Lines matching one of
     * {@code watch} can be awaited with {@link #awaitLine}: their first group (or the whole line) is the value.
     * Without patterns the output is written by the process itself (no copying through this JVM). The child's stdin
     * stays a pipe from this JVM: a child that watches it ({@link ParentWatch}) ends when this JVM does.
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log, Path pidDir,
            List<Pattern> watch) throws IOException {
        installHook();
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        Files.createDirectories(pidDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        if (watch.isEmpty()) {
            builder.redirectOutput(log.toFile());
        }
        long t0 = System.nanoTime();
        Process process = builder.start();
        Path pidFile = pidDir.resolve(name + ".pid");
        Files.writeString(pidFile, process.pid() + "\n");
        Map<Pattern, CompletableFuture<String>> watched = new LinkedHashMap<>();
        watch.forEach(p -> watched.put(p, new CompletableFuture<>()));
        ChildProcess child = new ChildProcess(name, process, log, pidFile, watched, t0);
        synchronized (LIVE) {
            LIVE.push(child);
        }
        if (!watch.isEmpty()) {
            Thread pump = new Thread(child::pump, "bench-output-" + name);
            pump.setDaemon(true);
            pump.start();
        }
        return child;
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                interrupted = true;
                stopAll();
            }, "bench-stop-children"));
            hookInstalled = true;
        }
    }

    /** Stops every child still running, the last started first. */
    static void stopAll() {
        List<ChildProcess> all;
        synchronized (LIVE) {
            all = new ArrayList<>(LIVE);
        }
        for (ChildProcess c : all) {
            c.close();
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                out.write(line);
                out.newLine();
                out.flush();
                for (Map.Entry<Pattern, CompletableFuture<String>> w : watched.entrySet()) {
                    if (!w.getValue().isDone()) {
                        Matcher m = w.getKey().matcher(line);
                        if (m.find()) {
                            w.getValue().complete(m.groupCount() > 0 ? m.group(1) : line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or the log cannot be written: the waits below fail with the process's state
        } finally {
            watched.values().forEach(f -> f.completeExceptionally(new IllegalStateException(name + " ended")));
        }
    }

    /** The first group of the first output line matching {@code pattern} (one of those given to {@link #start}). */
    String awaitLine(Pattern pattern, Duration timeout) {
        CompletableFuture<String> f = watched.get(pattern);
        if (f == null) {
            throw new IllegalArgumentException("not watched: " + pattern);
        }
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BenchFailure(name + " printed no line matching " + pattern + " within " + timeout.toSeconds() + " s"
                    + tail());
        } catch (ExecutionException e) {
            throw new BenchFailure(name + " stopped before printing a line matching " + pattern + tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Nanoseconds since the process was launched. */
    long nanosSinceLaunch() {
        return System.nanoTime() - startedNanos;
    }

    long launchedAtNanos() {
        return startedNanos;
    }

    /** Fails when the process has ended. */
    void requireAlive() {
        if (!process.isAlive()) {
            if (interrupted) {
                throw new BenchFailure("interrupted: the benchmark's JVM is stopping, and stopped " + name);
            }
            throw new BenchFailure(name + " stopped (exit " + process.exitValue() + ")" + tail());
        }
    }

    /** The last lines of the log, for a failure message. */
    String tail() {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 25), lines.size());
            return "\n--- last lines of " + log + " ---\n" + String.join("\n", last);
        } catch (IOException | UncheckedIOException e) {
            return " (log unreadable: " + e + ")";
        }
    }

    /** Seconds from launch until {@code GET ready} answers 200 with UP (the connector's /q/health/ready). */
    double awaitReady(URI ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            try {
                HttpResponse<String> r = READINESS.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return nanosSinceLaunch() / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling interval of the readiness check
        }
        throw new BenchFailure(name + " not ready within " + timeout.toSeconds() + " s" + tail());
    }

    /** SIGTERM, up to 30 s for the process to end, then SIGKILL. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    void stop(Duration grace) {
        synchronized (LIVE) {
            LIVE.remove(this);
        }
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // the script's cleanup finds no process of that pid
            }
        }
    }

    // ------------------------------------------------------------------------------------------ /proc

    /** User + system CPU time of the process so far, in seconds (/proc/<pid>/stat utime + stime). */
    double cpuSeconds() {
        return ProcStats.cpuSeconds(pid());
    }

    /** CPU time of its JIT compiler threads so far, in seconds (a lower bound: {@link ProcStats#compilerCpuSeconds}). */
    double compilerCpuSeconds() {
        return ProcStats.compilerCpuSeconds(pid());
    }

    /** A field of /proc/<pid>/status in kB (VmRSS, VmHWM). */
    long statusKb(String field) {
        return ProcStats.statusKb(pid(), field);
    }
}

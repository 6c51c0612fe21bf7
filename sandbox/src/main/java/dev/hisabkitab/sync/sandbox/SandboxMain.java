package dev.hisabkitab.sync.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the HisabKitab sandbox as a process of its own:
 * {@code java -cp <classpath> dev.hisabkitab.sync.sandbox.SandboxMain [port] [key1,key2,...]}
 * (also {@code --port=8089 --api-keys=a,b}; defaults: port 8089, environment HISABKITAB_SANDBOX_API_KEYS or the
 * key {@code sandbox-key}). {@code --latency-ms=50} (or HISABKITAB_SANDBOX_LATENCY_MS) answers every API request no
 * sooner than that after it was read, from the start (the benchmark's fixed API latency; the same as
 * {@code POST /__sandbox/faults/latency}). {@code --max-concurrent-per-key=N} answers at most N API requests of one
 * key at once and one more with 429 and {@code Retry-After} (HisabKitab's throttle; the same as
 * {@code POST /__sandbox/faults/max-concurrent-per-key}). Prints one line with the base URL, then serves until the process is
 * stopped. The fault hooks, journal, stores and service-time statistics are under
 * {@code http://127.0.0.1:<port>/__sandbox/}.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("java.util.logging.manager") == null && present("org.jboss.logmanager.LogManager")) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        int port = 8089;
        String keys = System.getenv().getOrDefault("HISABKITAB_SANDBOX_API_KEYS", "sandbox-key");
        long latencyMillis = 0;
        boolean acceptRepeats = false;
        int maxConcurrentPerKey = 0;
        String envLatency = System.getenv("HISABKITAB_SANDBOX_LATENCY_MS");
        if (envLatency != null && !envLatency.isBlank()) {
            latencyMillis = Long.parseLong(envLatency.trim());
        }
        String envPort = System.getenv("HISABKITAB_SANDBOX_PORT");
        if (envPort != null && !envPort.isBlank()) {
            port = Integer.parseInt(envPort.trim());
        }
        int positional = 0;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--latency-ms=")) {
                latencyMillis = Long.parseLong(arg.substring("--latency-ms=".length()));
            } else if (arg.startsWith("--max-concurrent-per-key=")) {
                maxConcurrentPerKey = Integer.parseInt(arg.substring("--max-concurrent-per-key=".length()));
            } else if (arg.equals("--accept-repeated-numbers")) {
                acceptRepeats = true;
            } else if (arg.startsWith("--api-keys=")) {
                keys = arg.substring("--api-keys=".length());
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println("usage: SandboxMain [port] [key1,key2,...]   (or --port=N --api-keys=a,b)"
                        + " [--latency-ms=N] [--max-concurrent-per-key=N] [--accept-repeated-numbers]");
                return;
            } else if (positional++ == 0) {
                port = Integer.parseInt(arg);
            } else {
                keys = arg;
            }
        }
        Set<String> apiKeys = new LinkedHashSet<>();
        Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).forEach(apiKeys::add);
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("--latency-ms must not be negative");
        }
        HisabKitabSandbox sandbox = HisabKitabSandbox.start(port, apiKeys);
        sandbox.faults().latency(Duration.ofMillis(latencyMillis)).maxConcurrentPerKey(maxConcurrentPerKey);
        // a used document number or master name accepted again: never-twice then rests on the connector alone
        sandbox.acceptRepeatedNumbers(acceptRepeats);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "hisabkitab-sandbox-shutdown"));
        System.out.println("HisabKitab sandbox listening on " + sandbox.baseUrl() + " (" + apiKeys.size()
                + " companies; admin " + sandbox.adminUrl() + "; added latency " + latencyMillis + " ms"
                + (maxConcurrentPerKey > 0 ? "; at most " + maxConcurrentPerKey + " requests at once per key" : "") + ")");
        System.out.flush();
        stopped.await();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SandboxMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A HisabKitab sandbox on a real loopback socket, a fresh inbox folder and a fresh completed-events file (the
 * idempotency store without Kafka) for one {@code @QuarkusTest} class. The application is pointed at them; the sandbox accepts {@link #DEFAULT_KEY} (company
 * {@code default}, as application.properties' test profile sets) and {@link #ACME_KEY} (company acme).
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_KEY = "hk-test-key-7f3a91";
    public static final String ACME_KEY = "hk-acme-key-c24e08";

    private static volatile HisabKitabSandbox sandbox;
    private static volatile Path inbox;
    private static volatile Path data;

    public static HisabKitabSandbox sandbox() {
        return sandbox;
    }

    public static Path inbox() {
        return inbox;
    }

    /** The completed-events file the application uses when no Kafka is configured. */
    public static Path completedEventsFile() {
        return data.resolve("completed.jsonl");
    }

    @Override
    public Map<String, String> start() {
        sandbox = HisabKitabSandbox.start(0, Set.of(DEFAULT_KEY, ACME_KEY));
        try {
            inbox = Files.createTempDirectory("hisabkitab-inbox");
            data = Files.createTempDirectory("hisabkitab-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("hisabkitab.base-url", sandbox.baseUrl(),
                "hisabkitab.api-key", DEFAULT_KEY,
                "hisabkitab.companies.acme.api-key", ACME_KEY,
                "hisabkitab.inbox", inbox.toString(),
                "hisabkitab.idempotency.file", completedEventsFile().toString());
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        for (Path dir : new Path[] { inbox, data }) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a leftover temp folder is harmless
                }
            }
        }
    }
}

package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.LedgerAnswerShape;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A HisabKitab sandbox on a real loopback socket, a fresh inbox folder and a fresh completed-events file (the
 * idempotency store without Kafka) for one {@code @QuarkusTest} class. The application is pointed at them; the sandbox accepts {@link #DEFAULT_KEY} (company
 * {@code default}, as application.properties' test profile sets) and {@link #ACME_KEY} (company acme).
 *
 * <p>Init arg {@value #COMPANIES} (optional): comma-separated names of further companies, each a sandbox company
 * of its own with a key made up for this run ({@link #keyOf(String)}), configured as
 * {@code hisabkitab.companies.<name>.api-key}.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_KEY = "hk-test-key-7f3a91";
    public static final String ACME_KEY = "hk-acme-key-c24e08";
    /** Init arg: further companies, comma-separated. */
    public static final String COMPANIES = "companies";
    /** Init arg: how the sandbox shows ledgers ({@code documented}, the default, {@code nested} or {@code flat}). */
    public static final String LEDGER_ANSWER_SHAPE = "ledgerAnswerShape";

    private static volatile HisabKitabSandbox sandbox;
    private static volatile Map<String, String> keys = Map.of();
    private static volatile Path inbox;
    private static volatile Path data;

    private Set<String> moreCompanies = Set.of();
    private LedgerAnswerShape ledgerShape = LedgerAnswerShape.DOCUMENTED;

    public static HisabKitabSandbox sandbox() {
        return sandbox;
    }

    /** The API key of a company: {@code default}, {@code acme} or one named in {@value #COMPANIES}. */
    public static String keyOf(String company) {
        String key = keys.get(company);
        if (key == null) {
            throw new IllegalArgumentException("no sandbox company " + company + " in this test resource");
        }
        return key;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey(LEDGER_ANSWER_SHAPE)) {
            ledgerShape = LedgerAnswerShape.of(initArgs.get(LEDGER_ANSWER_SHAPE));
        }
        String c = initArgs.get(COMPANIES);
        if (c != null && !c.isBlank()) {
            moreCompanies = new LinkedHashSet<>(Arrays.stream(c.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                    .toList());
        }
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
        Map<String, String> companyKeys = new LinkedHashMap<>();
        companyKeys.put("default", DEFAULT_KEY);
        companyKeys.put("acme", ACME_KEY);
        SecureRandom random = new SecureRandom();
        for (String company : moreCompanies) {
            byte[] suffix = new byte[6];
            random.nextBytes(suffix);
            companyKeys.put(company, "hk-" + company + "-key-" + HexFormat.of().formatHex(suffix));
        }
        keys = Map.copyOf(companyKeys);
        sandbox = HisabKitabSandbox.start(0, new LinkedHashSet<>(companyKeys.values())).ledgerAnswerShape(ledgerShape);
        try {
            inbox = Files.createTempDirectory("hisabkitab-inbox");
            data = Files.createTempDirectory("hisabkitab-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("hisabkitab.base-url", sandbox.baseUrl());
        config.put("hisabkitab.api-key", DEFAULT_KEY);
        companyKeys.forEach((company, key) -> {
            if (!company.equals("default")) {
                config.put("hisabkitab.companies." + company + ".api-key", key);
            }
        });
        config.put("hisabkitab.inbox", inbox.toString());
        config.put("hisabkitab.idempotency.file", completedEventsFile().toString());
        config.put("hisabkitab.idempotency.dir", data.resolve("completed-index").toString());
        return config;
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

package dev.hisabkitab.sync.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;


/**
 * The packaged application, run as users run it ({@code java -jar target/quarkus-app/quarkus-run.jar}).
 */
class PackagedAppIT {

    @TempDir
    Path work;

    private Process app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void prodProfileWithoutAnApiKeyRefusesToStartAndSaysWhichSettingToSet() throws Exception {
        Path log = work.resolve("app.log");
        app = start(log, List.of("-Dhisabkitab.inbox=" + work.resolve("inbox")));
        assertTrue(app.waitFor(90, TimeUnit.SECONDS), "the app should stop by itself");
        assertNotEquals(0, app.exitValue());
        String output = Files.readString(log);
        assertTrue(output.contains("set hisabkitab.api-key") && output.contains("HISABKITAB_API_KEY"), output);
        assertTrue(!output.contains("Started inbox"), "no route may start without a key:\n" + output);
    }

    /**
     * The product ships no sandbox: neither its classes nor its rules are in {@code target/quarkus-app/} (the sandbox is
     * its own artifact, {@code target/<name>-<version>-sandbox.jar}, which the demo below loads).
     */
    @Test
    void theProductHoldsNoSandboxClassOrRules() throws IOException {
        Path product = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().getParent();
        List<String> sandbox = new ArrayList<>();
        List<String> connector = new ArrayList<>();
        try (Stream<Path> files = Files.walk(product)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).contains("sandbox")) {
                    sandbox.add(product.relativize(file).toString());
                }
                if (!file.toString().endsWith(".jar")) {
                    continue;
                }
                try (JarFile jar = new JarFile(file.toFile())) {
                    for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                        String name = entry.getName();
                        if (name.startsWith("dev/hisabkitab/sync/sandbox/") || name.startsWith("hisabkitab/sandbox-")) {
                            sandbox.add(product.relativize(file) + "!" + name);
                        } else if (name.equals("dev/hisabkitab/sync/demo/DemoStandIn.class")) {
                            connector.add(name);
                        }
                    }
                }
            }
        }
        assertEquals(List.of("dev/hisabkitab/sync/demo/DemoStandIn.class"), connector, "the connector's classes were looked through");
        assertEquals(List.of(), sandbox);
    }

    @Test
    void demoProfileDeliversAFileDroppedInTheInboxToTheEmbeddedSandboxWithinSeconds() throws Exception {
        Path inbox = work.resolve("inbox");
        Path log = work.resolve("app.log");
        // started from another working directory: the sandbox jar is found beside target/quarkus-app/
        app = start(log, List.of("-Dquarkus.profile=demo", "-Dhisabkitab.sandbox.port=" + freePort(),
                "-Dhisabkitab.inbox=" + inbox));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("Started inbox"));
        assertTrue(Files.readString(log).contains("Sandbox loaded from "), "the product loads the sandbox from its jar");

        // a bank ledger in the sandbox's seeded "Bank Accounts" group (id 14)
        String event = "{\"id\":\"demo-bank-1\",\"type\":\"api.ledger.create-bank\",\"payload\":{\"action\":\"Bank\","
                + "\"name\":\"Demo Bank\",\"group_id\":14}}";
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("bank.json.tmp");
        Files.writeString(tmp, event);
        Files.move(tmp, inbox.resolve("bank.json"), StandardCopyOption.ATOMIC_MOVE);

        Path report = inbox.resolve(".done/bank.json.report.csv");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(report) && Files.exists(inbox.resolve(".done/bank.json")));
        List<String> rows = Files.readAllLines(report);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).matches("file,demo-bank-1,api.ledger.create-bank,ok,\\d+,.*"), rows.get(1));
        assertTrue(!Files.readString(log).contains("sandbox-key"), "the API key must not be logged");
    }

    @Test
    void anEndpointOverrideInConfigApplicationPropertiesChangesTheBuiltAppWithoutARebuild() throws Exception {
        Path inbox = work.resolve("inbox");
        Path log = work.resolve("app.log");
        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/application.properties"),
                "hisabkitab.endpoints.\"gst-rate.list\".path=/gst-rates-moved\n");
        app = start(log, List.of("-Dquarkus.profile=demo", "-Dhisabkitab.sandbox.port=" + freePort(),
                "-Dhisabkitab.inbox=" + inbox));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("Started inbox"));
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("rates.json.tmp");
        Files.writeString(tmp, "{\"id\":\"moved-1\",\"type\":\"api.gst-rate.list\"}");
        Files.move(tmp, inbox.resolve("rates.json"), StandardCopyOption.ATOMIC_MOVE);

        Path report = inbox.resolve(".failed/rates.json.report.csv");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(report));
        String row = Files.readAllLines(report).get(1);
        // the sandbox has no /gst-rates-moved: the overridden path is what was called
        assertTrue(row.startsWith("file,moved-1,api.gst-rate.list,failed,,,rejected,") && row.contains("404"), row);
    }

    /**
     * {@code bin/verify}'s command line against a sandbox: the table, exit 0 when every answer is understood, nothing
     * written and no event taken (a file waiting in the inbox stays there); an inferred path answering 404 gives
     * exit 1 and names the setting that overrides it.
     */
    @Test
    void verifyChecksTheAccountReadOnlyAndExitsZeroOnlyWhenEveryAnswerIsUnderstood() throws Exception {
        String key = "hk-verify-key-3c71";
        HisabKitabSandbox sandbox = HisabKitabSandbox.start(0, Set.of(key));
        try {
            Path inbox = work.resolve("inbox");
            Files.createDirectories(inbox);
            Files.writeString(inbox.resolve("waiting.json"), "{\"id\":\"v-1\",\"type\":\"api.gst-rate.list\"}");
            List<String> verify = List.of("-Dhisabkitab.verify=true", "-Dquarkus.log.console.level=WARN",
                    "-Dhisabkitab.api-key=" + key, "-Dhisabkitab.base-url=" + sandbox.baseUrl(),
                    "-Dhisabkitab.inbox=" + inbox);
            String output = runToEnd("verify.log", verify);
            assertEquals(0, app.exitValue(), output);
            assertTrue(output.matches("(?s).*company\\.details +/company-details +200 +yes.*"), output);
            assertTrue(output.contains("verify: every answer the connector needs from company default is understood"), output);
            assertTrue(sandbox.journal().size() > 20, "every read endpoint was called");
            assertTrue(sandbox.journal().entries().stream().allMatch(e -> e.method().equals("GET")), "only reads");
            assertTrue(Files.exists(inbox.resolve("waiting.json")), "no event was taken from the inbox");
            assertFalse(output.contains(key), "the API key is never printed");

            sandbox.faults().missingRoute("/gst-rates");
            String failed = runToEnd("verify-404.log", verify);
            assertEquals(1, app.exitValue(), failed);
            assertTrue(failed.contains("hisabkitab.endpoints.\"gst-rate.list\".path"), failed);
            assertTrue(failed.matches("(?s).*gst-rate\\.list +/gst-rates +404 +NO .*"), failed);
        } finally {
            sandbox.close();
        }
    }

    /** Runs the app with these options until it stops by itself; its output. */
    private String runToEnd(String logName, List<String> options) throws IOException, InterruptedException {
        Path log = work.resolve(logName);
        app = start(log, options);
        assertTrue(app.waitFor(120, TimeUnit.SECONDS), "the app stops by itself");
        return Files.readString(log);
    }

    private Process start(Path log, List<String> options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // the health endpoints' HTTP server on a free port (several runs may share the machine)
        command.add("-Dquarkus.http.port=0");
        command.addAll(options);
        command.add("-jar");
        command.add(Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("HISABKITAB_API_KEY");
        builder.environment().remove("KAFKA_BROKERS");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

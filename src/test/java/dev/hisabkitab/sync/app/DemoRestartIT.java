package dev.hisabkitab.sync.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo (packaged, {@code -Dquarkus.profile=demo}) behaves like a real account across a restart: its embedded
 * sandbox keeps what it was sent beside the connector's completed ids, so parties and items booked before a restart
 * are still there after it (the connector, which remembers them as completed, is right to answer them
 * {@code duplicate}) and an invoice naming them books, under the example's own number (not {@code INV-INV-…}). The
 * demo answers on 127.0.0.1 only.
 */
class DemoRestartIT {

    private static final Path EXAMPLES = Path.of("examples").toAbsolutePath();

    @TempDir
    Path work;

    private ConnectorProcess app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void whatTheDemoBookedIsStillThereAfterARestartAndAnInvoiceNamingItBooks() throws Exception {
        Path inbox = work.resolve("inbox");
        int sandboxPort = ConnectorProcess.freePort();
        Map<String, String> demo = ConnectorProcess.properties("quarkus.profile", "demo",
                "hisabkitab.sandbox.port", String.valueOf(sandboxPort), "hisabkitab.inbox", inbox.toString());

        app = ConnectorProcess.start("demo-1", work, work.resolve("demo-1.log"), 0, demo, Map.of())
                .awaitReady(Duration.ofSeconds(90));
        assertTrue(app.log().matches("(?s).*Listening on: http://127\\.0\\.0\\.1:" + app.httpPort() + "\\b.*"),
                "the demo listens on 127.0.0.1 only");
        drop(inbox, "parties.csv");
        drop(inbox, "items.csv");
        assertAllRows(inbox, "parties.csv", "ok");
        assertAllRows(inbox, "items.csv", "ok");
        long sharma = ledgerId(sandboxPort, "Sharma Traders");
        app.stop(Duration.ofSeconds(60));
        assertTrue(Files.size(work.resolve("data/demo-sandbox.jsonl")) > 0, "kept beside data/completed.jsonl");

        app = ConnectorProcess.start("demo-2", work, work.resolve("demo-2.log"), 0, demo, Map.of())
                .awaitReady(Duration.ofSeconds(90));
        Matcher replayed = Pattern.compile("\\((\\d+) earlier write\\(s\\) replayed\\)").matcher(app.log());
        assertTrue(replayed.find() && Integer.parseInt(replayed.group(1)) > 0, app.log());
        assertEquals(sharma, ledgerId(sandboxPort, "Sharma Traders"), "the party is still there, under its id");

        // the same masters dropped again: duplicates, rightly, since the account still has them
        Files.createDirectories(inbox);
        dropAs(inbox, "parties.csv", "parties-again.csv");
        assertAllRows(inbox, "parties-again.csv", "duplicate");
        drop(inbox, "invoices.csv");
        assertAllRows(inbox, "invoices.csv", "ok");
        // the demo's account shows the ERP's numbers as sent: its series have no prefix of their own
        List<String> invoices = Files.readAllLines(inbox.resolve(".done/invoices.csv.report.csv"));
        assertEquals("INV-2025-0001", invoices.get(1).split(",", -1)[5], invoices.get(1));
        for (String row : invoices.subList(1, invoices.size())) {
            assertTrue(!row.split(",", -1)[5].matches("([A-Z]+-)\\1.*"), "a prefix twice: " + row);
        }
    }

    private static void drop(Path inbox, String example) throws IOException {
        dropAs(inbox, example, example);
    }

    private static void dropAs(Path inbox, String example, String name) throws IOException {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(name + ".tmp");
        Files.copy(EXAMPLES.resolve(example), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Every row of the file's report (in .done/ or .failed/) has this status. */
    private static void assertAllRows(Path inbox, String name, String status) throws IOException {
        Path done = inbox.resolve(".done").resolve(name + ".report.csv");
        Path failed = inbox.resolve(".failed").resolve(name + ".report.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done) || Files.exists(failed));
        List<String> rows = Files.readAllLines(Files.exists(done) ? done : failed);
        assertTrue(rows.size() > 1, rows.toString());
        for (String row : rows.subList(1, rows.size())) {
            assertEquals(status, row.split(",", -1)[3], name + ": " + rows);
        }
    }

    /** The ledger's id in the demo sandbox's store (its admin view, with the demo's key). */
    private static long ledgerId(int sandboxPort, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + sandboxPort + "/__sandbox/store/ledger")).header("ApiKey", "sandbox-key").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode store = new ObjectMapper().readTree(r.body());
        JsonNode ledger = null;
        for (JsonNode l : store.path("data").isArray() ? store.path("data") : store) {
            if (name.equals(l.path("name").asText())) {
                ledger = l;
            }
        }
        assertTrue(ledger != null, "no ledger " + name + " in " + r.body());
        return ledger.path("id").asLong();
    }
}

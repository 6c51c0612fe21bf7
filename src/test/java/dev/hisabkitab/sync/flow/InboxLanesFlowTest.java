package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * File drops in per-key lanes (docs/file-drops.md, "Order"), end to end: real files, the sandbox over real HTTP with
 * added latency so that documents overlap, auto-create off. A party's invoices are booked in file order while other
 * parties' run beside them, the report keeps row order, masters dropped with the documents are booked first, and a
 * small file dropped after a large one is done long before it.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class InboxLanesFlowTest {

    private static final String INVOICE_HEADER = "documentType,number,date,party_name,lines_ledger,lines_description,"
            + "lines_rate,lines_gstRate\n";
    private static final Pattern LANE_NUMBER = Pattern.compile("LN(\\d)-(\\d+)(?!\\d)");

    @Inject
    CamelContext camel;

    private final HisabKitabSandbox sandbox = SandboxResource.sandbox();

    @AfterEach
    void noLatency() {
        sandbox.faults().latency(Duration.ZERO);
    }

    @Test
    void partiesRunSideBySideEachInFileOrderAndTheReportKeepsRowOrder() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(40));
        sandbox.resetPeakConcurrentRequests();
        int parties = 4;
        int invoices = 40;
        String masters = parties(parties);
        StringBuilder documents = new StringBuilder(INVOICE_HEADER);
        for (int i = 1; i <= invoices; i++) {
            documents.append(invoiceRow("LN" + (i % parties + 1) + "-" + i, "Lane Party " + (i % parties + 1)));
        }
        // picked up in one look: the documents (auto-create off) must wait until their parties are booked
        camel.getRouteController().suspendRoute("inbox");
        try {
            drop("invoices-lanes.csv", documents.toString());
            drop("parties-lanes.csv", masters);
        } finally {
            camel.getRouteController().resumeRoute("inbox");
        }

        List<String> report = report(".done", "invoices-lanes.csv", Duration.ofSeconds(60));
        assertEquals(invoices + 1, report.size(), String.join("\n", report));
        for (int i = 1; i <= invoices; i++) {
            assertTrue(report.get(i).startsWith("row " + (i + 1) + ",invoices-"), "row order: " + report.get(i));
            assertTrue(report.get(i).contains(",invoice.create,ok,"), report.get(i));
        }
        assertTrue(Files.exists(inbox().resolve(".done").resolve("parties-lanes.csv")));

        // each party's invoices reached HisabKitab in file order
        Map<String, List<Integer>> sentByParty = new TreeMap<>();
        for (SandboxJournal.Entry call : sandbox.journal().entries()) {
            Matcher m = LANE_NUMBER.matcher(call.body() == null ? "" : call.body());
            if ("POST".equals(call.method()) && m.find()) {
                sentByParty.computeIfAbsent(m.group(1), p -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        assertEquals(parties, sentByParty.size(), sentByParty.toString());
        sentByParty.forEach((party, sent) -> {
            assertEquals(invoices / parties, sent.size(), party + ": " + sent);
            assertEquals(sent.stream().sorted().toList(), sent, "party " + party + " out of file order");
        });
        // and parties ran side by side
        assertTrue(sandbox.peakConcurrentRequests() > 1, "peak " + sandbox.peakConcurrentRequests());
    }

    @Test
    void aSmallFileDroppedAfterALargeOneIsNotHeldBehindIt() throws Exception {
        drop("parties-lanes-2.csv", parties(2));
        report(".done", "parties-lanes-2.csv", Duration.ofSeconds(30));
        sandbox.faults().latency(Duration.ofMillis(30));
        // one party: the large file's documents go one after the other (at least 120 × 30 ms)
        StringBuilder large = new StringBuilder(INVOICE_HEADER);
        for (int i = 1; i <= 120; i++) {
            large.append(invoiceRow("BIG-" + i, "Lane Party 1"));
        }
        drop("invoices-large.csv", large.toString());
        Path largeStatus = inbox().resolve("invoices-large.csv" + ".progress.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(largeStatus));

        drop("invoices-small.csv", INVOICE_HEADER + invoiceRow("SMALL-1", "Lane Party 2"));
        List<String> small = report(".done", "invoices-small.csv", Duration.ofSeconds(30));
        assertTrue(small.get(1).contains(",invoice.create,ok,"), small.toString());
        assertFalse(Files.exists(inbox().resolve(".done").resolve("invoices-large.csv")),
                "the large file finished before the small one");
        assertTrue(Files.exists(inbox().resolve("invoices-large.csv")), "the large file is still being booked");

        List<String> done = report(".done", "invoices-large.csv", Duration.ofSeconds(120));
        assertEquals(121, done.size());
    }

    @Test
    void aFileThatCannotBeReadPastRow30GoesToFailedWithEveryRowBeforeItReportedAndBookedOnce() throws Exception {
        // CSV content never throws through the reader: a file that breaks the format (here a stray quote in row 30)
        // ends, after the documents before it, with one failed document saying where (RowDocuments); nothing after it
        // is trusted. The documents before it run in lanes side by side (each item its own lane), so they finish in
        // any order, yet each gets exactly one report row, in row order.
        sandbox.faults().latency(Duration.ofMillis(20));
        StringBuilder items = new StringBuilder("name,kind,unit,hsnSac,gstRate\n");
        for (int row = 2; row <= 29; row++) {
            items.append("Broken Run Item ").append(row).append(",goods,PCS,96081019,18\n");
        }
        items.append("\"Broken Run Item 30\"x,goods,PCS,96081019,18\n");
        for (int row = 31; row <= 40; row++) {
            items.append("Broken Run Item ").append(row).append(",goods,PCS,96081019,18\n");
        }
        drop("items-broken-run.csv", items.toString());

        List<String> report = report(".failed", "items-broken-run.csv", Duration.ofSeconds(60));
        assertEquals(1 + 28 + 1, report.size(), String.join("\n", report));
        for (int row = 2; row <= 29; row++) {
            assertTrue(report.get(row - 1).matches("row " + row + ",items-[0-9a-f]{24},item.upsert,ok,\\d+,.*"),
                    "row order, one line each: " + report.get(row - 1));
        }
        assertTrue(report.get(29).startsWith("file,,,failed,,,invalid-event,\"The file is not valid CSV after row 29: "),
                report.get(29));

        // booked: exactly the rows read before the fault, each once
        List<String> booked = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).records("item").stream()
                .map(item -> item.path("item_name").asText()).filter(name -> name.startsWith("Broken Run Item "))
                .sorted().toList();
        List<String> before = new ArrayList<>();
        for (int row = 2; row <= 29; row++) {
            before.add("Broken Run Item " + row);
        }
        assertEquals(before.stream().sorted().toList(), booked);
    }

    /** A parties file of Lane Party 1 … n (upserted again by a second file: the same documents, duplicate). */
    private static String parties(int n) {
        StringBuilder masters = new StringBuilder("role,name,billingAddress_line1,billingAddress_city,"
                + "billingAddress_state,billingAddress_pincode\n");
        for (int p = 1; p <= n; p++) {
            masters.append("customer,Lane Party ").append(p).append(",1 Lane Road,Pune,Maharashtra,411002\n");
        }
        return masters.toString();
    }

    private static String invoiceRow(String number, String party) {
        return "sale," + number + ",2025-03-01," + party + ",Sales,Lane work,100,18\n";
    }

    private static Path inbox() {
        return SandboxResource.inbox();
    }

    private static void drop(String name, String content) throws IOException {
        Path tmp = inbox().resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> report(String folder, String name, Duration wait) throws IOException {
        Path report = inbox().resolve(folder).resolve(name + ".report.csv");
        Path moved = inbox().resolve(folder).resolve(name);
        await().atMost(wait).until(() -> Files.exists(report) && Files.exists(moved));
        return Files.readAllLines(report, StandardCharsets.UTF_8);
    }
}

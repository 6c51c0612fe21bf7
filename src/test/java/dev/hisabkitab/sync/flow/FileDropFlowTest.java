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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.SandboxResource;
import dev.hisabkitab.sync.support.Workbooks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * CSV and Excel drops end to end: real files in the inbox folder, the sandbox over real HTTP, no Kafka. The files are
 * the documented examples (examples/, docs/file-drops.md), dropped together as a bookkeeper would, with auto-create off: the masters must
 * be booked before the documents that name them.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileDropFlowTest {

    static final List<String> EXAMPLES = List.of("journals.csv", "payments.csv", "invoices.csv", "items.csv", "parties.csv");

    @Inject
    CamelContext camel;

    @Test
    @Order(1)
    void everyCsvLayoutDroppedTogetherIsBookedMastersFirstWithAutoCreateOff() throws Exception {
        SandboxCompany company = company(SandboxResource.DEFAULT_KEY);
        // the sandbox is shared with the other inbox test classes: count what this drop adds
        Map<String, Integer> before = counts(company, "purchase", "receipt", "payment", "journal");
        Map<String, List<String>> reports = dropTogether(EXAMPLES, name -> Files.readAllBytes(Path.of("examples", name)));
        assertBookedAsReported(reports, company);
        for (String party : List.of("Sharma Traders", "Rathi Stationers", "Tata Bolts Pvt Ltd")) {
            assertTrue(company.idOf("ledger", "name", party).isPresent(), party);
        }
        for (String item : List.of("Steel Bolt M8", "Installation Service", "Blue Pen")) {
            assertTrue(company.idOf("item", "item_name", item).isPresent(), item);
        }
        for (String number : List.of("INV-2025-0001", "INV-2025-0002", "INV-2025-0003")) {
            assertEquals(1, company.records("sale").stream().filter(s -> number.equals(s.path("invoice_number").asText())).count(), number);
        }
        Map<String, Integer> after = counts(company, "purchase", "receipt", "payment", "journal");
        after.replaceAll((resource, n) -> n - before.get(resource));
        assertEquals(Map.of("purchase", 1, "receipt", 1, "payment", 1, "journal", 2), after);
        JsonNode sale = company.records("sale").stream()
                .filter(s -> "INV-2025-0001".equals(s.path("invoice_number").asText())).findFirst().orElseThrow();
        assertEquals(2, sale.path("sale_items").size(), "rows 2-3 are one invoice of two lines: " + sale);
        assertEquals(List.of("source,id,type,status,hisabkitab_id,number,error_category,error_message"),
                reports.get("invoices.csv").subList(0, 1));
        assertTrue(reports.get("invoices.csv").get(1).matches("rows 2-3,invoices-[0-9a-f]{24},invoice.create,ok,\\d+,.+,,"),
                reports.get("invoices.csv").get(1));
    }

    @Test
    @Order(2)
    void theSameFileDroppedAgainIsAllDuplicateAndChangesNothing() throws Exception {
        SandboxCompany company = company(SandboxResource.DEFAULT_KEY);
        int journal = SandboxResource.sandbox().journal().size();
        int sales = company.count("sale");
        List<String> first = Files.readAllLines(SandboxResource.inbox().resolve(".done/invoices.csv.report.csv"));

        drop("invoices-again.csv", Files.readAllBytes(Path.of("examples/invoices.csv")));
        List<String> again = report(".done", "invoices-again.csv");

        assertEquals(first.size(), again.size());
        for (int i = 1; i < again.size(); i++) {
            assertEquals(first.get(i).replace(",ok,", ",duplicate,"), again.get(i), "same id, HisabKitab id and number");
        }
        assertEquals(sales, company.count("sale"));
        assertEquals(journal, SandboxResource.sandbox().journal().size(), "HisabKitab was not called");
    }

    @Test
    @Order(3)
    void aCorrectedRowCreatesWhatItShouldAndTheRestIsDuplicate() throws Exception {
        String header = "documentType,number,date,party_name,lines_item,lines_quantity,lines_rate\n";
        String good = "sale,FIX-1,2025-02-15,Rathi Stationers,Blue Pen,10,12\n";
        drop("invoices-fix.csv", (header + good + "sale,FIX-2,2025-02-15,Rathi Stationers,Blue Penn,5,12\n"
                + "sale,FIX-2,2025-02-15,Rathi Stationers,Steel Bolt M8,5,12\n").getBytes(StandardCharsets.UTF_8));
        List<String> failed = report(".failed", "invoices-fix.csv");
        assertTrue(failed.get(1).startsWith("row 2,invoices-"), failed.get(1));
        assertTrue(failed.get(1).contains(",ok,"), failed.get(1));
        assertTrue(failed.get(2).startsWith("rows 3-4,invoices-"), failed.get(2));
        assertTrue(failed.get(2).contains(",failed,,,mapping,") && failed.get(2).contains("\"\"Blue Penn\"\""), failed.get(2));

        drop("invoices-fix-2.csv", (header + good + "sale,FIX-2,2025-02-15,Rathi Stationers,Blue Pen,5,12\n"
                + "sale,FIX-2,2025-02-15,Rathi Stationers,Steel Bolt M8,5,12\n").getBytes(StandardCharsets.UTF_8));
        List<String> fixed = report(".done", "invoices-fix-2.csv");
        assertEquals(failed.get(1).replace(",ok,", ",duplicate,"), fixed.get(1));
        assertTrue(fixed.get(2).matches("rows 3-4,invoices-[0-9a-f]{24},invoice.create,ok,\\d+,.+"), fixed.get(2));
        assertEquals(1, company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .filter(s -> "FIX-2".equals(s.path("invoice_number").asText())).count());
    }

    @Test
    @Order(4)
    void everyLayoutAsAnExcelWorkbookIsBooked() throws Exception {
        Path work = Files.createTempDirectory("workbooks");
        Map<String, byte[]> books = new LinkedHashMap<>();
        for (String csv : EXAMPLES) {
            Path xlsx = work.resolve(csv.replace(".csv", ".xlsx"));
            Workbooks.fromCsv(Path.of("examples", csv), xlsx, "acme");
            books.put(xlsx.getFileName().toString(), Files.readAllBytes(xlsx));
        }
        Map<String, List<String>> reports = dropTogether(List.copyOf(books.keySet()), books::get);
        SandboxCompany acme = company(SandboxResource.ACME_KEY);
        assertBookedAsReported(reports, acme);
        for (String number : List.of("INV-2025-0001", "INV-2025-0002", "INV-2025-0003")) {
            assertEquals(1, acme.records("sale").stream().filter(s -> number.equals(s.path("invoice_number").asText())).count(), number);
        }
    }

    @Test
    @Order(5)
    void badFilesEndInFailedWithAReportSayingWhatAndWhereAndOtherFilesKeepFlowing() throws Exception {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        Map<String, String> says = new LinkedHashMap<>();
        bad.put("invoices-wrong-header.csv", "documentType,date,party,lines_item,lines_rate\nsale,2025-02-11,X,Blue Pen,1\n"
                .getBytes(StandardCharsets.UTF_8));
        says.put("invoices-wrong-header.csv", "unknown column \"\"party\"\" (column C)");
        bad.put("payments-party-twice.csv", ("direction,date,party,party_name,account,amount\n"
                + "received,2025-02-27,Rathi Stationers,Rathi Stationers,HDFC Bank,100\n").getBytes(StandardCharsets.UTF_8));
        says.put("payments-party-twice.csv", "columns party (column C) and party_name (column D) are the same field,"
                + " party_name: keep one of them");
        bad.put("journals-no-header.csv", "JV-9,2025-03-31,Cash,5,\n".getBytes(StandardCharsets.UTF_8));
        says.put("journals-no-header.csv", "missing columns date, entries_ledger");
        bad.put("sales-feb.csv", Files.readAllBytes(Path.of("examples/invoices.csv")));
        says.put("sales-feb.csv", "does not say what the file holds");
        bad.put("items-empty.csv", new byte[0]);
        says.put("items-empty.csv", "The file is empty");
        bad.put("items-1252.csv", "name,kind,unit\nCaf\u00e9 Chair,goods,PCS\n".getBytes(StandardCharsets.ISO_8859_1));
        says.put("items-1252.csv", "line 2, byte 4 is 0xE9");
        bad.put("parties-binary.csv", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0 });
        says.put("parties-binary.csv", "The file is not UTF-8 text: line 1, byte 1 is 0x89");
        byte[] longLine = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(longLine, (byte) 'x');
        bad.put("journals-one-line.csv", longLine);
        says.put("journals-one-line.csv", "Line 1 is longer than 1048576 bytes");
        bad.put("items-fake.xlsx", "name,kind,unit\n".getBytes(StandardCharsets.UTF_8));
        says.put("items-fake.xlsx", "not an Excel workbook");
        // not bad: a byte order mark and Windows line endings are how Excel writes "CSV UTF-8"
        String bomCrLf = "\uFEFFname,kind,unit,hsnSac,gstRate\r\nGreen Pen,goods,PCS,96081019,18\r\n";
        List<String> names = new ArrayList<>(bad.keySet());
        names.add("items-bom-crlf.csv");
        Map<String, List<String>> reports = dropTogether(names, name -> name.equals("items-bom-crlf.csv")
                ? bomCrLf.getBytes(StandardCharsets.UTF_8) : bad.get(name));

        for (String name : bad.keySet()) {
            List<String> report = reports.get(name);
            assertTrue(Files.exists(SandboxResource.inbox().resolve(".failed").resolve(name)), name + " in .failed/");
            assertEquals(2, report.size(), name + ": " + report);
            assertTrue(report.get(1).startsWith("file,,,failed,,,invalid-event,"), name + ": " + report.get(1));
            assertTrue(report.get(1).contains(says.get(name)), name + ": " + report.get(1));
        }
        assertTrue(reports.get("items-bom-crlf.csv").get(1).contains(",item.upsert,ok,"), reports.get("items-bom-crlf.csv").toString());
        assertTrue(company(SandboxResource.DEFAULT_KEY).idOf("item", "item_name", "Green Pen").isPresent());
    }

    @Test
    @Order(6)
    void twoConsumersOnTheSameFolderTakeEachFileOnce() throws Exception {
        String uri = camel.getRoute("inbox").getEndpoint().getEndpointUri();
        // replicas sharing an inbox run with delete-orphan-locks=false (docs/file-drops.md): a replica starting while
        // another holds a file's lock would delete it as orphaned, and both would take the file
        assertTrue(uri.contains("readLockDeleteOrphanLockFiles=true"), uri);
        String replicaUri = uri.replaceFirst("delay=\\d+", "delay=97").replace("readLockDeleteOrphanLockFiles=true",
                "readLockDeleteOrphanLockFiles=false");
        Set<String> takenByReplica = ConcurrentHashMap.newKeySet();
        // a second replica's inbox route: its own endpoint (another poll delay) on the same folder, the same steps
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(replicaUri).routeId("inbox-replica")
                        .process(e -> takenByReplica.add(e.getMessage().getHeader("CamelFileNameOnly", String.class)))
                        .to("direct:drop-file");
            }
        });
        try {
            int journals = company(SandboxResource.DEFAULT_KEY).count("journal");
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                names.add(String.format("journals-r%02d.csv", i));
            }
            for (String name : names) {
                String number = name.substring(9, 12).toUpperCase();
                drop(name, ("number,date,entries_ledger,entries_debit,entries_credit\n" + number
                        + ",2025-03-31,Cash,100,\n" + number + ",,HDFC Bank,,100\n").getBytes(StandardCharsets.UTF_8));
            }
            for (String name : names) {
                List<String> report = report(".done", name);
                assertEquals(2, report.size(), name + ": " + report);
                assertTrue(report.get(1).contains(",journal.create,ok,"), "taken once, so never a duplicate: " + report);
            }
            assertEquals(journals + 20, company(SandboxResource.DEFAULT_KEY).count("journal"));
            assertFalse(takenByReplica.isEmpty(), "the second consumer took files too");
            assertTrue(takenByReplica.size() < 20, "and so did the first: " + takenByReplica);
        } finally {
            camel.getRouteController().stopRoute("inbox-replica");
            camel.removeRoute("inbox-replica");
        }
    }

    @Test
    @Order(7)
    void aLargeFileIsReadAsAStreamAndEveryDocumentReported() throws Exception {
        StringBuilder csv = new StringBuilder("documentType,number,date,party_name,lines_item,lines_quantity,lines_rate,lines_gstRate\n");
        for (int doc = 1; doc <= 500; doc++) {
            for (int line = 1; line <= 3; line++) {
                csv.append("sale,BULK-").append(doc).append(",2025-03-01,Sharma Traders,")
                        .append(line == 2 ? "Blue Pen" : "Steel Bolt M8").append(',').append(line).append(",12.5,18\n");
            }
        }
        drop("invoices-bulk.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        List<String> report = report(".done", "invoices-bulk.csv", Duration.ofSeconds(120));
        assertEquals(501, report.size());
        assertTrue(report.get(500).startsWith("rows 1499-1501,"), report.get(500));
        assertEquals(500, report.stream().filter(r -> r.contains(",invoice.create,ok,")).count());
    }

    @Test
    @Order(8)
    void aPaymentsFileWithTheContractsPartyColumnIsBooked() throws Exception {
        // the contract's payment.create names its party "party"; the layout's own column is party_name
        SandboxCompany company = company(SandboxResource.DEFAULT_KEY);
        drop("payments-party.csv", ("direction,number,date,party,account,amount,mode\n"
                + "received,RCPT-PARTY-1,2025-02-27,Rathi Stationers,HDFC Bank,750,UPI\n").getBytes(StandardCharsets.UTF_8));
        List<String> report = report(".done", "payments-party.csv");
        assertTrue(report.get(1).matches("row 2,payments-[0-9a-f]{24},payment.create,ok,\\d+,.*"), report.toString());
        JsonNode receipt = company.records("receipt").stream()
                .filter(r -> "RCPT-PARTY-1".equals(r.path("receipt_number").asText())).findFirst().orElseThrow();
        assertEquals(company.idOf("ledger", "name", "Rathi Stationers").orElseThrow().longValue(),
                receipt.path("ledger_id").asLong(), receipt.toString());
    }

    @FunctionalInterface
    interface Content {
        byte[] of(String name) throws IOException;
    }

    /** The files appear in the inbox between two looks of the consumer, as files dropped together do. */
    private Map<String, List<String>> dropTogether(List<String> names, Content content) throws Exception {
        camel.getRouteController().suspendRoute("inbox");
        try {
            for (String name : names) {
                drop(name, content.of(name));
            }
        } finally {
            camel.getRouteController().resumeRoute("inbox");
        }
        Map<String, List<String>> reports = new LinkedHashMap<>();
        for (String name : names) {
            Path done = SandboxResource.inbox().resolve(".done").resolve(name + ".report.csv");
            Path failed = SandboxResource.inbox().resolve(".failed").resolve(name + ".report.csv");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(done) || Files.exists(failed));
            reports.put(name, Files.readAllLines(Files.exists(done) ? done : failed, StandardCharsets.UTF_8));
        }
        return reports;
    }

    private static void assertBookedAsReported(Map<String, List<String>> reports, SandboxCompany company) {
        reports.forEach((name, rows) -> {
            assertTrue(Files.exists(SandboxResource.inbox().resolve(".done").resolve(name)),
                    name + " is not in .done/:\n" + String.join("\n", rows));
            for (String row : rows.subList(1, rows.size())) {
                assertTrue(row.matches("rows? [0-9-]+,[a-z]+-[0-9a-f]{24},[a-z.]+,ok,\\d+,.*"), name + ": " + row);
            }
        });
        assertTrue(company.count("ledger") > 0);
    }

    private static Map<String, Integer> counts(SandboxCompany company, String... resources) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String resource : resources) {
            counts.put(resource, company.count(resource));
        }
        return counts;
    }

    private static SandboxCompany company(String key) {
        return SandboxResource.sandbox().company(key);
    }

    private static void drop(String name, byte[] content) throws IOException {
        Path tmp = SandboxResource.inbox().resolve(name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, SandboxResource.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> report(String folder, String name) throws IOException {
        return report(folder, name, Duration.ofSeconds(30));
    }

    private static List<String> report(String folder, String name, Duration wait) throws IOException {
        Path report = SandboxResource.inbox().resolve(folder).resolve(name + ".report.csv");
        Path moved = SandboxResource.inbox().resolve(folder).resolve(name);
        await().atMost(wait).until(() -> Files.exists(report) && Files.exists(moved));
        return Files.readAllLines(report, StandardCharsets.UTF_8);
    }
}

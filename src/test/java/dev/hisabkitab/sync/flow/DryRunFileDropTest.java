package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.dryrun.DryRun;
import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.inbox.DropReport;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Dry run of a file (docs/dry-run.md): a file dropped in the inbox's dry-run/ folder is checked and answered
 * {@code planned} row by row, with the request booking would send, while HisabKitab (the sandbox on a real socket)
 * receives look-ups only: no party or item is created although auto-create is on, no number of a series is taken,
 * nothing is recorded as completed. The same file dropped into the inbox afterwards is booked for real.
 */
@QuarkusTest
@TestProfile(DryRunFileDropTest.AutoCreate.class)
@WithTestResource(SandboxResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DryRunFileDropTest {

    public static class AutoCreate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.auto-create", "true");
        }
    }

    static final String FILE = "month-end.ndjson";
    static final String PARTY = "Kaveri Traders";
    /** Neither exists in the company: auto-create makes them when booking. */
    static final String NEW_PARTY = "Naya Bazaar";
    static final String NEW_ITEM = "Copper Wire 2.5mm";

    @Inject
    CamelContext camel;

    @Inject
    CompletedEvents completedEvents;

    /**
     * A party.upsert; an invoice without number for a party and an item that do not exist yet (auto-create makes
     * them); an invoice for the upserted party and the item the first invoice creates.
     */
    static String monthEndFile() {
        ObjectNode party = Events.json("""
                {"role": "customer", "name": "Kaveri Traders", "gstin": "29AAPFU0939F1ZR",
                 "billingAddress": {"line1": "4 MG Road", "city": "Bengaluru", "state": "Karnataka", "pincode": "560001"}}
                """).deepCopy();
        ObjectNode invoice = Events.json("""
                {"documentType": "sale", "date": "2025-03-31", "party": {"name": "Naya Bazaar"},
                 "placeOfSupply": "Karnataka", "roundOff": true,
                 "lines": [{"item": "Copper Wire 2.5mm", "quantity": 3, "rate": 123.45, "gstRate": 18}]}
                """).deepCopy();
        ObjectNode second = Events.json("""
                {"documentType": "sale", "number": "MONTH-END-2", "date": "2025-03-31", "party": {"name": "Kaveri Traders"},
                 "lines": [{"item": "Copper Wire 2.5mm", "quantity": 10, "rate": 50, "gstRate": 18}]}
                """).deepCopy();
        return Events.envelope("dry-party-1", "party.upsert", party) + "\n"
                + Events.envelope("dry-invoice-1", "invoice.create", invoice) + "\n"
                + Events.envelope("dry-invoice-2", "invoice.create", second) + "\n";
    }

    @Test
    @Order(1)
    void theDryRunFolderIsCreatedAtStartAndTheInboxDoesNotTakeItsFiles() {
        assertTrue(Files.isDirectory(SandboxResource.inbox().resolve(DryRun.FOLDER)), "made by the inbox-dry-run route");
        assertTrue(camel.getRouteController().getRouteStatus("inbox-dry-run").isStarted());
        String inboxUri = camel.getRoute("inbox").getEndpoint().getEndpointUri();
        assertTrue(inboxUri.contains("recursive=false"), inboxUri);
    }

    @Test
    @Order(2)
    void aFileInTheDryRunFolderIsPlannedRowByRowAndNothingIsWrittenTakenOrRecorded() throws Exception {
        SandboxCompany company = company();
        SandboxJournal journal = SandboxResource.sandbox().journal();
        int callsBefore = journal.size();
        String nextSale = company.nextNumber("sale");
        int completedBefore = completedEvents.store().size();

        drop(SandboxResource.inbox().resolve(DryRun.FOLDER), FILE, monthEndFile());
        Map<String, CSVRecord> rows = report(SandboxResource.inbox().resolve(DryRun.FOLDER).resolve(".done"), FILE);

        // the party.upsert: the ledger booking would create, exactly as it would be sent
        CSVRecord party = rows.get("dry-party-1");
        assertEquals("planned", party.get("status"));
        assertEquals("", party.get("hisabkitab_id"));
        assertEquals("POST", party.get("method"));
        assertEquals("/ledgers", party.get("path"));
        JsonNode partyBody = Events.json(party.get("body"));
        assertEquals(PARTY, partyBody.path("name").asText());
        assertEquals("29AAPFU0939F1ZR", partyBody.at("/party_details/gstin").asText());
        assertEquals("", party.get("grand_total"), "only invoices have totals");
        assertEquals("", party.get("first_calls"));

        // the invoice: the sale it would book, with the totals computed (interstate: IGST), after creating the
        // party and the item; the number is the sale series' next, not taken
        CSVRecord invoice = rows.get("dry-invoice-1");
        assertEquals("planned", invoice.get("status"));
        assertEquals("POST", invoice.get("method"));
        assertEquals("/sale-transactions", invoice.get("path"));
        assertEquals(Map.of("taxable_value", "370.35", "cgst", "0.00", "sgst", "0.00", "igst", "66.66", "cess", "0.00",
                "round_off", "-0.01", "grand_total", "437.00"), totals(invoice));
        JsonNode body = Events.json(invoice.get("body"));
        assertEquals(nextSale, body.path("invoice_number").asText());
        assertEquals("31-03-2025", body.path("date").asText());
        assertEquals(-2, body.path("customer_ledger_id").asLong(), "the party booking creates first");
        assertEquals(-3, body.at("/items/0/item_id").asLong(), "the item booking creates first");
        assertEquals(new BigDecimal("437.00"), body.path("grand_total").decimalValue());
        JsonNode first = Events.json(invoice.get("first_calls"));
        assertEquals(2, first.size(), first.toString());
        assertEquals("ledger.create-customer", first.at("/0/operation").asText());
        assertEquals(-2, first.at("/0/placeholderId").asLong());
        assertEquals(-3, first.at("/1/placeholderId").asLong());
        assertEquals("POST", first.at("/0/method").asText());
        assertEquals(NEW_PARTY, first.at("/0/body/name").asText());
        assertEquals("item.create-goods", first.at("/1/operation").asText());
        assertEquals(NEW_ITEM, first.at("/1/body/item_name").asText(), first.get(1).toString());
        assertTrue(invoice.get("notes").contains("sale series") && invoice.get("notes").contains(nextSale),
                invoice.get("notes"));

        // the second invoice finds the party the file's party.upsert creates and the item the first invoice creates,
        // as booking the file would: nothing to create first
        CSVRecord second = rows.get("dry-invoice-2");
        assertEquals("planned", second.get("status"), second.toString());
        assertEquals("", second.get("first_calls"));
        JsonNode secondBody = Events.json(second.get("body"));
        assertEquals(-1, secondBody.path("customer_ledger_id").asLong(), secondBody.toString());
        assertEquals(-3, secondBody.at("/items/0/item_id").asLong());
        assertEquals("MONTH-END-2", secondBody.path("invoice_number").asText());
        assertTrue(second.get("notes").contains("event dry-party-1 earlier in this file")
                && second.get("notes").contains("event dry-invoice-1 earlier in this file"), second.get("notes"));
        assertEquals("590.00", second.get("grand_total"));

        // HisabKitab was only asked (GET), its sale series did not move, nothing was created or recorded
        List<SandboxJournal.Entry> calls = journal.entries().subList(callsBefore, journal.size());
        assertFalse(calls.isEmpty(), "the dry run looked masters up");
        assertEquals(List.of(), calls.stream().filter(c -> !"GET".equals(c.method())).toList());
        assertTrue(calls.stream().anyMatch(c -> "sale.next-number".equals(c.operation())), "the number was peeked at");
        assertEquals(nextSale, company.nextNumber("sale"));
        assertFalse(company.idOf("ledger", "name", NEW_PARTY).isPresent());
        assertFalse(company.idOf("ledger", "name", PARTY).isPresent());
        assertFalse(company.idOf("item", "item_name", NEW_ITEM).isPresent());
        assertEquals(completedBefore, completedEvents.store().size());
        assertFalse(Files.readString(SandboxResource.completedEventsFile()).contains("dry-"), "no id recorded");
        // the file itself stays in the dry-run folder's .done/, the inbox never saw it
        assertTrue(Files.exists(SandboxResource.inbox().resolve(DryRun.FOLDER).resolve(".done").resolve(FILE)));
        assertFalse(Files.exists(SandboxResource.inbox().resolve(".done").resolve(FILE + ".report.csv")));
    }

    @Test
    @Order(3)
    void theSameFileDroppedIntoTheInboxIsBookedForRealAsPlanned() throws Exception {
        SandboxCompany company = company();
        String nextSale = company.nextNumber("sale");
        Map<String, CSVRecord> plannedRows = rowsOf(SandboxResource.inbox().resolve(DryRun.FOLDER).resolve(".done"), FILE);

        drop(SandboxResource.inbox(), FILE, monthEndFile());
        Map<String, CSVRecord> booked = report(SandboxResource.inbox().resolve(".done"), FILE);

        assertEquals("ok", booked.get("dry-party-1").get("status"), "not a duplicate: the dry run recorded nothing");
        assertEquals("ok", booked.get("dry-invoice-1").get("status"));
        assertEquals("ok", booked.get("dry-invoice-2").get("status"));
        assertEquals(DropReport.HEADER, Files.readAllLines(SandboxResource.inbox().resolve(".done").resolve(FILE
                + ".report.csv")).get(0), "a booking's report has no plan columns");
        JsonNode sale = company.record("sale", Long.parseLong(booked.get("dry-invoice-1").get("hisabkitab_id")))
                .orElseThrow();
        assertEquals(nextSale, sale.path("invoice_number").asText(), "the number the plan showed was not taken");
        assertEquals(Events.json(plannedRows.get("dry-invoice-1").get("body")).path("invoice_number").asText(),
                sale.path("invoice_number").asText());
        assertEquals(0, new BigDecimal("437.00").compareTo(sale.path("grand_total").decimalValue()), sale.toString());
        assertTrue(company.idOf("ledger", "name", PARTY).isPresent());
        // what was sent is what the plan showed, the created party's and item's ids in place of -1 and -2
        ObjectNode planned = (ObjectNode) Events.json(plannedRows.get("dry-invoice-1").get("body"));
        planned.put("customer_ledger_id", company.idOf("ledger", "name", NEW_PARTY).orElseThrow());
        ((ObjectNode) planned.at("/items/0")).put("item_id", company.idOf("item", "item_name", NEW_ITEM).orElseThrow());
        JsonNode sent = company.requestBody("sale", sale.path("id").asLong()).orElseThrow();
        // (the sandbox keeps numbers without trailing zeros: 0 for 0.00)
        assertTrue(planned.equals(SAME_NUMBER, sent), "planned:\n" + planned + "\nsent:\n" + sent);
        // and the calls made first are the ones the plan listed
        JsonNode first = Events.json(plannedRows.get("dry-invoice-1").get("first_calls"));
        JsonNode partyCreated = company.requestBody("ledger", company.idOf("ledger", "name", NEW_PARTY).orElseThrow())
                .orElseThrow();
        assertTrue(first.at("/0/body").equals(SAME_NUMBER, partyCreated), first.get(0) + "\nsent:\n" + partyCreated);
        JsonNode itemCreated = company.requestBody("item", company.idOf("item", "item_name", NEW_ITEM).orElseThrow())
                .orElseThrow();
        assertTrue(first.at("/1/body").equals(SAME_NUMBER, itemCreated), first.get(1) + "\nsent:\n" + itemCreated);
        ObjectNode plannedSecond = (ObjectNode) Events.json(plannedRows.get("dry-invoice-2").get("body"));
        plannedSecond.put("customer_ledger_id", company.idOf("ledger", "name", PARTY).orElseThrow());
        ((ObjectNode) plannedSecond.at("/items/0")).put("item_id", company.idOf("item", "item_name", NEW_ITEM).orElseThrow());
        JsonNode sentSecond = company.requestBody("sale", Long.parseLong(booked.get("dry-invoice-2").get("hisabkitab_id")))
                .orElseThrow();
        assertTrue(plannedSecond.equals(SAME_NUMBER, sentSecond), "planned:\n" + plannedSecond + "\nsent:\n" + sentSecond);
    }

    @Test
    @Order(4)
    void aDryRunEventThatWouldFailGetsItsFailedRowAndTheFileGoesToFailed() throws Exception {
        ObjectNode unknownLedger = Events.json("""
                {"documentType": "sale", "number": "DRY-FAIL-1", "date": "2025-03-31", "party": {"name": "Kaveri Traders"},
                 "lines": [{"ledger": "No Such Income", "rate": 100, "gstRate": 18}]}
                """).deepCopy();
        ObjectNode badArithmetic = Events.json("""
                {"documentType": "sale", "number": "DRY-FAIL-2", "date": "2025-03-31", "party": {"name": "Kaveri Traders"},
                 "lines": [{"ledger": "Sales", "rate": 100, "discountAmount": 150, "gstRate": 18}]}
                """).deepCopy();
        int callsBefore = SandboxResource.sandbox().journal().size();
        drop(SandboxResource.inbox().resolve(DryRun.FOLDER), "failing.ndjson",
                Events.envelope("dry-fail-1", "invoice.create", unknownLedger) + "\n"
                        + Events.envelope("dry-fail-2", "invoice.create", badArithmetic) + "\n"
                        + "{\"id\": \"dry-fail-3\", \"type\": \"api.no-such.thing\"}\n");
        Map<String, CSVRecord> rows = report(SandboxResource.inbox().resolve(DryRun.FOLDER).resolve(".failed"), "failing.ndjson");

        assertEquals(3, rows.size(), rows.toString());
        assertEquals(List.of("failed", "mapping"), List.of(rows.get("dry-fail-1").get("status"),
                rows.get("dry-fail-1").get("error_category")));
        assertTrue(rows.get("dry-fail-1").get("error_message").contains("No Such Income"), rows.get("dry-fail-1").toString());
        assertEquals("", rows.get("dry-fail-1").get("method"), "a failed row has no plan");
        assertEquals("mapping", rows.get("dry-fail-2").get("error_category"), rows.get("dry-fail-2").toString());
        assertEquals("invalid-event", rows.get("dry-fail-3").get("error_category"));
        assertEquals(List.of(), SandboxResource.sandbox().journal().entries().subList(callsBefore,
                SandboxResource.sandbox().journal().size()).stream().filter(c -> !"GET".equals(c.method())).toList());
    }

    /** JSON numbers are equal by value (437.00 and 437), other nodes as JsonNode.equals has them. */
    static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private static Map<String, String> totals(CSVRecord row) {
        Map<String, String> totals = new LinkedHashMap<>();
        for (String column : List.of("taxable_value", "cgst", "sgst", "igst", "cess", "round_off", "grand_total")) {
            totals.put(column, row.get(column));
        }
        return totals;
    }

    private static SandboxCompany company() {
        return SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY);
    }

    private static void drop(Path folder, String name, String content) throws IOException {
        Path tmp = folder.resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The report's rows by event id, once the file and its report have moved to {@code folder}. */
    private static Map<String, CSVRecord> report(Path folder, String name) throws IOException {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(folder.resolve(name)) && Files.exists(folder.resolve(name + ".report.csv")));
        return rowsOf(folder, name);
    }

    private static Map<String, CSVRecord> rowsOf(Path folder, String name) throws IOException {
        String csv = Files.readString(folder.resolve(name + ".report.csv"), StandardCharsets.UTF_8);
        List<CSVRecord> records = new ArrayList<>(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(csv)).getRecords());
        Map<String, CSVRecord> byId = new LinkedHashMap<>();
        records.forEach(r -> byId.put(r.get("id"), r));
        return byId;
    }
}

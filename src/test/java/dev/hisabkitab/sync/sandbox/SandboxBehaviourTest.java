package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.OperationSamples.World;

class SandboxBehaviourTest {

    private static final String KEY = "behaviour-key-" + UUID.randomUUID();
    private static final String OTHER_KEY = "other-company-key-" + UUID.randomUUID();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HisabKitabSandbox sandbox;
    private SandboxClient client;
    private SandboxCompany company;

    @BeforeEach
    void start() {
        sandbox = HisabKitabSandbox.start(0, new LinkedHashSet<>(List.of(KEY, OTHER_KEY)));
        client = new SandboxClient(sandbox.baseUrl());
        company = sandbox.company(KEY);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private ObjectNode saleBody() {
        return OperationSamples.createBody("sale.create-item", company);
    }

    private static JsonNode errors(HttpResponse<String> response) throws IOException {
        JsonNode body = SandboxClient.json(response);
        assertFalse(body.path("success").asBoolean(true), response.body());
        assertEquals("The given data was invalid.", body.path("message").asText(), response.body());
        return body.path("data").path("errors");
    }

    // ------------------------------------------------------------------------------------------ protocol

    @Test
    void aMissingOrUnknownKeyIs401InTheEnvelopeAndTheJournalKeepsNoKey() throws Exception {
        HttpResponse<String> none = client.getJson("/ledgers", null);
        HttpResponse<String> wrong = client.getJson("/ledgers", "not-a-key");
        HttpResponse<String> blank = client.getJson("/ledgers", ""); // curl's --header 'ApiKey;' sends an empty key
        for (HttpResponse<String> r : List.of(none, wrong, blank)) {
            assertEquals(401, r.statusCode(), r.body());
            JsonNode body = SandboxClient.json(r);
            assertTrue(body.get("data").isNull());
            assertFalse(body.get("success").asBoolean());
            assertEquals("Unauthenticated.", body.get("message").asText());
        }
        HttpResponse<String> ok = client.getJson("/ledgers", KEY);
        assertEquals(200, ok.statusCode());

        List<SandboxJournal.Entry> entries = sandbox.journal().entries();
        assertEquals(4, entries.size());
        assertFalse(entries.get(0).apiKeyPresent());
        assertTrue(entries.get(1).apiKeyPresent());
        assertEquals(null, entries.get(1).company());
        assertEquals(company.name(), entries.get(3).company());
        assertEquals(company.apiKeyHash(), entries.get(3).apiKeySha256());
        HttpResponse<String> admin = SandboxClient.HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandbox.adminUrl() + "/journal")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, admin.statusCode());
        assertTrue(admin.body().contains(company.apiKeyHash()));
        assertFalse(admin.body().contains(KEY), "the journal must not carry the key");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        HttpResponse<String> unknown = client.getJson("/no-such-thing", KEY);
        assertEquals(404, unknown.statusCode());
        assertFalse(SandboxClient.json(unknown).get("success").asBoolean());
        assertTrue(SandboxClient.json(unknown).get("data").isNull());

        HttpResponse<String> put = client.send("PUT", "/sale-transactions/1", KEY, "application/json", "{}".getBytes());
        assertEquals(405, put.statusCode());
        assertEquals("DELETE, POST", put.headers().firstValue("Allow").orElseThrow());
        assertFalse(SandboxClient.json(put).get("success").asBoolean());

        HttpResponse<String> missingRecord = client.getJson("/sale-transactions/999/edit", KEY);
        assertEquals(404, missingRecord.statusCode());
        HttpResponse<String> notAnId = client.getJson("/ledgers/abc", KEY);
        assertEquals(404, notAnId.statusCode());
    }

    @Test
    void literalPathSegmentsBeatParameters() throws Exception {
        HttpResponse<String> tds = client.getJson("/ledgers/tds-tax-data", KEY);
        assertEquals(200, tds.statusCode(), tds.body());
        JsonNode data = SandboxClient.json(tds).get("data");
        assertTrue(data.isArray() && data.size() > 0);
        assertEquals("TDS on Contract (194C)", data.get(0).get("name").asText());
        assertEquals("ledger.tds-tax-data", last().operation());
    }

    // ------------------------------------------------------------------------------------------ validation

    @Test
    void aMissingRequiredFieldIs422NamingTheField() throws Exception {
        ObjectNode body = saleBody();
        body.remove("customer_ledger_id");
        ((ObjectNode) body.get("billing_address")).remove("state_id");
        ((ObjectNode) body.withArray("items").get(0)).remove("item_id");
        HttpResponse<String> r = client.postJson("/sale-transactions", KEY, body);
        assertEquals(422, r.statusCode(), r.body());
        JsonNode errors = errors(r);
        assertEquals("The customer ledger id field is required.", errors.get("customer_ledger_id").get(0).asText());
        assertTrue(errors.has("billing_address.state_id"), r.body());
        assertTrue(errors.has("items.0.item_id"), r.body());
        assertEquals(0, company.count("sale"), "nothing is stored for a refused create");
    }

    @Test
    void wrongTypesAre422() throws Exception {
        ObjectNode body = saleBody();
        body.put("customer_ledger_id", "abc");
        body.put("invoice_number", 17);
        ((ObjectNode) body.withArray("items").get(0)).put("quantity", "two");
        body.put("is_gst_na", 5);
        HttpResponse<String> r = client.postJson("/sale-transactions", KEY, body);
        assertEquals(422, r.statusCode(), r.body());
        JsonNode errors = errors(r);
        assertEquals("The customer ledger id must be an integer.", errors.get("customer_ledger_id").get(0).asText());
        assertEquals("The invoice number must be a string.", errors.get("invoice_number").get(0).asText());
        assertEquals("The items.0.quantity must be a number.", errors.get("items.0.quantity").get(0).asText());
        assertTrue(errors.has("is_gst_na"), r.body());

        ObjectNode notAnArray = saleBody();
        notAnArray.put("items", "one item");
        JsonNode e2 = errors(client.postJson("/sale-transactions", KEY, notAnArray));
        assertEquals("The items must be an array.", e2.get("items").get(0).asText());
    }

    @Test
    void numericStringsAreAcceptedWhereLaravelAcceptsThem() throws Exception {
        ObjectNode body = saleBody();
        body.put("customer_ledger_id", body.get("customer_ledger_id").asText());
        ((ObjectNode) body.withArray("items").get(0)).put("quantity", "1.5").put("rpu", "100.00");
        OperationSamples.settle(body, company);
        HttpResponse<String> r = client.postJson("/sale-transactions", KEY, body);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode stored = company.requestBody("sale", SandboxClient.json(r).at("/data/transaction_id").asLong()).orElseThrow();
        assertTrue(stored.get("customer_ledger_id").isIntegralNumber());
        assertEquals(1.5, stored.at("/items/0/quantity").asDouble());
    }

    @Test
    void isoAndImpossibleDatesAre422WithAClearMessage() throws Exception {
        ObjectNode body = saleBody();
        body.put("date", "2024-12-27");
        ((ObjectNode) body.get("transport_details")).put("transporter_document_date", "31-02-2024");
        ((ObjectNode) body.withArray("payment_details").get(0)).put("pd_date", "2024-12-27T00:00:00Z");
        HttpResponse<String> r = client.postJson("/sale-transactions", KEY, body);
        assertEquals(422, r.statusCode(), r.body());
        JsonNode errors = errors(r);
        String date = errors.get("date").get(0).asText();
        assertTrue(date.contains("DD-MM-YYYY") && date.contains("27-12-2024") && date.contains("ISO"), date);
        assertEquals("The transport details.transporter document date is not a valid date.",
                errors.get("transport_details.transporter_document_date").get(0).asText());
        assertTrue(errors.has("payment_details.0.pd_date"), r.body());

        // a date in an undocumented body is still checked
        HttpResponse<String> broker = client.postJson("/brokers", KEY, F.objectNode().put("name", "B").put("joining_date", "2025-01-31"));
        assertEquals(422, broker.statusCode(), broker.body());
        assertTrue(errors(broker).has("joining_date"));
    }

    @Test
    void idsThatDoNotExistInTheCompanyAre422() throws Exception {
        ObjectNode body = saleBody();
        ((ObjectNode) body.withArray("items").get(0)).put("item_id", 9999).put("gst_id", 77);
        ((ObjectNode) body.get("billing_address")).put("state_id", 12345);
        body.put("main_classification_nature_type", "Intergalactic Sales");
        HttpResponse<String> r = client.postJson("/sale-transactions", KEY, body);
        assertEquals(422, r.statusCode(), r.body());
        JsonNode errors = errors(r);
        assertEquals("The selected items.0.item id is invalid.", errors.get("items.0.item_id").get(0).asText());
        assertTrue(errors.has("items.0.gst_id"));
        assertTrue(errors.has("billing_address.state_id"));
        assertTrue(errors.has("main_classification_nature_type"));

    }

    @Test
    void theItemTypeChoosesTheLinesAndTheOperation() throws Exception {
        ObjectNode accounting = OperationSamples.createBody("sale.create-accounting", company);
        HttpResponse<String> ok = client.postJson("/sale-transactions", KEY, accounting);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("sale.create-accounting", last().operation());
        assertTrue(SandboxClient.json(ok).at("/data/sale_transaction/sale_ledgers").isArray());

        ObjectNode mismatch = OperationSamples.createBody("sale.create-item", company);
        mismatch.put("sales_item_type", 1); // accounting, but items[] sent
        JsonNode errors = errors(client.postJson("/sale-transactions", KEY, mismatch));
        assertEquals("The ledgers field is required.", errors.get("ledgers").get(0).asText());

        ObjectNode unknownType = OperationSamples.createBody("sale.create-item", company);
        unknownType.put("sales_item_type", 3);
        assertTrue(errors(client.postJson("/sale-transactions", KEY, unknownType)).has("sales_item_type"));
    }

    @Test
    void aUsedDocumentNumberIsRefused() throws Exception {
        ObjectNode body = saleBody();
        assertEquals(200, client.postJson("/sale-transactions", KEY, body).statusCode());
        HttpResponse<String> again = client.postJson("/sale-transactions", KEY, body);
        assertEquals(422, again.statusCode());
        assertEquals("The invoice number has already been taken.", errors(again).get("invoice_number").get(0).asText());

        // the series is per document type and per company
        ObjectNode note = OperationSamples.createBody("income-credit-note.create-accounting", company);
        note.put("invoice_number", body.get("invoice_number").asText());
        assertEquals(200, client.postJson("/income-credit-notes", KEY, note).statusCode());
        ObjectNode otherCompany = OperationSamples.createBody("sale.create-item", sandbox.company(OTHER_KEY));
        otherCompany.put("invoice_number", body.get("invoice_number").asText());
        assertEquals(200, client.postJson("/sale-transactions", OTHER_KEY, otherCompany).statusCode());

        ObjectNode journal = OperationSamples.journalJson(new World(company));
        assertEquals(200, client.postJson("/journal-transactions", KEY, journal).statusCode());
        HttpResponse<String> journalAgain = client.postJson("/journal-transactions", KEY, journal);
        assertTrue(errors(journalAgain).has("voucher_number"));
    }

    /** The switch for tests of "never booked twice": the sandbox then accepts a used number or name again. */
    @Test
    void withRepeatsAcceptedAUsedNumberOrNameIsBookedAgain() throws Exception {
        sandbox.acceptRepeatedNumbers(true);
        ObjectNode body = saleBody();
        assertEquals(200, client.postJson("/sale-transactions", KEY, body).statusCode());
        assertEquals(200, client.postJson("/sale-transactions", KEY, body).statusCode());
        assertEquals(2, company.records("sale").stream()
                .filter(r -> body.get("invoice_number").asText().equals(r.path("invoice_number").asText())).count());
        ObjectNode journal = OperationSamples.journalJson(new World(company));
        assertEquals(200, client.postJson("/journal-transactions", KEY, journal).statusCode());
        assertEquals(200, client.postJson("/journal-transactions", KEY, journal).statusCode());
        sandbox.acceptRepeatedNumbers(false);
        assertEquals(422, client.postJson("/sale-transactions", KEY, body).statusCode(), "refused again once off");
    }

    @Test
    void aDocumentNumberIsFreedByRenumberingAndDeleting() throws Exception {
        ObjectNode body = saleBody();
        String first = body.get("invoice_number").asText();
        long id = SandboxClient.json(client.postJson("/sale-transactions", KEY, body)).at("/data/transaction_id").asLong();
        // updating a document with its own number is not a clash
        assertEquals(200, client.postJson("/sale-transactions/" + id, KEY, body).statusCode());

        body.put("invoice_number", first + "-R");
        assertEquals(200, client.postJson("/sale-transactions/" + id, KEY, body).statusCode());
        ObjectNode reuse = saleBody();
        reuse.put("invoice_number", first);
        HttpResponse<String> reused = client.postJson("/sale-transactions", KEY, reuse);
        assertEquals(200, reused.statusCode(), "the old number is free once the document was renumbered: " + reused.body());
        long second = SandboxClient.json(reused).at("/data/transaction_id").asLong();

        ObjectNode clash = saleBody();
        clash.put("invoice_number", first + "-R");
        assertEquals(422, client.postJson("/sale-transactions", KEY, clash).statusCode(), "the new number is taken");
        assertEquals(200, client.send("DELETE", "/sale-transactions/" + id, KEY, null, null).statusCode());
        assertEquals(200, client.postJson("/sale-transactions", KEY, clash).statusCode(), "deleting frees the number");
        assertEquals(422, client.postJson("/sale-transactions", KEY, reuse).statusCode(), "still used by " + second);
    }

    @Test
    void aJournalMustBalance() throws Exception {
        ObjectNode journal = OperationSamples.journalJson(new World(company));
        ((ObjectNode) journal.withArray("ledger_amount_data").get(1)).put("amount", 90);
        JsonNode errors = errors(client.postJson("/journal-transactions", KEY, journal));
        assertTrue(errors.get("ledger_amount_data").get(0).asText().contains("must be equal"), errors.toString());

        ObjectNode totals = OperationSamples.journalJson(new World(company));
        totals.put("credit_total", 99);
        assertTrue(errors(client.postJson("/journal-transactions", KEY, totals)).has("credit_total"));

        ObjectNode noRows = OperationSamples.journalJson(new World(company));
        noRows.remove("ledger_amount_data");
        assertTrue(errors(client.postJson("/journal-transactions", KEY, noRows)).has("ledger_amount_data"));
    }

    @Test
    void aJsonBodyWithoutJsonContentTypeIsEmptyInputAsLaravelSeesIt() throws Exception {
        HttpResponse<String> r = client.send("POST", "/sale-transactions", KEY, "text/plain",
                OperationSamples.MAPPER.writeValueAsBytes(saleBody()));
        assertEquals(422, r.statusCode());
        assertTrue(errors(r).has("invoice_number"));
        HttpResponse<String> malformed = client.send("POST", "/sale-transactions", KEY, "application/json", "{\"a\":".getBytes());
        assertEquals(400, malformed.statusCode());
    }

    @Test
    void aBatchIsAllOrNothing() throws Exception {
        ArrayNode batch = F.arrayNode();
        batch.add(OperationSamples.ledgerBody(new World(company), "create-customer"));
        ObjectNode bad = OperationSamples.ledgerBody(new World(company), "create-bank");
        bad.put("group_id", 4242);
        batch.add(bad);
        int before = company.count("ledger");
        HttpResponse<String> r = client.postJson("/batch/ledgers", KEY, batch);
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(errors(r).has("1.group_id"), r.body());
        assertEquals(before, company.count("ledger"));

        ObjectNode unknownAction = OperationSamples.ledgerBody(new World(company), "create-bank");
        unknownAction.put("action", "Banks");
        assertTrue(errors(client.postJson("/ledgers", KEY, unknownAction)).has("action"));
    }

    @Test
    void aBatchAnswersItsRecordsInOrderOrOnlyTheirCountAndARefusedNameFailsItAsAWhole() throws Exception {
        ArrayNode batch = F.arrayNode();
        for (String name : List.of("Batch One", "Batch Two")) {
            batch.add(OperationSamples.ledgerBody(new World(company), "create-customer").put("name", name));
        }
        JsonNode records = SandboxClient.json(client.postJson("/batch/ledgers", KEY, batch)).get("data");
        assertEquals(List.of("Batch One", "Batch Two"), List.of(records.get(0).get("name").asText(),
                records.get(1).get("name").asText()));

        SandboxClient admin = new SandboxClient(sandbox.adminUrl());
        assertEquals(200, admin.postJson("/faults/batch-answer", null, "{\"shape\":\"count\"}").statusCode());
        ArrayNode more = F.arrayNode();
        more.add(OperationSamples.ledgerBody(new World(company), "create-customer").put("name", "Batch Three"));
        HttpResponse<String> counted = client.postJson("/batch/ledgers", KEY, more);
        assertEquals(1, SandboxClient.json(counted).at("/data/created").asInt(), counted.body());
        assertEquals(422, admin.postJson("/faults/batch-answer", null, "{\"shape\":\"ids\"}").statusCode());
        admin.postJson("/faults/clear", null, "{}");
        assertEquals(SandboxFaults.BatchAnswer.RECORDS, sandbox.faults().batchAnswer());

        sandbox.refuseMasterName("Refused Traders");
        ArrayNode refused = F.arrayNode();
        refused.add(OperationSamples.ledgerBody(new World(company), "create-customer").put("name", "Batch Four"));
        refused.add(OperationSamples.ledgerBody(new World(company), "create-customer").put("name", "Refused Traders"));
        int before = company.count("ledger");
        HttpResponse<String> r = client.postJson("/batch/ledgers", KEY, refused);
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(errors(r).has("1.name"), r.body());
        assertEquals(before, company.count("ledger"), "nothing of a refused batch is created");
    }

    // ------------------------------------------------------------------------------------------ state

    @Test
    void createIsReflectedByListDetailAndNextNumber() throws Exception {
        ObjectNode body = saleBody();
        String number = body.get("invoice_number").asText();
        long party = body.get("customer_ledger_id").asLong();
        HttpResponse<String> created = client.postJson("/sale-transactions", KEY, body);
        assertEquals(200, created.statusCode(), created.body());
        JsonNode data = SandboxClient.json(created).get("data");
        long id = data.get("transaction_id").asLong();
        assertEquals(id, data.at("/sale_transaction/id").asLong());
        assertEquals("2024-12-26T18:30:00.000000Z", data.at("/sale_transaction/date").asText(), "27-12-2024 midnight IST in UTC");
        assertEquals("INV-" + number, data.at("/sale_transaction/full_invoice_number").asText());
        assertEquals("Sale Transaction Created Successfully", SandboxClient.json(created).get("message").asText());

        JsonNode rows = SandboxClient.json(client.getJson("/sale-transactions?start_date=01-04-2024&end_date=31-03-2025&party_id="
                + party, KEY)).get("data");
        assertEquals(1, rows.size());
        assertEquals(id, rows.get(0).get("transaction_id").asLong());
        assertEquals("27-12-2024", rows.get(0).get("date").asText());
        assertEquals("INV-" + number, rows.get(0).get("invoice_number").asText());
        assertEquals("Sale", rows.get(0).get("transaction_type").asText());
        assertEquals(0, SandboxClient.json(client.getJson("/sale-transactions?start_date=01-04-2025&end_date=31-03-2026", KEY))
                .get("data").size(), "outside the window");
        assertEquals(0, SandboxClient.json(client.getJson("/sale-transactions?start_date=01-04-2024&end_date=31-03-2025&party_id="
                + (party + 1000), KEY)).get("data").size(), "other party");

        JsonNode edit = SandboxClient.json(client.getJson("/sale-transactions/" + id + "/edit", KEY)).get("data");
        assertEquals(number, edit.get("invoice_number").asText());
        assertEquals(2, edit.get("sale_items").size());

        JsonNode next = SandboxClient.json(client.getJson("/sale-transactions/next-invoice-number", KEY));
        assertEquals(String.valueOf(Long.parseLong(number) + 1), next.get("data").asText());
        assertEquals("1", SandboxClient.json(client.getJson("/sale-transactions/next-invoice-number", OTHER_KEY)).get("data").asText());
    }

    @Test
    void listsNeedTheirDateWindowAndHonourLimitAndSkip() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, client.postJson("/sale-transactions", KEY, saleBody()).statusCode());
        }
        HttpResponse<String> noWindow = client.getJson("/sale-transactions", KEY);
        assertEquals(422, noWindow.statusCode());
        assertTrue(errors(noWindow).has("start_date") && errors(noWindow).has("end_date"));
        HttpResponse<String> isoWindow = client.getJson("/sale-transactions?start_date=2024-04-01&end_date=31-03-2025", KEY);
        assertTrue(errors(isoWindow).get("start_date").get(0).asText().contains("DD-MM-YYYY"));
        JsonNode page = SandboxClient.json(client.getJson(
                "/sale-transactions?start_date=01-04-2024&end_date=31-03-2025&limit=1&skip=1", KEY)).get("data");
        assertEquals(1, page.size());
        assertEquals(2, page.get(0).get("transaction_id").asLong());
    }

    @Test
    void updateReplacesAndDeleteRemoves() throws Exception {
        ObjectNode body = saleBody();
        long id = SandboxClient.json(client.postJson("/sale-transactions", KEY, body)).at("/data/transaction_id").asLong();
        body.put("narration", "Replaced by update");
        body.withArray("items").remove(1);
        OperationSamples.settle(body, company);
        HttpResponse<String> updated = client.postJson("/sale-transactions/" + id, KEY, body);
        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode edit = SandboxClient.json(client.getJson("/sale-transactions/" + id + "/edit", KEY)).get("data");
        assertEquals("Replaced by update", edit.get("narration").asText());
        assertEquals(1, edit.get("sale_items").size());
        assertEquals(1, company.count("sale"));

        HttpResponse<String> deleted = client.send("DELETE", "/sale-transactions/" + id, KEY, null, null);
        assertEquals(200, deleted.statusCode());
        assertEquals(404, client.getJson("/sale-transactions/" + id + "/edit", KEY).statusCode());
        assertEquals(404, client.send("DELETE", "/sale-transactions/" + id, KEY, null, null).statusCode());
        assertEquals(0, SandboxClient.json(client.getJson("/sale-transactions?start_date=01-04-2024&end_date=31-03-2025", KEY))
                .get("data").size());
    }

    @Test
    void aRecordInUseCannotBeDeleted() throws Exception {
        ObjectNode body = saleBody();
        long customer = body.get("customer_ledger_id").asLong();
        long sale = SandboxClient.json(client.postJson("/sale-transactions", KEY, body)).at("/data/transaction_id").asLong();
        HttpResponse<String> refused = client.send("DELETE", "/ledgers/" + customer, KEY, null, null);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(errors(refused).get("id").get(0).asText().contains("sale transaction " + sale), refused.body());
        assertTrue(company.record("ledger", customer).isPresent());
        assertEquals(200, client.send("DELETE", "/sale-transactions/" + sale, KEY, null, null).statusCode());
        assertEquals(200, client.send("DELETE", "/ledgers/" + customer, KEY, null, null).statusCode());
        assertEquals(404, client.getJson("/ledgers/" + customer, KEY).statusCode());
    }

    // ------------------------------------------------------------------------------------------ form bodies

    @Test
    void aMultipartJournalIsAcceptedAndEqualToItsJsonForm() throws Exception {
        World w = new World(company);
        ObjectNode fields = OperationSamples.journalMultipart(w);
        fields.remove("__multipart");
        String boundary = "----b" + UUID.randomUUID();
        HttpResponse<String> multipart = client.send("POST", "/journal-transactions", KEY, "multipart/form-data; boundary=" + boundary,
                SandboxClient.multipart(fields, boundary, null));
        assertEquals(200, multipart.statusCode(), multipart.body());
        assertEquals("Journal Transaction created successfully.", SandboxClient.json(multipart).get("message").asText());

        // The same journal written as the JSON a PHP backend decodes the form into (numbers as numbers).
        long c = w.customer();
        long s = w.supplier();
        ObjectNode json = F.objectNode();
        json.put("voucher_number", company.nextNumber("journal"));
        json.put("date", "13-02-2025");
        json.set("debit_credit_type", F.arrayNode().add(1).add(2));
        json.set("ledger_id", F.arrayNode().add(c).add(s));
        json.set("amount", F.arrayNode().add(1500).add(1500));
        json.put("debit_total", 1500).put("credit_total", 1500).put("is_manage_debit_transaction", 1);
        json.set("debit_ledger_id", F.objectNode().set(String.valueOf(c), F.arrayNode().add(c).add(c)));
        json.set("debit_transaction_id", F.objectNode().set(String.valueOf(c), F.arrayNode().add(890).add(7503)));
        json.set("debit_invoice_number", F.objectNode().set(String.valueOf(c), F.arrayNode().add("6").add("16")));
        json.set("debit_bill_type", F.objectNode().set(String.valueOf(c), F.arrayNode().add(1).add(1)));
        json.set("debit_paid_amount", F.objectNode().set(String.valueOf(c), F.arrayNode().add(785).add(10642)));
        json.set("debit_discount_amount", F.objectNode().set(String.valueOf(c), F.arrayNode().add(0).add(0)));
        json.set("debit_rounding_amount", F.objectNode().set(String.valueOf(c), F.arrayNode().add(0).add(0)));
        json.put("narration", "0");
        json.set("is_manage_credit_transaction", F.objectNode().set(String.valueOf(s), F.arrayNode().add(1)));
        json.set("credit_ledger_id", F.objectNode().set(String.valueOf(s), F.arrayNode().add(s)));
        json.set("credit_transaction_id", F.objectNode().set(String.valueOf(s), F.arrayNode().add(12418)));
        json.set("credit_invoice_number", F.objectNode().set(String.valueOf(s), F.arrayNode().add("14")));
        json.set("credit_bill_type", F.objectNode().set(String.valueOf(s), F.arrayNode().add(1)));
        json.set("credit_received_amount", F.objectNode().set(String.valueOf(s), F.arrayNode().add(505)));
        json.set("credit_discount_amount", F.objectNode().set(String.valueOf(s), F.arrayNode().add(0)));
        json.set("credit_rounding_amount", F.objectNode().set(String.valueOf(s), F.arrayNode().add(0)));
        HttpResponse<String> viaJson = client.postJson("/journal-transactions", KEY, json);
        assertEquals(200, viaJson.statusCode(), viaJson.body());

        long first = SandboxClient.json(multipart).at("/data/id").asLong();
        long second = SandboxClient.json(viaJson).at("/data/id").asLong();
        ObjectNode a = (ObjectNode) company.requestBody("journal", first).orElseThrow();
        ObjectNode b = (ObjectNode) company.requestBody("journal", second).orElseThrow();
        a.remove("voucher_number");
        b.remove("voucher_number");
        assertEquals(a, b, "the multipart form and its JSON equivalent store the same journal");
        ObjectNode va = (ObjectNode) company.record("journal", first).orElseThrow();
        ObjectNode vb = (ObjectNode) company.record("journal", second).orElseThrow();
        for (ObjectNode v : List.of(va, vb)) {
            v.remove(List.of("id", "voucher_number", "created_at", "updated_at"));
        }
        assertEquals(va, vb);
        assertEquals(2, va.get("ledger_amount_data").size());
        assertEquals(c, va.at("/ledger_amount_data/0/ledger_id").asLong());
        assertEquals(1500, va.at("/ledger_amount_data/0/amount").asInt());
        assertEquals(2, va.get("debit_transactions").size());
        assertEquals("2025-02-12T18:30:00.000000Z", va.get("date").asText());
    }

    @Test
    void urlEncodedPhpKeysBuildTheSameNestedBodyAsJson() throws Exception {
        World w = new World(company);
        ObjectNode ledger = OperationSamples.ledgerBody(w, "create-customer");
        StringBuilder form = new StringBuilder();
        FormBodies.flatten(ledger).forEach((k, values) -> values.forEach(v -> form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        assertTrue(form.toString().contains(URLEncoder.encode("party_details[billing_address][state_id]", StandardCharsets.UTF_8)));
        HttpResponse<String> viaForm = client.send("POST", "/ledgers", KEY, "application/x-www-form-urlencoded",
                form.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, viaForm.statusCode(), viaForm.body());
        long formId = SandboxClient.json(viaForm).at("/data/id").asLong();

        ledger.put("name", ledger.get("name").asText() + " (json)");
        HttpResponse<String> viaJson = client.postJson("/ledgers", KEY, ledger);
        assertEquals(200, viaJson.statusCode(), viaJson.body());
        long jsonId = SandboxClient.json(viaJson).at("/data/id").asLong();

        ObjectNode a = (ObjectNode) company.requestBody("ledger", formId).orElseThrow();
        ObjectNode b = (ObjectNode) company.requestBody("ledger", jsonId).orElseThrow();
        a.remove("name");
        b.remove("name");
        assertEquals(b, a);
        assertEquals(company.details().get("state_id").asLong(), a.at("/party_details/billing_address/state_id").asLong());
    }

    @Test
    void aMultipartFileIsStoredAsMediaThatDeleteMediaRemoves() throws Exception {
        World w = new World(company);
        ObjectNode fields = OperationSamples.formFields(OperationSamples.ledgerBody(w, "create-customer"));
        String boundary = "----f" + UUID.randomUUID();
        HttpResponse<String> r = client.send("POST", "/ledgers", KEY, "multipart/form-data; boundary=" + boundary,
                SandboxClient.multipart(fields, boundary, Map.of("other_details[customer_upload_document]", "%PDF-1.4 test".getBytes())));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode media = SandboxClient.json(r).at("/data/media");
        assertEquals(1, media.size());
        assertEquals("upload.pdf", media.get(0).get("file_name").asText());
        long mediaId = media.get(0).get("id").asLong();
        assertEquals(200, client.send("DELETE", "/ledgers/media/" + mediaId, KEY, null, null).statusCode());
        assertEquals(404, client.send("DELETE", "/ledgers/media/" + mediaId, KEY, null, null).statusCode());
        assertEquals(0, company.record("ledger", SandboxClient.json(r).at("/data/id").asLong()).orElseThrow().get("media").size());

        // a text value where a file is expected is refused, as Laravel's file rule does
        ObjectNode notAFile = OperationSamples.ledgerBody(w, "create-customer");
        ((ObjectNode) notAFile.get("other_details")).put("customer_upload_document", "@\"\"");
        assertTrue(errors(client.postJson("/ledgers", KEY, notAFile)).has("other_details.customer_upload_document"));
    }

    // ------------------------------------------------------------------------------------------ companies

    @Test
    void eachKeyIsACompanyOfItsOwn() throws Exception {
        assertEquals(200, client.postJson("/sale-transactions", KEY, saleBody()).statusCode());
        assertEquals(1, company.count("sale"));
        assertEquals(0, sandbox.company(OTHER_KEY).count("sale"));
        assertNotEquals(company.name(), sandbox.company(OTHER_KEY).name());
        JsonNode otherDetails = SandboxClient.json(client.getJson("/company-details", OTHER_KEY)).get("data");
        assertEquals(sandbox.company(OTHER_KEY).companyId(), otherDetails.get("id").asLong());
        assertEquals("24", otherDetails.get("gst_state_code").asText(), "the second company is in Gujarat");
        assertEquals(sandbox.company(OTHER_KEY).name(), last().company());
        assertThrows(IllegalArgumentException.class, () -> sandbox.company("nobody"));
    }

    @Test
    void freshCompaniesHaveTheMasterDataOfANewHisabKitabCompany() throws Exception {
        JsonNode states = SandboxClient.json(client.getJson("/states?country_id=101", KEY)).get("data");
        assertTrue(states.size() >= 36);
        Map<String, String> codes = Map.of("Maharashtra", "27", "Gujarat", "24", "Karnataka", "29", "Delhi", "07");
        codes.forEach((name, code) -> {
            boolean found = false;
            for (JsonNode s : states) {
                found |= s.get("name").asText().equals(name) && s.get("gst_state_code").asText().equals(code);
            }
            assertTrue(found, name + " " + code);
        });
        JsonNode rates = SandboxClient.json(client.getJson("/gst-rates", KEY)).get("data");
        List<String> names = new ArrayList<>();
        rates.forEach(r -> names.add(r.get("name").asText()));
        assertEquals(List.of("0%", "0.1%", "0.25%", "1.5%", "3%", "5%", "6%", "7.5%", "12%", "18%", "28%"), names);
        assertEquals(18, rates.get(9).get("tax_rate").asInt());
        JsonNode ledgers = SandboxClient.json(client.getJson("/ledgers", KEY)).get("data");
        List<String> ledgerNames = new ArrayList<>();
        ledgers.forEach(l -> ledgerNames.add(l.get("name").asText()));
        assertTrue(ledgerNames.containsAll(List.of("Cash", "Sales", "Purchase", "HDFC Bank")), ledgerNames.toString());
        JsonNode groups = SandboxClient.json(client.getJson("/ledger-groups", KEY)).get("data");
        assertTrue(groups.toString().contains("Sundry Debtors") && groups.toString().contains("Duties & Taxes"));
        JsonNode natures = SandboxClient.json(client.getJson("/classification-nature-types", KEY)).get("data");
        assertTrue(natures.toString().contains("Intrastate Sales Taxable") && natures.toString().contains("Interstate Purchase Taxable"));
        JsonNode units = SandboxClient.json(client.getJson("/units", KEY)).get("data");
        assertEquals("PCS-PIECES", units.get(0).get("full_name").asText());
        assertEquals(2, SandboxClient.json(client.getJson("/cities?state_id=4008", KEY)).get("data").size(), "Mumbai and Pune");
    }

    // ------------------------------------------------------------------------------------------ faults

    @Test
    void addedLatencyDelaysEveryAnswer() throws Exception {
        Duration latency = Duration.ofMillis(300);
        sandbox.faults().latency(latency);
        long start = System.nanoTime();
        HttpResponse<String> r = client.getJson("/company-details", KEY);
        long elapsed = System.nanoTime() - start;
        assertEquals(200, r.statusCode());
        assertTrue(elapsed >= latency.toNanos(), "answered after " + elapsed / 1_000_000 + " ms");
    }

    @Test
    void sixtyFourRequestsInFlightAreServedConcurrently() throws Exception {
        Duration latency = Duration.ofMillis(400);
        sandbox.faults().latency(latency);
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 64; i++) {
            ObjectNode body = OperationSamples.masterBody(new World(company), "broker");
            inFlight.add(SandboxClient.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/brokers"))
                    .header("ApiKey", KEY).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
        }
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed < latency.toNanos() * 8, "64 requests took " + elapsed / 1_000_000 + " ms; served one by one they take 25600 ms");
        assertEquals(64, company.count("broker"));
        Set<Long> ids = new java.util.HashSet<>();
        company.records("broker").forEach(b -> ids.add(b.get("id").asLong()));
        assertEquals(64, ids.size(), "every create got its own id");
    }

    @Test
    void queuedStatusesAnswerTheNextRequestsInOrder() throws Exception {
        sandbox.faults().retryAfter(Duration.ofSeconds(7)).failNext(503, 429, 500);
        ObjectNode body = saleBody();
        HttpResponse<String> first = client.postJson("/sale-transactions", KEY, body);
        HttpResponse<String> second = client.postJson("/sale-transactions", KEY, body);
        HttpResponse<String> third = client.getJson("/ledgers", KEY);
        HttpResponse<String> fourth = client.postJson("/sale-transactions", KEY, body);
        assertEquals(List.of(503, 429, 500, 200), List.of(first.statusCode(), second.statusCode(), third.statusCode(), fourth.statusCode()));
        for (HttpResponse<String> r : List.of(first, second, third)) {
            JsonNode env = SandboxClient.json(r);
            assertFalse(env.get("success").asBoolean());
            assertTrue(env.get("data").isNull());
        }
        assertEquals("7", second.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(first.headers().firstValue("Retry-After").isEmpty());
        assertEquals(1, company.count("sale"), "the faulted creates stored nothing");
        assertTrue(sandbox.faults().pendingStatuses().isEmpty());
    }

    @Test
    void overItsKeysLimitOfRequestsAtOnceARequestIs429AtOnceWhileAnotherKeyGoesOn() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(600)).retryAfter(Duration.ofSeconds(3)).maxConcurrentPerKey(2);
        List<CompletableFuture<HttpResponse<String>>> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            two.add(SandboxClient.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sandbox.baseUrl() + "/company-details")).header("ApiKey", KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> sandbox.peakConcurrentRequests() >= 2);

        long start = System.nanoTime();
        HttpResponse<String> third = client.getJson("/company-details", KEY);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(429, third.statusCode());
        assertEquals("3", third.headers().firstValue("Retry-After").orElseThrow());
        JsonNode env = SandboxClient.json(third);
        assertFalse(env.get("success").asBoolean());
        assertTrue(env.get("data").isNull());
        assertEquals("Too Many Attempts.", env.get("message").asText());
        assertTrue(tookMs < 600, "answered at once, without the added latency: " + tookMs + " ms");
        assertEquals(200, client.getJson("/company-details", OTHER_KEY).statusCode(), "another key has places of its own");

        for (CompletableFuture<HttpResponse<String>> f : two) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(200, client.getJson("/company-details", KEY).statusCode(), "its places are free again");
        assertEquals(List.of(200, 200, 200, 429), sandbox.journal().entries().stream()
                .filter(e -> company.name().equals(e.company())).map(SandboxJournal.Entry::status).sorted().toList(),
                "the refused request is in the journal as 429");
    }

    @Test
    void aDroppedConnectionComesAfterTheCreateWasStored() throws Exception {
        sandbox.faults().dropConnectionAfterCommit(1);
        ObjectNode body = saleBody();
        IOException dropped = assertThrows(IOException.class, () -> client.postJson("/sale-transactions", KEY, body));
        assertNotNull(dropped);
        assertEquals(1, company.count("sale"), "the create was committed before the connection closed");
        assertEquals(SandboxJournal.DROPPED, last().status());
        assertEquals("sale.create-item", last().operation());
        // retrying the same create now meets the duplicate-number rule, as it would on the real service
        HttpResponse<String> retry = client.postJson("/sale-transactions", KEY, body);
        assertEquals(422, retry.statusCode());
        assertTrue(errors(retry).has("invoice_number"));
        assertEquals(String.valueOf(body.get("invoice_number").asLong() + 1),
                SandboxClient.json(client.getJson("/sale-transactions/next-invoice-number", KEY)).get("data").asText());
    }

    @Test
    void theConnectorsHttpClientAlsoSeesTheDrop() throws Exception {
        sandbox.faults().dropConnectionAfterCommit(1);
        ObjectNode body = saleBody();
        try (CloseableHttpClient http = HttpClients.createDefault()) {
            HttpPost post = new HttpPost(sandbox.baseUrl() + "/sale-transactions");
            post.setHeader("ApiKey", KEY);
            post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
            assertThrows(IOException.class, () -> http.execute(post, response -> EntityUtils.toString(response.getEntity())));
            assertEquals(1, company.count("sale"));
            HttpPost next = new HttpPost(sandbox.baseUrl() + "/sale-transactions");
            next.setHeader("ApiKey", KEY);
            next.setEntity(new StringEntity(saleBody().toString(), ContentType.APPLICATION_JSON));
            String answered = http.execute(next, response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
            assertTrue(answered.startsWith("200 "), answered);
            assertEquals(2, company.count("sale"));
        }
    }

    @Test
    void theFaultHooksAreServedAsAdminEndpoints() throws Exception {
        SandboxClient admin = new SandboxClient(sandbox.adminUrl());
        assertEquals(200, admin.postJson("/faults/statuses", null, "{\"statuses\":[502,429],\"retry_after_seconds\":3}").statusCode());
        assertEquals(List.of(502, 429), sandbox.faults().pendingStatuses());
        assertEquals(502, client.getJson("/ledgers", KEY).statusCode());
        HttpResponse<String> limited = client.getJson("/ledgers", KEY);
        assertEquals(429, limited.statusCode());
        assertEquals("3", limited.headers().firstValue("Retry-After").orElseThrow());

        assertEquals(200, admin.postJson("/faults/latency", null, "{\"millis\":250}").statusCode());
        assertEquals(Duration.ofMillis(250), sandbox.faults().latency());
        assertEquals(200, admin.postJson("/faults/drop-after-commit", null, "{\"count\":2}").statusCode());
        assertEquals(2, sandbox.faults().pendingDrops());
        JsonNode state = SandboxClient.json(admin.getJson("/faults", null)).get("data");
        assertEquals(250, state.get("latency_millis").asInt());
        assertEquals(2, state.get("drop_after_commit").asInt());
        assertEquals(200, admin.postJson("/faults/clear", null, "{}").statusCode());
        assertEquals(Duration.ZERO, sandbox.faults().latency());
        assertEquals(0, sandbox.faults().pendingDrops());

        assertEquals(200, client.postJson("/sale-transactions", KEY, saleBody()).statusCode());
        JsonNode store = SandboxClient.json(admin.getJson("/store/sale", KEY)).get("data");
        assertEquals(1, store.size());
        JsonNode journal = SandboxClient.json(admin.getJson("/journal", null)).get("data");
        assertEquals(3, journal.size());
        assertEquals("sale.create-item", journal.get(2).get("operation").asText());
        assertEquals(company.name(), journal.get(2).get("company").asText());
        assertEquals(200, admin.postJson("/journal/reset", null, "{}").statusCode());
        assertEquals(0, sandbox.journal().size());
        assertEquals(200, admin.postJson("/reset", null, "{}").statusCode());
        assertEquals(0, company.count("sale"), "reset gives the companies their fresh seed");
        assertTrue(company.count("ledger") > 0);
    }

    private SandboxJournal.Entry last() {
        List<SandboxJournal.Entry> entries = sandbox.journal().entries();
        return entries.get(entries.size() - 1);
    }
}

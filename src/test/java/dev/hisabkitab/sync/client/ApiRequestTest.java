package dev.hisabkitab.sync.client;

import dev.hisabkitab.sync.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

class ApiRequestTest {

    private final EndpointCatalogue catalogue = EndpointCatalogue.builtIn();

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void jsonBodyHasIsoDatesTurnedIntoTheApiForm() throws Exception {
        ApiRequest r = ApiRequest.of(catalogue.find("sale.create-item").orElseThrow(), null,
                json("{\"invoice_number\":\"7\",\"date\":\"2025-02-11\",\"other_details\":{\"po_date\":\"2024-12-10\"},"
                        + "\"narration\":\"2025-13-45 is no date\",\"reference\":\"2024-04-01\",\"items\":[{\"rpu\":10.50}]}"));
        assertEquals("POST", r.method());
        assertEquals("/sale-transactions", r.path());
        JsonNode sent = json(r.json());
        assertEquals("11-02-2025", sent.get("date").asText());
        assertEquals("10-12-2024", sent.at("/other_details/po_date").asText());
        assertEquals("2025-13-45 is no date", sent.get("narration").asText());
        assertEquals("2024-04-01", sent.get("reference").asText(), "only date fields are converted");
        assertEquals("10.50", sent.at("/items/0/rpu").decimalValue().toPlainString());
        assertNull(r.form());
    }

    @Test
    void pathParametersComeFromTheTargetAndAreEncoded() throws Exception {
        ApiRequest r = ApiRequest.of(catalogue.find("journal.update").orElseThrow(), (ObjectNode) json("{\"id\":42}"),
                json("{\"voucher_number\":\"J-1\"}"));
        assertEquals("/journal-transactions/42", r.path());
        ApiRequest odd = ApiRequest.of(catalogue.find("journal.delete").orElseThrow(),
                (ObjectNode) json("{\"id\":\"a/b c\"}"), null);
        assertEquals("/journal-transactions/a%2Fb%20c", odd.path());
        assertThrows(EventFailure.class, () -> ApiRequest.of(catalogue.find("journal.delete").orElseThrow(),
                (ObjectNode) json("{\"id\":12.5}"), null));
    }

    @Test
    void aMissingPathParameterIsAnInvalidEventNamingIt() {
        EventFailure f = assertThrows(EventFailure.class,
                () -> ApiRequest.of(catalogue.find("sale.delete").orElseThrow(), null, null));
        assertEquals(ErrorCategory.INVALID_EVENT, f.category());
        assertTrue(f.getMessage().contains("target.id") && f.getMessage().contains("sale.delete"), f.getMessage());
    }

    @Test
    void getPayloadBecomesTheQueryString() throws Exception {
        ApiRequest r = ApiRequest.of(catalogue.find("sale.list").orElseThrow(), null,
                json("{\"start_date\":\"2024-04-01\",\"end_date\":\"31-03-2025\",\"limit\":25,\"q\":\"a&b\"}"));
        assertEquals("start_date=01-04-2024&end_date=31-03-2025&limit=25&q=a%26b", r.query());
        assertNull(r.json());
        assertNull(ApiRequest.of(catalogue.find("gst-rate.list").orElseThrow(), null, null).query());
    }

    @Test
    void multipartPayloadBecomesPhpStyleFormFields() throws Exception {
        ApiRequest r = ApiRequest.of(catalogue.find("journal.create").orElseThrow(), null,
                json("{\"voucher_number\":\"1\",\"date\":\"2025-05-05\",\"ledger_id[]\":[10,11],"
                        + "\"debit_ledger_id\":{\"10\":[10]},\"is_manage_debit_transaction\":true,\"narration\":null}"));
        assertEquals(List.of(new FormFields.Field("voucher_number", "1"), new FormFields.Field("date", "05-05-2025"),
                new FormFields.Field("ledger_id[]", "10"), new FormFields.Field("ledger_id[]", "11"),
                new FormFields.Field("debit_ledger_id[10][]", "10"),
                new FormFields.Field("is_manage_debit_transaction", "1"), new FormFields.Field("narration", "")),
                r.form());
    }

    @Test
    void theVendorsMultipartExampleFormIsSentFieldByField() throws Exception {
        // examples/journal-create-multipart.request.json lists every field as name → [values]
        assertEquals(List.of(new FormFields.Field("voucher_number", "6"), new FormFields.Field("ledger_id[]", "2702"),
                new FormFields.Field("ledger_id[]", "25718"), new FormFields.Field("debit_ledger_id[2702][]", "2702")),
                FormFields.flatten(json("{\"voucher_number\":[\"6\"],\"ledger_id[]\":[\"2702\",\"25718\"],"
                        + "\"debit_ledger_id[2702][]\":[\"2702\"]}")));
    }

    @Test
    void listsOfObjectsAreIndexedInForms() throws Exception {
        assertEquals(List.of(new FormFields.Field("rows[0][ledger_id]", "1"), new FormFields.Field("rows[0][amount]", "2.5"),
                new FormFields.Field("rows[1][ledger_id]", "2"), new FormFields.Field("tags", "x"),
                new FormFields.Field("tags", "y")),
                FormFields.flatten(json("{\"rows\":[{\"ledger_id\":1,\"amount\":2.50},{\"ledger_id\":2}],\"tags\":[\"x\",\"y\"]}")));
    }

    @Test
    void bodyShapesAreCheckedAgainstTheOperation() throws Exception {
        EventFailure missing = assertThrows(EventFailure.class,
                () -> ApiRequest.of(catalogue.find("sale.create-item").orElseThrow(), null, null));
        assertTrue(missing.getMessage().contains("payload: is required"), missing.getMessage());
        assertThrows(EventFailure.class,
                () -> ApiRequest.of(catalogue.find("sale.create-item").orElseThrow(), null, json("[1]")));
        // batch endpoints take a JSON array
        ApiRequest batch = ApiRequest.of(catalogue.find("ledger.batch-create").orElseThrow(), null,
                json("[{\"name\":\"A\"}]"));
        assertEquals("[{\"name\":\"A\"}]", batch.json());
        assertThrows(EventFailure.class,
                () -> ApiRequest.of(catalogue.find("sale.list").orElseThrow(), null, json("\"x\"")));
    }
}

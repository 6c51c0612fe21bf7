package dev.hisabkitab.sync.business.journal;

import static dev.hisabkitab.sync.business.MapperAssertions.assertAmount;
import static dev.hisabkitab.sync.business.MapperAssertions.assertJson;
import static dev.hisabkitab.sync.business.MapperAssertions.assertMappingFailure;
import static dev.hisabkitab.sync.business.MapperAssertions.json;
import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiRequest;
import dev.hisabkitab.sync.client.FormFields;

class JournalMapperTest {

    private final JournalMapper mapper = new JournalMapper();
    private final InMemoryDirectory directory = new InMemoryDirectory().withLedger("Depreciation", 21)
            .withLedger("Plant and Machinery", 22);

    private static ObjectNode depreciation() {
        return (ObjectNode) resource("/events/valid/journal.create-depreciation.json").get("payload").deepCopy();
    }

    private static ObjectNode journal(String entries) {
        return (ObjectNode) json("{\"number\": \"JV-1\", \"date\": \"2025-03-31\", \"entries\": " + entries + "}");
    }

    private ApiCall map(JsonNode payload, String assignedNumber) {
        return mapper.map(payload, assignedNumber, directory, MappingDefaults.standard());
    }

    @Test
    void theNumberSeriesIsJournalWhenTheEventBringsNoNumber() {
        assertEquals("journal.create", mapper.eventType());
        assertNull(mapper.numberSeries(depreciation()));
        ObjectNode p = depreciation();
        p.remove("number");
        assertEquals("journal", mapper.numberSeries(p));
        assertEquals("6", map(p, "6").payload().get("voucher_number").asText());
        assertThrows(IllegalStateException.class, () -> map(p, null));
    }

    @Test
    void aBalancedJournalIsTheMultipartFormTheCatalogueSends() {
        ApiCall call = map(depreciation(), null);
        assertEquals("journal.create", call.operation());
        assertNull(call.target());
        assertJson("""
                {"voucher_number": "JV-0012", "date": "31-03-2025",
                 "ledger_id[]": [21, 22], "debit_credit_type[]": [1, 2], "amount[]": [85000.00, 85000.00],
                 "debit_total": 85000.00, "credit_total": 85000.00,
                 "narration": "Depreciation on plant and machinery for FY 2024-25"}
                """, call.payload());
        assertAmount("85000.00", call.payload().get("amount[]").get(0));
        assertAmount("85000.00", call.payload().get("debit_total"));

        Endpoint endpoint = EndpointCatalogue.builtIn().find("journal.create").orElseThrow();
        assertEquals(Endpoint.MULTIPART, endpoint.contentType());
        List<FormFields.Field> form = ApiRequest.of(endpoint, call.target(), call.payload()).form();
        assertEquals(List.of(new FormFields.Field("voucher_number", "JV-0012"), new FormFields.Field("date", "31-03-2025"),
                new FormFields.Field("ledger_id[]", "21"), new FormFields.Field("ledger_id[]", "22"),
                new FormFields.Field("debit_credit_type[]", "1"), new FormFields.Field("debit_credit_type[]", "2"),
                new FormFields.Field("amount[]", "85000"), new FormFields.Field("amount[]", "85000"),
                new FormFields.Field("debit_total", "85000"), new FormFields.Field("credit_total", "85000"),
                new FormFields.Field("narration", "Depreciation on plant and machinery for FY 2024-25")), form);
    }

    @Test
    void withTheJsonContentTypeTheNewerJsonFormIsMade() {
        ApiCall call = JournalMapper.forContentType(Endpoint.JSON).map(depreciation(), null, directory,
                MappingDefaults.standard());
        assertJson("""
                {"voucher_number": "JV-0012", "date": "31-03-2025",
                 "ledger_amount_data": [{"ledger_id": 21, "amount": 85000.00, "debit_credit_type": 1},
                                        {"ledger_id": 22, "amount": 85000.00, "debit_credit_type": 2}],
                 "debit_total": 85000.00, "credit_total": 85000.00,
                 "narration": "Depreciation on plant and machinery for FY 2024-25"}
                """, call.payload());
        assertEquals(map(depreciation(), null).payload(), JournalMapper.forContentType(Endpoint.MULTIPART)
                .map(depreciation(), null, directory, MappingDefaults.standard()).payload());
    }

    @Test
    void manyEntriesKeepTheirOrderAndTheSameLedgerMayAppearTwice() {
        ApiCall call = map(journal("""
                [{"ledger": "Cash", "credit": 1000}, {"ledger": "Freight Charges", "debit": 1180.5},
                 {"ledger": "cash", "credit": 180.50}]"""), null);
        assertJson("[1, 7, 1]", call.payload().get("ledger_id[]"));
        assertJson("[2, 1, 2]", call.payload().get("debit_credit_type[]"));
        assertJson("[1000.00, 1180.50, 180.50]", call.payload().get("amount[]"));
        assertAmount("1180.50", call.payload().get("debit_total"));
        assertAmount("1180.50", call.payload().get("credit_total"));
        assertFalse(call.payload().has("narration"));
    }

    @Test
    void anUnbalancedJournalIsRefusedWithBothTotals() {
        String message = assertMappingFailure(() -> map(journal("""
                [{"ledger": "Cash", "debit": 1000}, {"ledger": "HDFC Bank", "debit": 500},
                 {"ledger": "Sales", "credit": 1400}]"""), null));
        assertEquals("Journal does not balance: debits 1,500.00, credits 1,400.00 (a difference of 100.00).", message);
        assertEquals("Journal does not balance: debits 1,50,000.00, credits 1,50,000.01 (a difference of 0.01).",
                assertMappingFailure(() -> map(journal("""
                        [{"ledger": "Cash", "debit": 150000}, {"ledger": "Sales", "credit": 150000.01}]"""), null)));
    }

    @Test
    void anEntryWithBothOrNeitherSideIsRefusedNamingIt() {
        assertEquals("Entry 2 (ledger \"HDFC Bank\") has both a debit of 100.00 and a credit of 100.00; an entry either "
                + "debits or credits its ledger.", assertMappingFailure(() -> map(journal("""
                        [{"ledger": "Cash", "debit": 100}, {"ledger": "HDFC Bank", "debit": 100, "credit": 100},
                         {"ledger": "Sales", "credit": 100}]"""), null)));
        assertEquals("Entry 1 (ledger \"Cash\") has neither a debit nor a credit amount.",
                assertMappingFailure(() -> map(journal("""
                        [{"ledger": "Cash"}, {"ledger": "Sales", "credit": 100}]"""), null)));
    }

    @Test
    void anUnknownLedgerIsAMappingFailure() {
        directory.withLedger("Plant and Machinery", 22);
        ObjectNode p = depreciation();
        ((ObjectNode) p.withArray("entries").get(0)).put("ledger", "Depreciation A/c");
        assertEquals("No ledger named \"Depreciation A/c\" in HisabKitab", assertMappingFailure(() -> map(p, null)));
    }
}

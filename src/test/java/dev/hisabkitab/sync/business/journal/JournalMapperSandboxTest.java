package dev.hisabkitab.sync.business.journal;

import static dev.hisabkitab.sync.business.MapperAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.SandboxCalls;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiRequest;

/**
 * The mapped journal, sent over HTTP to the sandbox, is accepted: as the catalogue's multipart form, and as the JSON
 * form for a catalogue overridden to application/json.
 */
class JournalMapperSandboxTest {

    private final SandboxCalls sandbox = new SandboxCalls();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** Freight paid partly in cash, partly from the bank: three rows, seeded ledgers only. */
    private static ObjectNode freight() {
        return (ObjectNode) json("""
                {"date": "2025-02-14", "narration": "Freight for February",
                 "entries": [{"ledger": "Freight Charges", "debit": 1500.5},
                             {"ledger": "Cash", "credit": 500},
                             {"ledger": "HDFC Bank", "credit": 1000.50}]}
                """);
    }

    @Test
    void theMultipartJournalIsAccepted() {
        JournalMapper mapper = new JournalMapper();
        assertEquals("journal", mapper.numberSeries(freight()));
        ApiCall call = mapper.map(freight(), sandbox.company().nextNumber("journal"), SandboxCalls.directory(),
                MappingDefaults.standard());
        JsonNode accepted = sandbox.accepted(call);
        JsonNode stored = sandbox.company().requestBody("journal", accepted.get("id").asLong()).orElseThrow();
        JsonNode rows = stored.get("journal_rows");
        assertEquals(3, rows.size(), stored.toString());
        assertEquals(7, rows.get(0).get("ledger_id").asLong());
        assertEquals(1, rows.get(0).get("debit_credit_type").asInt());
        assertEquals(0, new BigDecimal("1500.50").compareTo(rows.get(0).get("amount").decimalValue()));
        assertEquals(4, rows.get(2).get("ledger_id").asLong());
        assertEquals(2, rows.get(2).get("debit_credit_type").asInt());
        assertEquals(0, new BigDecimal("1500.50").compareTo(stored.get("credit_total").decimalValue()));
    }

    @Test
    void theJsonJournalIsAcceptedWhenTheCatalogueSaysJson() {
        // hisabkitab.endpoints."journal.create".content-type=application/json
        EndpointCatalogue json = EndpointCatalogue.builtIn(Map.of("journal.create", Map.of("content-type", Endpoint.JSON)));
        ObjectNode event = freight();
        event.put("number", "JV-7");
        JournalMapper mapper = JournalMapper.forContentType(json.find("journal.create").orElseThrow().contentType());
        ApiCall call = mapper.map(event, null, SandboxCalls.directory(), MappingDefaults.standard());
        assertNotNull(ApiRequest.of(json.find("journal.create").orElseThrow(), null, call.payload()).json(), "a JSON body");
        try (SandboxCalls jsonSandbox = new SandboxCalls(json)) {
            JsonNode accepted = jsonSandbox.accepted(call);
            assertEquals("JV-7", accepted.get("voucher_number").asText());
            JsonNode stored = jsonSandbox.company().requestBody("journal", accepted.get("id").asLong()).orElseThrow();
            assertEquals(3, stored.get("ledger_amount_data").size(), "sent as JSON rows");
            assertEquals(3, stored.get("journal_rows").size());
        }
    }
}

package dev.hisabkitab.sync.business.party;

import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.SandboxCalls;
import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.client.ApiCall;

/** The mapped ledger bodies, sent over HTTP to the sandbox, are accepted: create and update. */
class PartyMapperSandboxTest {

    private final SandboxCalls sandbox = new SandboxCalls();
    private final InMemoryDirectory directory = SandboxCalls.directory();
    private final PartyMapper mapper = new PartyMapper();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static ObjectNode payload(String event) {
        return (ObjectNode) resource("/events/valid/" + event).get("payload").deepCopy();
    }

    @Test
    void aCustomerIsCreatedThenUpdated() {
        ObjectNode event = payload("party.upsert-customer.json");
        int ledgers = sandbox.company().count("ledger");
        ApiCall create = mapper.map(event, null, directory, MappingDefaults.standard());
        assertEquals("ledger.create-customer", create.operation());
        JsonNode created = sandbox.accepted(create);
        long id = created.get("id").asLong();
        assertEquals("Sharma Traders", created.get("name").asText());
        assertEquals(18, created.get("group_id").asLong());
        assertEquals("AAPFU0939F", created.at("/ledgers_data/Customer/pan_card_number").asText(), created.toString());
        directory.withParty(new PartyLedger(id, "Sharma Traders", "27AAPFU0939F1ZV", null, null));

        event.put("creditDays", 45);
        ApiCall update = mapper.map(event, null, directory, MappingDefaults.standard());
        assertEquals("ledger.update", update.operation());
        JsonNode updated = sandbox.accepted(update);
        assertEquals(id, updated.get("id").asLong());
        assertEquals(ledgers + 1, sandbox.company().count("ledger"), "updated in place, not created again");
        assertEquals(45, sandbox.company().requestBody("ledger", id).orElseThrow().at("/other_details/credit_period").asInt());
    }

    @Test
    void aPartyWithAnAddressOfAnyDomainAndAForeignPhoneIsCreated() {
        // Both were refused before HisabKitab saw them, losing the party; HisabKitab imposes no format on either
        ObjectNode event = payload("party.upsert-customer.json");
        event.put("email", "accounts@traders.example");
        event.put("phone", "+44 20 7946 0958");
        JsonNode created = sandbox.accepted(mapper.map(event, null, directory, MappingDefaults.standard()));
        assertEquals("accounts@traders.example", created.at("/ledgers_data/Customer/person_email").asText(), created.toString());
        assertEquals("+44 20 7946 0958", created.at("/ledgers_data/Customer/phone_1").asText(), created.toString());
    }

    @Test
    void aSupplierIsCreated() {
        JsonNode created = sandbox.accepted(mapper.map(payload("party.upsert-supplier.json"), null, directory,
                MappingDefaults.standard()));
        assertEquals("App\\Models\\Master\\Supplier", created.get("model_type").asText());
        assertEquals(9, created.get("group_id").asLong());
        assertEquals(131517, created.at("/ledgers_data/Supplier/billing_address_city_id").asLong(), created.toString());
    }
}

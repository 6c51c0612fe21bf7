package dev.hisabkitab.sync.business.item;

import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.SandboxCalls;
import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.client.ApiCall;

/** The mapped item bodies, sent over HTTP to the sandbox, are accepted: goods, service, update. */
class ItemMapperSandboxTest {

    private final SandboxCalls sandbox = new SandboxCalls();
    // The sandbox has no item group "Fasteners" and no unit HRS: the events use its General group and NOS.
    private final InMemoryDirectory directory = SandboxCalls.directory();
    private final ItemMapper mapper = new ItemMapper();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static ObjectNode payload(String event) {
        ObjectNode p = (ObjectNode) resource("/events/valid/" + event).get("payload").deepCopy();
        p.remove("group");
        if (p.path("unit").asText().equals("HRS")) {
            p.put("unit", "NOS");
        }
        return p;
    }

    @Test
    void goodsAreCreatedThenUpdated() {
        ObjectNode event = payload("item.upsert-goods.json");
        int items = sandbox.company().count("item");
        ApiCall create = mapper.map(event, null, directory, MappingDefaults.standard());
        JsonNode created = sandbox.accepted(create);
        long id = created.get("id").asLong();
        assertEquals("App\\Models\\Master\\ItemMasterGoods", created.get("model_type").asText());
        directory.withItem(new ItemMaster(id, "Steel Bolt M8", false, 1L, 10L, null, null));

        event.put("salePrice", 13);
        event.put("pricesIncludeTax", true);
        ApiCall update = mapper.map(event, null, directory, MappingDefaults.standard());
        assertEquals("item.update", update.operation());
        assertEquals(id, sandbox.accepted(update).get("id").asLong());
        assertEquals(items + 1, sandbox.company().count("item"));
        JsonNode stored = sandbox.company().requestBody("item", id).orElseThrow();
        assertEquals(0, stored.get("sale_price").decimalValue().compareTo(new java.math.BigDecimal("13")));
        assertEquals(1, stored.get("sale_price_type").asInt());
    }

    @Test
    void aServiceIsCreated() {
        JsonNode created = sandbox.accepted(mapper.map(payload("item.upsert-service.json"), null, directory,
                MappingDefaults.standard()));
        assertEquals("App\\Models\\Master\\ItemMasterService", created.get("model_type").asText());
        assertEquals(2, created.get("item_type").asInt());
    }
}

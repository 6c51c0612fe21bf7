package dev.hisabkitab.sync.business.item;

import static dev.hisabkitab.sync.business.MapperAssertions.assertAmount;
import static dev.hisabkitab.sync.business.MapperAssertions.assertJson;
import static dev.hisabkitab.sync.business.MapperAssertions.assertMappingFailure;
import static dev.hisabkitab.sync.business.MapperAssertions.json;
import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.client.ApiCall;

class ItemMapperTest {

    private final ItemMapper mapper = new ItemMapper();
    private final InMemoryDirectory directory = new InMemoryDirectory().withItemGroup("Fasteners", 7).withUnit("HRS", 13);
    private final MappingDefaults defaults = MappingDefaults.standard();

    private static ObjectNode goods() {
        return (ObjectNode) resource("/events/valid/item.upsert-goods.json").get("payload").deepCopy();
    }

    private static ObjectNode service() {
        return (ObjectNode) resource("/events/valid/item.upsert-service.json").get("payload").deepCopy();
    }

    private ApiCall map(JsonNode payload) {
        return mapper.map(payload, null, directory, defaults);
    }

    @Test
    void anItemHasNoNumberSeries() {
        assertEquals("item.upsert", mapper.eventType());
        assertNull(mapper.numberSeries(goods()));
    }

    @Test
    void newGoodsAreCreatedAsItemType1() {
        ApiCall call = map(goods());
        assertEquals("item.create-goods", call.operation());
        assertNull(call.target());
        assertJson("""
                {"item_name": "Steel Bolt M8", "group_id": 7, "item_type": 1, "primary_unit_of_measurement": 1,
                 "decimal_places": 2, "is_description_same_as_item_name": 0, "description": "Zinc-plated hex bolt M8 x 40",
                 "is_gst_applicable": 1, "gst_tax_id": 10, "hsn_sac_code": "73181500", "is_rcm_applicable": 0,
                 "sale_price": 12.50, "sale_price_type": 2, "discount_type": 2,
                 "purchase_price": 8.25, "purchase_price_type": 2, "purchase_discount_type": 2}
                """, call.payload());
        assertAmount("12.50", call.payload().get("sale_price"));
    }

    @Test
    void aNewServiceIsCreatedAsItemType2InTheDefaultGroup() {
        ApiCall call = map(service());
        assertEquals("item.create-service", call.operation());
        assertJson("""
                {"item_name": "Installation Service", "group_id": 1, "item_type": 2, "primary_unit_of_measurement": 13,
                 "decimal_places": 2, "is_description_same_as_item_name": 1,
                 "is_gst_applicable": 1, "gst_tax_id": 10, "hsn_sac_code": "998714", "is_rcm_applicable": 0,
                 "sale_price": 750.00, "sale_price_type": 2, "discount_type": 2,
                 "purchase_price_type": 2, "purchase_discount_type": 2}
                """, call.payload());
    }

    @Test
    void pricesThatIncludeTaxAreType1() {
        ObjectNode p = goods();
        p.put("pricesIncludeTax", true);
        JsonNode body = map(p).payload();
        assertEquals(1, body.get("sale_price_type").asInt());
        assertEquals(1, body.get("purchase_price_type").asInt());
        p.remove("pricesIncludeTax");
        body = map(p).payload();
        assertEquals(2, body.get("sale_price_type").asInt(), "GST on top unless the event says otherwise");
        assertEquals(2, body.get("purchase_price_type").asInt());
    }

    @Test
    void withoutAGstRateTheItemIsNotUnderGst() {
        ObjectNode p = service();
        p.remove("gstRate");
        JsonNode body = map(p).payload();
        assertEquals(0, body.get("is_gst_applicable").asInt());
        assertFalse(body.has("gst_tax_id"));
        p.put("gstRate", 0);
        body = map(p).payload();
        assertEquals(1, body.get("is_gst_applicable").asInt(), "nil-rated is under GST at 0%");
        assertEquals(1, body.get("gst_tax_id").asLong());
    }

    @Test
    void aPriceFinerThanAPaisaKeepsItsDecimals() {
        ObjectNode p = goods();
        p.put("purchasePrice", new java.math.BigDecimal("0.125"));
        JsonNode body = map(p).payload();
        assertEquals("0.125", body.get("purchase_price").decimalValue().toPlainString());
        assertEquals(3, body.get("decimal_places_for_rate").asInt());
        assertFalse(map(goods()).payload().has("decimal_places_for_rate"));
    }

    @Test
    void anExistingItemIsUpdatedWithTheFullBody() {
        ApiCall create = map(goods());
        ItemMaster existing = directory.withItem("steel bolt m8", false, 1L, 10L);
        ApiCall update = map(goods());
        assertEquals("item.update", update.operation());
        assertJson("{\"id\": " + existing.id() + "}", update.target());
        assertEquals(create.payload(), update.payload());
    }

    @Test
    void anItemDoesNotTurnFromGoodsIntoAService() {
        directory.withItem("Installation Service", false, 1L, 10L);
        assertEquals("Item \"Installation Service\" exists in HisabKitab as goods, but the event describes a service. "
                + "Correct the kind in the event or the item in HisabKitab, or give the new item another name.",
                assertMappingFailure(() -> map(service())));
    }

    @Test
    void unknownUnitsGroupsAndRatesAreMappingFailures() {
        ObjectNode p = goods();
        p.put("unit", "BOXES");
        assertEquals("No unit of measurement \"BOXES\" in HisabKitab", assertMappingFailure(() -> map(p)));
        ObjectNode q = goods();
        q.put("group", "Hardware");
        assertEquals("No item group named \"Hardware\" in HisabKitab", assertMappingFailure(() -> map(q)));
        ObjectNode r = goods();
        r.put("gstRate", 40);
        assertEquals("No GST rate of 40% in HisabKitab", assertMappingFailure(() -> map(r)));
    }

    @Test
    void theSmallestItemIsNameKindAndUnit() {
        assertJson("""
                {"item_name": "Sand", "group_id": 1, "item_type": 1, "primary_unit_of_measurement": 3, "decimal_places": 2,
                 "is_description_same_as_item_name": 1, "is_gst_applicable": 0, "is_rcm_applicable": 0,
                 "sale_price_type": 2, "discount_type": 2, "purchase_price_type": 2, "purchase_discount_type": 2}
                """, map(json("{\"name\": \"Sand\", \"kind\": \"goods\", \"unit\": \"kgs\"}")).payload());
    }
}

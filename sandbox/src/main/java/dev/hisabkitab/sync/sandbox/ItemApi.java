package dev.hisabkitab.sync.sandbox;

import static dev.hisabkitab.sync.sandbox.Requests.genericBody;
import static dev.hisabkitab.sync.sandbox.Requests.pick;
import static dev.hisabkitab.sync.sandbox.Views.gstRate;
import static dev.hisabkitab.sync.sandbox.Views.nullable;
import static dev.hisabkitab.sync.sandbox.Views.views;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/** Items, goods or services: units, GST and cess rates, sale and purchase prices with and without tax. */
final class ItemApi implements RecordKind {

    /** The body's item type (goods or service) chooses the create operation. */
    @Override
    public Prepared prepare(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        v.validate(body, rule.fields.values(), rule.name, selfId);
        String mode = null;
        String operation = null;
        Long type = Json.integer(body.get(rule.itemType.field));
        if (type != null) {
            mode = rule.itemType.mode(type);
            if (mode != null) {
                operation = pick(candidates, "create-" + mode, v, rule.itemType.field, "The selected item type is invalid.");
            }
        }
        v.throwIfInvalid();
        return new Prepared(operation, body, mode, null);
    }

    @Override
    public ObjectNode view(SandboxCompany c, ResourceRule rule, StoredRecord r, Prepared p) {
        String mode = p.mode();
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.set("item_name", b.get("item_name"));
        v.set("group_id", b.get("group_id"));
        v.set("item_type", b.get("item_type"));
        v.put("model_type", "App\\Models\\Master\\" + ("service".equals(mode) ? "ItemMasterService" : "ItemMasterGoods"));
        v.put("company_id", c.companyId());
        v.set("sku", nullable(b.get("sku")));
        ArrayNode units = Json.array();
        for (String f : List.of("primary_unit_of_measurement", "secondary_unit_of_measurement")) {
            Long unit = Json.integer(b.get(f));
            if (unit != null && c.exists("unit", unit)) {
                units.add(c.collection("unit").get(unit).view.deepCopy());
            }
        }
        v.set("units_of_array", units);
        ObjectNode m = Json.object();
        m.put("id", r.id);
        m.set("unit_of_measurement", b.get("primary_unit_of_measurement"));
        m.set("secondary_unit_of_measurement", nullable(b.get("secondary_unit_of_measurement")));
        m.set("decimal_places", nullable(b.get("decimal_places")));
        BigDecimal rate = b.path("is_gst_applicable").asInt(0) == 1 ? gstRate(c, b.get("gst_tax_id")) : null;
        BigDecimal factor = BigDecimal.ONE.add(rate == null ? BigDecimal.ZERO : rate.movePointLeft(2));
        prices(m, "selling_price", b.get("sale_price"), b.path("sale_price_type").asInt(2), factor);
        m.set("sale_price_type", b.get("sale_price_type"));
        prices(m, "purchase_price", b.get("purchase_price"), b.path("purchase_price_type").asInt(2), factor);
        m.set("purchase_price_type", b.get("purchase_price_type"));
        m.set("decimal_places_for_rate", nullable(b.get("decimal_places_for_rate")));
        m.set("conversion_rate", nullable(b.get("conversion_rate")));
        m.put("is_gst_applicable", b.path("is_gst_applicable").asInt(0) == 1);
        m.set("hsn_sac_code", nullable(b.get("hsn_sac_code")));
        boolean sameDescription = b.path("is_description_same_as_item_name").asInt(0) == 1;
        m.set("description", sameDescription ? b.get("item_name") : nullable(b.get("description")));
        m.put("is_description_same_as_item_name", sameDescription);
        m.put("is_rcm_applicable", b.path("is_rcm_applicable").asInt(0) == 1);
        for (String f : List.of("gst_tax_id", "gst_cess_rate", "income_ledger_id", "expense_ledger_id", "quantity_unit", "quantity",
                "rate", "mrp", "purchase_discount_type", "discount_type", "purchase_discount_value", "opening_balance_type")) {
            m.set(f, nullable(b.get(f)));
        }
        m.set("discount_value", nullable(b.get("discount")));
        if (rate != null) {
            m.set("gst_tax_rate", Json.number(rate));
            m.set("gst_tax", c.collection("gst-rate").get(Json.integer(b.get("gst_tax_id"))).view.deepCopy());
        } else {
            m.putNull("gst_tax_rate");
            m.putNull("gst_tax");
        }
        Long cess = Json.integer(b.get("gst_cess_rate"));
        StoredRecord cessRate = cess == null ? null : c.collection("cess-rate").get(cess);
        m.set("cess_rate", cessRate == null ? Json.F.nullNode() : cessRate.view.get("rate"));
        m.set("gst_gst_cess_rate", cessRate == null ? Json.F.nullNode() : cessRate.view.deepCopy());
        m.put("via_api", 0);
        m.put("created_at", Dates.timestamp(r.createdAt));
        m.put("updated_at", Dates.timestamp(r.updatedAt));
        v.set("model", m);
        v.put("via_api", false);
        v.put("is_import", false);
        v.set("media", Json.array());
        v.put("item_image", "");
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        return v;
    }

    private static void prices(ObjectNode m, String name, JsonNode price, int type, BigDecimal factor) {
        BigDecimal p = Json.decimal(price);
        if (p == null) {
            m.putNull(name + "_with_gst");
            m.putNull(name + "_without_gst");
            return;
        }
        BigDecimal with = type == 1 ? p : p.multiply(factor);
        BigDecimal without = type == 1 ? p.divide(factor, 2, RoundingMode.HALF_UP) : p;
        m.set(name + "_with_gst", Json.number(with.setScale(2, RoundingMode.HALF_UP)));
        m.set(name + "_without_gst", Json.number(without));
    }

    /** What the item form offers: groups, units, GST and cess rates, income and expense ledgers. */
    JsonNode formDetails(SandboxCompany c, ObjectNode query) {
        genericBody(null, query);
        ObjectNode data = Json.object();
        data.set("item_groups", views(c, "item-group"));
        data.set("units", views(c, "unit"));
        data.set("gst_rates", views(c, "gst-rate"));
        data.set("cess_rates", views(c, "cess-rate"));
        ArrayNode income = Json.array();
        ArrayNode expense = Json.array();
        for (StoredRecord l : c.collection("ledger").values()) {
            String a = l.view.path("action").asText();
            if (a.equals("Income")) {
                income.add(ledgerSummary(l));
            } else if (a.equals("Expense")) {
                expense.add(ledgerSummary(l));
            }
        }
        data.set("income_ledgers", income);
        data.set("expense_ledgers", expense);
        return data;
    }

    private static ObjectNode ledgerSummary(StoredRecord l) {
        ObjectNode o = Json.object();
        o.put("id", l.id);
        o.put("name", l.view.path("name").asText());
        return o;
    }
}

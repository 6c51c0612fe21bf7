package dev.hisabkitab.sync.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.gst.AdditionalCharge;
import dev.hisabkitab.sync.business.gst.ChargeAmounts;
import dev.hisabkitab.sync.business.gst.GstCalculator;
import dev.hisabkitab.sync.business.gst.InvoiceInput;
import dev.hisabkitab.sync.business.gst.InvoiceLine;
import dev.hisabkitab.sync.business.gst.InvoiceTotals;
import dev.hisabkitab.sync.business.gst.LineAmounts;
import dev.hisabkitab.sync.business.gst.TaxTreatment;

/**
 * Makes the amounts of a GST document body consistent, the way the connector fills them: every figure is computed by
 * the connector's {@link GstCalculator} from the body's quantities, rates, discounts and GST ids (so every sample the
 * sandbox accepts is also a check of the sandbox's own arithmetic against the calculator's).
 *
 * <p>The vendor examples are not arithmetically consistent (HisabKitab's API documentation, "Client-computed amounts"):
 * lines total 100 after a 100% discount, GST 0 on 18% lines, an add/less of 100 missing from the grand total. Here:
 * <ul>
 * <li>GST is on ({@code is_gst_enabled} 1, {@code is_gst_na} 0): every sandbox company has a GSTIN;</li>
 * <li>the place of supply is {@code shipping_address.state_id}, else {@code billing_address.state_id}; the company's
 * state gives CGST + SGST, another IGST, and the nature type's Intrastate/Interstate word follows;</li>
 * <li>the grand total is rounded to the rupee (the sandbox's default configuration has {@code round_off} 1);</li>
 * <li>{@code add_less} is emptied: what {@code al_type} means is undocumented (the sandbox refuses a non-zero one).</li>
 * </ul>
 */
final class SampleAmounts {

    private SampleAmounts() {
    }

    static ObjectNode settle(ObjectNode b, SandboxCompany company) {
        String linesKey = b.path("items").isArray() && !b.path("items").isEmpty() ? "items" : "ledgers";
        ArrayNode lines = (ArrayNode) b.get(linesKey);
        List<InvoiceLine> input = new ArrayList<>();
        for (JsonNode l : lines) {
            input.add(line(l, linesKey.equals("ledgers"), company));
        }
        List<AdditionalCharge> charges = new ArrayList<>();
        JsonNode acs = b.path("additional_charges");
        for (JsonNode c : acs) {
            BigDecimal amount = first(c, "ac_value", "ac_total_without_tax", "ac_total");
            charges.add(new AdditionalCharge(amount == null ? BigDecimal.ZERO : amount, gstRate(c.get("ac_gst_rate_id"), company)));
        }
        Long place = Json.integer(b.path("shipping_address").get("state_id"));
        if (place == null) {
            place = Json.integer(b.path("billing_address").get("state_id"));
        }
        boolean interstate = place != null && place != company.details().path("state_id").asLong();
        InvoiceInput invoice = new InvoiceInput(input, charges, interstate, true, Json.decimal(b.path("tcs_details").get("tcs_rate")),
                Json.decimal(b.path("tds_details").get("tds_rate")));
        InvoiceTotals t = GstCalculator.calculate(invoice);

        for (int i = 0; i < lines.size(); i++) {
            ObjectNode l = (ObjectNode) lines.get(i);
            LineAmounts a = t.lines().get(i);
            l.set("total", money(a.total()));
            if (l.has("cess") || a.cess().signum() != 0) {
                l.set("cess", money(a.cess()));
            }
            if (l.has("total_discount_amount")) {
                l.set("total_discount_amount", money(a.totalDiscount()));
            }
        }
        for (int j = 0; j < acs.size(); j++) {
            ObjectNode c = (ObjectNode) acs.get(j);
            ChargeAmounts a = t.charges().get(j);
            for (String f : List.of("ac_value", "ac_total_without_tax", "ac_total")) {
                if (c.has(f)) {
                    c.set(f, money(a.taxableValue()));
                }
            }
        }
        b.set("gross_value", money(t.grossValue()));
        b.set("taxable_value", money(t.taxableValue()));
        b.set("cgst", money(t.cgst()));
        b.set("sgst", money(t.sgst()));
        b.set("igst", money(t.igst()));
        b.set("cess", money(t.cess()));
        b.set("rounding_amount", money(t.roundingAmount()));
        b.set("grand_total", money(t.grandTotal()));
        if (b.path("tcs_details").isObject() && invoice.tcsRate() != null) {
            ((ObjectNode) b.get("tcs_details")).set("tcs_amount", money(t.tcs()));
        }
        if (b.path("tds_details").isObject() && invoice.tdsRate() != null) {
            ((ObjectNode) b.get("tds_details")).set("tds_amount", money(t.tds()));
        }
        b.put("is_gst_enabled", 1);
        b.put("is_gst_na", 0);
        String nature = b.path("main_classification_nature_type").asText("");
        String scope = interstate ? "Interstate" : "Intrastate";
        if (nature.startsWith("Intrastate") || nature.startsWith("Interstate")) {
            b.put("main_classification_nature_type", scope + nature.substring(scope.length()));
        }
        if (b.has("add_less")) {
            b.putArray("add_less");
        }
        return b;
    }

    /** A body line as the calculator's input: discount slot 1 percent and slot 2 rupees, as the connector sends them. */
    private static InvoiceLine line(JsonNode l, boolean ledgerLine, SandboxCompany company) {
        BigDecimal quantity = ledgerLine ? BigDecimal.ONE : Json.decimal(l.get("quantity"));
        BigDecimal percent = null;
        BigDecimal amount = null;
        for (int slot = 1; slot <= 2; slot++) {
            String suffix = slot == 1 ? "" : "_2";
            BigDecimal value = Json.decimal(l.get("discount_value" + suffix));
            if (value == null || value.signum() == 0) {
                continue;
            }
            long type = Json.integer(l.get("discount_type" + suffix));
            if (type == 1 && slot == 1) {
                percent = value;
            } else if (type == 2 && amount == null) {
                amount = value;
            } else {
                throw new IllegalArgumentException("a percent discount in the second slot has no calculator input: " + l);
            }
        }
        return new InvoiceLine(quantity, Json.decimal(l.get("rpu")), percent, amount, gstRate(l.get("gst_id"), company), null,
                l.path("with_tax").asInt(0) == 1, TaxTreatment.TAXABLE);
    }

    /** An amount as a JSON number with its 2 decimals (100.00, not 1E+2). */
    static DecimalNode money(BigDecimal amount) {
        return DecimalNode.valueOf(amount);
    }

    private static BigDecimal gstRate(JsonNode id, SandboxCompany company) {
        Long gstId = Json.integer(id);
        return gstId == null ? null : company.record("gst-rate", gstId).map(g -> g.get("tax_rate").decimalValue()).orElse(null);
    }

    private static BigDecimal first(JsonNode node, String... fields) {
        for (String f : fields) {
            BigDecimal d = Json.decimal(node.get(f));
            if (d != null) {
                return d;
            }
        }
        return null;
    }
}

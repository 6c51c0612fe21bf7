package dev.hisabkitab.sync.sandbox;

import static dev.hisabkitab.sync.sandbox.DocumentSeries.fullNumber;
import static dev.hisabkitab.sync.sandbox.DocumentSeries.nextNumber;
import static dev.hisabkitab.sync.sandbox.Requests.genericBody;
import static dev.hisabkitab.sync.sandbox.Requests.pick;
import static dev.hisabkitab.sync.sandbox.Views.amount;
import static dev.hisabkitab.sync.sandbox.Views.gstRate;
import static dev.hisabkitab.sync.sandbox.Views.ledgerName;
import static dev.hisabkitab.sync.sandbox.Views.nullable;
import static dev.hisabkitab.sync.sandbox.Views.putLong;
import static dev.hisabkitab.sync.sandbox.Views.responseCopy;
import static dev.hisabkitab.sync.sandbox.Views.stamp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.FieldRule;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/**
 * Documents (sales and purchase invoices, returns, credit and debit notes, estimates, delivery challans…): lines in
 * item or accounting mode whose sums must add up ({@link SandboxArithmetic#document}), a number series, and the
 * documents made from one another (return, challan, sale from an estimate or challan).
 */
final class DocumentApi implements RecordKind {

    private static final Set<String> FLATTENED_BLOCKS = Set.of("broker_details", "transport_details", "eway_bill_details",
            "other_details", "tcs_details", "tds_details");

    private final SandboxRules rules;

    DocumentApi(SandboxRules rules) {
        this.rules = rules;
    }

    /** Item or accounting mode (the rules' item type field, or inferred from the lines sent), its lines and their sums. */
    @Override
    public Prepared prepare(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        List<FieldRule> fieldRules = new ArrayList<>(rule.fields.values());
        String mode = null;
        if (rule.itemType != null) {
            String field = rule.itemType.field;
            String attr = Validator.attribute(field);
            JsonNode t = body.get(field);
            if (Json.isBlank(t)) {
                String dm = rule.itemType.defaultMode;
                if (dm == null) {
                    v.error(field, "The " + attr + " field is required.");
                } else if (dm.equals("infer")) {
                    if (!Json.isBlank(body.get("items"))) {
                        mode = "item";
                    } else if (!Json.isBlank(body.get("ledgers"))) {
                        mode = "accounting";
                    } else {
                        v.error(field, "The " + attr + " field is required when neither items nor ledgers is present.");
                    }
                } else {
                    // a documented server default (credit note: "nullable, defaults to 2") is stored like a sent value;
                    // an inferred mode is not written under the (unverified) field name
                    mode = rule.itemType.mode(Long.parseLong(dm));
                    if (mode != null) {
                        body.put(field, rule.itemType.values.get(mode));
                    }
                }
            } else {
                Long value = t.isBoolean() ? null : Json.integer(t);
                if (value == null) {
                    v.error(field, "The " + attr + " must be an integer.");
                } else {
                    mode = rule.itemType.mode(value);
                    if (mode == null) {
                        v.error(field, "The selected " + attr + " is invalid.");
                    } else {
                        body.put(field, value);
                    }
                }
            }
        } else if (rule.linesRequired != null) {
            mode = "item";
        }
        String operation = null;
        String lines = null;
        if (mode != null) {
            lines = rule.linesRequired != null ? rule.linesRequired : mode.equals("item") ? "items" : "ledgers";
            fieldRules.add(new FieldRule(lines, "array", true, 1));
            operation = rule.itemType == null ? pick(candidates, "create", v, "items", "")
                    : pick(candidates, "create-" + mode, v, rule.itemType.field,
                            "The selected " + Validator.attribute(rule.itemType.field) + " is invalid.");
        }
        v.validate(body, fieldRules, rule.name, selfId);
        if (v.errors().isEmpty() && "document".equals(rule.arithmetic) && lines != null) {
            v.arithmetic(rules.arithmetic).document(body, lines);
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
        v.put("company_id", c.companyId());
        v.putNull("payment_mode");
        v.putNull("payment_type_ledger_id");
        v.put("full_invoice_number", fullNumber(c, rule, r.number));
        String linesKey = mode == null ? null : rule.linesRequired != null ? rule.linesRequired
                : mode.equals("item") ? "items" : "ledgers";
        Iterator<Map.Entry<String, JsonNode>> it = b.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode val = e.getValue();
            if (val.isValueNode()) {
                v.set(k, responseCopy(k, val));
            } else if (FLATTENED_BLOCKS.contains(k) && val.isObject()) {
                val.fields().forEachRemaining(f -> {
                    if (f.getValue().isValueNode()) {
                        v.set(f.getKey(), responseCopy(f.getKey(), f.getValue()));
                    }
                });
            } else if (k.equals("shipping_address") && val.isObject()) {
                v.set("shipping_name", nullable(val.get("shipping_name")));
                v.set("shipping_gstin", nullable(val.get("shipping_gstin")));
                v.set(k, responseCopy(k, val));
            } else if (k.equals("billing_address") && val.isObject()) {
                v.set("billing_state_id", nullable(val.get("state_id")));
                v.set(k, responseCopy(k, val));
            } else if (!k.equals("items") && !k.equals("ledgers")) {
                v.set(k, responseCopy(k, val));
            }
        }
        if (rule.party != null) {
            v.put(rule.party.replace("_id", "") + "_name", ledgerName(c, r.partyId));
        }
        JsonNode period = b.path("other_details").get("credit_period");
        BigDecimal days = Json.decimal(period);
        if (days != null && r.date != null) {
            LocalDate due = b.path("other_details").path("credit_period_type").asInt(2) == 1
                    ? r.date.plusMonths(days.longValue()) : r.date.plusDays(days.longValue());
            v.put("credit_period_due_date", Dates.responseDate(due));
        } else {
            v.putNull("credit_period_due_date");
        }
        if (linesKey != null) {
            ArrayNode lines = Json.array();
            for (JsonNode line : b.withArray(linesKey)) {
                ObjectNode l = Json.object();
                l.put("id", c.nextId("line:" + rule.name));
                if (rule.lineParentKey != null) {
                    l.put(rule.lineParentKey, r.id);
                }
                line.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("rpu")) {
                        l.set(f.getKey(), responseCopy(f.getKey(), f.getValue()));
                    }
                });
                BigDecimal rate = gstRate(c, line.get("gst_id"));
                BigDecimal rpu = Json.decimal(line.get("rpu"));
                boolean withTax = line.path("with_tax").asInt(0) == 1;
                l.put("with_tax", withTax);
                if (rpu != null) {
                    BigDecimal factor = BigDecimal.ONE.add(rate == null ? BigDecimal.ZERO : rate.movePointLeft(2));
                    BigDecimal with = withTax ? rpu : rpu.multiply(factor);
                    BigDecimal without = withTax ? rpu.divide(factor, 2, RoundingMode.HALF_UP) : rpu;
                    l.set("rpu_with_gst", Json.number(with.setScale(2, RoundingMode.HALF_UP)));
                    l.set("rpu_without_gst", Json.number(without));
                }
                if (rate != null) {
                    l.set("gst_tax_percentage", Json.number(rate));
                } else {
                    l.putNull("gst_tax_percentage");
                }
                if (!l.has("total_discount_amount") || l.get("total_discount_amount").isNull()) {
                    l.put("total_discount_amount", 0);
                }
                l.put("cess_rate", 0);
                l.set("cess_amount", amount(line.get("cess")));
                l.set("taxable_value", amount(line.get("total")));
                l.put("created_at", Dates.timestamp(r.updatedAt));
                l.put("updated_at", Dates.timestamp(r.updatedAt));
                lines.add(l);
            }
            v.set(rule.lineKeys.getOrDefault(linesKey, linesKey), lines);
        }
        JsonNode grand = b.get("grand_total");
        v.set("total", amount(grand));
        v.put("payment_status", "Unpaid");
        v.set("due_amount", amount(grand));
        v.set("receipt_transaction_item", Json.array());
        v.set("journal_transaction_item", Json.array());
        v.set("media", Json.array());
        stamp(v, r);
        return v;
    }

    @Override
    public JsonNode listRow(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        ObjectNode row = Json.object();
        row.put("transaction_id", r.id);
        row.put("party_name", ledgerName(c, r.partyId));
        putLong(row, "party_id", r.partyId);
        row.set("phone_no", nullable(r.body.get("party_phone_number")));
        row.put("invoice_number", r.view.path("full_invoice_number").asText());
        row.set("invoice_amount", amount(r.body.get("grand_total")));
        row.put("payment_status", r.view.path("payment_status").asText("Unpaid"));
        row.put("transaction_type", rule.transactionType);
        row.put("date", Dates.format(r.date));
        return row;
    }

    /** Under the rules' wrapper (e.g. {@code sale_transaction}) where the vendor's answer has one. */
    @Override
    public JsonNode createdData(ResourceRule rule, StoredRecord r) {
        if (rule.wrapper == null) {
            return r.view.deepCopy();
        }
        ObjectNode data = Json.object();
        data.set(rule.wrapper, r.view.deepCopy());
        data.put("transaction_id", r.id);
        data.put("e_invoice_is_create", false);
        return data;
    }

    /** The record as a new one would start: without id, with the series' next number. */
    JsonNode duplicate(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        ObjectNode copy = r.view.deepCopy();
        copy.remove("id");
        if (rule.number != null) {
            String next = nextNumber(c, rule);
            copy.put(rule.number, next);
            if (copy.has("full_invoice_number")) {
                copy.put("full_invoice_number", fullNumber(c, rule, next));
            }
        }
        return copy;
    }

    /** Prefill for a document made from another (return, challan, sale from estimate/challan): the source body re-keyed. */
    JsonNode derive(SandboxCompany c, ResourceRule rule, StoredRecord src, String action) {
        String targetName = rule.derive.get(action);
        if (targetName == null) {
            throw SandboxApiException.notFound("Nothing to derive for " + rule.title + ".");
        }
        ResourceRule target = rules.resources.get(targetName);
        ObjectNode data = src.body.deepCopy();
        if (rule.party != null && target.party != null && !rule.party.equals(target.party)) {
            data.set(target.party, data.remove(rule.party));
        }
        if (rule.date != null && target.date != null && !rule.date.equals(target.date)) {
            data.set(target.date, data.remove(rule.date));
        }
        if (rule.number != null) {
            data.remove(rule.number);
        }
        data.put(target.number, nextNumber(c, target));
        if (rule.itemType != null) {
            JsonNode t = data.remove(rule.itemType.field);
            if (target.itemType != null && t != null && !"infer".equals(target.itemType.defaultMode)) {
                data.set(target.itemType.field, t);
            }
        }
        switch (action) {
            case "get-for-return" -> {
                if (target.fields.containsKey("original_inv_no") && "id".equals(target.fields.get("original_inv_no").type)) {
                    data.put("original_inv_no", src.id);
                } else {
                    data.put("original_inv_no", src.number);
                }
                data.put("original_inv_date", Dates.format(src.date));
            }
            case "create-challan" -> data.put("sale_transaction_id", src.id);
            default -> data.put(rule.name.equals("estimate") ? "estimate_quote_no" : "delivery_challan_no", src.id);
        }
        return data;
    }

    JsonNode book(SandboxCompany c, ResourceRule rule, StoredRecord r, JsonNode body) {
        genericBody(body, Json.object());
        if (r.view.path("is_booked").asBoolean(false)) {
            throw SandboxApiException.invalid("id", "The " + rule.title.toLowerCase() + " has already been booked.");
        }
        r.view.put("is_booked", true);
        r.view.put("status", "Booked");
        r.updatedAt = Instant.now();
        r.view.put("updated_at", Dates.timestamp(r.updatedAt));
        return r.view.deepCopy();
    }
}

package dev.hisabkitab.sync.sandbox;

import static dev.hisabkitab.sync.sandbox.Views.nullable;
import static dev.hisabkitab.sync.sandbox.Views.responseCopy;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/** Journal vouchers: debit and credit rows that balance, in the JSON or the multipart form HisabKitab documents. */
final class JournalApi implements RecordKind {

    private final SandboxRules rules;

    JournalApi(SandboxRules rules) {
        this.rules = rules;
    }

    /**
     * Journals come in two documented forms: JSON rows in {@code ledger_amount_data[]} (newer partial page) or the
     * multipart form's parallel arrays {@code ledger_id[]}, {@code amount[]}, {@code debit_credit_type[]} with
     * ledger-id keyed settlement arrays (full page 001). Both are accepted; the arithmetic (debits balance credits,
     * debit_total/credit_total are their sums; the vendor's own example sends 85000/85000 for rows of 1500/1500 and
     * is refused) is {@link SandboxArithmetic#journal}.
     */
    @Override
    public Prepared prepare(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        v.validate(body, rule.fields.values(), rule.name, selfId);
        if (!v.errors().isEmpty()) {
            v.throwIfInvalid();
        }
        ArrayNode rows = Json.array();
        String rowsField;
        if (!Json.isBlank(body.get("ledger_amount_data"))) {
            rowsField = "ledger_amount_data";
            for (JsonNode row : body.get("ledger_amount_data")) {
                ObjectNode r = Json.object();
                r.set("ledger_id", row.get("ledger_id"));
                r.set("amount", row.get("amount"));
                r.set("debit_credit_type", row.get("debit_credit_type"));
                r.put("is_manage_transaction", row.path("is_manage_transaction").asInt(0));
                rows.add(r);
            }
        } else if (!Json.isBlank(body.get("ledger_id")) || !Json.isBlank(body.get("amount"))
                || !Json.isBlank(body.get("debit_credit_type"))) {
            rowsField = "amount";
            int n = body.path("ledger_id").size();
            for (String f : List.of("ledger_id", "amount", "debit_credit_type")) {
                if (Json.isBlank(body.get(f))) {
                    v.error(f, "The " + Validator.attribute(f) + " field is required.");
                } else if (body.get(f).size() != n) {
                    v.error(f, "The " + Validator.attribute(f) + " must have one entry per ledger id (" + n + ").");
                }
            }
            v.throwIfInvalid();
            JsonNode credits = body.path("is_manage_credit_transaction");
            for (int i = 0; i < n; i++) {
                ObjectNode r = Json.object();
                long ledger = body.get("ledger_id").get(i).asLong();
                long type = body.get("debit_credit_type").get(i).asLong();
                r.put("ledger_id", ledger);
                r.set("amount", body.get("amount").get(i));
                r.put("debit_credit_type", type);
                int manage = type == 1 ? body.path("is_manage_debit_transaction").asInt(0)
                        : credits.path(String.valueOf(ledger)).path(0).asInt(0);
                r.put("is_manage_transaction", manage);
                rows.add(r);
            }
        } else {
            v.error("ledger_amount_data", "The ledger amount data field is required when ledger id is not present.");
            v.throwIfInvalid();
            return null;
        }
        if ("journal".equals(rule.arithmetic)) {
            v.arithmetic(rules.arithmetic).journal(rows, rowsField, body);
        }
        v.throwIfInvalid();
        ObjectNode canonical = body.deepCopy();
        canonical.set("journal_rows", rows);
        if (rowsField.equals("amount")) {
            canonical.set("journal_debit_settlements", keyedSettlements(body, "debit", "paid_amount"));
            canonical.set("journal_credit_settlements", keyedSettlements(body, "credit", "received_amount"));
        }
        return new Prepared(candidates.isEmpty() ? null : candidates.get(0).operation(), canonical, null, null);
    }

    /** The multipart form's {@code debit_*[<ledgerId>][]} arrays as rows. */
    private static ArrayNode keyedSettlements(ObjectNode body, String side, String amountName) {
        ArrayNode out = Json.array();
        JsonNode ledgers = body.path(side + "_ledger_id");
        Iterator<String> keys = ledgers.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            JsonNode list = ledgers.get(key);
            for (int i = 0; i < list.size(); i++) {
                ObjectNode row = Json.object();
                row.set("ledger_id", list.get(i));
                row.set("transaction_id", body.path(side + "_transaction_id").path(key).path(i));
                row.set("invoice_number", body.path(side + "_invoice_number").path(key).path(i));
                row.set("bill_type", body.path(side + "_bill_type").path(key).path(i));
                row.set(amountName, body.path(side + "_" + (side.equals("debit") ? "paid_amount" : "received_amount")).path(key).path(i));
                row.set("discount_amount", body.path(side + "_discount_amount").path(key).path(i));
                row.set("rounding_amount", body.path(side + "_rounding_amount").path(key).path(i));
                row.fields().forEachRemaining(e -> {
                    if (e.getValue().isMissingNode()) {
                        row.putNull(e.getKey());
                    }
                });
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public ObjectNode view(SandboxCompany c, ResourceRule rule, StoredRecord r, Prepared p) {
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.put("company_id", c.companyId());
        v.put("voucher_number", r.number);
        v.put("date", Dates.responseDate(r.date));
        BigDecimal debit = BigDecimal.ZERO;
        for (JsonNode row : b.get("journal_rows")) {
            if (row.get("debit_credit_type").asInt() == 1) {
                debit = debit.add(row.get("amount").decimalValue());
            }
        }
        v.set("debit_total", b.hasNonNull("debit_total") ? b.get("debit_total") : Json.number(debit));
        v.set("credit_total", b.hasNonNull("credit_total") ? b.get("credit_total") : Json.number(debit));
        v.set("narration", nullable(b.get("narration")));
        v.set("ledger_amount_data", b.get("journal_rows").deepCopy());
        v.set("debit_transactions", responseCopy(null, b.has("journal_debit_settlements") ? b.get("journal_debit_settlements")
                : b.has("debit_transactions") ? b.get("debit_transactions") : Json.array()));
        v.set("credit_transactions", responseCopy(null, b.has("journal_credit_settlements") ? b.get("journal_credit_settlements")
                : b.has("credit_transactions") ? b.get("credit_transactions") : Json.array()));
        v.set("media", Json.array());
        v.put("is_import", false);
        v.put("created_by", 1);
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        return v;
    }

    @Override
    public JsonNode listRow(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        ObjectNode row = Json.object();
        row.put("id", r.id);
        row.put("company_id", c.companyId());
        row.put("voucher_number", r.number);
        row.put("date", Dates.format(r.date));
        row.set("debit_total", r.view.get("debit_total"));
        row.set("credit_total", r.view.get("credit_total"));
        row.set("narration", r.view.get("narration"));
        row.put("is_import", false);
        row.put("created_at", Dates.timestamp(r.createdAt));
        row.put("updated_at", Dates.timestamp(r.updatedAt));
        return row;
    }
}

package dev.hisabkitab.sync.sandbox;

import static dev.hisabkitab.sync.sandbox.Views.amount;
import static dev.hisabkitab.sync.sandbox.Views.ledgerName;
import static dev.hisabkitab.sync.sandbox.Views.nullable;
import static dev.hisabkitab.sync.sandbox.Views.putLong;
import static dev.hisabkitab.sync.sandbox.Views.responseCopy;
import static dev.hisabkitab.sync.sandbox.Views.stamp;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/** Receipts and payments: a party's money in or out through a bank or cash ledger, its settlements adding up. */
final class VoucherApi implements RecordKind {

    private final SandboxRules rules;

    VoucherApi(SandboxRules rules) {
        this.rules = rules;
    }

    @Override
    public Prepared prepare(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        return MasterApi.plain(rules, c, rule, candidates, body, selfId);
    }

    /** Receipt/payment: the partial vendor response returns the ledger ids as strings ("bank_cash_ledger_id": "3"). */
    @Override
    public ObjectNode view(SandboxCompany c, ResourceRule rule, StoredRecord r, Prepared p) {
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.put("company_id", c.companyId());
        v.put("date", Dates.responseDate(r.date));
        v.put(rule.number, r.number);
        v.put("bank_cash_ledger_id", b.path("bank_cash_ledger_id").asText());
        v.put("ledger_id", b.path("ledger_id").asText());
        v.put("ledger_name", ledgerName(c, r.partyId));
        b.fields().forEachRemaining(e -> {
            if (!v.has(e.getKey())) {
                v.set(e.getKey(), responseCopy(e.getKey(), e.getValue()));
            }
        });
        v.set("media", Json.array());
        stamp(v, r);
        return v;
    }

    @Override
    public JsonNode listRow(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        ObjectNode row = Json.object();
        row.put("transaction_id", r.id);
        row.put("receipt_number", r.number);
        row.put("party_name", ledgerName(c, r.partyId));
        putLong(row, "party_id", r.partyId);
        row.set("bank_cash_ledger_id", r.body.get("bank_cash_ledger_id"));
        row.set("amount", amount(r.body.get("total_received_amount")));
        row.set("payment_mode_id", nullable(r.body.get("payment_mode_id")));
        row.set("reference_number", nullable(r.body.get("reference_number")));
        row.put("transaction_type", rule.transactionType);
        row.put("date", Dates.format(r.date));
        return row;
    }
}

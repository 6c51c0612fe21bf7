package dev.hisabkitab.sync.sandbox;

import static dev.hisabkitab.sync.sandbox.Requests.genericBody;
import static dev.hisabkitab.sync.sandbox.Requests.pick;
import static dev.hisabkitab.sync.sandbox.Views.nullable;
import static dev.hisabkitab.sync.sandbox.Views.putLong;
import static dev.hisabkitab.sync.sandbox.Views.responseCopy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.FieldRule;
import dev.hisabkitab.sync.sandbox.SandboxRules.LedgerAction;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/**
 * Ledgers: parties (customers, suppliers) with their GSTIN and addresses, and banks, capital, income, expense, tax
 * ledgers; the GSTIN check and the capital and TDS/TCS look-ups over them. How a ledger is shown to the client is
 * {@link LedgerAnswerShape}'s, over the view made here.
 */
final class LedgerApi implements RecordKind {

    private final SandboxRules rules;

    LedgerApi(SandboxRules rules) {
        this.rules = rules;
    }

    /** The body's {@code action} (Customer, Supplier, Bank…) chooses the create operation and the fields it adds. */
    @Override
    public Prepared prepare(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        List<FieldRule> fieldRules = new ArrayList<>(rule.fields.values());
        JsonNode a = body.get("action");
        LedgerAction ledgerAction = null;
        String operation = null;
        if (!Json.isBlank(a) && a.isTextual()) {
            ledgerAction = rule.actions.get(a.asText());
            if (ledgerAction == null) {
                v.error("action", "The selected action is invalid. Known actions: " + String.join(", ", rule.actions.keySet()) + ".");
            } else {
                fieldRules.addAll(ledgerAction.fields.values());
                operation = pick(candidates, ledgerAction.operation, v, "action", "The selected action is invalid.");
            }
        }
        v.validate(body, fieldRules, rule.name, selfId);
        v.throwIfInvalid();
        return new Prepared(operation, body, null, ledgerAction);
    }

    @Override
    public ObjectNode view(SandboxCompany c, ResourceRule rule, StoredRecord r, Prepared prepared) {
        LedgerAction a = prepared.ledgerAction();
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.set("name", b.get("name"));
        v.set("group_id", b.get("group_id"));
        v.put("model_type", "App\\Models\\Master\\" + a.model);
        v.put("model_id", r.id);
        v.put("company_id", c.companyId());
        ObjectNode details = Json.object();
        if (a.flag.equals("party")) {
            JsonNode p = b.path("party_details");
            JsonNode t = b.path("tax_details");
            JsonNode o = b.path("other_details");
            details.set("person_name", nullable(p.get("contact_person_name")));
            details.set("person_email", nullable(p.get("contact_person_email")));
            details.set("phone_1", nullable(p.get("contact_person_phone_1")));
            details.set("phone_2", nullable(p.get("contact_person_phone_2")));
            details.set("website", nullable(p.get("contact_person_website")));
            details.set("pan_card_number", nullable(t.get("pan")));
            details.set("entity_type", nullable(t.get("type_of_entity")));
            details.set("gstin", nullable(p.get("gstin")));
            details.set("tan", nullable(t.get("tan")));
            details.set("cin_number", nullable(t.get("cin_number")));
            details.set("gst_registration_type", nullable(t.get("gst_registration_type")));
            details.put("credit_limit", o.path("allow_credit_limit").asInt(0) == 1);
            details.set("credit_limit_amount", nullable(o.get("credit_limit")));
            details.set("credit_limit_action", nullable(o.get("credit_limit_action")));
            JsonNode period = o.get("credit_period");
            if (Json.isMissing(period)) {
                details.putNull("credit_limit_period");
            } else {
                details.put("credit_limit_period", period.asText());
            }
            details.set("credit_period_type", nullable(o.get("credit_period_type")));
            details.set("broker_master", nullable(o.get("broker")));
            details.set("brokerage", nullable(o.get("brokerage_percentage")));
            details.set("brokerage_on_value", nullable(o.get("brokerage_on_value")));
            JsonNode billing = p.path("billing_address");
            JsonNode shipping = p.path("same_as_billing_address").asInt(0) == 1 ? billing : p.path("shipping_address");
            for (String f : List.of("address_1", "address_2", "country_id", "state_id", "city_id", "pin_code")) {
                details.set("billing_address_" + f, nullable(billing.get(f)));
            }
            for (String f : List.of("address_1", "address_2", "country_id", "state_id", "city_id", "pin_code")) {
                details.set("shipping_address_" + f, nullable(shipping.get(f)));
            }
            for (String block : List.of("party_details", "tax_details", "other_details")) {
                if (b.has(block)) {
                    v.set(block, responseCopy(block, b.get(block)));
                }
            }
        } else {
            b.fields().forEachRemaining(e -> {
                if (!Set.of("action", "name", "group_id", "opening_balance_details").contains(e.getKey())) {
                    details.set(e.getKey(), responseCopy(e.getKey(), e.getValue()));
                }
            });
        }
        JsonNode opening = b.path("opening_balance_details");
        details.set("opening_balance", nullable(opening.get("opening_balance")));
        details.set("opening_balance_dr_cr", nullable(opening.get("opening_balance_dr_cr")));
        ObjectNode ledgersData = Json.object();
        ledgersData.set(a.model, details);
        v.set("ledgers_data", ledgersData);
        v.set("opening_balance", nullable(opening.get("opening_balance")));
        v.set("opening_balance_dr_cr", nullable(opening.get("opening_balance_dr_cr")));
        v.put("via_api", false);
        v.put("is_import", false);
        v.set("media", Json.array());
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        v.put("flag", a.flag);
        v.put("action", a.action);
        return v;
    }

    @Override
    public String createdMessage(ResourceRule rule, StoredRecord r) {
        return r.view.path("action").asText() + " Created Successfully.";
    }

    @Override
    public String updatedMessage(ResourceRule rule, StoredRecord r) {
        return r.view.path("action").asText() + " Updated Successfully.";
    }

    JsonNode checkUniqueGstin(SandboxCompany c, Long ledgerId, ObjectNode rawQuery) {
        if (ledgerId != null) {
            Records.find(c, rules.resources.get("ledger"), ledgerId);
        }
        ObjectNode query = (ObjectNode) Json.laravelInput(rawQuery);
        Validator v = new Validator(c);
        FieldRule gstin = new FieldRule("gstin", Json.object().put("type", "gstin").put("required", true));
        v.validate(query, List.of(gstin), "ledger", null);
        v.throwIfInvalid();
        String wanted = query.get("gstin").asText();
        Long usedBy = null;
        for (StoredRecord l : c.collection("ledger").values()) {
            if (ledgerId != null && l.id == ledgerId) {
                continue;
            }
            if (wanted.equals(Json.text(l.body.path("party_details"), "gstin"))) {
                usedBy = l.id;
            }
        }
        ObjectNode data = Json.object();
        data.put("gstin", wanted);
        data.put("is_unique", usedBy == null);
        putLong(data, "ledger_id", usedBy);
        return data;
    }

    JsonNode holdingProfitRatio(SandboxCompany c, ObjectNode query) {
        genericBody(null, query);
        ArrayNode out = Json.array();
        for (StoredRecord l : c.collection("ledger").values()) {
            if ("Capital".equals(l.view.path("action").asText())) {
                ObjectNode row = Json.object();
                row.put("ledger_id", l.id);
                row.put("name", l.view.path("name").asText());
                row.set("holding_ratio", nullable(l.body.get("holding_ratio")));
                row.set("profit_ratio", nullable(l.body.get("profit_ratio")));
                out.add(row);
            }
        }
        return out;
    }

    JsonNode taxData(SandboxCompany c, String action, ObjectNode query) {
        genericBody(null, query);
        ArrayNode out = Json.array();
        for (StoredRecord l : c.collection("ledger").values()) {
            if (action.equals(l.view.path("action").asText())) {
                ObjectNode row = Json.object();
                row.put("id", l.id);
                row.put("name", l.view.path("name").asText());
                for (String f : List.of("tax_type", "individual_huf", "for_other", "pan_not_given", "individual_bill_wise",
                        "yearly_total", "rounding_method")) {
                    row.set(f, nullable(l.body.get(f)));
                }
                out.add(row);
            }
        }
        return out;
    }
}

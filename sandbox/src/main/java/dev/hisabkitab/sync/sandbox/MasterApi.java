package dev.hisabkitab.sync.sandbox;

import static dev.hisabkitab.sync.sandbox.Views.responseCopy;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/** Masters (units, groups, brokers, addresses…) and the read-only look-ups: stored as sent, shown with their stamps. */
final class MasterApi implements RecordKind {

    private final SandboxRules rules;
    private final boolean readOnly;

    /** readOnly: a look-up list (countries, states, GST rates…), which refuses creates with 405. */
    MasterApi(SandboxRules rules, boolean readOnly) {
        this.rules = rules;
        this.readOnly = readOnly;
    }

    @Override
    public Prepared prepare(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        if (readOnly) {
            throw SandboxApiException.of(405, "The " + rule.title + " list is read only.");
        }
        return plain(rules, c, rule, candidates, body, selfId);
    }

    /** The rules' fields, and the voucher sums where the rules ask for them (receipts and payments share this). */
    static Prepared plain(SandboxRules rules, SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        v.validate(body, rule.fields.values(), rule.name, selfId);
        if (v.errors().isEmpty() && "voucher".equals(rule.arithmetic)) {
            v.arithmetic(rules.arithmetic).voucher(body);
        }
        v.throwIfInvalid();
        return new Prepared(candidates.isEmpty() ? null : candidates.get(0).operation(), body, null, null);
    }

    @Override
    public ObjectNode view(SandboxCompany c, ResourceRule rule, StoredRecord r, Prepared p) {
        ObjectNode v = Json.object();
        v.put("id", r.id);
        r.body.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("id")) {
                v.set(e.getKey(), responseCopy(e.getKey(), e.getValue()));
            }
        });
        v.put("company_id", c.companyId());
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        return v;
    }
}

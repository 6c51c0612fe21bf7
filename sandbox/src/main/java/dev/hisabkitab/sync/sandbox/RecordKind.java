package dev.hisabkitab.sync.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.sandbox.SandboxRules.LedgerAction;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/**
 * One kind of resource of {@code sandbox-rules.yaml} ({@code document}, {@code journal}, {@code voucher}, {@code ledger},
 * {@code item}, {@code master}, {@code lookup}): how a create or update body is validated and how the stored record is
 * shown. {@link SandboxApi} stores the record; its table says which kind serves which resources.
 */
interface RecordKind {

    /** What the validation decided about a body: the operation it is, the canonical body, a mode or ledger action. */
    record Prepared(String operation, ObjectNode body, String mode, LedgerAction ledgerAction) {
    }

    /** Validates a create (selfId null) or an update of record selfId; 422 with field errors when refused. */
    Prepared prepare(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId);

    /** The record as create, detail and edit answer it. */
    ObjectNode view(SandboxCompany c, ResourceRule rule, StoredRecord r, Prepared p);

    /** The record as a list answers it. */
    default JsonNode listRow(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        return r.view.deepCopy();
    }

    /** The data of a create's or update's answer. */
    default JsonNode createdData(ResourceRule rule, StoredRecord r) {
        return r.view.deepCopy();
    }

    default String createdMessage(ResourceRule rule, StoredRecord r) {
        return rule.message("created");
    }

    default String updatedMessage(ResourceRule rule, StoredRecord r) {
        return rule.message("updated");
    }
}

package dev.hisabkitab.sync.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the sandbox shows a ledger in its answers (list rows, detail, create, update). HisabKitab documents one
 * ledger answer only (the create answer: the party's GSTIN and addresses flattened under
 * {@code ledgers_data.<Model>}); list and detail rows are not documented, so the connector must read the other
 * plausible shapes too, and its tests run the business flows against each.
 */
public enum LedgerAnswerShape {

    /** As the vendor's create answer: {@code ledgers_data.<Model>.gstin}, {@code billing_address_state_id}…; no request blocks. */
    DOCUMENTED,
    /** The create request's shape: {@code party_details.gstin}, {@code party_details.billing_address.state_id}. */
    NESTED,
    /** Everything at the top of the row: {@code gstin}, {@code billing_address_state_id}…. */
    FLAT,
    /**
     * A service that shows no party facts at all (id, name, group and model type only), in lists and details alike:
     * what the connector must refuse to guess from.
     */
    BARE;

    private static final List<String> REQUEST_BLOCKS = List.of("party_details", "tax_details", "other_details");

    /** The shape a setting names ({@code documented}, {@code nested}, {@code flat}, {@code bare}), case-insensitive. */
    public static LedgerAnswerShape of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown ledger answer shape " + name
                    + "; use documented, nested, flat or bare");
        }
    }

    /** The answer's data (a ledger object, or an array of them) in this shape; the stored view is not changed. */
    JsonNode show(JsonNode data) {
        if (data instanceof ArrayNode rows) {
            ArrayNode shown = rows.arrayNode();
            rows.forEach(row -> shown.add(show(row)));
            return shown;
        }
        if (!(data instanceof ObjectNode ledger) || !ledger.has("ledgers_data")) {
            return data;
        }
        ObjectNode row = ledger.deepCopy();
        switch (this) {
            case DOCUMENTED -> {
                row.remove(REQUEST_BLOCKS);
                row.remove("action");
            }
            case NESTED -> {
                List<Map.Entry<String, JsonNode>> facts = facts(row);
                row.remove("ledgers_data");
                row.remove(REQUEST_BLOCKS);
                if (facts.stream().anyMatch(f -> f.getKey().equals("gstin"))) {
                    // a party: its facts as the create request nests them
                    ObjectNode party = row.putObject("party_details");
                    for (Map.Entry<String, JsonNode> f : facts) {
                        String name = f.getKey();
                        if (name.startsWith("billing_address_") || name.startsWith("shipping_address_")) {
                            String block = name.substring(0, name.indexOf("_address_") + "_address".length());
                            ObjectNode address = party.has(block) ? (ObjectNode) party.get(block) : party.putObject(block);
                            address.set(name.substring(block.length() + 1), f.getValue());
                        } else {
                            party.set(name, f.getValue());
                        }
                    }
                } else {
                    facts.forEach(f -> row.set(f.getKey(), f.getValue()));
                }
            }
            case FLAT -> {
                List<Map.Entry<String, JsonNode>> facts = facts(row);
                row.remove("ledgers_data");
                row.remove(REQUEST_BLOCKS);
                row.remove("action");
                facts.forEach(f -> {
                    if (!row.has(f.getKey())) {
                        row.set(f.getKey(), f.getValue());
                    }
                });
            }
            case BARE -> row.retain("id", "name", "group_id", "model_type", "model_id", "company_id", "flag",
                    "created_at", "updated_at");
            default -> throw new IllegalStateException(name());
        }
        return row;
    }

    /** The fields of the ledger's {@code ledgers_data.<Model>} block. */
    private static List<Map.Entry<String, JsonNode>> facts(ObjectNode row) {
        List<Map.Entry<String, JsonNode>> facts = new ArrayList<>();
        for (Iterator<JsonNode> it = row.path("ledgers_data").elements(); it.hasNext();) {
            it.next().fields().forEachRemaining(facts::add);
        }
        return facts;
    }
}

package dev.hisabkitab.sync.business.masters;

import java.math.BigDecimal;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads HisabKitab list rows into master records. Lenient where the API is: numbers arrive as numbers or as
 * numeric strings (hisabkitab-api/README.md §1 "Numbers").
 */
final class MasterRows {

    private MasterRows() {
    }

    /** The form a name is matched in: trimmed, lower case, inner blanks collapsed (contract §2b). */
    static String key(String name) {
        return name == null ? "" : name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static Long id(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.longValue();
        }
        String text = node.asText().trim();
        return text.matches("\\d{1,18}") ? Long.parseLong(text) : null;
    }

    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank() ? null
                : node.asText().trim();
    }

    /** A party ledger row (ledger list, create and update answers): the party_details block has its GSTIN and addresses. */
    static PartyLedger party(JsonNode row) {
        JsonNode details = row.path("party_details");
        return new PartyLedger(id(row.get("id")), text(row.get("name")), upper(text(details.get("gstin"))),
                address(details.get("billing_address")), address(details.get("shipping_address")));
    }

    /** Whether a ledger row is a customer or supplier (a party others' documents name). */
    static boolean isParty(JsonNode row) {
        String action = text(row.get("action"));
        String model = text(row.get("model_type"));
        return row.has("party_details") || "Customers".equals(action) || "Supplier".equals(action)
                || (model != null && (model.endsWith("\\Customer") || model.endsWith("\\Supplier")));
    }

    static ItemMaster item(JsonNode row) {
        JsonNode model = row.path("model");
        Long unit = id(model.get("unit_of_measurement"));
        if (unit == null) {
            unit = id(row.get("primary_unit_of_measurement"));
        }
        return new ItemMaster(id(row.get("id")), text(row.get("item_name")), "2".equals(text(row.get("item_type"))),
                unit, firstId(model.get("gst_tax_id"), row.get("gst_tax_id")),
                firstId(model.get("income_ledger_id"), row.get("income_ledger_id")),
                firstId(model.get("expense_ledger_id"), row.get("expense_ledger_id")));
    }

    static StateInfo state(JsonNode row) {
        String code = text(row.get("gst_state_code"));
        if (code == null) {
            code = text(row.get("state_code"));
        }
        Long country = id(row.get("country_id"));
        return new StateInfo(id(row.get("id")), text(row.get("name")), code, country == null ? 0 : country);
    }

    static CompanyProfile company(JsonNode data) {
        Long state = id(data.get("state_id"));
        Long country = id(data.get("country_id"));
        String gstin = upper(text(data.get("gstin")));
        String code = text(data.get("gst_state_code"));
        if (code == null && gstin != null && gstin.length() >= 2) {
            code = gstin.substring(0, 2);
        }
        return new CompanyProfile(text(data.get("name")), gstin, state == null ? 0 : state,
                text(data.get("state_name")), code, country == null ? 0 : country);
    }

    private static PartyLedger.Address address(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new PartyLedger.Address(text(node.get("address_1")), text(node.get("address_2")),
                id(node.get("country_id")), id(node.get("state_id")), id(node.get("city_id")),
                text(node.get("pin_code")));
    }

    private static Long firstId(JsonNode a, JsonNode b) {
        Long id = id(a);
        return id != null ? id : id(b);
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}

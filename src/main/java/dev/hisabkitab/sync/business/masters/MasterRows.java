package dev.hisabkitab.sync.business.masters;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.client.ApiResponse;

/**
 * Reads HisabKitab's answers into master records: the shape the vendor documents first, then every other plausible
 * shape (docs/answer-shapes.md lists each field, where it is read from and whether that is documented or inferred).
 * Lenient where the API is: numbers arrive as numbers or as numeric strings, the same concept in more than one place.
 *
 * <p>A fact that decides an amount (a party's GSTIN and state, an item's GST rate and unit) is read or reported as
 * unread, never assumed: a field that is present and null means "none", a field that is missing means "unknown".
 */
public final class MasterRows {

    private static final List<String> ADDRESS_FIELDS = List.of("address_1", "address_2", "country_id", "state_id",
            "city_id", "pin_code");

    private MasterRows() {
    }

    /** The form a name is matched in: trimmed, lower case, inner blanks collapsed (names match case-insensitively). */
    public static String key(String name) {
        return name == null ? "" : name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    public static Long id(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        long id;
        if (node.isIntegralNumber()) {
            id = node.longValue();
        } else {
            String text = node.asText().trim();
            if (!text.matches("\\d{1,18}")) {
                return null;
            }
            id = Long.parseLong(text);
        }
        return id > 0 ? id : null; // HisabKitab's ids start at 1: a 0 is "none", not a record
    }

    public static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim().replace("%", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isContainerNode() || node.asText().isBlank()
                ? null : node.asText().trim();
    }

    // ------------------------------------------------------------------------------------------ ledgers

    /**
     * A party ledger (ledger list row, detail, create and update answers). Its GSTIN and addresses are read from,
     * in order: {@code ledgers_data.<Model>} with flattened {@code billing_address_state_id}… (the documented create
     * answer), {@code party_details} with nested {@code billing_address} objects (the create request's shape), and
     * the row itself (either form). {@link PartyLedger#detailsRead()} is false when none of them is there.
     */
    public static PartyLedger party(JsonNode row) {
        List<JsonNode> blocks = partyBlocks(row);
        String gstin = null;
        boolean gstinSeen = false;
        boolean addressSeen = false;
        PartyLedger.Address billing = null;
        PartyLedger.Address shipping = null;
        boolean shippingSameAsBilling = false;
        for (JsonNode block : blocks) {
            if (!gstinSeen && block.has("gstin")) {
                gstinSeen = true;
                gstin = upper(text(block.get("gstin")));
            }
            addressSeen |= hasAddressField(block, "billing_address");
            if (billing == null) {
                billing = address(block, "billing_address");
            }
            if (shipping == null) {
                shipping = address(block, "shipping_address");
            }
            shippingSameAsBilling |= "1".equals(text(block.get("same_as_billing_address")))
                    || "true".equals(text(block.get("same_as_billing_address")));
        }
        if (shipping == null && shippingSameAsBilling) {
            shipping = billing;
        }
        // read = both facts were there, each with a value or as an explicit null: a row missing either says nothing
        Long id = id(row.get("id"));
        return new PartyLedger(id == null ? 0 : id, text(row.get("name")), gstin, billing, shipping,
                gstinSeen && addressSeen);
    }

    /** Whether a block has a field of this address at all (flattened {@code billing_address_*}, or the object). */
    private static boolean hasAddressField(JsonNode block, String prefix) {
        if (block.has(prefix)) {
            return true;
        }
        for (String f : ADDRESS_FIELDS) {
            if (block.has(prefix + "_" + f)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a ledger row is a customer or supplier (a party others' documents name). */
    public static boolean isParty(JsonNode row) {
        String action = text(row.get("action"));
        String model = text(row.get("model_type"));
        JsonNode data = row.path("ledgers_data");
        return row.has("party_details") || "Customers".equals(action) || "Supplier".equals(action)
                || "party".equals(text(row.get("flag")))
                || (model != null && (model.endsWith("\\Customer") || model.endsWith("\\Supplier")))
                || data.has("Customer") || data.has("Supplier");
    }

    /** The blocks of a ledger answer that hold party facts, documented shape first; empty when there is none. */
    private static List<JsonNode> partyBlocks(JsonNode row) {
        List<JsonNode> blocks = new ArrayList<>();
        JsonNode data = row.path("ledgers_data");
        if (data.isObject()) {
            String model = text(row.get("model_type"));
            String simple = model == null ? null : model.substring(model.lastIndexOf('\\') + 1);
            if (simple != null && data.path(simple).isObject()) {
                blocks.add(data.get(simple));
            }
            for (Iterator<JsonNode> it = data.elements(); it.hasNext();) {
                JsonNode block = it.next();
                if (block.isObject() && !blocks.contains(block)) {
                    blocks.add(block);
                }
            }
        }
        if (row.path("party_details").isObject()) {
            blocks.add(row.get("party_details"));
        }
        if (row.has("gstin") || hasAddressField(row, "billing_address")) {
            blocks.add(row);
        }
        return blocks;
    }

    /**
     * An address of a block, flattened ({@code billing_address_state_id}) or nested ({@code billing_address.state_id});
     * null when the block has no field of it with a value.
     */
    private static PartyLedger.Address address(JsonNode block, String prefix) {
        JsonNode nested = block.path(prefix);
        JsonNode[] v = new JsonNode[ADDRESS_FIELDS.size()];
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            String f = ADDRESS_FIELDS.get(i);
            JsonNode flat = block.get(prefix + "_" + f);
            v[i] = flat != null && !flat.isNull() ? flat : nested.isObject() ? nested.get(f) : null;
            if (f.equals("state_id") && id(v[i]) == null && nested.isObject() && nested.path("state").isObject()) {
                v[i] = nested.path("state").get("id"); // {"state": {"id": 4, "name": …}}
            }
            // a country alone (every address has one) is no address: a state, lines or a PIN code make one
            any |= !f.equals("country_id") && text(v[i]) != null && !(f.endsWith("_id") && id(v[i]) == null
                    && "0".equals(text(v[i])));
        }
        if (!any) {
            return null;
        }
        return new PartyLedger.Address(text(v[0]), text(v[1]), id(v[2]), id(v[3]), id(v[4]), text(v[5]));
    }

    // ------------------------------------------------------------------------------------------ items

    /**
     * An item (item list row, detail, create and update answers): the documented create answer keeps the unit, GST
     * rate and ledgers under {@code model}, the create request at the top level; both are read. Goods or service
     * comes from {@code model_type} ({@code ItemMasterService}); the documented answer of a service item says
     * {@code item_type "1"}, so {@code item_type} decides only when there is no model type (2 = service, as sent).
     */
    public static ItemMaster item(JsonNode row) {
        JsonNode model = row.path("model");
        String modelType = text(row.get("model_type"));
        boolean service = modelType != null && (modelType.endsWith("Service") || modelType.endsWith("Goods"))
                ? modelType.endsWith("Service") : "2".equals(text(row.get("item_type")));
        // unit: a value that is no id is unread (not "none"); only a present null is "none" (the default unit then)
        JsonNode unitNode = first(model, row, "unit_of_measurement", "primary_unit_of_measurement");
        Long unit = id(unitNode);
        if (unit == null) {
            unit = defaultUnit(row.path("units_of_array"));
        }
        boolean unitRead = unit != null || (unitNode != null && unitNode.isNull());
        // GST: "not applicable" said outright wins; else a rate id; a present null is "none" unless GST is said to
        // apply; anything else (no field, a value that is no id, a rate object without id) is unread
        String applicable = text(first(model, row, "is_gst_applicable"));
        boolean notApplicable = "0".equals(applicable) || "false".equals(applicable);
        boolean saysApplicable = "1".equals(applicable) || "true".equals(applicable);
        JsonNode gstNode = first(model, row, "gst_tax_id", "gst_id");
        Long gst = id(gstNode);
        if (gst == null) {
            gst = id(model.path("gst_tax").get("id"));
        }
        boolean gstRead;
        if (notApplicable) {
            gst = null;
            gstRead = true;
        } else {
            gstRead = gst != null || (gstNode != null && gstNode.isNull() && !saysApplicable
                    && !model.path("gst_tax").isObject());
        }
        String name = text(row.get("item_name"));
        if (name == null) {
            name = text(row.get("name"));
        }
        Long id = id(row.get("id"));
        return new ItemMaster(id == null ? 0 : id, name, service, unit,
                gst, id(first(model, row, "income_ledger_id")), id(first(model, row, "expense_ledger_id")),
                unitRead, gstRead);
    }

    private static Long defaultUnit(JsonNode units) {
        if (!units.isArray() || units.isEmpty()) {
            return null;
        }
        for (JsonNode u : units) {
            if (u.path("is_default").asBoolean(false)) {
                return id(u.get("id"));
            }
        }
        return units.size() == 1 ? id(units.get(0).get("id")) : null;
    }

    // ------------------------------------------------------------------------------------------ look-up lists

    /**
     * A GST rate row's percent: {@code tax_rate} (the documented GST-rate record inside the item answer), else
     * {@code rate} / {@code gst_rate} / {@code percentage}, else its name ({@code "18%"}).
     */
    public static BigDecimal gstRatePercent(JsonNode row) {
        for (String f : List.of("tax_rate", "rate", "gst_rate", "percentage", "percent")) {
            BigDecimal rate = decimal(row.get(f));
            if (rate != null) {
                return rate;
            }
        }
        String name = text(row.get("name"));
        if (name != null && name.matches("\\s*\\d+(\\.\\d+)?\\s*%?\\s*")) {
            return new BigDecimal(name.replace("%", "").trim());
        }
        return null;
    }

    /** A cess rate row's percent: {@code cess_rate}, {@code rate}, {@code tax_rate}, else its name. */
    public static BigDecimal cessRatePercent(JsonNode row) {
        BigDecimal rate = decimal(row.get("cess_rate"));
        return rate != null ? rate : gstRatePercent(row);
    }

    /** The names a unit row is known by: its GST unit code (PCS), its name (PIECES) and full name (PCS-PIECES). */
    public static List<String> unitNames(JsonNode row) {
        return names(row, "code", "unit_code", "name", "unit_name", "full_name", "for_gst_use_name");
    }

    /** The name of a group, country or city row ({@code name}, or {@code <kind>_name}). */
    public static List<String> names(JsonNode row, String... fields) {
        List<String> names = new ArrayList<>();
        for (String f : fields) {
            String n = text(row.get(f));
            if (n != null) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * A state row: GST state code from {@code gst_state_code}, {@code state_code}, {@code gst_code} or
     * {@code tin_number}; when the answer carries none, the code the GST law gives the state's name
     * ({@link GstStateCodes}).
     */
    public static StateInfo state(JsonNode row) {
        String name = text(row.get("name"));
        if (name == null) {
            name = text(row.get("state_name"));
        }
        String code = null;
        for (String f : List.of("gst_state_code", "state_code", "gst_code", "tin_number", "gst_state_id")) {
            String c = text(row.get(f));
            if (c != null && c.matches("\\d{1,2}")) {
                code = c.length() == 1 ? "0" + c : c;
                break;
            }
        }
        if (code == null && name != null) {
            code = GstStateCodes.ofState(name).orElse(null);
        }
        Long country = id(row.get("country_id"));
        Long id = id(row.get("id"));
        return new StateInfo(id == null ? 0 : id, name, code, country == null ? 0 : country);
    }

    /**
     * The company details answer (not documented): the fields at the top of {@code data}, or under
     * {@code data.company}; the state as {@code state_id}, {@code billing_address_state_id}, or an
     * {@code address}/{@code state} object. What is not there stays unknown (0 / null): the directory completes the
     * state from the GSTIN or refuses to guess.
     */
    public static CompanyProfile company(JsonNode data) {
        JsonNode c = data == null ? null : data.path("company").isObject() ? data.get("company") : data;
        if (c == null || !c.isObject()) {
            return new CompanyProfile(null, null, 0, null, null, 0);
        }
        JsonNode address = c.path("address").isObject() ? c.get("address") : c.path("billing_address");
        Long state = firstId(c.get("state_id"), c.get("billing_address_state_id"), address.get("state_id"),
                c.path("state").get("id"));
        Long country = firstId(c.get("country_id"), c.get("billing_address_country_id"), address.get("country_id"),
                c.path("country").get("id"));
        String gstin = upper(firstText(c.get("gstin"), c.get("gst_number"), c.get("gstin_number")));
        String stateName = firstText(c.get("state_name"), c.path("state").get("name"), address.get("state_name"));
        // the GSTIN's first two digits are the state's GST code by law; a stated code only when it is one
        String code = gstin != null && gstin.matches("\\d{2}.*") ? gstin.substring(0, 2) : null;
        String stated = firstText(c.get("gst_state_code"), c.get("state_code"));
        if (code == null && stated != null && stated.matches("\\d{1,2}")) {
            code = stated.length() == 1 ? "0" + stated : stated;
        }
        if (code == null && stateName != null) {
            code = GstStateCodes.ofState(stateName).orElse(null);
        }
        String name = firstText(c.get("name"), c.get("company_name"), c.get("legal_name"), c.get("trade_name"));
        return new CompanyProfile(name, gstin, state == null ? 0 : state, stateName, code, country == null ? 0 : country);
    }

    // ------------------------------------------------------------------------------------------ documents

    /**
     * A row of a document list (sale, purchase, notes…): documented {@code transaction_id}, {@code invoice_number},
     * {@code invoice_amount}, {@code date} (DD-MM-YYYY), {@code party_id}; read leniently ({@code id},
     * {@code full_invoice_number}, {@code grand_total}, {@code due_amount}/{@code pending_amount}, ISO dates).
     */
    public static DocumentRow document(JsonNode row) {
        Long id = firstId(row.get("transaction_id"), row.get("id"));
        List<String> numbers = names(row, "invoice_number", "full_invoice_number", "voucher_number",
                "debit_note_number", "credit_note_number", "receipt_number", "payment_number", "order_number",
                "challan_number", "estimate_number", "document_number");
        BigDecimal total = decimal(row.get("invoice_amount"));
        if (total == null) {
            total = decimal(row.get("grand_total"));
        }
        BigDecimal pending = decimal(row.get("pending_amount"));
        if (pending == null) {
            pending = decimal(row.get("due_amount"));
        }
        Long party = firstId(row.get("party_id"), row.get("customer_ledger_id"), row.get("supplier_ledger_id"),
                row.get("ledger_id"));
        return new DocumentRow(id, numbers, text(row.get("date")), total, pending, party);
    }

    /** A document list row as read: its id, the numbers it shows (first the documented one), date text, amounts. */
    public record DocumentRow(Long id, List<String> numbers, String date, BigDecimal total, BigDecimal pending,
            Long partyId) {
    }

    /**
     * The number a next-number endpoint answers (not documented; a public client reads it from {@code data}):
     * {@code data} itself as text or number, or a field of a {@code data} object ({@code next_invoice_number},
     * {@code invoice_number}, {@code number}, {@code voucher_number}…).
     */
    public static Optional<String> nextNumber(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return Optional.empty();
        }
        if (data.isValueNode()) {
            return Optional.ofNullable(text(data));
        }
        if (data.isObject()) {
            List<String> fields = new ArrayList<>(List.of("next_invoice_number", "next_number", "number"));
            fields.addAll(ApiResponse.NUMBER_FIELDS);
            return Optional.ofNullable(firstText(fields.stream().map(data::get).toArray(JsonNode[]::new)));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static JsonNode first(JsonNode model, JsonNode row, String... fields) {
        for (String f : fields) {
            if (model.has(f)) {
                return model.get(f);
            }
        }
        for (String f : fields) {
            if (row.has(f)) {
                return row.get(f);
            }
        }
        return null;
    }

    private static Long firstId(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            Long id = id(n);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            String t = text(n);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}

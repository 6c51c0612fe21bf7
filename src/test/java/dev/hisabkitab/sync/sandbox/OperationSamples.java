package dev.hisabkitab.sync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;

/**
 * A valid request for every catalogue operation, for a given sandbox company: the vendor example bodies of
 * {@code src/test/resources/samples/} where they exist (tenant ids replaced by ids that exist in that company,
 * document numbers from the series, names made unique, cut-off examples completed), minimal valid bodies
 * otherwise. Operations with an {@code {id}} get a record created first (through {@link SandboxCompany#create}).
 *
 * <p>The payload follows the catalogue's content type: a JSON body for {@code application/json}; for
 * {@code multipart/form-data} a JSON object of form field name → value (or list of values for {@code name[]}
 * fields) with PHP-style keys; for {@code none} (GET/DELETE) a JSON object of query parameters.
 */
public final class OperationSamples {

    /** A request for one operation: the path parameters to fill into the path, and the payload. */
    public record Sample(Endpoint endpoint, Map<String, String> pathParameters, JsonNode payload) {

        /** The endpoint's path with the parameters filled in, e.g. {@code /sale-transactions/3/edit}. */
        public String path() {
            String p = endpoint.path();
            for (Map.Entry<String, String> e : pathParameters.entrySet()) {
                p = p.replace("{" + e.getKey() + "}", e.getValue());
            }
            return p;
        }

        public boolean isMultipart() {
            return Endpoint.MULTIPART.equals(endpoint.contentType());
        }

        public boolean isQuery() {
            return !endpoint.sendsBody();
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    /** ledger.create-* → the body's action (navigation names; only four are confirmed by vendor material). */
    static final Map<String, String> LEDGER_ACTIONS = new LinkedHashMap<>();
    /** action → the seeded ledger group it belongs under. */
    private static final Map<String, String> LEDGER_GROUPS = new HashMap<>();

    static {
        String[][] rows = {
            {"create-customer", "Customers", "Sundry Debtors"}, {"create-supplier", "Supplier", "Sundry Creditors"},
            {"create-bank", "Bank", "Bank Accounts"}, {"create-capital", "Capital", "Capital Account"},
            {"create-cash", "Cash", "Cash-in-Hand"}, {"create-income", "Income", "Direct Incomes"},
            {"create-expense", "Expense", "Indirect Expenses"}, {"create-fixed-asset", "Fixed Asset", "Fixed Assets"},
            {"create-investment", "Investment", "Investments"},
            {"create-loan-and-advance-asset", "Loan and Advance (Asset)", "Loans & Advances (Asset)"},
            {"create-misc-assets", "Misc Assets", "Misc. Expenses (Asset)"},
            {"create-other-current-assets", "Other Current Assets", "Other Current Assets"},
            {"create-taxes-gst", "Taxes - GST", "Duties & Taxes"}, {"create-taxes-tds", "Taxes - TDS", "Duties & Taxes"},
            {"create-taxes-tcs", "Taxes - TCS", "Duties & Taxes"}, {"create-provisions", "Provisions", "Provisions"},
            {"create-reserve-and-surplus", "Reserve and Surplus", "Reserves & Surplus"},
            {"create-secured-loan", "Secured Loan", "Secured Loans"}, {"create-unsecured-loan", "Unsecured Loan", "Unsecured Loans"},
            {"create-stock-in-hand", "Stock In Hand", "Stock-in-Hand"},
            {"create-other-current-liabilities", "Other Current Liabilities", "Other Current Liabilities"},
            {"create-tds-receivable", "TDS Receivable", "Other Current Assets"},
            {"create-tcs-receivable", "TCS Receivable", "Other Current Assets"},
        };
        for (String[] r : rows) {
            LEDGER_ACTIONS.put(r[0], r[1]);
            LEDGER_GROUPS.put(r[1], r[2]);
        }
    }

    private OperationSamples() {
    }

    /** A sample for the sandbox's first company. */
    public static Sample sampleFor(Endpoint endpoint, HisabKitabSandbox sandbox) {
        return sampleFor(endpoint, sandbox.companies().get(0));
    }

    public static Sample sampleFor(Endpoint endpoint, SandboxCompany company) {
        World w = new World(company);
        String resource = endpoint.resource();
        String action = endpoint.action();
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode payload;
        switch (action) {
            case "list" -> payload = listQuery(w, resource);
            case "next-number", "configuration", "details", "holding-profit-ratio", "tds-tax-data", "tcs-tax-data",
                    "form-details" -> payload = F.objectNode();
            case "batch-create" -> payload = batchBody(w, resource);
            case "batch-delete" -> {
                ArrayNode ids = F.arrayNode();
                ids.add(recordFor(w, resource));
                ids.add(recordFor(w, resource));
                payload = F.objectNode().set("ids", ids);
            }
            case "detail", "edit", "delete", "duplicate", "get-for-return", "create-challan", "create-sale" -> {
                params.put("id", String.valueOf(recordFor(w, resource)));
                payload = F.objectNode();
            }
            case "book" -> {
                params.put("id", String.valueOf(recordFor(w, resource)));
                payload = F.objectNode();
            }
            case "update" -> {
                long id = recordFor(w, resource);
                params.put("id", String.valueOf(id));
                payload = updateBody(w, resource, id);
            }
            case "update-configuration" -> payload = F.objectNode().put("prefix", w.company.configuration(resource).path("prefix").asText())
                    .put("suffix", "");
            case "update-configuration-with-type" -> {
                params.put("type", "document_prefix");
                payload = F.objectNode().put("prefix", "INV-").put("suffix", "/24-25");
            }
            case "check-unique-gstin" -> payload = F.objectNode().put("gstin", "27AAACS0000A1Z5");
            case "check-unique-gstin-with-ledger" -> {
                params.put("id", String.valueOf(w.customer()));
                payload = F.objectNode().put("gstin", "27AAACS0000A1Z5");
            }
            case "add-location" -> payload = F.objectNode().put("ledger_id", w.fixedAsset()).put("name", "Head Office " + UNIQUE.incrementAndGet())
                    .put("address", "12, Nariman Point, Mumbai");
            case "delete-media" -> {
                long ledger = w.company.create("ledger.create-customer", ledgerBody(w, "create-customer")).path("id").asLong();
                params.put("id", String.valueOf(w.company.attachMedia("ledger", ledger, "gst-certificate.pdf", "application/pdf", 2048)));
                payload = F.objectNode();
            }
            default -> {
                if (resource.equals("journal") && action.equals("create")) {
                    payload = Endpoint.MULTIPART.equals(endpoint.contentType()) ? journalMultipart(w) : journalJson(w);
                } else if (action.equals("create") || action.startsWith("create-")) {
                    payload = createBody(w, resource, action);
                } else {
                    throw new IllegalArgumentException("No sample for " + endpoint.operation());
                }
            }
        }
        if (Endpoint.MULTIPART.equals(endpoint.contentType()) && !payload.has("__multipart")) {
            payload = formFields(payload);
        }
        if (payload instanceof ObjectNode o) {
            o.remove("__multipart");
        }
        return new Sample(endpoint, params, payload);
    }

    /**
     * A JSON create body for an operation such as {@code sale.create-item} or {@code ledger.create-bank}, valid for
     * the company (its document number is the next of the series).
     */
    public static ObjectNode createBody(String operation, SandboxCompany company) {
        int dot = operation.indexOf('.');
        return (ObjectNode) createBody(new World(company), operation.substring(0, dot), operation.substring(dot + 1));
    }

    // -------------------------------------------------------------------------------------------- bodies

    private static JsonNode createBody(World w, String resource, String action) {
        return switch (resource) {
            case "ledger" -> ledgerBody(w, action);
            case "item" -> itemBody(w, action.equals("create-service") ? "service" : "goods");
            case "journal" -> journalJson(w);
            case "receipt", "payment" -> voucherBody(w, resource);
            case "sale", "sale-return", "income-debit-note", "income-credit-note", "estimate", "delivery-challan", "purchase",
                    "purchase-return", "expense-credit-note", "expense-debit-note", "purchase-order" ->
                document(w, resource, action.equals("create-accounting") ? "accounting" : "item");
            default -> masterBody(w, resource);
        };
    }

    /** The create body used to make a record of the resource that an {id} operation then works on. */
    private static long recordFor(World w, String resource) {
        JsonNode created = switch (resource) {
            case "journal" -> w.company.create("journal.create", journalJson(w));
            case "ledger" -> w.company.create("ledger.create-customer", ledgerBody(w, "create-customer"));
            case "item" -> w.company.create("item.create-goods", itemBody(w, "goods"));
            case "receipt", "payment" -> w.company.create(resource + ".create", voucherBody(w, resource));
            case "delivery-challan" -> w.company.create("delivery-challan.create", document(w, resource, "item"));
            case "sale", "sale-return", "income-debit-note", "income-credit-note", "estimate", "purchase", "purchase-return",
                    "expense-credit-note", "expense-debit-note", "purchase-order" ->
                w.company.create(resource + ".create-" + updateMode(resource), document(w, resource, updateMode(resource)));
            default -> w.company.create(resource + ".create", masterBody(w, resource));
        };
        return created.path("id").asLong();
    }

    /** The mode whose vendor example is an update example (so updates send that example). */
    private static String updateMode(String resource) {
        return switch (resource) {
            case "estimate", "expense-debit-note" -> "accounting";
            default -> "item";
        };
    }

    private static JsonNode updateBody(World w, String resource, long id) {
        switch (resource) {
            case "ledger": {
                ObjectNode b = load("ledger-update.request.customer-from-commented-example.json");
                remap(b, w, Side.SALE, "");
                b.put("group_id", w.ledgerGroup("Sundry Debtors"));
                b.put("name", "Customer ledger " + UNIQUE.incrementAndGet());
                return b;
            }
            case "item": {
                ObjectNode b = load("item-update.request.json");
                remap(b, w, Side.SALE, "");
                b.put("group_id", String.valueOf(w.itemGroup()));
                b.put("item_name", "Set SER1 " + UNIQUE.incrementAndGet());
                return b;
            }
            case "journal": {
                // The vendor's Update Journal example is a schema placeholder ("voucher_number": "string"); the JSON
                // create example is the body that form takes.
                ObjectNode b = journalJson(w);
                b.put("voucher_number", w.company.record("journal", id).orElseThrow().path("voucher_number").asText());
                return b;
            }
            case "receipt", "payment": {
                ObjectNode b = voucherBody(w, resource);
                b.put("receipt_number", w.company.record(resource, id).orElseThrow().path("receipt_number").asText());
                return b;
            }
            case "sale", "sale-return", "income-debit-note", "income-credit-note", "estimate", "delivery-challan", "purchase",
                    "purchase-return", "expense-credit-note", "expense-debit-note", "purchase-order": {
                ObjectNode b = document(w, resource, resource.equals("delivery-challan") ? "item" : updateMode(resource));
                String numberField = NUMBER.get(resource);
                JsonNode record = w.company.record(resource, id).orElseThrow();
                b.put(numberField, record.path(numberField).asText());
                return b;
            }
            default: {
                ObjectNode b = masterBody(w, resource);
                b.put("name", b.path("name").asText() + " (renamed)");
                return b;
            }
        }
    }

    private static JsonNode listQuery(World w, String resource) {
        ObjectNode q = F.objectNode();
        switch (resource) {
            case "state" -> q.put("country_id", 101);
            case "city" -> q.put("state_id", w.company.details().path("state_id").asLong());
            case "sale", "sale-return", "income-debit-note", "income-credit-note", "estimate", "delivery-challan" -> {
                fy(q, 2024);
                q.put("party_id", w.customer());
                q.put("limit", 25).put("skip", 0);
            }
            case "purchase", "purchase-return", "expense-credit-note", "expense-debit-note", "purchase-order" -> {
                fy(q, 2024);
                q.put("party_id", w.supplier());
                q.put("limit", 25).put("skip", 0);
            }
            case "receipt", "payment" -> {
                fy(q, 2025);
                q.put("limit", 25).put("skip", 0);
            }
            case "journal" -> {
                fy(q, 2024);
                q.put("skip", 0).put("limit", 20);
            }
            case "ledger", "item", "ledger-group", "item-group", "unit", "broker", "transport", "cess-rate",
                    "dispatch-address", "shipping-address" -> q.put("limit", 100).put("skip", 0);
            default -> {
                // look-ups without filters
            }
        }
        return q;
    }

    private static void fy(ObjectNode q, int startYear) {
        q.put("start_date", "01-04-" + startYear);
        q.put("end_date", "31-03-" + (startYear + 1));
    }

    private static JsonNode batchBody(World w, String resource) {
        ArrayNode a = F.arrayNode();
        switch (resource) {
            case "ledger" -> {
                ArrayNode b = (ArrayNode) loadAny("ledger-batch-create.request.json");
                for (JsonNode e : b) {
                    ObjectNode o = (ObjectNode) e;
                    remap(o, w, Side.SALE, "");
                    String action = o.path("action").asText();
                    JsonNode original = o.get("group_id");
                    long group = w.ledgerGroup(LEDGER_GROUPS.get(action));
                    if (original != null && original.isTextual()) {
                        o.put("group_id", String.valueOf(group));
                    } else {
                        o.put("group_id", group);
                    }
                    o.put("name", o.path("name").asText() + " " + UNIQUE.incrementAndGet());
                    a.add(o);
                }
            }
            case "item" -> {
                ArrayNode b = (ArrayNode) loadAny("item-batch-create.request.json");
                for (JsonNode e : b) {
                    ObjectNode o = (ObjectNode) e;
                    remap(o, w, Side.SALE, "");
                    o.put("group_id", String.valueOf(w.itemGroup()));
                    o.put("item_name", o.path("item_name").asText() + " " + UNIQUE.incrementAndGet());
                    a.add(o);
                }
            }
            default -> {
                a.add(masterBody(w, resource));
                a.add(masterBody(w, resource));
            }
        }
        return a;
    }

    static ObjectNode ledgerBody(World w, String action) {
        String ledgerAction = LEDGER_ACTIONS.get(action);
        ObjectNode b;
        switch (ledgerAction) {
            case "Customers", "Supplier" -> {
                b = load("ledger-create-customer.request.json");
                remap(b, w, Side.SALE, "");
                b.put("action", ledgerAction);
                b.put("name", (ledgerAction.equals("Customers") ? "Customer ledger " : "Supplier ledger ") + UNIQUE.incrementAndGet());
            }
            case "Taxes - TDS", "Secured Loan" -> {
                ArrayNode batch = (ArrayNode) loadAny("ledger-batch-create.request.json");
                b = (ObjectNode) batch.get(ledgerAction.equals("Taxes - TDS") ? 1 : 2);
                b.put("name", b.path("name").asText() + " " + UNIQUE.incrementAndGet());
            }
            default -> {
                b = F.objectNode();
                b.put("action", ledgerAction);
                b.put("name", ledgerAction + " ledger " + UNIQUE.incrementAndGet());
                b.putObject("opening_balance_details").put("opening_balance", 0).put("opening_balance_dr_cr", 1);
            }
        }
        long group = w.ledgerGroup(LEDGER_GROUPS.get(ledgerAction));
        if (b.path("group_id").isTextual()) {
            b.put("group_id", String.valueOf(group));
        } else {
            b.put("group_id", group);
        }
        return b;
    }

    static ObjectNode itemBody(World w, String kind) {
        ObjectNode b;
        if (kind.equals("service")) {
            b = load("item-create-service.request.json");
        } else {
            b = (ObjectNode) loadAny("item-batch-create.request.json").get(0);
        }
        remap(b, w, Side.SALE, "");
        b.put("group_id", String.valueOf(w.itemGroup()));
        b.put("item_name", b.path("item_name").asText() + " " + UNIQUE.incrementAndGet());
        return b;
    }

    static ObjectNode voucherBody(World w, String resource) {
        ObjectNode b = load(resource + "-create.request.json");
        remap(b, w, resource.equals("receipt") ? Side.SALE : Side.PURCHASE, "");
        b.put("receipt_number", w.company.nextNumber(resource));
        // The vendor examples receive 100 (payment: 200) yet settle two invoices with 540 each; the amount received
        // is what the settled invoices take.
        java.math.BigDecimal settled = java.math.BigDecimal.ZERO;
        for (JsonNode s : b.path("settle_invoices_data")) {
            settled = settled.add(Json.decimal(s.get("received_amount")));
        }
        if (settled.signum() > 0) {
            b.set("total_received_amount", SampleAmounts.money(settled.setScale(2)));
        }
        return b;
    }

    /** The JSON journal (newer partial page), ledgers re-mapped, numbered next in the series. */
    static ObjectNode journalJson(World w) {
        ObjectNode b = load("journal-create-json.request.json");
        Map<String, Long> ledgers = new HashMap<>();
        remapJournal(b, w, ledgers);
        b.put("voucher_number", w.company.nextNumber("journal"));
        return b;
    }

    /**
     * The multipart journal (full page 001) as form fields. The vendor's {@code upload_journal_invoice: @""} is curl's
     * empty-file syntax, not a text value, so it is left out.
     */
    static ObjectNode journalMultipart(World w) {
        ObjectNode raw = load("journal-create-multipart.request.json");
        Map<String, Long> ledgers = new LinkedHashMap<>();
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = raw.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("upload_journal_invoice")) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(key);
            if (m.find()) {
                key = key.substring(0, m.start()) + "[" + journalLedger(w, ledgers, m.group(1)) + "]" + key.substring(m.end());
            }
            ArrayNode values = F.arrayNode();
            for (JsonNode v : e.getValue()) {
                boolean ledgerValue = key.startsWith("ledger_id") || key.startsWith("debit_ledger_id") || key.startsWith("credit_ledger_id");
                values.add(ledgerValue ? String.valueOf(journalLedger(w, ledgers, v.asText())) : v.asText());
            }
            if (key.endsWith("[]")) {
                out.set(key, values);
            } else {
                out.put(key, values.get(0).asText());
            }
        }
        // The vendor example's totals (85000.00) are not its rows' (1500 each side): the totals are the rows' sums.
        java.math.BigDecimal debit = java.math.BigDecimal.ZERO;
        java.math.BigDecimal credit = java.math.BigDecimal.ZERO;
        for (int i = 0; i < out.path("amount[]").size(); i++) {
            java.math.BigDecimal amount = new java.math.BigDecimal(out.get("amount[]").get(i).asText());
            if (out.get("debit_credit_type[]").get(i).asText().equals("1")) {
                debit = debit.add(amount);
            } else {
                credit = credit.add(amount);
            }
        }
        out.put("debit_total", debit.setScale(2).toPlainString());
        out.put("credit_total", credit.setScale(2).toPlainString());
        out.put("voucher_number", w.company.nextNumber("journal"));
        out.put("__multipart", true);
        return out;
    }

    private static long journalLedger(World w, Map<String, Long> map, String original) {
        return map.computeIfAbsent(original, k -> switch (map.size()) {
            case 0 -> w.customer();
            case 1 -> w.supplier();
            default -> w.ledger("Cash");
        });
    }

    private static void remapJournal(JsonNode node, World w, Map<String, Long> ledgers) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode v = o.get(k);
                if (v.isContainerNode()) {
                    remapJournal(v, w, ledgers);
                } else if (k.equals("ledger_id") && !v.isNull()) {
                    set(o, k, v, journalLedger(w, ledgers, v.asText()));
                } else if (k.equals("adj_ledger_1") && !v.isNull()) {
                    set(o, k, v, w.ledger("Discount Allowed"));
                } else if (k.equals("adj_ledger_2") && !v.isNull()) {
                    set(o, k, v, w.ledger("Round Off"));
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> remapJournal(n, w, ledgers));
        }
    }

    private static final Map<String, String> NUMBER = Map.ofEntries(
            Map.entry("sale", "invoice_number"), Map.entry("sale-return", "invoice_number"),
            Map.entry("income-debit-note", "debit_note_number"), Map.entry("income-credit-note", "invoice_number"),
            Map.entry("estimate", "document_number"), Map.entry("delivery-challan", "document_number"),
            Map.entry("purchase", "voucher_number"), Map.entry("purchase-return", "voucher_number"),
            Map.entry("expense-credit-note", "voucher_number"), Map.entry("expense-debit-note", "voucher_number"),
            Map.entry("purchase-order", "order_number"));

    /** The document's item/accounting type field (none for sale return, challan, expense debit note: lines decide). */
    private static final Map<String, String> TYPE_FIELD = Map.of(
            "sale", "sales_item_type", "income-debit-note", "dn_item_type", "income-credit-note", "cn_item_type",
            "estimate", "invoice_type", "purchase", "purchase_item_type", "purchase-return", "pr_item_type",
            "expense-credit-note", "expense_cn_item_type", "purchase-order", "order_type");

    /** A GST document body for the resource in the mode (item: items[], accounting: ledgers[]). */
    static ObjectNode document(World w, String resource, String mode) {
        boolean item = mode.equals("item");
        Side side = resource.startsWith("sale") || resource.startsWith("income") || resource.equals("estimate")
                || resource.equals("delivery-challan") ? Side.SALE : Side.PURCHASE;
        ObjectNode b;
        switch (resource) {
            case "sale" -> b = item ? load("sale-create-item.request.json") : load("sale-create-accounting.request.partial.json");
            case "sale-return" -> {
                b = load("sale-create-item.request.json");
                for (String f : List.of("estimate_quote_no", "delivery_challan_no", "submit_button_value", "sales_item_type")) {
                    b.remove(f);
                }
                b.putNull("original_inv_no");
                b.putNull("original_inv_date");
            }
            case "income-debit-note" -> b = load("income-debit-note-create-accounting.request.json");
            case "income-credit-note" -> {
                b = load("income-debit-note-create-accounting.request.json");
                b.set("invoice_number", b.remove("debit_note_number"));
                b.remove("dn_item_type");
                b.put("main_classification_nature_type", "Intrastate Income Credit Note Taxable");
            }
            case "estimate" -> b = load("estimate-update.request.partial.json");
            case "delivery-challan" -> {
                b = load("sale-create-item.request.json");
                b.set("document_number", b.remove("invoice_number"));
                for (String f : List.of("estimate_quote_no", "delivery_challan_no", "submit_button_value", "sales_item_type",
                        "payment_details", "tcs_details", "tds_details")) {
                    b.remove(f);
                }
            }
            case "purchase" -> b = load("purchase-create-item.request.partial.json");
            case "purchase-return" -> b = load("purchase-return-update.request.partial.json");
            case "expense-credit-note" -> b = load("expense-credit-note-update.request.partial.json");
            case "expense-debit-note" -> b = load("expense-debit-note-create-accounting.request.partial.json");
            case "purchase-order" -> b = item ? load("purchase-order-update.request.partial.json")
                    : load("purchase-order-create-accounting.request.json");
            default -> throw new IllegalArgumentException(resource + " is not a GST document");
        }
        completeTail(b, resource);
        String lines = item ? "items" : "ledgers";
        String other = item ? "ledgers" : "items";
        if (!b.has(lines)) {
            b.set(lines, item ? itemLines(side) : ledgerLines(side));
        }
        b.remove(other);
        String typeField = TYPE_FIELD.get(resource);
        if (typeField != null) {
            b.put(typeField, item ? 2 : 1);
        }
        remap(b, w, side, "");
        realisticLines(b, w);
        SampleAmounts.settle(b, w.company);
        b.put(NUMBER.get(resource), w.company.nextNumber(resource));
        return b;
    }

    /**
     * Makes a document body's amounts consistent again (after a test changed a quantity, a rate, a GST id, an
     * address, …): line totals, gross/taxable value, GST split by the place of supply, cess, round-off and grand
     * total, computed by the connector's GST calculator. See {@link SampleAmounts}.
     */
    public static ObjectNode settle(ObjectNode document, SandboxCompany company) {
        return SampleAmounts.settle(document, company);
    }

    /**
     * Item lines carry their item's GST rate (the vendor examples' gst_id 1 is 0% on items the sample company keeps
     * at 18%), and the sale example's 100% discount (a placeholder: the line still totals 100) becomes 10%.
     */
    private static void realisticLines(ObjectNode b, World w) {
        for (JsonNode line : b.path("items")) {
            ObjectNode l = (ObjectNode) line;
            Long item = Json.integer(l.get("item_id"));
            JsonNode gst = item == null ? null : w.company.record("item", item).map(r -> r.path("model").get("gst_tax_id")).orElse(null);
            if (gst != null && !gst.isNull() && l.has("gst_id")) {
                set(l, "gst_id", l.get("gst_id"), gst.asLong());
            }
        }
        for (String lines : List.of("items", "ledgers")) {
            for (JsonNode line : b.path(lines)) {
                ObjectNode l = (ObjectNode) line;
                if (l.path("discount_type").asInt() == 1 && l.path("discount_value").asInt() == 100) {
                    l.put("discount_value", 10);
                }
            }
        }
    }

    private static ArrayNode itemLines(Side side) {
        JsonNode from = side == Side.SALE ? load("sale-create-item.request.json") : load("purchase-create-item.request.partial.json");
        return (ArrayNode) from.get("items").deepCopy();
    }

    private static ArrayNode ledgerLines(Side side) {
        JsonNode from = side == Side.SALE ? load("income-debit-note-create-accounting.request.json")
                : load("expense-debit-note-create-accounting.request.partial.json");
        return (ArrayNode) from.get("ledgers").deepCopy();
    }

    /**
     * Completes a cut-off example with the tail of the complete item-sale example (charges, taxes, totals, flags);
     * purchase orders carry no TCS/TDS/payment blocks (partial page 15760328e0).
     */
    private static void completeTail(ObjectNode b, String resource) {
        ObjectNode full = load("sale-create-item.request.json");
        boolean started = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = full.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("main_classification_nature_type")) {
                started = true;
            }
            if (!started || b.has(e.getKey()) || e.getKey().equals("submit_button_value")) {
                continue;
            }
            if (resource.equals("purchase-order") && List.of("tcs_details", "tds_details", "payment_details").contains(e.getKey())) {
                continue;
            }
            b.set(e.getKey(), e.getValue());
        }
        if (resource.startsWith("purchase") || resource.startsWith("expense")) {
            b.put("main_classification_nature_type", b.path("main_classification_nature_type").asText("Interstate Purchase Taxable")
                    .contains("Purchase") ? b.get("main_classification_nature_type").asText() : "Interstate Purchase Taxable");
        }
    }

    static ObjectNode masterBody(World w, String resource) {
        int n = UNIQUE.incrementAndGet();
        ObjectNode b = F.objectNode();
        switch (resource) {
            case "ledger-group" -> b.put("name", "Sample Ledger Group " + n).put("parent_id", w.ledgerGroup("Sundry Debtors"));
            case "item-group" -> b.put("name", "Sample Item Group " + n).putNull("parent_id");
            case "unit" -> b.put("name", "CARTONS " + n).put("code", "CTN" + n);
            case "broker" -> b.put("name", "Sample Broker " + n).put("brokerage_percentage", 1).put("brokerage_on_value_type", 1);
            case "transport" -> b.put("name", "Sample Transport " + n).put("gstin", "27AAACT1234F1Z5");
            case "cess-rate" -> b.put("name", "5% " + n).put("rate", 5);
            case "dispatch-address", "shipping-address" -> {
                b.put("name", "Sample Address " + n);
                if (resource.equals("shipping-address")) {
                    b.put("ledger_id", w.customer()).put("shipping_name", "Sample Customer").put("shipping_gstin", "27ANUPC5555H1ZM");
                }
                b.put("address_1", "12, Nariman Point").put("address_2", "Fort").put("country_id", 101)
                        .put("state_id", w.company.details().path("state_id").asLong())
                        .put("city_id", w.company.details().path("city_id").asLong()).put("pin_code", "400001");
            }
            default -> b.put("name", "Sample " + resource + " " + n);
        }
        return b;
    }

    // -------------------------------------------------------------------------------------------- id mapping

    enum Side { SALE, PURCHASE }

    /**
     * Replaces tenant ids of a vendor example by ids of the company. Look-up ids (country, state, city, GST rate,
     * unit, cess rate) are kept when the company has them; parties, ledgers, items, brokers and transports are always
     * replaced by ones that fit their role. Numeric strings stay strings.
     */
    static void remap(JsonNode node, World w, Side side, String parentKey) {
        Map<String, Long> items = new HashMap<>();
        remap(node, w, side, parentKey, items);
    }

    private static void remap(JsonNode node, World w, Side side, String parentKey, Map<String, Long> items) {
        if (node.isArray()) {
            node.forEach(n -> remap(n, w, side, parentKey, items));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode o = (ObjectNode) node;
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            JsonNode v = o.get(k);
            if (v.isContainerNode()) {
                remap(v, w, side, k, items);
                continue;
            }
            if (v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                continue;
            }
            Long id = switch (k) {
                case "customer_ledger_id" -> w.customer();
                case "party_ledger_id" -> side == Side.SALE ? w.customer() : w.supplier();
                case "supplier_ledger_id", "supplier_id" -> w.supplier();
                case "ledger_id" -> parentKey.equals("items") || parentKey.equals("ledgers")
                        ? (side == Side.SALE ? w.ledger("Sales") : w.ledger("Purchase"))
                        : (side == Side.SALE ? w.customer() : w.supplier());
                case "ac_ledger_id" -> w.ledger("Freight Charges");
                case "al_ledger_id", "adj_ledger_2" -> w.ledger("Round Off");
                case "adj_ledger_1" -> w.ledger("Discount Allowed");
                case "pd_ledger_id" -> w.ledger("Cash");
                case "bank_cash_ledger_id" -> w.ledger("HDFC Bank");
                case "tcs_tax_id" -> w.ledger("TCS on Sale of Goods (206C(1H))");
                case "tds_tax_id" -> w.ledger("TDS on Contract (194C)");
                case "income_ledger_id" -> w.ledger("Sales");
                case "expense_ledger_id" -> w.ledger("Purchase");
                case "item_id" -> items.computeIfAbsent(v.asText(), x -> items.size() % 2 == 0 ? w.goodsItem() : w.serviceItem());
                case "unit_id", "primary_unit_of_measurement", "quantity_unit" -> w.keepOr("unit", v, w.unit("PCS"));
                case "secondary_unit_of_measurement" -> w.unit("BOX");
                case "gst_id", "ac_gst_rate_id", "gst_tax_id" -> w.keepOr("gst-rate", v, w.gst18());
                case "gst_cess_rate" -> w.keepOr("cess-rate", v, 1L);
                case "country_id" -> w.keepOr("country", v, 101L);
                case "state_id" -> w.keepOr("state", v, w.company.details().path("state_id").asLong());
                case "city_id" -> w.keepOr("city", v, w.company.details().path("city_id").asLong());
                case "broker_id", "broker" -> w.broker();
                case "transport_id", "transporter" -> w.transport();
                case "dispatch_address_id" -> w.dispatchAddress();
                default -> null;
            };
            if (id != null) {
                set(o, k, v, id);
            }
        }
    }

    private static void set(ObjectNode o, String key, JsonNode original, long id) {
        if (original.isTextual()) {
            o.put(key, String.valueOf(id));
        } else {
            o.put(key, id);
        }
    }

    /** The ids of one company, creating the sample parties, items, broker and transport on first use. */
    static final class World {
        final SandboxCompany company;

        World(SandboxCompany company) {
            this.company = company;
        }

        long ledger(String name) {
            return company.idOf("ledger", "name", name).orElseThrow(() -> new IllegalStateException("no ledger " + name));
        }

        long ledgerGroup(String name) {
            return company.idOf("ledger-group", "name", name).orElseThrow(() -> new IllegalStateException("no ledger group " + name));
        }

        long itemGroup() {
            return company.idOf("item-group", "name", "General").orElseThrow();
        }

        long unit(String code) {
            return company.idOf("unit", "code", code).orElseThrow();
        }

        long gst18() {
            return company.idOf("gst-rate", "name", "18%").orElseThrow();
        }

        long keepOr(String collection, JsonNode original, long fallback) {
            Long id = Json.integer(original);
            return id != null && company.record(collection, id).isPresent() ? id : fallback;
        }

        private long ensure(String resource, String name, String operation, java.util.function.Supplier<ObjectNode> body) {
            return company.idOf(resource, resource.equals("item") ? "item_name" : "name", name)
                    .orElseGet(() -> company.create(operation, body.get()).path("id").asLong());
        }

        long customer() {
            return ensure("ledger", "Sample Customer", "ledger.create-customer", () -> {
                ObjectNode b = load("ledger-create-customer.request.json");
                b.put("name", "Sample Customer");
                b.put("group_id", ledgerGroup("Sundry Debtors"));
                fixAddresses(b);
                return b;
            });
        }

        long supplier() {
            return ensure("ledger", "Sample Supplier", "ledger.create-supplier", () -> {
                ObjectNode b = load("ledger-create-customer.request.json");
                b.put("action", "Supplier");
                b.put("name", "Sample Supplier");
                b.put("group_id", ledgerGroup("Sundry Creditors"));
                ((ObjectNode) b.get("party_details")).put("gstin", "24AAGCS7777Q1Z3");
                fixAddresses(b);
                return b;
            });
        }

        long fixedAsset() {
            return ensure("ledger", "Sample Fixed Asset", "ledger.create-fixed-asset", () -> {
                ObjectNode b = F.objectNode().put("action", "Fixed Asset").put("name", "Sample Fixed Asset")
                        .put("group_id", ledgerGroup("Fixed Assets"));
                return b;
            });
        }

        private void fixAddresses(ObjectNode ledger) {
            JsonNode p = ledger.get("party_details");
            for (String a : List.of("billing_address", "shipping_address")) {
                ObjectNode addr = (ObjectNode) p.get(a);
                addr.put("country_id", "101");
                addr.put("state_id", String.valueOf(company.details().path("state_id").asLong()));
                addr.put("city_id", String.valueOf(company.details().path("city_id").asLong()));
            }
        }

        long goodsItem() {
            return ensure("item", "Sample Goods Item", "item.create-goods", () -> {
                ObjectNode b = (ObjectNode) loadAny("item-batch-create.request.json").get(0);
                b.put("item_name", "Sample Goods Item");
                b.put("group_id", String.valueOf(itemGroup()));
                b.put("primary_unit_of_measurement", String.valueOf(unit("PCS")));
                b.put("secondary_unit_of_measurement", String.valueOf(unit("BOX")));
                b.put("quantity_unit", String.valueOf(unit("PCS")));
                b.put("gst_tax_id", String.valueOf(gst18()));
                b.put("gst_cess_rate", 1);
                return b;
            });
        }

        long serviceItem() {
            return ensure("item", "Sample Service Item", "item.create-service", () -> {
                ObjectNode b = load("item-create-service.request.json");
                b.put("item_name", "Sample Service Item");
                b.put("group_id", String.valueOf(itemGroup()));
                b.put("primary_unit_of_measurement", String.valueOf(unit("NOS")));
                b.put("quantity_unit", String.valueOf(unit("NOS")));
                b.put("gst_tax_id", String.valueOf(gst18()));
                b.put("gst_cess_rate", 1);
                b.put("income_ledger_id", ledger("Sales"));
                b.put("expense_ledger_id", ledger("Purchase"));
                return b;
            });
        }

        long broker() {
            return ensure("broker", "Sample Broker", "broker.create",
                    () -> F.objectNode().put("name", "Sample Broker").put("brokerage_percentage", 1));
        }

        long transport() {
            return ensure("transport", "Sample Transport", "transport.create",
                    () -> F.objectNode().put("name", "Sample Transport").put("gstin", "27AAACT1234F1Z5"));
        }

        long dispatchAddress() {
            return ensure("dispatch-address", "Sample Warehouse", "dispatch-address.create",
                    () -> F.objectNode().put("name", "Sample Warehouse").put("address_1", "Bhiwandi").put("country_id", 101)
                            .put("state_id", company.details().path("state_id").asLong()).put("pin_code", "421302"));
        }
    }

    // -------------------------------------------------------------------------------------------- files

    static ObjectNode load(String file) {
        return (ObjectNode) loadAny(file);
    }

    static JsonNode loadAny(String file) {
        try (InputStream in = OperationSamples.class.getClassLoader().getResourceAsStream("samples/" + file)) {
            if (in == null) {
                throw new IllegalStateException("samples/" + file + " is missing");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PHP-style form fields of a JSON body: {@code a[b]}, {@code a[0][b]}, {@code a[]} (lists for [] keys). */
    static ObjectNode formFields(JsonNode body) {
        ObjectNode out = F.objectNode();
        FormBodies.flatten(body).forEach((k, values) -> {
            if (k.endsWith("[]")) {
                ArrayNode a = out.putArray(k);
                values.forEach(a::add);
            } else {
                out.put(k, values.get(values.size() - 1));
            }
        });
        return out;
    }
}

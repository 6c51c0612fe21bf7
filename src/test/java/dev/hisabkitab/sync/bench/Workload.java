package dev.hisabkitab.sync.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The events of the benchmark. Every key is one customer of company {@code default} ({@code cust-0042} is the party
 * "Bench Customer 0042"), the ordering key docs/contract.md recommends (company + party). Each event goes to a key drawn at
 * random (seeded: every run and the plain route get the same sequence) and is, at random in the configured share, a
 * business {@code invoice.create} (a sale naming its party and item, its ERP number given: the connector resolves the
 * names from its cache, computes GST and books it) or a raw {@code api.sale.create-item} (the same kind of sale with
 * HisabKitab's ids and totals already worked out, as an ERP that keeps the ids sends it). Both book one sale with one
 * API call once the masters are cached. The masters are created first, through the connector: {@code item.upsert}
 * for the items and {@code party.upsert} for the customers (one per key).
 */
final class Workload {

    static final String RAW = "api.sale.create-item";
    static final String BUSINESS = "invoice.create";
    static final String COMPANY_STATE = "Maharashtra";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DD_MM_YYYY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final BigDecimal RATE = new BigDecimal("50.00");

    /** One Kafka record to produce. */
    record Event(String id, String key, String type, String value) {
    }

    /** HisabKitab's ids of what the raw events refer to, read from the sandbox after the masters were created. */
    record Masters(Map<Integer, Long> partyIds, long[] itemIds, long salesLedgerId, long unitId, long gstRateId, long stateId,
            long countryId) {
    }

    private final int keys;
    private final int items;
    private final double businessShare;
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));

    Workload(int keys, int items, double businessShare) {
        this.keys = keys;
        this.items = items;
        this.businessShare = businessShare;
    }

    static String key(int k) {
        return String.format("cust-%04d", k);
    }

    static String partyName(int k) {
        return String.format("Bench Customer %04d", k);
    }

    static String itemName(int j) {
        return String.format("Bench Item %02d", j);
    }

    /** The id's phase: {@code bench-<phase>-<n>}. */
    static String phaseOf(String id) {
        if (id == null || !id.startsWith("bench-")) {
            return "";
        }
        int last = id.lastIndexOf('-');
        return last <= 6 ? "" : id.substring(6, last);
    }

    /** item.upsert for every item (key "bench-items"), then party.upsert for every customer (its own key). */
    List<Event> masters() {
        List<Event> out = new ArrayList<>();
        for (int j = 1; j <= items; j++) {
            ObjectNode p = JSON.createObjectNode();
            p.put("name", itemName(j)).put("kind", "goods").put("unit", "PCS").put("hsnSac", "73181500").put("gstRate", 18)
                    .put("salePrice", RATE).put("description", "Benchmark item " + j);
            out.add(event("bench-setup-item" + j, "bench-items", "item.upsert", p));
        }
        for (int k = 0; k < keys; k++) {
            ObjectNode p = JSON.createObjectNode();
            p.put("role", "customer").put("name", partyName(k));
            p.putObject("billingAddress").put("line1", (k + 1) + ", Bench Road").put("city", "Pune").put("state", COMPANY_STATE)
                    .put("pincode", "411001");
            out.add(event("bench-setup-party" + k, key(k), "party.upsert", p));
        }
        return out;
    }

    /**
     * The onboarding run's events (bench/onboarding.sh): {@code n} {@code party.upsert} of new customers of company
     * {@code default}, "Onboard OB Customer 00042" (the run's letters keep the runs' parties apart), each its own key;
     * ids {@code bench-<phase>-<i>}.
     */
    List<Event> onboardingParties(String phase, String letters, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = String.format("Onboard %s Customer %05d", letters, i);
            ObjectNode p = JSON.createObjectNode();
            p.put("role", "customer").put("name", name);
            p.putObject("billingAddress").put("line1", (i + 1) + ", Onboarding Road").put("city", "Pune").put("state", COMPANY_STATE)
                    .put("pincode", "411001");
            out.add(event("bench-" + phase + "-" + i, String.format("onboard-%s-%05d", letters, i), "party.upsert", p));
        }
        return out;
    }

    /**
     * {@code n} events of a phase, ids {@code bench-<phase>-<i>}, document numbers {@code <numberPrefix>-<i>} (unique in
     * the sandbox's sale series). The same seed gives the same keys and types.
     */
    List<Event> events(String phase, String numberPrefix, int n, long seed, Masters m) {
        Random random = new Random(seed);
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(keys);
            boolean business = random.nextDouble() < businessShare;
            int item = 1 + random.nextInt(items);
            int quantity = 1 + random.nextInt(20);
            String id = "bench-" + phase + "-" + i;
            String number = numberPrefix + "-" + i;
            out.add(business ? event(id, key(k), BUSINESS, invoice(k, item, quantity, number))
                    : event(id, key(k), RAW, rawSale(m, k, item, quantity, number)));
        }
        return out;
    }

    private ObjectNode invoice(int k, int item, int quantity, String number) {
        ObjectNode p = JSON.createObjectNode();
        p.put("documentType", "sale").put("number", number).put("date", today.toString());
        p.putObject("party").put("name", partyName(k));
        p.putArray("lines").addObject().put("item", itemName(item)).put("quantity", quantity).put("rate", RATE)
                .put("gstRate", 18);
        p.put("roundOff", true).put("narration", "Benchmark order " + number);
        return p;
    }

    /**
     * The sale as HisabKitab's API takes it: one line of {@code quantity} × 50.00 at 18 % GST within the company's
     * state (CGST 9 % + SGST 9 %: 4.50 each a unit), so the grand total (59.00 a unit) needs no round-off.
     */
    private static ObjectNode rawSale(Masters m, int k, int item, int quantity, String number) {
        Long party = m.partyIds().get(k);
        if (party == null) {
            throw new BenchFailure("no ledger for " + partyName(k) + " in the sandbox after the masters were created");
        }
        BigDecimal q = BigDecimal.valueOf(quantity);
        BigDecimal total = RATE.multiply(q).setScale(2);
        BigDecimal halfTax = new BigDecimal("4.50").multiply(q).setScale(2);
        BigDecimal grand = total.add(halfTax).add(halfTax).setScale(2);
        ObjectNode b = JSON.createObjectNode();
        b.put("invoice_number", number);
        b.put("date", LocalDate.now(ZoneId.of("Asia/Kolkata")).format(DD_MM_YYYY));
        b.put("customer_ledger_id", party);
        ObjectNode billing = b.putObject("billing_address");
        billing.put("address_1", (k + 1) + ", Bench Road").put("country_id", m.countryId()).put("state_id", m.stateId())
                .put("pin_code", "411001");
        b.set("shipping_address", billing.deepCopy());
        b.put("sales_item_type", 2);
        ArrayNode lines = b.putArray("items");
        ObjectNode line = lines.addObject();
        line.put("item_id", m.itemIds()[item - 1]).put("ledger_id", m.salesLedgerId()).put("unit_id", m.unitId())
                .put("quantity", quantity).put("rpu", RATE).put("with_tax", 0).put("discount_type", 1).putNull("discount_value")
                .put("discount_type_2", 2).putNull("discount_value_2").put("gst_id", m.gstRateId()).put("cess", new BigDecimal("0.00"))
                .put("total", total);
        b.put("main_classification_nature_type", "Intrastate Sales Taxable");
        b.put("is_rcm_applicable", 0);
        b.put("narration", "Benchmark order " + number);
        b.put("gross_value", total);
        b.put("taxable_value", total);
        b.put("cgst", halfTax).put("sgst", halfTax).put("igst", new BigDecimal("0.00")).put("cess", new BigDecimal("0.00"));
        b.put("rounding_amount", new BigDecimal("0.00"));
        b.put("grand_total", grand);
        b.putArray("payment_details");
        b.put("is_gst_enabled", 1).put("is_cgst_sgst_igst_calculated", 1).put("is_gst_na", 0).put("is_round_off_not_changed", 1);
        return b;
    }

    private static Event event(String id, String key, String type, ObjectNode payload) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id).put("type", type).put("company", "default");
        e.set("payload", payload);
        return new Event(id, key, type, e.toString());
    }
}

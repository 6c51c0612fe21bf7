package dev.hisabkitab.sync.business.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.invoice.DocumentSpec.Mode;
import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.masters.PartyRef;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxClient;
import dev.hisabkitab.sync.sandbox.SandboxJournal;

/**
 * Every document type, item and accounting, mapped and sent to a real sandbox over HTTP: the sandbox must accept
 * each body. The party ledgers and items are created through the sandbox's API first; the directory answers with
 * their ids, and with the seeded ids (ledgers, GST rates, units, states) for the rest, which this test checks
 * against the sandbox's own lists first.
 */
class InvoiceSandboxTest {

    private static final String KEY = "invoice-key-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MappingDefaults DEFAULTS = MappingDefaults.standard();
    private static final EndpointCatalogue CATALOGUE = EndpointCatalogue.builtIn();

    private static HisabKitabSandbox sandbox;
    private static SandboxClient client;
    private static SandboxDirectory directory;
    private static String purchaseNumber;

    private final InvoiceMapper mapper = new InvoiceMapper();

    /** The in-memory directory (seed ids) with the parties, items and purchases created in the sandbox. */
    static final class SandboxDirectory extends InMemoryDirectory {
        final Map<String, PartyLedger> parties = new LinkedHashMap<>();
        final Map<String, ItemMaster> items = new LinkedHashMap<>();
        final List<InvoiceRef> purchases = new ArrayList<>();

        @Override
        public PartyLedger party(PartyRef ref) {
            return findParty(ref.name(), ref.gstin())
                    .orElseThrow(() -> EventFailure.mapping("No party " + ref.describe() + " in HisabKitab"));
        }

        @Override
        public Optional<PartyLedger> findParty(String name, String gstin) {
            return Optional.ofNullable(parties.get(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public ItemMaster item(String name) {
            return findItem(name).orElseThrow(() -> EventFailure.mapping("No item named \"" + name + "\" in HisabKitab"));
        }

        @Override
        public Optional<ItemMaster> findItem(String name) {
            return Optional.ofNullable(items.get(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public InvoiceRef invoice(String number, long partyLedgerId, boolean sales) {
            return purchases.stream().filter(p -> p.number().equals(number)).findFirst()
                    .orElseThrow(() -> EventFailure.mapping("No purchase invoice " + number));
        }
    }

    @BeforeAll
    static void startSandboxAndCreateMasters() throws Exception {
        sandbox = HisabKitabSandbox.start(0, new LinkedHashSet<>(List.of(KEY)));
        client = new SandboxClient(sandbox.baseUrl());
        directory = new SandboxDirectory();

        party("Customers", "Rathi Stationers", "27AAACR5055K1Z7", 18, 4008, 133024, "400003");
        party("Supplier", "Surat Paper Mills", "24AAGCS7777Q1Z3", 9, 4030, 134096, "395003");
        item("Blue Pen", 1, 1);
        item("Design Work", 2, 2);

        // the bill the supplier-side returns and notes refer to
        ObjectNode purchase = event("purchase", Mode.ITEM);
        purchase.put("number", "SPM-118");
        JsonNode created = send(new InvoiceMapper().map(purchase, null, directory, DEFAULTS));
        purchaseNumber = "SPM-118";
        directory.purchases.add(new InvoiceRef(created.path("data").path("transaction_id").asLong(), purchaseNumber,
                LocalDate.of(2025, 7, 1), new BigDecimal("1"), new BigDecimal("1"), 1));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theDirectorysSeedIdsAreTheSandboxes() throws Exception {
        for (JsonNode l : list("/ledgers")) {
            String name = l.path("name").asText();
            if (List.of("Cash", "Sales", "Purchase", "HDFC Bank", "Freight Charges").contains(name)) {
                assertEquals(l.path("id").asLong(), directory.ledger(name), name);
            }
        }
        for (JsonNode r : list("/gst-rates")) {
            assertEquals(r.path("id").asLong(), directory.gstRate(r.path("tax_rate").decimalValue()), r.toString());
        }
        for (JsonNode u : list("/units")) {
            if (List.of("PCS", "NOS", "KGS").contains(u.path("code").asText())) {
                assertEquals(u.path("id").asLong(), directory.unit(u.path("code").asText()), u.toString());
            }
        }
        for (JsonNode s : list("/states")) {
            if (List.of("Maharashtra", "Gujarat", "Karnataka").contains(s.path("name").asText())) {
                assertEquals(s.path("id").asLong(), directory.state(s.path("name").asText()).id(), s.toString());
            }
        }
        assertEquals(sandbox.company(KEY).details().path("state_id").asLong(), directory.company().stateId());
    }

    static Stream<Arguments> documents() {
        List<Arguments> out = new ArrayList<>();
        for (DocumentSpec spec : DocumentTypes.builtIn().all()) {
            for (Mode mode : spec.modes().keySet()) {
                out.add(Arguments.of(spec.documentType(), mode));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("documents")
    void theSandboxAcceptsEveryMappedDocument(String type, Mode mode) throws Exception {
        DocumentSpec spec = DocumentTypes.builtIn().find(type).orElseThrow();
        ObjectNode event = event(type, mode);

        String series = mapper.numberSeries(event);
        assertEquals(spec.resource(), series);
        Endpoint next = CATALOGUE.find(series + ".next-number").orElseThrow();
        JsonNode number = SandboxClient.json(client.getJson(next.path(), KEY)).path("data");
        ApiCall call = mapper.map(event, number.asText(), directory, DEFAULTS);

        JsonNode answer = send(call);

        SandboxJournal.Entry last = sandbox.journal().entries().get(sandbox.journal().size() - 1);
        assertEquals(call.operation(), last.operation(), "the sandbox read the body as the mapped operation");
        JsonNode stored = sandbox.company(KEY).records(spec.resource()).stream()
                .filter(r -> r.path("id").asLong() == answer.path("data").path("transaction_id").asLong()).findFirst()
                .orElseThrow();
        assertEquals(0, call.payload().path("grand_total").decimalValue().compareTo(stored.path("grand_total").decimalValue()),
                stored.toString());
        boolean sales = spec.salesSide();
        // customer in the company's state (Maharashtra), supplier in Gujarat
        assertEquals(sales ? "0.00" : "1216.80", call.payload().path("igst").decimalValue().toPlainString());
    }

    // ------------------------------------------------------------------------------- the events

    /**
     * A document with two lines (a percent and an amount discount), a freight charge with GST, round-off, and the
     * optional blocks the type has: a payment, credit days, the original invoice.
     */
    static ObjectNode event(String type, Mode mode) {
        DocumentSpec spec = DocumentTypes.builtIn().find(type).orElseThrow();
        ObjectNode p = JSON.createObjectNode();
        p.put("documentType", type);
        p.put("date", "2025-07-15");
        p.putObject("party").put("name", spec.salesSide() ? "Rathi Stationers" : "Surat Paper Mills");
        if (mode == Mode.ITEM) {
            p.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 100).put("rate", 12.5)
                    .put("discountPercent", 10);
            p.withArray("lines").addObject().put("item", "Design Work").put("quantity", 2).put("rate", 2500)
                    .put("discountAmount", 250).put("description", "Label artwork");
        } else {
            String ledger = spec.salesSide() ? "Sales" : "Purchase";
            p.withArray("lines").addObject().put("ledger", ledger).put("rate", 1125).put("gstRate", 18);
            p.withArray("lines").addObject().put("ledger", ledger).put("rate", 5000).put("discountAmount", 250)
                    .put("gstRate", 18).put("description", "Label artwork");
        }
        // both modes: 1125.00 + 4750.00 = 5875.00; freight 885.00; all at 18 %: GST 1216.80
        p.withArray("charges").addObject().put("ledger", "Freight Charges").put("amount", 885).put("gstRate", 18);
        p.put("roundOff", true);
        p.put("narration", "invoice.create " + type + " " + mode);
        if (spec.payments()) {
            p.withArray("payments").addObject().put("ledger", "Cash").put("amount", 1000).put("mode", "Cash");
        }
        if (spec.otherDetails()) {
            p.put("creditDays", 30).put("poNumber", "PO-77").put("poDate", "2025-07-10");
        }
        if (spec.originalInvoice() != null) {
            p.putObject("originalInvoice").put("number", spec.salesSide() ? "INV-9" : "SPM-118").put("date", "2025-07-01");
        }
        return p;
    }

    // ------------------------------------------------------------------------------- sandbox calls

    private static JsonNode send(ApiCall call) throws Exception {
        Endpoint e = CATALOGUE.find(call.operation()).orElseThrow();
        HttpResponse<String> r = client.postJson(e.path(), KEY, call.payload());
        assertEquals(200, r.statusCode(), call.operation() + " → " + r.body() + "\nsent: " + call.payload());
        JsonNode body = SandboxClient.json(r);
        assertTrue(body.path("success").asBoolean(), r.body());
        return body;
    }

    private static void party(String action, String name, String gstin, long group, long state, long city, String pin)
            throws Exception {
        ObjectNode b = JSON.createObjectNode();
        b.put("action", action).put("name", name).put("group_id", group);
        ObjectNode details = b.putObject("party_details");
        details.put("gstin", gstin);
        details.putObject("billing_address").put("address_1", "12, Station Road").put("country_id", 101)
                .put("state_id", state).put("city_id", city).put("pin_code", pin);
        details.put("same_as_billing_address", 1);
        JsonNode created = post("/ledgers", b);
        long id = created.path("data").path("id").asLong();
        directory.parties.put(name.toLowerCase(Locale.ROOT), new PartyLedger(id, name, gstin,
                new PartyLedger.Address("12, Station Road", null, 101L, state, city, pin), null));
    }

    private static void item(String name, int itemType, long unit) throws Exception {
        ObjectNode b = JSON.createObjectNode();
        b.put("item_name", name).put("group_id", 1).put("item_type", itemType).put("primary_unit_of_measurement", unit)
                .put("sale_price_type", 2).put("discount_type", 1).put("purchase_price_type", 2)
                .put("purchase_discount_type", 1).put("is_description_same_as_item_name", 1).put("is_gst_applicable", 1)
                .put("gst_tax_id", 10).put("is_rcm_applicable", 0).put("income_ledger_id", 2).put("expense_ledger_id", 3);
        JsonNode created = post("/items", b);
        long id = created.path("data").path("id").asLong();
        directory.items.put(name.toLowerCase(Locale.ROOT), new ItemMaster(id, name, itemType == 2, unit, 10L, 2L, 3L));
    }

    private static JsonNode post(String path, JsonNode body) throws Exception {
        HttpResponse<String> r = client.postJson(path, KEY, body);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return SandboxClient.json(r);
    }

    private static List<JsonNode> list(String path) throws Exception {
        HttpResponse<String> r = client.getJson(path, KEY);
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        List<JsonNode> out = new ArrayList<>();
        SandboxClient.json(r).path("data").forEach(out::add);
        assertTrue(!out.isEmpty(), path);
        return out;
    }
}

package dev.hisabkitab.sync.business.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/** invoice.create → HisabKitab bodies, against an in-memory company in Maharashtra (state 4008). */
class InvoiceMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MappingDefaults DEFAULTS = MappingDefaults.standard();
    private static final String MH_GSTIN = "27AAACR5055K1Z7";
    private static final String GJ_GSTIN = "24AAGCS7777Q1Z3";

    private final InvoiceMapper mapper = new InvoiceMapper();
    private ItemLedgerDirectory directory;
    private PartyLedger customer;
    private PartyLedger supplier;

    /** The in-memory directory, with items that may carry their own income/expense ledgers. */
    static final class ItemLedgerDirectory extends InMemoryDirectory {
        private final List<ItemMaster> extra = new ArrayList<>();

        ItemMaster withItemLedgers(String name, Long unitId, Long gstRateId, Long incomeLedger, Long expenseLedger) {
            ItemMaster plain = withItem(name, false, unitId, gstRateId);
            ItemMaster item = new ItemMaster(plain.id(), name, false, unitId, gstRateId, incomeLedger, expenseLedger);
            extra.add(item);
            return item;
        }

        @Override
        public Optional<ItemMaster> findItem(String name) {
            return extra.stream().filter(i -> i.name().equalsIgnoreCase(name.trim())).findFirst()
                    .or(() -> super.findItem(name));
        }
    }

    @BeforeEach
    void company() {
        directory = new ItemLedgerDirectory();
        customer = directory.withParty("Rathi Stationers", MH_GSTIN);
        supplier = directory.withParty("Surat Paper Mills", GJ_GSTIN);
        directory.withItem("Blue Pen", false, 1L, 10L); // PCS, 18 %
        directory.withItem("Notebook", false, 2L, 9L); // NOS, 12 %
        directory.withItem("Consulting", true, null, null);
        directory.withLedger("Consultancy Income", 41).withLedger("Office Expenses", 42);
    }

    // ------------------------------------------------------------------------------- every document type

    /**
     * documentType, mode, operation, number field, date field, party field, line array, item-type field (null: none
     * sent), item-type value, charge total field, nature type (intrastate), payment_details present.
     */
    static Stream<Arguments> documents() {
        return Stream.of(
                doc("sale", "item", "sale.create-item", "invoice_number", "date", "customer_ledger_id", "items", "sales_item_type", 2, "ac_total_without_tax", "Intrastate Sales Taxable", true),
                doc("sale", "accounting", "sale.create-accounting", "invoice_number", "date", "customer_ledger_id", "ledgers", "sales_item_type", 1, "ac_total_without_tax", "Intrastate Sales Taxable", true),
                doc("sale-return", "item", "sale-return.create-item", "invoice_number", "date", "customer_ledger_id", "items", null, 0, "ac_total_without_tax", "Intrastate Sales Taxable", true),
                doc("sale-return", "accounting", "sale-return.create-accounting", "invoice_number", "date", "customer_ledger_id", "ledgers", null, 0, "ac_total_without_tax", "Intrastate Sales Taxable", true),
                doc("income-debit-note", "item", "income-debit-note.create-item", "debit_note_number", "date", "customer_ledger_id", "items", "dn_item_type", 2, "ac_total", "Intrastate Income Debit Note Taxable", true),
                doc("income-debit-note", "accounting", "income-debit-note.create-accounting", "debit_note_number", "date", "customer_ledger_id", "ledgers", "dn_item_type", 1, "ac_total", "Intrastate Income Debit Note Taxable", true),
                doc("income-credit-note", "item", "income-credit-note.create-item", "invoice_number", "date", "customer_ledger_id", "items", "cn_item_type", 2, "ac_total", "Intrastate Income Credit Note Taxable", true),
                doc("income-credit-note", "accounting", "income-credit-note.create-accounting", "invoice_number", "date", "customer_ledger_id", "ledgers", "cn_item_type", 1, "ac_total", "Intrastate Income Credit Note Taxable", true),
                doc("estimate", "item", "estimate.create-item", "document_number", "date", "party_ledger_id", "items", "invoice_type", 2, "ac_total", "Intrastate Sales Taxable", false),
                doc("estimate", "accounting", "estimate.create-accounting", "document_number", "date", "party_ledger_id", "ledgers", "invoice_type", 1, "ac_total", "Intrastate Sales Taxable", false),
                doc("delivery-challan", "item", "delivery-challan.create", "document_number", "date", "customer_ledger_id", "items", null, 0, "ac_total_without_tax", "Intrastate Sales Taxable", false),
                doc("purchase", "item", "purchase.create-item", "voucher_number", "voucher_date", "supplier_ledger_id", "items", "purchase_item_type", 2, "ac_total_without_tax", "Intrastate Purchase Taxable", true),
                doc("purchase", "accounting", "purchase.create-accounting", "voucher_number", "voucher_date", "supplier_ledger_id", "ledgers", "purchase_item_type", 1, "ac_total_without_tax", "Intrastate Purchase Taxable", true),
                doc("purchase-return", "item", "purchase-return.create-item", "voucher_number", "voucher_date", "supplier_id", "items", "pr_item_type", 2, "ac_total_without_tax", "Intrastate Purchase Taxable", true),
                doc("purchase-return", "accounting", "purchase-return.create-accounting", "voucher_number", "voucher_date", "supplier_id", "ledgers", "pr_item_type", 1, "ac_total_without_tax", "Intrastate Purchase Taxable", true),
                doc("expense-debit-note", "item", "expense-debit-note.create-item", "voucher_number", "voucher_date", "supplier_id", "items", null, 0, "ac_total_without_tax", "Intrastate Expense Debit Note Taxable", true),
                doc("expense-debit-note", "accounting", "expense-debit-note.create-accounting", "voucher_number", "voucher_date", "supplier_id", "ledgers", null, 0, "ac_total_without_tax", "Intrastate Expense Debit Note Taxable", true),
                doc("expense-credit-note", "item", "expense-credit-note.create-item", "voucher_number", "voucher_date", "supplier_id", "items", "expense_cn_item_type", 2, "ac_total_without_tax", "Intrastate Expense Credit Note Taxable", true),
                doc("expense-credit-note", "accounting", "expense-credit-note.create-accounting", "voucher_number", "voucher_date", "supplier_id", "ledgers", "expense_cn_item_type", 1, "ac_total_without_tax", "Intrastate Expense Credit Note Taxable", true),
                doc("purchase-order", "item", "purchase-order.create-item", "order_number", "order_date", "party_ledger_id", "items", "order_type", 2, "ac_total", "Intrastate Purchase Taxable", false),
                doc("purchase-order", "accounting", "purchase-order.create-accounting", "order_number", "order_date", "party_ledger_id", "ledgers", "order_type", 1, "ac_total", "Intrastate Purchase Taxable", false));
    }

    private static Arguments doc(Object... values) {
        return Arguments.of(values);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("documents")
    void everyDocumentTypeInBothModes(String type, String mode, String operation, String numberField, String dateField,
            String partyField, String lineArray, String itemTypeField, int itemTypeValue, String chargeTotal,
            String natureType, boolean payments) {
        boolean sales = partyField.equals("customer_ledger_id") || type.equals("estimate");
        ObjectNode p = payload(type, sales ? "Rathi Stationers" : "Surat Paper Mills", sales ? MH_GSTIN : null);
        // the supplier is in Gujarat: make the document intrastate by its place of supply
        p.put("placeOfSupply", "Maharashtra");
        p.put("number", "D-7");
        if (mode.equals("item")) {
            p.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 2).put("rate", 100);
        } else {
            p.withArray("lines").addObject().put("ledger", sales ? "Consultancy Income" : "Office Expenses")
                    .put("rate", 200).put("gstRate", 18).put("description", "March retainer");
        }
        p.withArray("charges").addObject().put("ledger", "Freight Charges").put("amount", 50);

        ApiCall call = mapper.map(p, null, directory, DEFAULTS);

        assertEquals(operation, call.operation());
        assertNull(call.target());
        JsonNode b = call.payload();
        assertEquals("D-7", b.path(numberField).asText());
        assertEquals("15-07-2025", b.path(dateField).asText());
        assertEquals((sales ? customer : supplier).id(), b.path(partyField).asLong());
        if (itemTypeField == null) {
            for (String f : List.of("sales_item_type", "sale_return_item_type", "expense_dn_item_type")) {
                assertFalse(b.has(f), f);
            }
        } else {
            assertEquals(itemTypeValue, b.path(itemTypeField).asInt(), itemTypeField);
        }
        assertEquals(1, b.path(lineArray).size());
        assertFalse(b.has(lineArray.equals("items") ? "ledgers" : "items"));
        JsonNode line = b.path(lineArray).get(0);
        if (mode.equals("item")) {
            assertEquals(directory.item("Blue Pen").id(), line.path("item_id").asLong());
            assertEquals(sales ? 2 : 3, line.path("ledger_id").asLong(), "the default Sales / Purchase ledger");
            assertEquals(1, line.path("unit_id").asLong());
            assertEquals(10, line.path("gst_id").asLong());
        } else {
            assertEquals(sales ? 41 : 42, line.path("ledger_id").asLong());
            assertEquals("March retainer", line.path("additional_description").asText());
            assertFalse(line.has("item_id") || line.has("unit_id") || line.has("quantity"));
        }
        assertEquals("200.00", line.path("total").decimalValue().toPlainString());
        assertEquals(0, line.path("with_tax").asInt());

        JsonNode charge = b.path("additional_charges").get(0);
        assertEquals(7, charge.path("ac_ledger_id").asLong());
        assertEquals("50.00", charge.path(chargeTotal).decimalValue().toPlainString());
        assertFalse(charge.has(chargeTotal.equals("ac_total") ? "ac_total_without_tax" : "ac_total"));

        // 200 at 18 % intrastate + a 50 charge without GST
        assertAmount("200.00", b, "gross_value");
        assertAmount("250.00", b, "taxable_value");
        assertAmount("18.00", b, "cgst");
        assertAmount("18.00", b, "sgst");
        assertAmount("0.00", b, "igst");
        assertAmount("0.00", b, "cess");
        assertAmount("0.00", b, "rounding_amount");
        assertAmount("286.00", b, "grand_total");
        assertEquals(natureType, b.path("main_classification_nature_type").asText());
        assertEquals(1, b.path("is_gst_enabled").asInt());
        assertEquals(1, b.path("is_cgst_sgst_igst_calculated").asInt());
        assertEquals(0, b.path("is_gst_na").asInt());
        assertEquals(1, b.path("is_round_off_not_changed").asInt());
        assertEquals(payments, b.has("payment_details"));
        assertEquals(4008, b.path("shipping_address").path("state_id").asLong());
        assertEquals(101, b.path("billing_address").path("country_id").asLong());
    }

    // ------------------------------------------------------------------------------- hand-worked figures

    @Test
    void anIntrastateSaleSplitsGstIntoEqualCgstAndSgst() throws Exception {
        ObjectNode p = payload("sale", "Rathi Stationers", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 10).put("rate", 12.5);
        p.withArray("lines").addObject().put("item", "Notebook").put("quantity", 3).put("rate", 45).put("description", "A5 ruled");

        ApiCall call = mapper.map(p, "17", directory, DEFAULTS);
        JsonNode b = call.payload();

        // Blue Pen 10 × 12.50 = 125.00 at 18 %: CGST = SGST = 11.25; Notebook 3 × 45 = 135.00 at 12 %: 8.10 each
        assertEquals("sale.create-item", call.operation());
        assertEquals("17", b.path("invoice_number").asText(), "the number HisabKitab assigned");
        assertEquals(MH_GSTIN, b.path("gstin").asText(), "the party's GSTIN from its ledger");
        JsonNode pen = b.path("items").get(0);
        assertEquals("12.50", pen.path("rpu").decimalValue().toPlainString());
        assertEquals("10", pen.path("quantity").decimalValue().toPlainString());
        assertAmount("125.00", pen, "total");
        JsonNode notebook = b.path("items").get(1);
        assertEquals(2, notebook.path("unit_id").asLong(), "the item's unit (NOS)");
        assertEquals(9, notebook.path("gst_id").asLong(), "the item's GST rate (12 %)");
        assertEquals("A5 ruled", notebook.path("additional_description").asText());
        assertAmount("135.00", notebook, "total");
        assertAmount("260.00", b, "gross_value");
        assertAmount("260.00", b, "taxable_value");
        assertAmount("19.35", b, "cgst");
        assertAmount("19.35", b, "sgst");
        assertAmount("0.00", b, "igst");
        assertAmount("298.70", b, "grand_total");
        assertEquals("Intrastate Sales Taxable", b.path("main_classification_nature_type").asText());
        assertEquals(4008, b.path("billing_address").path("state_id").asLong());
        assertEquals(4008, b.path("shipping_address").path("state_id").asLong());
        assertEquals("1, Main Road", b.path("shipping_address").path("address_1").asText(),
                "the billing address is in the place of supply: its lines are the shipping address");
        assertTrue(JSON.writeValueAsString(b).contains("\"grand_total\":298.70"), "amounts go out with 2 decimals");
    }

    @Test
    void anInterstatePurchaseChargesIgst() {
        ObjectNode p = payload("purchase", "Surat Paper Mills", null);
        p.put("number", "SPM/2025/118");
        p.withArray("lines").addObject().put("item", "Notebook").put("quantity", 400).put("rate", 18.75)
                .put("gstRate", 18);

        ApiCall call = mapper.map(p, null, directory, DEFAULTS);
        JsonNode b = call.payload();

        // 400 × 18.75 = 7500.00 at 18 % IGST = 1350.00, grand total 8850.00
        assertEquals("purchase.create-item", call.operation());
        assertEquals("SPM/2025/118", b.path("voucher_number").asText());
        assertEquals("SPM/2025/118", b.path("sale_number").asText(), "the supplier's bill number");
        assertEquals("15-07-2025", b.path("date_of_invoice").asText());
        assertEquals(supplier.id(), b.path("supplier_ledger_id").asLong());
        assertEquals(GJ_GSTIN, b.path("gstin").asText());
        JsonNode line = b.path("items").get(0);
        assertEquals(3, line.path("ledger_id").asLong(), "the default Purchase ledger");
        assertEquals(10, line.path("gst_id").asLong(), "the line's 18 %, not the item's 12 %");
        assertAmount("0.00", line, "total_discount_amount");
        assertAmount("7500.00", line, "total");
        assertAmount("0.00", b, "cgst");
        assertAmount("0.00", b, "sgst");
        assertAmount("1350.00", b, "igst");
        assertAmount("8850.00", b, "grand_total");
        assertEquals("Interstate Purchase Taxable", b.path("main_classification_nature_type").asText());
        assertEquals(4030, b.path("shipping_address").path("state_id").asLong(), "place of supply: the supplier's state");
    }

    @Test
    void aPercentDiscountThenAnAmountDiscount() {
        ObjectNode p = payload("purchase", "Surat Paper Mills", null);
        p.put("placeOfSupply", "maharashtra ");
        p.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 10).put("rate", 99.99)
                .put("discountPercent", 10).put("discountAmount", 50);

        JsonNode b = mapper.map(p, "9", directory, DEFAULTS).payload();

        // 999.90 − 10 % (99.99) = 899.91 − 50.00 = 849.91; CGST = SGST = 9 % of 849.91 = 76.4919 → 76.49
        JsonNode line = b.path("items").get(0);
        assertEquals(1, line.path("discount_type").asInt());
        assertEquals(0, new BigDecimal("10").compareTo(line.path("discount_value").decimalValue()));
        assertEquals(2, line.path("discount_type_2").asInt());
        assertAmount("50.00", line, "discount_value_2");
        assertAmount("149.99", line, "total_discount_amount");
        assertAmount("849.91", line, "total");
        assertAmount("76.49", b, "cgst");
        assertAmount("76.49", b, "sgst");
        assertAmount("1002.89", b, "grand_total");
        assertEquals("Intrastate Purchase Taxable", b.path("main_classification_nature_type").asText());
        assertEquals(4008, b.path("shipping_address").path("state_id").asLong());
        assertFalse(b.path("shipping_address").has("address_1"), "the supplier has no address in the place of supply");
    }

    @Test
    void roundOffToTheRupee() {
        ObjectNode p = payload("sale", "Rathi Stationers", null);
        p.put("roundOff", true);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 99.99);
        JsonNode b = mapper.map(p, "1", directory, DEFAULTS).payload();
        // 99.99 + 9.00 + 9.00 = 117.99 → 118.00
        assertAmount("0.01", b, "rounding_amount");
        assertAmount("118.00", b, "grand_total");

        ObjectNode half = payload("sale", "Rathi Stationers", null);
        half.put("roundOff", true);
        half.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 84.32);
        JsonNode h = mapper.map(half, "2", directory, DEFAULTS).payload();
        // 84.32 + 7.59 + 7.59 = 99.50 → 100.00 (half up)
        assertAmount("0.50", h, "rounding_amount");
        assertAmount("100.00", h, "grand_total");

        ObjectNode none = payload("sale", "Rathi Stationers", null);
        none.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 99.99);
        JsonNode n = mapper.map(none, "3", directory, DEFAULTS).payload();
        assertAmount("0.00", n, "rounding_amount");
        assertAmount("117.99", n, "grand_total");
    }

    @Test
    void chargesCarryTheirOwnGst() {
        ObjectNode p = payload("estimate", "Rathi Stationers", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 100).put("rate", 10);
        p.withArray("charges").addObject().put("ledger", "freight charges").put("amount", 200).put("gstRate", 18);
        p.withArray("charges").addObject().put("ledger", "Round Off").put("amount", 15.5);

        JsonNode b = mapper.map(p, "EST-4", directory, DEFAULTS).payload();

        // line 1000.00 at 18 %: 90 + 90; freight 200.00 at 18 %: 18 + 18; packing 15.50 without GST
        JsonNode freight = b.path("additional_charges").get(0);
        assertEquals(7, freight.path("ac_ledger_id").asLong());
        assertEquals(1, freight.path("ac_type").asInt());
        assertAmount("200.00", freight, "ac_value");
        assertEquals(10, freight.path("ac_gst_rate_id").asLong());
        assertAmount("200.00", freight, "ac_total");
        JsonNode other = b.path("additional_charges").get(1);
        assertTrue(other.path("ac_gst_rate_id").isNull());
        assertAmount("15.50", other, "ac_total");
        assertAmount("1000.00", b, "gross_value");
        assertAmount("1215.50", b, "taxable_value");
        assertAmount("108.00", b, "cgst");
        assertAmount("108.00", b, "sgst");
        assertAmount("1431.50", b, "grand_total");
        assertFalse(b.has("payment_details"));
        assertTrue(b.has("tcs_details"));

        ObjectNode inter = payload("sale", "Rathi Stationers", null);
        inter.put("placeOfSupply", "Karnataka");
        inter.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 100).put("rate", 10);
        inter.withArray("charges").addObject().put("ledger", "Freight Charges").put("amount", 200).put("gstRate", 18);
        JsonNode i = mapper.map(inter, "5", directory, DEFAULTS).payload();
        assertAmount("216.00", i, "igst");
        assertAmount("0.00", i, "cgst");
        assertAmount("1416.00", i, "grand_total");
        assertAmount("200.00", i.path("additional_charges").get(0), "ac_total_without_tax");
        assertEquals(4026, i.path("shipping_address").path("state_id").asLong(), "the place of supply");
        assertEquals(4008, i.path("billing_address").path("state_id").asLong(), "the party's own state");
        assertEquals("Interstate Sales Taxable", i.path("main_classification_nature_type").asText());
    }

    @Test
    void cessIsComputedPerLine() {
        ObjectNode p = payload("sale", "Rathi Stationers", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 2).put("rate", 500).put("gstRate", 28)
                .put("cessRate", 12);
        JsonNode b = mapper.map(p, "1", directory, DEFAULTS).payload();
        // 1000.00 at 28 %: 140 + 140, cess 12 % = 120.00
        assertAmount("120.00", b.path("items").get(0), "cess");
        assertAmount("120.00", b, "cess");
        assertAmount("1400.00", b, "grand_total");
    }

    @Test
    void itemLinesTakeTheItemsLedgerUnitAndGstRate() {
        directory.withItemLedgers("Printer Paper", null, 6L, 51L, 52L); // 5 %, no unit
        ObjectNode sale = payload("sale", "Rathi Stationers", null);
        sale.withArray("lines").addObject().put("item", "Printer Paper").put("quantity", 5).put("rate", 200);
        JsonNode s = mapper.map(sale, "1", directory, DEFAULTS).payload().path("items").get(0);
        assertEquals(51, s.path("ledger_id").asLong(), "the item's income ledger");
        assertEquals(1, s.path("unit_id").asLong(), "the default unit PCS");
        assertEquals(6, s.path("gst_id").asLong());

        ObjectNode purchase = payload("purchase", "Surat Paper Mills", null);
        purchase.withArray("lines").addObject().put("item", "Printer Paper").put("quantity", 5).put("rate", 200)
                .put("unit", "kgs");
        JsonNode p = mapper.map(purchase, "1", directory, DEFAULTS).payload();
        assertEquals(52, p.path("items").get(0).path("ledger_id").asLong(), "the item's expense ledger");
        assertEquals(3, p.path("items").get(0).path("unit_id").asLong(), "the line's unit");
        assertAmount("50.00", p, "igst", "5 % of 1000 taken from the item's GST rate id");

        ObjectNode service = payload("sale", "Rathi Stationers", null);
        service.withArray("lines").addObject().put("item", "Consulting").put("rate", 5000);
        JsonNode c = mapper.map(service, "2", directory, DEFAULTS).payload();
        assertTrue(c.path("items").get(0).path("gst_id").isNull(), "neither the line nor the item has a GST rate");
        assertAmount("5000.00", c, "grand_total");
    }

    @Test
    void placeOfSupplyDecidesIgstWhateverTheBillingState() {
        ObjectNode p = payload("income-credit-note", "Rathi Stationers", null);
        p.put("placeOfSupply", "Tamil Nadu");
        p.withArray("lines").addObject().put("ledger", "Consultancy Income").put("rate", 1000).put("gstRate", 18);
        JsonNode b = mapper.map(p, "CN-1", directory, DEFAULTS).payload();
        assertAmount("180.00", b, "igst");
        assertEquals(4035, b.path("shipping_address").path("state_id").asLong());
        assertEquals(101, b.path("shipping_address").path("country_id").asLong());
        assertEquals("Interstate Income Credit Note Taxable", b.path("main_classification_nature_type").asText());
    }

    @Test
    void aPartyGstinInSmallLettersFindsThePartyAndIsSentInCapitals() {
        ObjectNode p = payload("sale", "Someone Else", MH_GSTIN.toLowerCase(java.util.Locale.ROOT));
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        JsonNode b = mapper.map(p, "INV-1", directory, DEFAULTS).payload();
        assertEquals(customer.id(), b.path("customer_ledger_id").asLong());
        assertEquals(MH_GSTIN, b.path("gstin").asText());
    }

    @Test
    void anUnregisteredPartyWithoutAddressIsInTheCompanysState() {
        InMemoryDirectory d = new InMemoryDirectory() {
            @Override
            public PartyLedger party(dev.hisabkitab.sync.business.masters.PartyRef ref) {
                return new PartyLedger(77, "Walk-in Customer", null, null, null);
            }
        };
        d.withItem("Blue Pen", false, 1L, 10L);
        ObjectNode p = payload("sale", "Walk-in Customer", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        ApiCall call = mapper.map(p, "1", d, DEFAULTS);
        JsonNode b = call.payload();
        assertEquals(77, b.path("customer_ledger_id").asLong());
        assertTrue(b.path("gstin").isNull());
        assertEquals(101, b.path("billing_address").path("country_id").asLong(), "the default country");
        assertEquals(4008, b.path("billing_address").path("state_id").asLong(), "the company's state");
        assertAmount("9.00", b, "cgst");
        assertEquals(1, call.notes().size(), "the reply says the company's state was taken, and why");
        assertTrue(call.notes().get(0).contains("the company's own state (Maharashtra)"), call.notes().toString());
        assertTrue(call.notes().get(0).contains("no GSTIN and no address"), call.notes().toString());
    }

    /** A party whose ledger answer could not be read: its state is unknown, and nothing is booked on a guess. */
    @Test
    void aPartyWhoseLedgerCouldNotBeReadIsAMappingFailureEvenWithAPlaceOfSupply() {
        InMemoryDirectory d = partyIs(new PartyLedger(78, "Kaveri Traders", null, null, null, false));
        ObjectNode p = payload("sale", "Kaveri Traders", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        EventFailure e = assertThrows(EventFailure.class, () -> mapper.map(p, "1", d, DEFAULTS));
        assertEquals(ErrorCategory.MAPPING, e.category());
        assertTrue(e.getMessage().contains("\"Kaveri Traders\""), e.getMessage());
        assertTrue(e.getMessage().contains("could not be read"), e.getMessage());
        p.put("placeOfSupply", "Karnataka");
        assertThrows(EventFailure.class, () -> mapper.map(p, "1", d, DEFAULTS), "its GSTIN is unknown too");
    }

    @Test
    void anAddressWithoutAReadableStateNeedsThePlaceOfSupply() {
        InMemoryDirectory d = partyIs(new PartyLedger(79, "Kaveri Traders", null,
                new PartyLedger.Address("MG Road", null, 101L, null, null, "560001"), null, true));
        ObjectNode p = payload("sale", "Kaveri Traders", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        EventFailure e = assertThrows(EventFailure.class, () -> mapper.map(p, "1", d, DEFAULTS));
        assertEquals(ErrorCategory.MAPPING, e.category());
        assertTrue(e.getMessage().contains("placeOfSupply"), e.getMessage());
        p.put("placeOfSupply", "Karnataka");
        ApiCall call = mapper.map(p, "1", d, DEFAULTS);
        assertAmount("18.00", call.payload(), "igst");
        assertEquals(4026, call.payload().path("billing_address").path("state_id").asLong());
        assertEquals(1, call.notes().size(), call.notes().toString());
    }

    /** Place of supply, in order: the event's, the party's billing state, its GSTIN's state. */
    @Test
    void aRegisteredPartyWithoutAddressIsInItsGstinsStateNotTheCompanys() {
        InMemoryDirectory d = partyIs(new PartyLedger(80, "Kaveri Traders", "29AACCS9012M1Z8", null, null, true));
        ObjectNode p = payload("sale", "Kaveri Traders", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        ApiCall call = mapper.map(p, "1", d, DEFAULTS);
        assertAmount("18.00", call.payload(), "igst");
        assertAmount("0.00", call.payload(), "cgst");
        assertEquals(4026, call.payload().path("shipping_address").path("state_id").asLong());
        assertTrue(call.notes().isEmpty(), call.notes().toString());
        InMemoryDirectory billedElsewhere = partyIs(new PartyLedger(81, "Kaveri Traders", "29AACCS9012M1Z8",
                new PartyLedger.Address("Ring Road", null, 101L, 4030L, null, "395003"), null, true));
        assertEquals(4030, mapper.map(p, "1", billedElsewhere, DEFAULTS).payload().path("shipping_address")
                .path("state_id").asLong(), "the billing state comes before the GSTIN's");
        p.put("placeOfSupply", "Maharashtra");
        JsonNode local = mapper.map(p, "1", billedElsewhere, DEFAULTS).payload();
        assertAmount("9.00", local, "cgst");
        assertAmount("0.00", local, "igst");
    }

    private static InMemoryDirectory partyIs(PartyLedger party) {
        InMemoryDirectory d = new InMemoryDirectory() {
            @Override
            public PartyLedger party(dev.hisabkitab.sync.business.masters.PartyRef ref) {
                return party;
            }
        };
        d.withItem("Blue Pen", false, 1L, 10L);
        return d;
    }

    @Test
    void anItemWhoseGstRateOrUnitCouldNotBeReadIsAMappingFailureUnlessTheLineGivesIt() {
        InMemoryDirectory d = new InMemoryDirectory() {
            @Override
            public ItemMaster item(String name) {
                return new ItemMaster(90, "Steel Bolt", false, null, null, null, null, false, false);
            }
        };
        d.withParty("Rathi Stationers", MH_GSTIN);
        ObjectNode p = payload("sale", "Rathi Stationers", MH_GSTIN);
        ObjectNode line = p.withArray("lines").addObject().put("item", "Steel Bolt").put("rate", 100);
        EventFailure unit = assertThrows(EventFailure.class, () -> mapper.map(p, "1", d, DEFAULTS));
        assertTrue(unit.getMessage().contains("unit of item \"Steel Bolt\""), unit.getMessage());
        line.put("unit", "PCS");
        EventFailure rate = assertThrows(EventFailure.class, () -> mapper.map(p, "1", d, DEFAULTS));
        assertEquals(ErrorCategory.MAPPING, rate.category());
        assertTrue(rate.getMessage().contains("GST rate of item \"Steel Bolt\""), rate.getMessage());
        line.put("gstRate", 18);
        assertAmount("9.00", mapper.map(p, "1", d, DEFAULTS).payload(), "cgst");
    }

    @Test
    void headerFieldsNarrationTermsCreditDaysAndPo() {
        ObjectNode p = payload("sale", "Rathi Stationers", MH_GSTIN);
        p.put("narration", "Diwali order").put("terms", "Goods once sold are not taken back").put("creditDays", 30)
                .put("poNumber", "PO-889").put("poDate", "2025-07-01");
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        JsonNode b = mapper.map(p, "1", directory, DEFAULTS).payload();
        assertEquals("Diwali order", b.path("narration").asText());
        assertEquals("Goods once sold are not taken back", b.path("term_and_condition").asText());
        JsonNode o = b.path("other_details");
        assertEquals(30, o.path("credit_period").asInt());
        assertEquals(2, o.path("credit_period_type").asInt());
        assertEquals("PO-889", o.path("po_no").asText());
        assertEquals("01-07-2025", o.path("po_date").asText());
        assertTrue(b.path("tds_details").path("tds_tax_id").isNull());
        assertTrue(b.path("broker_details").has("broker_id"));

        ObjectNode plain = payload("sale", "Rathi Stationers", null);
        plain.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        JsonNode n = mapper.map(plain, "2", directory, DEFAULTS).payload().path("other_details");
        assertTrue(n.path("credit_period").isNull(), "the party's credit period applies");
        assertTrue(n.path("credit_period_type").isNull());
    }

    @Test
    void paymentsMadeWithTheInvoice() {
        ObjectNode p = payload("sale", "Rathi Stationers", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 1000);
        p.withArray("payments").addObject().put("ledger", "HDFC Bank").put("amount", 500).put("date", "2025-07-16")
                .put("mode", "UPI").put("reference", "UTR 5521");
        p.withArray("payments").addObject().put("ledger", "cash").put("amount", 680).put("mode", "3592");
        JsonNode b = mapper.map(p, "1", directory, DEFAULTS).payload();
        JsonNode bank = b.path("payment_details").get(0);
        assertEquals(4, bank.path("pd_ledger_id").asLong());
        assertEquals("16-07-2025", bank.path("pd_date").asText());
        assertAmount("500.00", bank, "pd_amount");
        assertFalse(bank.has("pd_mode"), "a mode name has no HisabKitab id");
        assertEquals("UPI UTR 5521", bank.path("pd_reference_number").asText());
        JsonNode cash = b.path("payment_details").get(1);
        assertEquals(1, cash.path("pd_ledger_id").asLong());
        assertEquals("15-07-2025", cash.path("pd_date").asText(), "the document date");
        assertEquals(3592, cash.path("pd_mode").asInt());
        assertTrue(cash.path("pd_reference_number").isNull());
    }

    @Test
    void originalInvoiceOfNotesAndReturns() {
        ObjectNode note = payload("income-debit-note", "Rathi Stationers", null);
        note.withArray("lines").addObject().put("ledger", "Consultancy Income").put("rate", 100);
        note.putObject("originalInvoice").put("number", "INV-77").put("date", "2025-06-30");
        JsonNode n = mapper.map(note, "DN-1", directory, DEFAULTS).payload();
        assertEquals("INV-77", n.path("original_inv_no").asText());
        assertEquals("30-06-2025", n.path("original_inv_date").asText());

        directory.withInvoice(supplier.id(), false, new InvoiceRef(8812, "SPM/118", LocalDate.of(2025, 6, 30),
                new BigDecimal("8850.00"), new BigDecimal("8850.00"), 1));
        ObjectNode ret = payload("purchase-return", "Surat Paper Mills", null);
        ret.withArray("lines").addObject().put("item", "Notebook").put("quantity", 4).put("rate", 18.75);
        ret.putObject("originalInvoice").put("number", "spm/118").put("date", "2025-06-30");
        JsonNode r = mapper.map(ret, "PR-1", directory, DEFAULTS).payload();
        assertEquals(8812, r.path("original_inv_no").asLong(), "the purchase's transaction id");
        assertEquals("30-06-2025", r.path("original_inv_date").asText());

        ObjectNode without = payload("expense-credit-note", "Surat Paper Mills", null);
        without.withArray("lines").addObject().put("ledger", "Office Expenses").put("rate", 100);
        JsonNode w = mapper.map(without, "1", directory, DEFAULTS).payload();
        assertTrue(w.has("original_inv_no") && w.path("original_inv_no").isNull());

        ObjectNode unknown = payload("expense-debit-note", "Surat Paper Mills", null);
        unknown.withArray("lines").addObject().put("ledger", "Office Expenses").put("rate", 100);
        unknown.putObject("originalInvoice").put("number", "SPM/999").put("date", "2025-06-30");
        assertMapping("Original invoice: no purchase invoice SPM/999 of this party in HisabKitab", unknown);
    }

    @Test
    void numberSeriesOnlyWhenTheEventHasNoNumber() {
        for (DocumentSpec spec : DocumentTypes.builtIn().all()) {
            ObjectNode p = payload(spec.documentType(), "Rathi Stationers", null);
            assertEquals(spec.resource(), mapper.numberSeries(p));
            p.put("number", "X-1");
            assertNull(mapper.numberSeries(p));
        }
        assertEquals("purchase-order", mapper.numberSeries(payload("purchase-order", "x", null)));
        assertEquals("invoice.create", mapper.eventType());
    }

    // ------------------------------------------------------------------------------- failures

    @Test
    void unknownNamesAreMappingFailuresNamingThePlace() {
        ObjectNode party = payload("sale", "Nobody & Sons", null);
        party.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 1);
        assertMapping("No party \"Nobody & Sons\" in HisabKitab", party);

        ObjectNode item = payload("sale", "Rathi Stationers", null);
        item.withArray("lines").addObject().put("item", "Notebook").put("rate", 1);
        item.withArray("lines").addObject().put("item", "Blue Pens").put("rate", 1);
        assertMapping("Line 2: no item named \"Blue Pens\" in HisabKitab", item);

        ObjectNode ledger = payload("purchase", "Surat Paper Mills", null);
        ledger.withArray("lines").addObject().put("ledger", "Travel Expenses").put("rate", 1);
        assertMapping("Line 1: no ledger named \"Travel Expenses\" in HisabKitab", ledger);

        ObjectNode unit = payload("sale", "Rathi Stationers", null);
        unit.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 1).put("unit", "CARTON");
        assertMapping("Line 1: no unit of measurement \"CARTON\" in HisabKitab", unit);

        ObjectNode state = payload("sale", "Rathi Stationers", null);
        state.put("placeOfSupply", "Kerela");
        state.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 1);
        assertMapping("Place of supply: no state named \"Kerela\" in HisabKitab", state);

        ObjectNode charge = payload("sale", "Rathi Stationers", null);
        charge.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 1);
        charge.withArray("charges").addObject().put("ledger", "Packing").put("amount", 10);
        assertMapping("Charge 1: no ledger named \"Packing\" in HisabKitab", charge);

        ObjectNode payment = payload("sale", "Rathi Stationers", null);
        payment.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        payment.withArray("payments").addObject().put("ledger", "ICICI Bank").put("amount", 10);
        assertMapping("Payment 1: no ledger named \"ICICI Bank\" in HisabKitab", payment);

        ObjectNode gst = payload("sale", "Rathi Stationers", null);
        gst.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100).put("gstRate", 40);
        assertMapping("Line 1: no GST rate of 40% in HisabKitab", gst);
    }

    @Test
    void aDeliveryChallanTakesNoLedgerLines() {
        ObjectNode p = payload("delivery-challan", "Rathi Stationers", null);
        p.withArray("lines").addObject().put("ledger", "Sales").put("rate", 100);
        assertMapping("A delivery challan moves goods: line 1 names a ledger, not an item", p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"estimate", "delivery-challan", "purchase-order"})
    void paymentsOnADocumentThatTakesNone(String type) {
        ObjectNode p = payload(type, type.equals("purchase-order") ? "Surat Paper Mills" : "Rathi Stationers", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        p.withArray("payments").addObject().put("ledger", "Cash").put("amount", 100);
        String label = DocumentTypes.builtIn().find(type).orElseThrow().capitalALabel();
        assertMapping(label + " takes no payments: send the payment as a payment.create event", p);
        assertTrue(label.equals("An estimate") || label.startsWith("A "), label);
    }

    @Test
    void fieldsADocumentHasNoPlaceForAreRefusedNotDropped() {
        ObjectNode po = payload("purchase-order", "Surat Paper Mills", null);
        po.put("creditDays", 30);
        po.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        assertMapping("A purchase order has no credit period or customer PO reference: leave out creditDays", po);

        ObjectNode sale = payload("sale", "Rathi Stationers", null);
        sale.putObject("originalInvoice").put("number", "INV-1").put("date", "2025-07-01");
        sale.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        assertMapping("A sale corrects no earlier invoice: originalInvoice is for returns and debit or credit notes", sale);

        ObjectNode quantity = payload("sale", "Rathi Stationers", null);
        quantity.withArray("lines").addObject().put("ledger", "Consultancy Income").put("rate", 100).put("quantity", 3);
        assertMapping("Line 1: a ledger line has no quantity; give the line amount as its rate", quantity);

        ObjectNode mixed = payload("sale", "Rathi Stationers", null);
        mixed.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        mixed.withArray("lines").addObject().put("ledger", "Sales").put("rate", 100);
        assertMapping("Line 1 names an item and line 2 a ledger: a document is either an item invoice or an "
                + "accounting invoice, not both", mixed);

        ObjectNode overpaid = payload("sale", "Rathi Stationers", null);
        overpaid.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        overpaid.withArray("payments").addObject().put("ledger", "Cash").put("amount", 200);
        assertMapping("Payments of 200.00 are more than the grand total of 118.00", overpaid);
    }

    @Test
    void arithmeticThatCannotBeDoneIsAMappingFailure() {
        ObjectNode p = payload("sale", "Rathi Stationers", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("quantity", 2).put("rate", 10)
                .put("discountPercent", 50).put("discountAmount", 15);
        assertMapping("line 2: discount of 15.00 is more than the line amount of 10.00 left after the 50% discount", p);
    }

    @Test
    void aMissingNumberIsAMappingFailure() {
        ObjectNode p = payload("sale", "Rathi Stationers", null);
        p.withArray("lines").addObject().put("item", "Blue Pen").put("rate", 100);
        EventFailure e = assertThrows(EventFailure.class, () -> mapper.map(p, null, directory, DEFAULTS));
        assertEquals(ErrorCategory.MAPPING, e.category());
        assertEquals("The sale has no number: the event gives none and none was taken from HisabKitab's sale series",
                e.getMessage());
    }

    // ------------------------------------------------------------------------------- helpers

    static ObjectNode payload(String type, String partyName, String gstin) {
        ObjectNode p = JSON.createObjectNode();
        p.put("documentType", type);
        p.put("date", "2025-07-15");
        ObjectNode party = p.putObject("party");
        party.put("name", partyName);
        if (gstin != null) {
            party.put("gstin", gstin);
        }
        p.putArray("lines");
        return p;
    }

    private void assertMapping(String message, JsonNode payload) {
        EventFailure e = assertThrows(EventFailure.class, () -> mapper.map(payload, "1", directory, DEFAULTS));
        assertEquals(ErrorCategory.MAPPING, e.category());
        assertEquals(message, e.getMessage());
    }

    private static void assertAmount(String expected, JsonNode node, String field) {
        assertAmount(expected, node, field, field);
    }

    private static void assertAmount(String expected, JsonNode node, String field, String message) {
        JsonNode v = node.get(field);
        assertTrue(v != null && v.isNumber(), field + " is a JSON number in " + node);
        assertEquals(expected, v.decimalValue().toPlainString(), message);
    }
}

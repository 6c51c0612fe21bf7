package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.OperationSamples.World;

/**
 * The sums the sandbox holds a body to (sandbox-rules.yaml, section arithmetic), over real HTTP. The amounts of the
 * reference sale are worked by hand here, not computed by any code under test:
 *
 * <pre>
 * line 0  10 × 125.50 = 1255.00, less 5% (62.75)         = 1192.25   18%: CGST 107.3025 → 107.30, IGST 214.605 → 214.61
 * line 1  2.5 × 750   = 1875.00, less ₹100               = 1775.00   18%: CGST 159.75,            IGST 319.50
 * freight                                                =  250.00   18%: CGST  22.50,            IGST  45.00
 * gross value 2967.25, taxable value 3217.25
 * intrastate: CGST = SGST = 289.55 → 3796.35, round-off -0.35 → grand total 3796.00
 * interstate: IGST 579.11 (a paisa more: rounded once per line, not per half) → 3796.36, round-off -0.36 → 3796.00
 * </pre>
 */
class SandboxArithmeticTest {

    private static final String KEY = "arithmetic-key-" + UUID.randomUUID();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HisabKitabSandbox sandbox;
    private SandboxClient client;
    private SandboxCompany company;
    private World world;

    @BeforeEach
    void start() {
        sandbox = HisabKitabSandbox.start(0, new LinkedHashSet<>(List.of(KEY)));
        client = new SandboxClient(sandbox.baseUrl());
        company = sandbox.company(KEY);
        world = new World(company);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    // ------------------------------------------------------------------------------------------ bodies

    private static DecimalNode money(String amount) {
        return DecimalNode.valueOf(new BigDecimal(amount));
    }

    private ObjectNode itemLine(long item, String quantity, String rpu, String total) {
        ObjectNode l = F.objectNode();
        l.put("item_id", item).put("additional_description", "").put("ledger_id", world.ledger("Sales")).put("unit_id", world.unit("PCS"));
        l.set("quantity", new DecimalNode(new BigDecimal(quantity)));
        l.putNull("mrp");
        l.set("rpu", new DecimalNode(new BigDecimal(rpu)));
        l.put("with_tax", 0);
        l.put("discount_type", 1).putNull("discount_value").put("discount_type_2", 2).putNull("discount_value_2");
        l.put("gst_id", world.gst18()).put("cess", 0);
        l.set("total", money(total));
        return l;
    }

    /** The hand-worked sale of the class comment, intrastate (the company's own state) or interstate (another). */
    private ObjectNode sale(boolean interstate) {
        ObjectNode b = OperationSamples.createBody("sale.create-item", company);
        long home = company.details().path("state_id").asLong();
        long state = interstate ? (home == 4030 ? 4008 : 4030) : home;
        long city = company.idOf("city", "state_id", String.valueOf(state)).orElseThrow();
        for (String a : List.of("billing_address", "shipping_address")) {
            ((ObjectNode) b.get(a)).put("state_id", state).put("city_id", city);
        }
        b.put("main_classification_nature_type", (interstate ? "Interstate" : "Intrastate") + " Sales Taxable");
        b.put("is_gst_enabled", 1).put("is_gst_na", 0);
        ArrayNode items = b.putArray("items");
        items.add(itemLine(world.goodsItem(), "10", "125.50", "1192.25").put("discount_value", 5));
        items.add(itemLine(world.serviceItem(), "2.5", "750", "1775.00").put("discount_value_2", 100));
        ObjectNode freight = b.putArray("additional_charges").addObject();
        freight.put("ac_ledger_id", world.ledger("Freight Charges")).put("ac_type", 1).put("ac_gst_rate_id", world.gst18());
        freight.set("ac_value", money("250.00"));
        freight.set("ac_total_without_tax", money("250.00"));
        b.putArray("add_less");
        b.set("gross_value", money("2967.25"));
        b.set("taxable_value", money("3217.25"));
        b.set("cgst", money(interstate ? "0" : "289.55"));
        b.set("sgst", money(interstate ? "0" : "289.55"));
        b.set("igst", money(interstate ? "579.11" : "0"));
        b.set("cess", money("0"));
        b.set("rounding_amount", money(interstate ? "-0.36" : "-0.35"));
        b.set("grand_total", money("3796.00"));
        return b;
    }

    private HttpResponse<String> postSale(ObjectNode body) throws IOException, InterruptedException {
        return client.postJson("/sale-transactions", KEY, body);
    }

    private static JsonNode errors(HttpResponse<String> response) throws IOException {
        assertEquals(422, response.statusCode(), response.body());
        JsonNode body = SandboxClient.json(response);
        assertFalse(body.path("success").asBoolean(true), response.body());
        assertEquals("The given data was invalid.", body.path("message").asText(), response.body());
        return body.path("data").path("errors");
    }

    private static String first(JsonNode errors, String field) {
        assertTrue(errors.has(field), field + " not in " + errors);
        return errors.get(field).get(0).asText();
    }

    private static List<String> fields(JsonNode errors) {
        List<String> out = new ArrayList<>();
        errors.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ------------------------------------------------------------------------------------------ documents

    @Test
    void aConsistentIntrastateItemSaleIsAccepted() throws Exception {
        HttpResponse<String> r = postSale(sale(false));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode stored = SandboxClient.json(r).at("/data/sale_transaction");
        assertEquals(0, new BigDecimal("3796.00").compareTo(stored.get("grand_total").decimalValue()));
        assertEquals(0, new BigDecimal("289.55").compareTo(stored.get("cgst").decimalValue()));
        assertEquals(1, company.count("sale"));
    }

    @Test
    void aConsistentInterstateItemSaleIsAccepted() throws Exception {
        HttpResponse<String> r = postSale(sale(true));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, new BigDecimal("579.11").compareTo(SandboxClient.json(r).at("/data/sale_transaction/igst").decimalValue()));
    }

    @Test
    void aWrongLineTotalIsRefusedNamingTheLine() throws Exception {
        ObjectNode body = sale(false);
        ((ObjectNode) body.withArray("items").get(1)).set("total", money("1780.00"));
        JsonNode errors = errors(postSale(body));
        assertTrue(first(errors, "items.1.total").startsWith(
                "line total 1780.00 does not match quantity × rate less discounts (1775.00)"), errors.toString());
        assertFalse(errors.has("items.0.total"), errors.toString());
        assertEquals(0, company.count("sale"), "nothing is stored for a refused create");
    }

    @Test
    void cgstDifferentFromSgstIsRefused() throws Exception {
        ObjectNode body = sale(false);
        body.set("cgst", money("289.56"));
        body.set("sgst", money("289.54")); // the same GST in total, split unevenly
        JsonNode errors = errors(postSale(body));
        assertEquals(List.of("sgst"), fields(errors));
        assertTrue(first(errors, "sgst").contains("does not equal CGST 289.56"), errors.toString());
    }

    @Test
    void igstOnAnIntrastateSaleIsRefused() throws Exception {
        ObjectNode body = sale(false);
        body.set("cgst", money("0"));
        body.set("sgst", money("0"));
        body.set("igst", money("579.10"));
        JsonNode errors = errors(postSale(body));
        assertEquals(List.of("igst"), fields(errors));
        assertTrue(first(errors, "igst").contains("intrastate"), errors.toString());

        ObjectNode interstate = sale(true);
        interstate.set("cgst", money("289.55"));
        interstate.set("sgst", money("289.55"));
        interstate.set("igst", money("0"));
        interstate.set("rounding_amount", money("-0.35"));
        assertTrue(errors(postSale(interstate)).has("cgst"), "CGST on an interstate sale");
    }

    @Test
    void gstThatIsNotTheLinesTaxIsRefused() throws Exception {
        ObjectNode body = sale(false);
        body.set("cgst", money("280.55"));
        body.set("sgst", money("280.55"));
        body.set("rounding_amount", money("-0.35"));
        body.set("grand_total", money("3778.00"));
        JsonNode errors = errors(postSale(body));
        assertTrue(first(errors, "cgst").contains("(579.10"), errors.toString());
    }

    @Test
    void aGrandTotalOffByOneRupeeIsRefused() throws Exception {
        ObjectNode body = sale(false);
        body.set("grand_total", money("3797.00"));
        JsonNode errors = errors(postSale(body));
        assertEquals(List.of("grand_total"), fields(errors));
        assertTrue(first(errors, "grand_total").startsWith("grand total 3797.00 does not match"), errors.toString());
        assertTrue(first(errors, "grand_total").endsWith("(3796.00)"), errors.toString());
    }

    @Test
    void aRoundOffOf75PaiseIsRefused() throws Exception {
        ObjectNode body = sale(false);
        body.set("rounding_amount", money("0.75"));
        body.set("grand_total", money("3797.10")); // adds up, but no rounding to the rupee needs 0.75
        JsonNode errors = errors(postSale(body));
        assertEquals(List.of("rounding_amount"), fields(errors));
        assertTrue(first(errors, "rounding_amount").startsWith("round-off 0.75 is more than 0.50"), errors.toString());
    }

    @Test
    void anAmountWithThreeDecimalsIsRefused() throws Exception {
        ObjectNode body = sale(false);
        ((ObjectNode) body.withArray("items").get(0)).set("total", money("1192.255"));
        JsonNode errors = errors(postSale(body));
        assertEquals(List.of("items.0.total"), fields(errors), "a type error: the sums are not looked at");
        assertTrue(first(errors, "items.0.total").contains("at most 2 decimal places"), errors.toString());

        ObjectNode grand = sale(false);
        grand.set("grand_total", money("3796.001"));
        assertTrue(errors(postSale(grand)).has("grand_total"));
    }

    @Test
    void aNegativeTaxableValueIsRefused() throws Exception {
        ObjectNode body = sale(false);
        ((ObjectNode) body.withArray("items").get(1)).put("discount_value_2", 2000).set("total", money("-125.00"));
        JsonNode errors = errors(postSale(body));
        assertTrue(first(errors, "items.1.total").contains("at least 0"), errors.toString());

        ObjectNode tooMuchDiscount = sale(false);
        ((ObjectNode) tooMuchDiscount.withArray("items").get(1)).put("discount_value_2", 2000).set("total", money("0"));
        assertTrue(first(errors(postSale(tooMuchDiscount)), "items.1.discount_value_2").contains("more than the line amount"));
    }

    @Test
    void aTaxInclusiveLineIsAcceptedWithItsTaxTakenOut() throws Exception {
        // 3 × 118 incl. 18% = 300.00; 1 × 99.99 incl. 18% = 84.7372… → 84.74; CGST 27.00 + 7.6266 → 7.63
        ObjectNode body = sale(false);
        ArrayNode items = body.putArray("items");
        items.add(itemLine(world.goodsItem(), "3", "118", "300.00").put("with_tax", 1));
        items.add(itemLine(world.serviceItem(), "1", "99.99", "84.74").put("with_tax", 1));
        body.putArray("additional_charges");
        body.set("gross_value", money("384.74"));
        body.set("taxable_value", money("384.74"));
        body.set("cgst", money("34.63"));
        body.set("sgst", money("34.63"));
        body.set("rounding_amount", money("0.00"));
        body.set("grand_total", money("454.00"));
        HttpResponse<String> r = postSale(body);
        assertEquals(200, r.statusCode(), r.body());

        // the same line with the tax left in its total is refused, saying why
        ObjectNode taxLeftIn = body.deepCopy();
        taxLeftIn.put("invoice_number", company.nextNumber("sale"));
        ((ObjectNode) taxLeftIn.withArray("items").get(1)).set("total", money("99.99"));
        String message = first(errors(postSale(taxLeftIn)), "items.1.total");
        assertTrue(message.contains("without the 18% GST it includes") && message.contains("(84.74)"), message);
    }

    @Test
    void theNatureTypeMustNameTheScope() throws Exception {
        ObjectNode body = sale(true);
        body.put("main_classification_nature_type", "Intrastate Sales Taxable");
        String message = first(errors(postSale(body)), "main_classification_nature_type");
        assertTrue(message.contains("interstate"), message);
    }

    @Test
    void aDocumentWithoutGstMustCarryNone() throws Exception {
        ObjectNode body = sale(false);
        body.put("is_gst_na", 1);
        JsonNode errors = errors(postSale(body));
        assertTrue(first(errors, "cgst").contains("is_gst_na is 1"), errors.toString());

        ObjectNode none = sale(false);
        none.put("is_gst_enabled", 0);
        none.set("cgst", money("0"));
        none.set("sgst", money("0"));
        none.set("rounding_amount", money("-0.25"));
        none.set("grand_total", money("3217.00"));
        HttpResponse<String> r = postSale(none);
        assertEquals(200, r.statusCode(), r.body());

        // the scope word still follows the place of supply, and a label saying "Exempt" means no GST either
        ObjectNode interstateWithout = sale(true);
        interstateWithout.put("is_gst_na", 1);
        interstateWithout.set("igst", money("0"));
        interstateWithout.set("rounding_amount", money("-0.25"));
        interstateWithout.set("grand_total", money("3217.00"));
        HttpResponse<String> r2 = postSale(interstateWithout);
        assertEquals(200, r2.statusCode(), r2.body());
        ObjectNode exempt = interstateWithout.deepCopy();
        exempt.put("invoice_number", company.nextNumber("sale"));
        exempt.put("is_gst_na", 0).put("main_classification_nature_type", "Interstate Sales Exempt");
        HttpResponse<String> r3 = postSale(exempt);
        assertEquals(200, r3.statusCode(), r3.body());
        exempt.put("invoice_number", company.nextNumber("sale"));
        exempt.set("igst", money("579.11"));
        exempt.set("rounding_amount", money("-0.36"));
        exempt.set("grand_total", money("3796.00"));
        assertTrue(first(errors(postSale(exempt)), "igst").contains("Interstate Sales Exempt"));
    }

    @Test
    void aChargeTotalMustRepeatItsValueAndAddLessIsRefused() throws Exception {
        ObjectNode body = sale(false);
        ((ObjectNode) body.withArray("additional_charges").get(0)).set("ac_total_without_tax", money("295.00"));
        ObjectNode addLess = body.withArray("add_less").addObject();
        addLess.put("al_ledger_id", world.ledger("Round Off")).put("al_is_show_in_print", 0).put("al_type", 1).put("al_value", 100);
        JsonNode errors = errors(postSale(body));
        assertTrue(first(errors, "additional_charges.0.ac_total_without_tax").contains("(250.00)"), errors.toString());
        assertTrue(first(errors, "add_less.0.al_value").contains("not documented"), errors.toString());
    }

    // ------------------------------------------------------------------------------------------ journals and vouchers

    @Test
    void anUnbalancedJournalIsRefusedInBothForms() throws Exception {
        ObjectNode journal = OperationSamples.journalJson(world);
        ((ObjectNode) journal.withArray("ledger_amount_data").get(0)).put("amount", "1000.00");
        ((ObjectNode) journal.withArray("ledger_amount_data").get(1)).put("amount", 900);
        journal.put("debit_total", 1000).put("credit_total", 1000);
        JsonNode errors = errors(client.postJson("/journal-transactions", KEY, journal));
        assertEquals("The debit amounts (1000.00) and the credit amounts (900.00) must be equal.", first(errors, "ledger_amount_data"));
        assertTrue(first(errors, "credit_total").contains("(900.00)"), errors.toString());
        assertFalse(errors.has("debit_total"), errors.toString());

        ObjectNode balancedButWrongTotals = OperationSamples.journalMultipart(world);
        balancedButWrongTotals.remove("__multipart");
        balancedButWrongTotals.put("debit_total", "85000.00").put("credit_total", "85000.00"); // the vendor example's totals
        String boundary = "----a" + UUID.randomUUID();
        JsonNode multipart = errors(client.send("POST", "/journal-transactions", KEY, "multipart/form-data; boundary=" + boundary,
                SandboxClient.multipart(balancedButWrongTotals, boundary, null)));
        assertTrue(first(multipart, "debit_total").contains("(1500.00)"), multipart.toString());
        assertEquals(0, company.count("journal"));

        assertEquals(200, client.postJson("/journal-transactions", KEY, OperationSamples.journalJson(world)).statusCode());
    }

    @Test
    void aReceiptMustReceiveSomethingAndSettleNoMoreThanThat() throws Exception {
        ObjectNode receipt = OperationSamples.voucherBody(world, "receipt");
        receipt.put("total_received_amount", 1000);
        String message = first(errors(client.postJson("/receipt-transactions", KEY, receipt)), "settle_invoices_data");
        assertTrue(message.contains("1080.00") && message.contains("1000.00"), message);

        ObjectNode nothing = OperationSamples.voucherBody(world, "receipt");
        nothing.put("total_received_amount", 0);
        nothing.putArray("settle_invoices_data");
        assertTrue(errors(client.postJson("/receipt-transactions", KEY, nothing)).has("total_received_amount"));

        assertEquals(200, client.postJson("/receipt-transactions", KEY, OperationSamples.voucherBody(world, "receipt")).statusCode());
    }

    // ------------------------------------------------------------------------------------------ next numbers

    private String askNext() throws Exception {
        HttpResponse<String> r = client.getJson("/sale-transactions/next-invoice-number", KEY);
        assertEquals(200, r.statusCode(), r.body());
        return SandboxClient.json(r).get("data").asText();
    }

    private long createNumbered(String number) throws Exception {
        ObjectNode body = sale(false);
        body.put("invoice_number", number);
        HttpResponse<String> r = postSale(body);
        assertEquals(200, r.statusCode(), r.body());
        return SandboxClient.json(r).at("/data/transaction_id").asLong();
    }

    @Test
    void nextNumbersAreDistinctAndFollowTheHighestNumberUsed() throws Exception {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 3; i++) { // ask, then create with the answer
            String next = askNext();
            assertTrue(used.add(next), "handed out twice: " + next);
            createNumbered(next);
        }
        assertEquals(Set.of("1", "2", "3"), used);

        createNumbered("57"); // a number the client chose itself
        assertEquals("58", askNext());
        long fiftyEight = createNumbered(askNext());
        assertEquals("59", askNext());

        // a deleted document's number is not handed out again
        assertEquals(200, client.send("DELETE", "/sale-transactions/" + fiftyEight, KEY, null, null).statusCode());
        assertEquals("59", askNext());

        // the configured series form counts too (prefix INV-)
        createNumbered("INV-70");
        assertEquals("71", askNext());
        assertNotEquals("71", company.nextNumber("purchase"), "each document type has its own series");
    }
}

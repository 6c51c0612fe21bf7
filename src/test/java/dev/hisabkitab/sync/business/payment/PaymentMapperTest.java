package dev.hisabkitab.sync.business.payment;

import static dev.hisabkitab.sync.business.MapperAssertions.assertAmount;
import static dev.hisabkitab.sync.business.MapperAssertions.assertJson;
import static dev.hisabkitab.sync.business.MapperAssertions.assertMappingFailure;
import static dev.hisabkitab.sync.business.MapperAssertions.json;
import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.client.ApiCall;

class PaymentMapperTest {

    private final PaymentMapper mapper = new PaymentMapper();
    private final InMemoryDirectory directory = new InMemoryDirectory().withLedger("HDFC Current Account", 4);
    private final PartyLedger sharma = directory.withParty("Sharma Traders", "27AAPFU0939F1ZV");
    private final PartyLedger tata = directory.withParty("Tata Bolts Pvt Ltd", "29AABCT3518Q1ZS");
    private final InvoiceRef inv1 = directory.withInvoice(sharma.id(), true, new InvoiceRef(501, "INV-2025-0001",
            LocalDate.of(2025, 2, 11), new BigDecimal("5900.00"), new BigDecimal("2500.75"), 1));
    private final InvoiceRef inv2 = directory.withInvoice(sharma.id(), true, new InvoiceRef(502, "INV-2025-0002",
            LocalDate.of(2025, 2, 12), new BigDecimal("11800"), new BigDecimal("11800"), 1));
    private final InvoiceRef bill = directory.withInvoice(tata.id(), false, new InvoiceRef(77, "TB/245",
            LocalDate.of(2025, 2, 3), new BigDecimal("9735"), new BigDecimal("9735"), 11));

    private static ObjectNode received() {
        return (ObjectNode) resource("/events/valid/payment.create-received.json").get("payload").deepCopy();
    }

    private static ObjectNode paid() {
        return (ObjectNode) resource("/events/valid/payment.create-paid.json").get("payload").deepCopy();
    }

    private ApiCall map(JsonNode payload, String assignedNumber) {
        return mapper.map(payload, assignedNumber, directory, MappingDefaults.standard());
    }

    @Test
    void theNumberSeriesIsTheDirectionsWhenTheEventBringsNoNumber() {
        assertEquals("payment.create", mapper.eventType());
        assertNull(mapper.numberSeries(received()), "RCPT-0101 is the event's own");
        assertEquals("payment", mapper.numberSeries(paid()));
        ObjectNode r = received();
        r.remove("number");
        assertEquals("receipt", mapper.numberSeries(r));
    }

    @Test
    void moneyReceivedIsAReceiptSettlingTheNamedInvoice() {
        ApiCall call = map(received(), null);
        assertEquals("receipt.create", call.operation());
        assertNull(call.target());
        assertJson("""
                {"receipt_number": "RCPT-0101", "date": "25-02-2025", "bank_cash_ledger_id": 4, "ledger_id": %d,
                 "total_received_amount": 15000.00, "reference_number": "HDFCN52025022512345",
                 "narration": "Against INV-2025-0001 and on account", "is_manage_transaction": 1,
                 "settle_invoices_data": [{"transaction_id": 501, "invoice_number": "INV-2025-0001", "bill_type": 1,
                   "date": "11-02-2025", "total_amount": 5900.00, "pending_amount": 2500.75, "received_amount": 2500.75}]}
                """.formatted(sharma.id()), call.payload());
        assertAmount("15000.00", call.payload().get("total_received_amount"));
    }

    @Test
    void moneyPaidIsAPaymentWithTheReceiptFieldNamesAndTheAssignedNumber() {
        ApiCall call = map(paid(), "17");
        assertEquals("payment.create", call.operation());
        assertJson("""
                {"receipt_number": "17", "date": "26-02-2025", "bank_cash_ledger_id": 1, "ledger_id": %d,
                 "total_received_amount": 9735.00, "is_manage_transaction": 0}
                """.formatted(tata.id()), call.payload());
    }

    @Test
    void aPaymentSettlesThePartysPurchaseBills() {
        ObjectNode p = paid();
        p.putArray("settle").addObject().put("invoiceNumber", "tb/245").put("amount", 9735);
        JsonNode row = map(p, "17").payload().get("settle_invoices_data").get(0);
        assertEquals(77, row.get("transaction_id").asLong());
        assertEquals("TB/245", row.get("invoice_number").asText(), "the number as HisabKitab shows it");
        assertEquals(11, row.get("bill_type").asInt());
        assertAmount("9735.00", row.get("received_amount"));
    }

    @Test
    void aPartyIsNamedByNameOrByGstin() {
        ObjectNode p = received();
        p.put("party", "sharma traders");
        assertEquals(sharma.id(), map(p, null).payload().get("ledger_id").asLong());
        p.set("party", json("{\"name\": \"Someone Else\", \"gstin\": \"27AAPFU0939F1ZV\"}"));
        assertEquals(sharma.id(), map(p, null).payload().get("ledger_id").asLong(), "GSTIN wins");
    }

    @Test
    void settlingSeveralInvoicesUpToTheAmountIsFine() {
        ObjectNode p = received();
        ((ObjectNode) p.withArray("settle").get(0)).put("amount", 2000);
        p.withArray("settle").addObject().put("invoiceNumber", "INV-2025-0002").put("amount", 11800);
        ArrayNode rows = (ArrayNode) map(p, null).payload().get("settle_invoices_data");
        assertEquals(2, rows.size());
        assertAmount("2000.00", rows.get(0).get("received_amount"));
        assertAmount("2500.75", rows.get(0).get("pending_amount"));
        assertEquals(502, rows.get(1).get("transaction_id").asLong());
        assertAmount("11800.00", rows.get(1).get("total_amount"));
        assertAmount("11800.00", rows.get(1).get("received_amount"));
        ((ObjectNode) p.withArray("settle").get(1)).put("amount", 11800.01);
        assertEquals("Invoice INV-2025-0002 has only 11,800.00 pending, but 11,800.01 is settled against it.",
                assertMappingFailure(() -> map(p, null)));
    }

    @Test
    void settlementsAddingUpToMoreThanTheMoneyAreRefused() {
        ObjectNode p = received();
        p.put("amount", 12000);
        ((ObjectNode) p.withArray("settle").get(0)).put("amount", 2500);
        p.withArray("settle").addObject().put("invoiceNumber", "INV-2025-0002").put("amount", 9500.5);
        assertEquals("The invoices settled add up to 12,000.50, more than the 12,000.00 received.",
                assertMappingFailure(() -> map(p, null)));
        ObjectNode q = paid();
        q.put("amount", 9000);
        q.putArray("settle").addObject().put("invoiceNumber", "TB/245").put("amount", 9735);
        assertEquals("The bills settled add up to 9,735.00, more than the 9,000.00 paid.",
                assertMappingFailure(() -> map(q, "17")));
    }

    @Test
    void settlingMoreThanIsPendingOnAnInvoiceIsRefusedNamingIt() {
        ObjectNode p = received();
        ((ObjectNode) p.withArray("settle").get(0)).put("amount", 2600);
        assertEquals("Invoice INV-2025-0001 has only 2,500.75 pending, but 2,600.00 is settled against it.",
                assertMappingFailure(() -> map(p, null)));
    }

    @Test
    void anInvoiceListedTwiceIsRefused() {
        ObjectNode p = received();
        ((ObjectNode) p.withArray("settle").get(0)).put("amount", 1000);
        p.withArray("settle").addObject().put("invoiceNumber", "inv-2025-0001").put("amount", 1000);
        assertEquals("Invoice INV-2025-0001 is listed twice under settle; list each invoice once with the whole amount "
                + "received against it.", assertMappingFailure(() -> map(p, null)));
    }

    @Test
    void anUnknownInvoiceIsAMappingFailure() {
        ObjectNode p = received();
        ((ObjectNode) p.withArray("settle").get(0)).put("invoiceNumber", "INV-2025-0099");
        assertEquals("No sales invoice INV-2025-0099 of this party in HisabKitab", assertMappingFailure(() -> map(p, null)));
        ObjectNode q = received();
        ((ObjectNode) q.withArray("settle").get(0)).put("invoiceNumber", "TB/245");
        assertEquals("No sales invoice TB/245 of this party in HisabKitab", assertMappingFailure(() -> map(q, null)),
                "another party's purchase bill is no invoice to settle by a receipt");
    }

    @Test
    void unknownAccountsAndPartiesAreMappingFailures() {
        ObjectNode p = received();
        p.put("account", "ICICI Bank");
        assertEquals("No ledger named \"ICICI Bank\" in HisabKitab", assertMappingFailure(() -> map(p, null)));
        ObjectNode q = paid();
        q.put("party", "Nobody Pvt Ltd");
        assertEquals("No party \"Nobody Pvt Ltd\" in HisabKitab", assertMappingFailure(() -> map(q, "17")));
    }

    @Test
    void withoutSettlementsTheMoneyStaysOnAccount() {
        ObjectNode p = received();
        p.remove("settle");
        JsonNode body = map(p, null).payload();
        assertEquals(0, body.get("is_manage_transaction").asInt());
        assertFalse(body.has("settle_invoices_data"));
        assertFalse(body.has("payment_mode_id"), "the mode names no documented payment-mode id");
        assertFalse(body.has("payment_mode"));
    }

    @Test
    void aNumberMustHaveBeenAssignedWhenTheEventHasNone() {
        assertThrows(IllegalStateException.class, () -> map(paid(), null));
    }
}

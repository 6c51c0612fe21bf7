package dev.hisabkitab.sync.business.payment;

import static dev.hisabkitab.sync.business.MapperAssertions.json;
import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.SandboxCalls;
import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.party.PartyMapper;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiDates;
import dev.hisabkitab.sync.sandbox.OperationSamples;

/**
 * The mapped receipt and payment bodies, sent over HTTP to the sandbox, are accepted: a receipt settling part of a
 * sale created in the sandbox, and a payment on account numbered from the sandbox's series.
 */
class PaymentMapperSandboxTest {

    private final SandboxCalls sandbox = new SandboxCalls();
    private final InMemoryDirectory directory = SandboxCalls.directory();
    private final PaymentMapper mapper = new PaymentMapper();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** The party of the event, created in the sandbox through the PartyMapper, known to the directory. */
    private PartyLedger party(String event, String name, String gstin) {
        JsonNode payload = resource("/events/valid/" + event).get("payload");
        long id = sandbox.accepted(new PartyMapper().map(payload, null, directory, MappingDefaults.standard()))
                .get("id").asLong();
        return directory.withParty(new PartyLedger(id, name, gstin, null, null));
    }

    @Test
    void aReceiptSettlesPartOfASaleCreatedInTheSandbox() {
        PartyLedger sharma = party("party.upsert-customer.json", "Sharma Traders", "27AAPFU0939F1ZV");
        ObjectNode sale = OperationSamples.createBody("sale.create-item", sandbox.company());
        sale.put("customer_ledger_id", sharma.id());
        JsonNode created = sandbox.accepted(ApiCall.of("sale.create-item", null, sale)).get("sale_transaction");
        BigDecimal total = sale.get("grand_total").decimalValue();
        InvoiceRef invoice = directory.withInvoice(sharma.id(), true, new InvoiceRef(created.get("id").asLong(),
                created.get("full_invoice_number").asText(),
                LocalDate.parse(sale.get("date").asText(), ApiDates.API_DATE), total, total, 1));

        ObjectNode receipt = (ObjectNode) resource("/events/valid/payment.create-received.json").get("payload").deepCopy();
        receipt.remove("number");
        receipt.put("account", "HDFC Bank");
        BigDecimal part = total.divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.HALF_UP);
        receipt.put("amount", part.add(BigDecimal.TEN));
        receipt.set("settle", json("[{\"invoiceNumber\": \"" + invoice.number() + "\", \"amount\": " + part + "}]"));
        assertEquals("receipt", mapper.numberSeries(receipt));

        ApiCall call = mapper.map(receipt, sandbox.company().nextNumber("receipt"), directory, MappingDefaults.standard());
        assertEquals("receipt.create", call.operation());
        JsonNode accepted = sandbox.accepted(call);
        assertEquals(String.valueOf(sharma.id()), accepted.get("ledger_id").asText());
        assertEquals("4", accepted.get("bank_cash_ledger_id").asText());
        JsonNode stored = sandbox.company().requestBody("receipt", accepted.get("id").asLong()).orElseThrow();
        assertEquals(invoice.transactionId(), stored.at("/settle_invoices_data/0/transaction_id").asLong());
        assertEquals(0, part.compareTo(stored.at("/settle_invoices_data/0/received_amount").decimalValue()));
    }

    @Test
    void aPaymentOnAccountIsAccepted() {
        PartyLedger tata = party("party.upsert-supplier.json", "Tata Bolts Pvt Ltd", "29AABCT3518Q1ZS");
        JsonNode paid = resource("/events/valid/payment.create-paid.json").get("payload");
        assertEquals("payment", mapper.numberSeries(paid));
        ApiCall call = mapper.map(paid, sandbox.company().nextNumber("payment"), directory, MappingDefaults.standard());
        assertEquals("payment.create", call.operation());
        JsonNode accepted = sandbox.accepted(call);
        assertEquals(String.valueOf(tata.id()), accepted.get("ledger_id").asText());
        assertEquals("1", accepted.get("bank_cash_ledger_id").asText(), "Cash");
    }
}

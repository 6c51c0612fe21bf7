package dev.hisabkitab.sync.business.payment;

import static dev.hisabkitab.sync.business.MappingSupport.amount;
import static dev.hisabkitab.sync.business.MappingSupport.apiDate;
import static dev.hisabkitab.sync.business.MappingSupport.decimal;
import static dev.hisabkitab.sync.business.MappingSupport.object;
import static dev.hisabkitab.sync.business.MappingSupport.paise;
import static dev.hisabkitab.sync.business.MappingSupport.rupees;
import static dev.hisabkitab.sync.business.MappingSupport.text;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.masters.PartyRef;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@code payment.create} → {@code receipt.create} (direction {@code received}) or {@code payment.create}
 * ({@code paid}), settling named invoices bill by bill.
 *
 * <p>The only Create Payment example (partial page 13966677e0) keeps the receipt's field names —
 * {@code receipt_number}, {@code total_received_amount}, {@code received_amount} — on
 * {@code POST /payment-transactions}; no payment-specific names were ever seen. Both directions therefore send the
 * same body, as the example does (HisabKitab's API documentation; verify with the vendor).
 *
 * <p>Left out on purpose:
 * <ul>
 * <li>{@code payment_mode_id} / {@code payment_mode}: an id from a payment-mode list whose API is not documented
 * (examples 5 and 4911); the event's free-text {@code mode} ("NEFT", "UPI") cannot be turned into one.</li>
 * <li>{@code settle_invoices_data[].type} (always 1 in the examples, meaning unknown) and the adjustment ledgers
 * {@code adj_ledger_1/2}, {@code adj_amount_1/2} (the event has no discounts or round-offs on settlement).</li>
 * </ul>
 * {@code is_manage_transaction} is 1 with the settled invoices when the event names some, else 0: the money stays on
 * account (the field table says that with 1 "the system will handle and allocate payments", which the contract's
 * "what is not settled stays on account" rules out).
 */
public final class PaymentMapper implements BusinessMapper {

    public static final String EVENT_TYPE = "payment.create";

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    /** {@code receipt} or {@code payment} when the event brings no number of its own. */
    @Override
    public String numberSeries(JsonNode payload) {
        if (text(payload, "number") != null) {
            return null;
        }
        return received(payload) ? "receipt" : "payment";
    }

    @Override
    public ApiCall map(JsonNode payload, String assignedNumber, Directory directory, MappingDefaults defaults) {
        boolean received = received(payload);
        String number = text(payload, "number");
        if (number == null) {
            number = assignedNumber;
        }
        if (number == null || number.isBlank()) {
            throw new IllegalStateException("payment.create without a number needs the number HisabKitab assigned for series "
                    + numberSeries(payload));
        }
        BigDecimal total = paise(decimal(payload, "amount"));

        long account = directory.ledger(text(payload, "account"));
        PartyLedger party = directory.party(partyRef(payload.get("party"), received));

        ObjectNode body = object();
        body.put("receipt_number", number);
        body.put("date", apiDate(text(payload, "date")));
        body.put("bank_cash_ledger_id", account);
        body.put("ledger_id", party.id());
        body.set("total_received_amount", amount(total));
        String reference = text(payload, "reference");
        if (reference != null) {
            body.put("reference_number", reference);
        }
        String narration = text(payload, "narration");
        if (narration != null) {
            body.put("narration", narration);
        }

        JsonNode settle = payload.get("settle");
        boolean settling = settle != null && settle.isArray() && !settle.isEmpty();
        body.put("is_manage_transaction", settling ? 1 : 0);
        if (settling) {
            body.set("settle_invoices_data", settlements(settle, party, received, total, directory));
        }
        return ApiCall.of(received ? "receipt.create" : "payment.create", null, body);
    }

    private static ArrayNode settlements(JsonNode settle, PartyLedger party, boolean received, BigDecimal total,
            Directory directory) {
        String money = received ? "received" : "paid";
        String document = received ? "invoice" : "bill";
        ArrayNode rows = object().arrayNode();
        BigDecimal settled = BigDecimal.ZERO;
        Set<Long> seen = new HashSet<>();
        for (JsonNode s : settle) {
            String invoiceNumber = text(s, "invoiceNumber");
            BigDecimal applied = paise(decimal(s, "amount"));
            InvoiceRef invoice = directory.invoice(invoiceNumber, party.id(), received);
            if (!seen.add(invoice.transactionId())) {
                throw EventFailure.mapping(capitalised(document) + " " + invoice.number() + " is listed twice under settle; "
                        + "list each " + document + " once with the whole amount " + money + " against it.");
            }
            BigDecimal pending = paise(invoice.pending());
            if (applied.compareTo(pending) > 0) {
                throw EventFailure.mapping(capitalised(document) + " " + invoice.number() + " has only " + rupees(pending)
                        + " pending, but " + rupees(applied) + " is settled against it.");
            }
            settled = settled.add(applied);
            ObjectNode row = rows.addObject();
            row.put("transaction_id", invoice.transactionId());
            row.put("invoice_number", invoice.number());
            row.put("bill_type", invoice.billType());
            row.put("date", apiDate(invoice.date()));
            row.set("total_amount", amount(invoice.total()));
            row.set("pending_amount", amount(pending));
            row.set("received_amount", amount(applied));
        }
        if (settled.compareTo(total) > 0) {
            throw EventFailure.mapping("The " + document + "s settled add up to " + rupees(settled) + ", more than the "
                    + rupees(total) + " " + money + ".");
        }
        return rows;
    }

    /**
     * The party as a name or as {@code {"gstin"?, "name"?}} (GSTIN wins). Its role only matters when a missing
     * party may be created: money received comes from a customer, money paid goes to a supplier.
     */
    private static PartyRef partyRef(JsonNode party, boolean received) {
        String role = received ? "customer" : "supplier";
        if (party.isTextual()) {
            return new PartyRef(party.asText().trim(), null, role, null);
        }
        return new PartyRef(text(party, "name"), text(party, "gstin"), role, null);
    }

    private static boolean received(JsonNode payload) {
        return "received".equals(text(payload, "direction"));
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

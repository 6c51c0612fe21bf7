package dev.hisabkitab.sync.business.invoice;

import static dev.hisabkitab.sync.business.MappingSupport.apiDate;
import static dev.hisabkitab.sync.business.MappingSupport.decimal;
import static dev.hisabkitab.sync.business.MappingSupport.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.gst.AdditionalCharge;
import dev.hisabkitab.sync.business.gst.ChargeAmounts;
import dev.hisabkitab.sync.business.gst.GstCalculator;
import dev.hisabkitab.sync.business.gst.GstRates;
import dev.hisabkitab.sync.business.gst.InvoiceArithmeticException;
import dev.hisabkitab.sync.business.gst.InvoiceInput;
import dev.hisabkitab.sync.business.gst.InvoiceLine;
import dev.hisabkitab.sync.business.gst.InvoiceTotals;
import dev.hisabkitab.sync.business.gst.LineAmounts;
import dev.hisabkitab.sync.business.gst.TaxTreatment;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.Mode;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.Variant;
import dev.hisabkitab.sync.business.masters.CompanyProfile;
import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.masters.PartyRef;
import dev.hisabkitab.sync.business.masters.StateInfo;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@code invoice.create} (docs/contract.md, "Business events"): any of the eleven trade documents, lines by name, into the HisabKitab
 * create call of that document with ids resolved and every amount computed. Pure: it asks only the
 * {@link Directory}; the per-document field names, operations and blocks come from {@link DocumentTypes}
 * ({@code hisabkitab/document-types.yaml}); the arithmetic is {@link GstCalculator}'s.
 *
 * <h2>What it sends</h2>
 * <ul>
 * <li>Lines with {@code item} make an item document ({@code items[]}), lines with {@code ledger} an accounting
 * document ({@code ledgers[]}); the operation is the document's {@code create-item} / {@code create-accounting}
 * (a delivery challan has items only).</li>
 * <li>Dates go out as DD-MM-YYYY. Amounts (line totals, taxes, charges, payments, document totals) are JSON
 * numbers with exactly 2 decimals; rates ({@code rpu}), quantities and discount percentages are sent as the
 * event gave them (at least 2 decimals for {@code rpu}), so that {@code rpu} × quantity gives the line again.</li>
 * <li>Rates are before tax ({@code with_tax} 0): the event's rate has GST added on top (contract, line
 * {@code rate}).</li>
 * <li>GST mode flags: GST enabled and computed by the client ({@code is_gst_enabled} 1,
 * {@code is_cgst_sgst_igst_calculated} 1, {@code is_gst_na} 0) and the round-off as computed
 * ({@code is_round_off_not_changed} 1).</li>
 * </ul>
 *
 * <h2>Place of supply</h2>
 * The API has no place-of-supply field. A GST invoice's place of supply of goods is where they are delivered,
 * and HisabKitab (like the sandbox) decides CGST + SGST or IGST from the document's addresses: the
 * place of supply therefore goes into {@code shipping_address.state_id} (+ {@code country_id}). It is the
 * event's {@code placeOfSupply}, else the party's billing state, else its GSTIN's state; only for a party with
 * neither GSTIN nor address the company's state, and the reply says so. A party whose state cannot be read is a
 * {@code mapping} dead letter, never a guess. Interstate when the place of supply is not the company's state.
 */
public final class InvoiceMapper implements BusinessMapper {

    public static final String EVENT_TYPE = "invoice.create";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final DocumentTypes types;

    public InvoiceMapper() {
        this(DocumentTypes.builtIn());
    }

    public InvoiceMapper(DocumentTypes types) {
        this.types = types;
    }

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    /** The document type's series (e.g. {@code sale}, {@code purchase-order}) when the event brings no number. */
    @Override
    public String numberSeries(JsonNode payload) {
        return text(payload, "number") == null ? spec(payload).resource() : null;
    }

    @Override
    public ApiCall map(JsonNode payload, String assignedNumber, Directory directory, MappingDefaults defaults) {
        DocumentSpec spec = spec(payload);
        List<JsonNode> lines = elements(payload.get("lines"));
        Mode mode = mode(spec, lines);
        Variant variant = spec.variant(mode).orElseThrow();
        refuseWhatTheDocumentHasNoPlaceFor(spec, payload);

        String number = text(payload, "number") != null ? text(payload, "number") : assignedNumber;
        if (number == null) {
            throw EventFailure.mapping("The " + spec.label() + " has no number: the event gives none and none was "
                    + "taken from HisabKitab's " + spec.resource() + " series");
        }
        String date = apiDate(text(payload, "date"));
        CompanyProfile company = directory.company();

        // ------------------------------------------------------------------ party and addresses
        JsonNode partyNode = payload.path("party");
        String placeName = text(payload, "placeOfSupply");
        PartyRef ref = new PartyRef(text(partyNode, "name"), text(partyNode, "gstin"), spec.partyRole(), placeName);
        PartyLedger party = directory.party(ref);
        String gstin = ref.gstin() != null ? ref.gstin() : blankToNull(party.gstin());
        PartyLedger.Address billing = party.billing();
        StateInfo place = placeName == null ? null : at("Place of supply", () -> directory.state(placeName));
        PartyState partyState = partyState(ref, party, gstin, place, company, directory);
        long billingState = partyState.stateId();
        long billingCountry = billing != null && billing.countryId() != null ? billing.countryId()
                : at("Party " + ref.describe(), () -> directory.country(defaults.country()));
        long supplyState = place != null ? place.id() : billingState;
        long supplyCountry = place != null ? place.countryId() : billingCountry;
        boolean interstate = supplyState != company.stateId();

        // ------------------------------------------------------------------ lines and charges, resolved
        List<ResolvedLine> resolved = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            resolved.add(mode == Mode.ITEM ? itemLine(i + 1, lines.get(i), spec, directory, defaults)
                    : ledgerLine(i + 1, lines.get(i), directory));
        }
        List<JsonNode> charges = elements(payload.get("charges"));
        List<Long> chargeLedgers = new ArrayList<>();
        List<Long> chargeGstIds = new ArrayList<>();
        List<AdditionalCharge> chargeInputs = new ArrayList<>();
        for (int i = 0; i < charges.size(); i++) {
            JsonNode c = charges.get(i);
            String where = "Charge " + (i + 1);
            chargeLedgers.add(at(where, () -> directory.ledger(text(c, "ledger"))));
            BigDecimal rate = decimal(c, "gstRate");
            chargeGstIds.add(rate == null ? null : at(where, () -> directory.gstRate(rate)));
            chargeInputs.add(new AdditionalCharge(decimal(c, "amount"), rate));
        }

        InvoiceTotals totals;
        try {
            totals = GstCalculator.calculate(new InvoiceInput(resolved.stream().map(ResolvedLine::input).toList(),
                    chargeInputs, interstate, payload.path("roundOff").asBoolean(false), null, null));
        } catch (InvoiceArithmeticException e) {
            throw EventFailure.mapping(e.getMessage());
        }

        // ------------------------------------------------------------------ the body
        ObjectNode body = F.objectNode();
        body.put(spec.numberField(), number);
        body.put(spec.dateField(), date);
        if (spec.supplierBill() != null) {
            body.put(spec.supplierBill().numberField(), text(payload, "number"));
            body.put(spec.supplierBill().dateField(), date);
        }
        body.put(spec.partyField(), party.id());
        body.put("gstin", gstin);
        if (spec.originalInvoice() != null) {
            originalInvoice(body, spec.originalInvoice(), payload.get("originalInvoice"), party, directory);
        }
        body.set("billing_address", address(billing, billingCountry, billingState));
        body.set("shipping_address", shippingAddress(party, billingState, supplyCountry, supplyState));
        for (Map.Entry<String, List<String>> block : spec.emptyBlocks().entrySet()) {
            if (!block.getKey().equals("tcs_details") && !block.getKey().equals("tds_details")) {
                ObjectNode b = body.putObject(block.getKey());
                block.getValue().forEach(b::putNull);
            }
        }
        if (spec.otherDetails()) {
            otherDetails(body, payload);
        }
        if (spec.itemType() != null) {
            body.put(spec.itemType().field(), spec.itemType().value(mode));
        }
        ArrayNode lineArray = body.putArray(variant.lines());
        for (int i = 0; i < resolved.size(); i++) {
            lineArray.add(resolved.get(i).json(totals.lines().get(i), spec.lineTotalDiscount()));
        }
        body.put("main_classification_nature_type", totals.natureType(spec.natureFamily()));
        body.put("is_rcm_applicable", 0);
        body.put("narration", text(payload, "narration"));
        body.put("term_and_condition", text(payload, "terms"));
        body.set("gross_value", money(totals.grossValue()));
        ArrayNode chargeArray = body.putArray("additional_charges");
        for (int i = 0; i < charges.size(); i++) {
            ChargeAmounts amounts = totals.charges().get(i);
            ObjectNode c = chargeArray.addObject();
            c.put("ac_ledger_id", chargeLedgers.get(i));
            c.put("ac_type", 1);
            c.set("ac_value", money(amounts.taxableValue()));
            c.put("ac_gst_rate_id", chargeGstIds.get(i));
            // ac_total_without_tax / ac_total: the charge before tax under either name (HisabKitab's API documentation treats
            // them as one figure named two ways); its GST is in the document's cgst/sgst/igst
            c.set(spec.chargeTotalField(), money(amounts.taxableValue()));
        }
        body.set("taxable_value", money(totals.taxableValue()));
        body.set("cgst", money(totals.cgst()));
        body.set("sgst", money(totals.sgst()));
        body.set("igst", money(totals.igst()));
        body.set("cess", money(totals.cess()));
        emptyBlock(body, spec, "tcs_details");
        body.set("rounding_amount", money(totals.roundingAmount()));
        body.set("grand_total", money(totals.grandTotal()));
        emptyBlock(body, spec, "tds_details");
        if (spec.payments()) {
            body.set("payment_details", payments(payload, date, totals, directory));
        }
        body.put("is_gst_enabled", 1);
        body.put("is_cgst_sgst_igst_calculated", 1);
        body.put("is_gst_na", 0);
        body.put("is_round_off_not_changed", 1);
        ApiCall call = ApiCall.of(variant.operation(), null, body);
        return partyState.note() == null ? call : call.withNote(partyState.note());
    }

    /** The party's state for the document's billing address, and why, when a rule rather than the party decided it. */
    private record PartyState(long stateId, String note) {
    }

    /**
     * The party's state, read, never assumed: its billing address's state, else the state its GSTIN's code names.
     * A party with neither GSTIN nor address takes the place of supply the event names, else the company's own state
     * (GST's rule for an unregistered buyer whose address is not recorded: the supplier's location), and the reply
     * says so. A party whose ledger could not be read is a {@code mapping} failure (its GSTIN is unknown too); one
     * whose address has no readable state is one unless the event names the place of supply.
     */
    private static PartyState partyState(PartyRef ref, PartyLedger party, String gstin, StateInfo place,
            CompanyProfile company, Directory directory) {
        String who = "Party " + ref.describe();
        if (!party.detailsRead()) {
            throw EventFailure.mapping(who + " (HisabKitab ledger " + party.id() + "): its GSTIN and addresses could not "
                    + "be read from HisabKitab's ledger answer (looked for ledgers_data.<Model>, party_details and "
                    + "gstin / billing_address_* at the top, in the ledger list and the ledger detail); they decide "
                    + "CGST + SGST or IGST, so nothing was booked");
        }
        PartyLedger.Address billing = party.billing();
        if (billing != null && billing.stateId() != null) {
            return new PartyState(billing.stateId(), null);
        }
        if (gstin != null) {
            return new PartyState(at(who, () -> directory.stateOfGstin(gstin)).id(), null);
        }
        if (billing != null) {
            if (place == null) {
                throw EventFailure.mapping(who + " has a billing address in HisabKitab whose state could not be read "
                        + "and no GSTIN; give the event's placeOfSupply or set the state on the party's billing address");
            }
            return new PartyState(place.id(), "The billing address's state is the place of supply (" + place.name()
                    + "): HisabKitab's address of party " + ref.describe() + " has no state that could be read");
        }
        if (place != null) {
            return new PartyState(place.id(), null);
        }
        return new PartyState(company.stateId(), "Place of supply: the company's own state"
                + (company.stateName() == null ? "" : " (" + company.stateName() + ")") + ", because party "
                + ref.describe() + " has no GSTIN and no address in HisabKitab (GST: an unregistered buyer whose "
                + "address is not recorded is supplied where the supplier is)");
    }

    // ---------------------------------------------------------------------------------------- document

    private DocumentSpec spec(JsonNode payload) {
        String type = text(payload, "documentType");
        return types.find(type).orElseThrow(() -> EventFailure.mapping(
                "Unknown document type " + (type == null ? "(none given)" : '"' + type + '"')));
    }

    private static Mode mode(DocumentSpec spec, List<JsonNode> lines) {
        if (lines.isEmpty()) {
            throw EventFailure.mapping("The " + spec.label() + " has no lines");
        }
        int firstLedger = -1;
        int firstItem = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (text(lines.get(i), "item") != null && firstItem < 0) {
                firstItem = i;
            }
            if (text(lines.get(i), "ledger") != null && firstLedger < 0) {
                firstLedger = i;
            }
        }
        if (firstItem >= 0 && firstLedger >= 0) {
            throw EventFailure.mapping("Line " + (firstItem + 1) + " names an item and line " + (firstLedger + 1)
                    + " a ledger: a document is either an item invoice or an accounting invoice, not both");
        }
        Mode mode = firstLedger >= 0 ? Mode.ACCOUNTING : Mode.ITEM;
        if (spec.variant(mode).isEmpty()) {
            throw EventFailure.mapping(mode == Mode.ACCOUNTING
                    ? spec.accountingRefused() + ": line " + (firstLedger + 1) + " names a ledger, not an item"
                    : spec.capitalALabel() + " takes ledger lines only: line 1 names an item");
        }
        return mode;
    }

    /** Refuses event fields the document type has no field for, instead of dropping them. */
    private static void refuseWhatTheDocumentHasNoPlaceFor(DocumentSpec spec, JsonNode payload) {
        if (!spec.payments() && !elements(payload.get("payments")).isEmpty()) {
            throw EventFailure.mapping(spec.capitalALabel() + " takes no payments: send the payment as a "
                    + "payment.create event");
        }
        if (!spec.otherDetails()) {
            List<String> given = new ArrayList<>();
            for (String f : List.of("creditDays", "poNumber", "poDate")) {
                if (payload.hasNonNull(f)) {
                    given.add(f);
                }
            }
            if (!given.isEmpty()) {
                throw EventFailure.mapping(spec.capitalALabel() + " has no credit period or customer PO reference: "
                        + "leave out " + String.join(", ", given));
            }
        }
        if (spec.originalInvoice() == null && payload.hasNonNull("originalInvoice")) {
            throw EventFailure.mapping(spec.capitalALabel() + " corrects no earlier invoice: originalInvoice is for "
                    + "returns and debit or credit notes");
        }
    }

    private static void originalInvoice(ObjectNode body, DocumentSpec.OriginalInvoice fields, JsonNode original,
            PartyLedger party, Directory directory) {
        if (original == null || original.isNull()) {
            body.putNull(fields.numberField());
            body.putNull(fields.dateField());
            return;
        }
        String number = text(original, "number");
        if (fields.byPurchaseId()) {
            // The vendor documents original_inv_no of the supplier-side returns/notes as the purchase's
            // transaction id: the event's invoice number is looked up among the party's purchases.
            InvoiceRef purchase = at("Original invoice", () -> directory.invoice(number, party.id(), false));
            body.put(fields.numberField(), purchase.transactionId());
        } else {
            body.put(fields.numberField(), number);
        }
        body.put(fields.dateField(), apiDate(text(original, "date")));
    }

    private static void otherDetails(ObjectNode body, JsonNode payload) {
        ObjectNode o = body.putObject("other_details");
        o.put("po_no", text(payload, "poNumber"));
        o.put("po_date", apiDate(text(payload, "poDate")));
        if (payload.hasNonNull("creditDays")) {
            o.put("credit_period", payload.get("creditDays").asInt());
            o.put("credit_period_type", 2); // 2 = days (inferred from the due date of the vendor's page 002)
        } else {
            // absent: HisabKitab applies the party's own credit period
            o.putNull("credit_period");
            o.putNull("credit_period_type");
        }
    }

    private static void emptyBlock(ObjectNode body, DocumentSpec spec, String name) {
        List<String> fields = spec.emptyBlocks().get(name);
        if (fields != null) {
            ObjectNode b = body.putObject(name);
            fields.forEach(b::putNull);
        }
    }

    private static ArrayNode payments(JsonNode payload, String documentDate, InvoiceTotals totals,
            Directory directory) {
        ArrayNode out = F.arrayNode();
        List<JsonNode> payments = elements(payload.get("payments"));
        BigDecimal paid = BigDecimal.ZERO;
        for (int i = 0; i < payments.size(); i++) {
            JsonNode p = payments.get(i);
            String where = "Payment " + (i + 1);
            ObjectNode pd = out.addObject();
            pd.put("pd_ledger_id", at(where, () -> directory.ledger(text(p, "ledger"))));
            pd.put("pd_date", p.hasNonNull("date") ? apiDate(text(p, "date")) : documentDate);
            BigDecimal amount = money(decimal(p, "amount")).decimalValue();
            paid = paid.add(amount);
            pd.set("pd_amount", money(amount));
            // pd_mode is a HisabKitab payment-mode id whose list is not documented: a number is sent as
            // that id; a name (UPI, NEFT, Cheque) is kept in front of the reference so that it is not lost.
            String mode = text(p, "mode");
            String reference = text(p, "reference");
            if (mode != null && mode.matches("\\d{1,9}")) {
                pd.put("pd_mode", Integer.parseInt(mode));
            } else if (mode != null) {
                reference = reference == null ? mode : mode + " " + reference;
            }
            pd.put("pd_reference_number", reference);
        }
        if (paid.compareTo(totals.grandTotal()) > 0) {
            throw EventFailure.mapping("Payments of " + paid.toPlainString() + " are more than the grand total of "
                    + totals.grandTotal().toPlainString());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------- lines

    /** A line with its ids resolved: what the calculator needs, and the JSON fields that are not amounts. */
    private record ResolvedLine(InvoiceLine input, ObjectNode fields, BigDecimal discountPercent,
            BigDecimal discountAmount, Long gstId, boolean itemLine) {

        ObjectNode json(LineAmounts amounts, boolean totalDiscount) {
            ObjectNode l = fields.deepCopy();
            l.put("with_tax", 0);
            l.put("discount_type", 1); // 1 = percent (HisabKitab's API documentation)
            l.set("discount_value", discountPercent == null ? null : DecimalNode.valueOf(discountPercent));
            l.put("discount_type_2", 2); // 2 = rupees, taken off after the percent discount
            l.set("discount_value_2", discountAmount == null ? null : money(discountAmount));
            if (itemLine && totalDiscount) {
                l.set("total_discount_amount", money(amounts.totalDiscount()));
            }
            l.put("gst_id", gstId);
            l.set("cess", money(amounts.cess()));
            l.set("total", money(amounts.total()));
            return l;
        }
    }

    private static ResolvedLine itemLine(int n, JsonNode line, DocumentSpec spec, Directory directory,
            MappingDefaults defaults) {
        String where = "Line " + n;
        ItemMaster item = at(where, () -> directory.item(text(line, "item")));
        String unit = text(line, "unit");
        if (unit == null && !item.unitRead()) {
            throw EventFailure.mapping(where + ": the unit of item \"" + item.name() + "\" could not be read from "
                    + "HisabKitab's item answer (looked for model.unit_of_measurement, primary_unit_of_measurement and "
                    + "units_of_array); give the line's unit");
        }
        long unitId = unit != null ? at(where, () -> directory.unit(unit))
                : item.unitId() != null ? item.unitId() : at(where, () -> directory.unit(defaults.unit()));
        Long itemLedger = spec.salesSide() ? item.incomeLedgerId() : item.expenseLedgerId();
        long ledgerId = itemLedger != null ? itemLedger
                : at(where, () -> directory.ledger(spec.salesSide() ? defaults.salesLedger() : defaults.purchaseLedger()));
        BigDecimal lineRate = decimal(line, "gstRate");
        BigDecimal gstRate = lineRate;
        Long gstId;
        if (lineRate != null) {
            gstId = at(where, () -> directory.gstRate(lineRate));
        } else if (!item.gstRateRead()) {
            throw EventFailure.mapping(where + ": the GST rate of item \"" + item.name() + "\" could not be read from "
                    + "HisabKitab's item answer (looked for model.gst_tax_id, gst_tax_id, gst_tax and "
                    + "is_gst_applicable); give the line's gstRate");
        } else if (item.gstRateId() != null) {
            // The line takes the item's GST rate. The calculator needs its percent and the item master only
            // holds the rate's id: the percent is the GST slab the company's rate list gives that id.
            gstId = item.gstRateId();
            gstRate = gstPercentOf(directory, gstId).orElseThrow(() -> EventFailure.mapping(where + ": the GST rate of item \""
                    + item.name() + "\" is none of the GST rates " + GstRates.listed() + "; give the line's gstRate"));
        } else {
            gstId = null; // the item carries no GST rate and the line names none: no GST
        }
        ObjectNode f = F.objectNode();
        f.put("item_id", item.id());
        putIfPresent(f, "additional_description", text(line, "description"));
        f.put("ledger_id", ledgerId);
        f.put("unit_id", unitId);
        BigDecimal quantity = decimal(line, "quantity");
        f.set("quantity", DecimalNode.valueOf(quantity == null ? BigDecimal.ONE : quantity));
        f.set("rpu", rate(decimal(line, "rate")));
        return new ResolvedLine(input(line, quantity, gstRate), f, decimal(line, "discountPercent"),
                decimal(line, "discountAmount"), gstId, true);
    }

    private static ResolvedLine ledgerLine(int n, JsonNode line, Directory directory) {
        String where = "Line " + n;
        long ledgerId = at(where, () -> directory.ledger(text(line, "ledger")));
        BigDecimal quantity = decimal(line, "quantity");
        if (quantity != null && quantity.compareTo(BigDecimal.ONE) != 0) {
            throw EventFailure.mapping(where + ": a ledger line has no quantity; give the line amount as its rate");
        }
        if (text(line, "unit") != null) {
            throw EventFailure.mapping(where + ": a ledger line has no unit; units belong to item lines");
        }
        BigDecimal gstRate = decimal(line, "gstRate");
        Long gstId = gstRate == null ? null : at(where, () -> directory.gstRate(gstRate));
        ObjectNode f = F.objectNode();
        f.put("ledger_id", ledgerId);
        putIfPresent(f, "additional_description", text(line, "description"));
        f.set("rpu", rate(decimal(line, "rate")));
        return new ResolvedLine(input(line, BigDecimal.ONE, gstRate), f, decimal(line, "discountPercent"),
                decimal(line, "discountAmount"), gstId, false);
    }

    private static InvoiceLine input(JsonNode line, BigDecimal quantity, BigDecimal gstRate) {
        return new InvoiceLine(quantity, decimal(line, "rate"), decimal(line, "discountPercent"),
                decimal(line, "discountAmount"), gstRate, decimal(line, "cessRate"), false, TaxTreatment.TAXABLE);
    }

    /** The GST slab whose id in the company's rate list is {@code gstId}. */
    private static Optional<BigDecimal> gstPercentOf(Directory directory, long gstId) {
        for (BigDecimal slab : GstRates.SLABS) {
            try {
                if (directory.gstRate(slab) == gstId) {
                    return Optional.of(slab);
                }
            } catch (EventFailure e) {
                // the company lists no rate for this slab
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------- addresses

    private static ObjectNode address(PartyLedger.Address a, long countryId, long stateId) {
        ObjectNode o = F.objectNode();
        if (a != null) {
            putIfPresent(o, "address_1", a.line1());
            putIfPresent(o, "address_2", a.line2());
        }
        o.put("country_id", countryId);
        o.put("state_id", stateId);
        if (a != null) {
            if (a.cityId() != null) {
                o.put("city_id", a.cityId());
            }
            putIfPresent(o, "pin_code", a.pinCode());
        }
        return o;
    }

    /**
     * The place of supply (see the class comment) with the party's address lines when the party has an address
     * in that state: its shipping address, else its billing address.
     */
    private static ObjectNode shippingAddress(PartyLedger party, long billingState, long countryId, long stateId) {
        PartyLedger.Address lines = null;
        if (party.shipping() != null && party.shipping().stateId() != null && party.shipping().stateId() == stateId) {
            lines = party.shipping();
        } else if (billingState == stateId) {
            lines = party.billing();
        }
        return address(lines, countryId, stateId);
    }

    // ---------------------------------------------------------------------------------------- helpers

    /**
     * Runs a directory look-up; a {@code mapping} failure gets the place it concerns in front:
     * {@code Line 2: no item named "Blue Pen" in HisabKitab}.
     */
    private static <T> T at(String where, Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (EventFailure e) {
            if (e.category() != ErrorCategory.MAPPING || e.getMessage() == null) {
                throw e;
            }
            throw EventFailure.mapping(where + ": " + decapitalize(e.getMessage()));
        }
    }

    private static String decapitalize(String message) {
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
            return Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }

    /** An amount: a JSON number with exactly 2 decimals. */
    static DecimalNode money(BigDecimal amount) {
        return (DecimalNode) DecimalNode.valueOf(amount.setScale(2, RoundingMode.HALF_UP));
    }

    /** A rate per unit: as given, with at least 2 decimals. */
    private static DecimalNode rate(BigDecimal rate) {
        return (DecimalNode) DecimalNode.valueOf(rate.scale() < 2 ? rate.setScale(2) : rate);
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }
}

package dev.hisabkitab.sync.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.inbox.RowLayout.Column;
import dev.hisabkitab.sync.inbox.RowLayout.ValueType;

/** The layouts are the schemas flattened: checked column by column for each kind. */
class RowLayoutTest {

    @Test
    void invoicesAreTheInvoiceSchemaFlattenedWithOneLineChargeAndPaymentPerRow() {
        assertEquals(List.of("documentType", "number", "date", "party_name", "party_gstin", "placeOfSupply",
                "lines_item", "lines_ledger", "lines_description", "lines_quantity", "lines_unit", "lines_rate",
                "lines_discountPercent", "lines_discountAmount", "lines_gstRate", "lines_cessRate", "charges_ledger",
                "charges_amount", "charges_gstRate", "payments_ledger", "payments_amount", "payments_date",
                "payments_mode", "payments_reference", "roundOff", "narration", "terms", "creditDays", "poNumber",
                "poDate", "originalInvoice_number", "originalInvoice_date", "company"), names(DropKind.INVOICES));
        RowLayout invoices = RowLayout.of(DropKind.INVOICES);
        assertEquals(Set.of("documentType", "date", "lines_rate"), invoices.requiredColumns());
        assertEquals(new Column("lines_rate", List.of("lines", "rate"), "lines", ValueType.NUMBER),
                invoices.column(" LINES_RATE ").orElseThrow());
        assertEquals(ValueType.INTEGER, invoices.column("creditDays").orElseThrow().type());
        assertEquals(ValueType.BOOLEAN, invoices.column("roundOff").orElseThrow().type());
        assertEquals(ValueType.NUMBER, invoices.column("lines_gstRate").orElseThrow().type(), "an enum of numbers");
        assertEquals(ValueType.TEXT, invoices.column("documentType").orElseThrow().type());
    }

    @Test
    void partiesFlattenTheAddressesAndTheOpeningBalance() {
        List<String> names = names(DropKind.PARTIES);
        assertTrue(names.containsAll(List.of("role", "name", "gstin", "billingAddress_line1", "billingAddress_pincode",
                "shippingAddress_country", "openingBalance_amount", "openingBalance_side", "creditDays")), names.toString());
        assertEquals(Set.of("role", "name", "billingAddress_line1", "billingAddress_city", "billingAddress_state",
                "billingAddress_pincode"), RowLayout.of(DropKind.PARTIES).requiredColumns());
        assertEquals(ValueType.TEXT, RowLayout.of(DropKind.PARTIES).column("billingAddress_pincode").orElseThrow().type());
    }

    @Test
    void paymentsJournalsAndItems() {
        assertEquals(List.of("direction", "number", "date", "party_name", "party_gstin", "account", "amount", "mode",
                "reference", "narration", "settle_invoiceNumber", "settle_amount", "company"), names(DropKind.PAYMENTS));
        assertEquals(List.of("number", "date", "narration", "entries_ledger", "entries_debit", "entries_credit",
                "company"), names(DropKind.JOURNALS));
        assertEquals(Set.of("date", "entries_ledger"), RowLayout.of(DropKind.JOURNALS).requiredColumns());
        assertEquals(List.of("name", "kind", "group", "unit", "hsnSac", "gstRate", "salePrice", "purchasePrice",
                "pricesIncludeTax", "description", "company"), names(DropKind.ITEMS));
    }

    /**
     * The contract's field names (docs/contract.md, "Business events"), flattened as its "File drops" says: each is a column of its layout, by name or alias. When
     * the contract changes, this list is the one to update.
     */
    static final Map<DropKind, List<String>> CONTRACT_FIELDS = Map.of(
            DropKind.PARTIES, List.of("role", "name", "gstin", "pan", "email", "phone", "billingAddress_line1",
                    "billingAddress_line2", "billingAddress_city", "billingAddress_state", "billingAddress_pincode",
                    "billingAddress_country", "shippingAddress_line1", "shippingAddress_line2", "shippingAddress_city",
                    "shippingAddress_state", "shippingAddress_pincode", "shippingAddress_country", "creditDays",
                    "creditLimit", "openingBalance_amount", "openingBalance_side"),
            DropKind.ITEMS, List.of("name", "kind", "group", "unit", "hsnSac", "gstRate", "salePrice", "purchasePrice",
                    "pricesIncludeTax", "description"),
            DropKind.INVOICES, List.of("documentType", "number", "date", "party_name", "party_gstin", "placeOfSupply",
                    "lines_item", "lines_ledger", "lines_description", "lines_quantity", "lines_unit", "lines_rate",
                    "lines_discountPercent", "lines_discountAmount", "lines_gstRate", "lines_cessRate", "charges_ledger",
                    "charges_amount", "charges_gstRate", "payments_ledger", "payments_amount", "payments_date",
                    "payments_mode", "payments_reference", "roundOff", "narration", "terms", "creditDays", "poNumber",
                    "poDate", "originalInvoice_number", "originalInvoice_date"),
            // "party" is the contract's (a name); party_name and party_gstin are the object form's
            DropKind.PAYMENTS, List.of("direction", "number", "date", "party", "account", "amount", "mode", "reference",
                    "narration", "settle_invoiceNumber", "settle_amount"),
            DropKind.JOURNALS, List.of("number", "date", "narration", "entries_ledger", "entries_debit", "entries_credit"));

    @Test
    void everyLayoutTakesTheContractsFieldNamesFlattened() {
        CONTRACT_FIELDS.forEach((kind, fields) -> {
            RowLayout layout = RowLayout.of(kind);
            List<String> unknown = fields.stream().filter(f -> layout.column(f).isEmpty()).toList();
            assertEquals(List.of(), unknown, kind + " does not take the contract's " + unknown);
        });
    }

    @Test
    void aPaymentsPartyColumnIsThePartysNameAsTheContractGivesIt() {
        RowLayout payments = RowLayout.of(DropKind.PAYMENTS);
        assertEquals(Map.of("party", "party_name"), payments.aliases());
        assertEquals(payments.column("party_name"), payments.column(" Party "));
        assertEquals(List.of("party", "name"), payments.column("party").orElseThrow().path());
        // an invoice's party is an object in the contract: "party" names no field of it, but says which it has
        RowLayout invoices = RowLayout.of(DropKind.INVOICES);
        assertEquals(Map.of(), invoices.aliases());
        assertTrue(invoices.column("party").isEmpty());
        assertEquals(List.of("party_name", "party_gstin"), invoices.fieldsOf("party"));
        for (DropKind kind : List.of(DropKind.PARTIES, DropKind.ITEMS, DropKind.JOURNALS)) {
            assertEquals(Map.of(), RowLayout.of(kind).aliases(), kind.toString());
        }
    }

    @Test
    void fileNamesSayTheKindAndMastersArePickedUpFirst() {
        assertEquals(DropKind.INVOICES, DropKind.ofFileName("Invoices-2025-02.CSV").orElseThrow());
        assertTrue(DropKind.ofFileName("sales.csv").isEmpty());
        List<String> dropped = List.of("invoices-1.csv", "b.json", "items.xlsx", "journals.csv", "parties.csv");
        assertEquals(List.of("parties.csv", "items.xlsx", "invoices-1.csv", "b.json", "journals.csv"),
                dropped.stream().sorted(java.util.Comparator.comparingInt(DropKind::pickupRank)).toList());
    }

    private static List<String> names(DropKind kind) {
        return RowLayout.of(kind).columns().stream().map(Column::name).toList();
    }
}

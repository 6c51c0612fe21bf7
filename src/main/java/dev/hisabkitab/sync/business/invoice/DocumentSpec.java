package dev.hisabkitab.sync.business.invoice;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hisabkitab.sync.business.gst.DocumentType;

/**
 * How one {@code invoice.create} document type is written as a HisabKitab request body: one entry of
 * {@code hisabkitab/document-types.yaml} (the keys are explained there).
 *
 * @param documentType      the event's {@code documentType}, e.g. {@code sale-return}
 * @param label             how a message names it, e.g. {@code sale return}
 * @param resource          the catalogue resource (operations and number series), e.g. {@code sale-return}
 * @param partyRole         {@code customer} or {@code supplier}
 * @param natureFamily      whose {@code main_classification_nature_type} labels the document takes
 * @param numberField       field of the document number
 * @param dateField         field of the document date
 * @param partyField        field of the party ledger id
 * @param itemType          the item/accounting type field, or {@code null} when none is sent
 * @param modes             the operation and line array of each mode the document has
 * @param accountingRefused why ledger lines are refused when there is no accounting mode, or {@code null}
 * @param chargeTotalField  field of an additional charge's total
 * @param otherDetails      whether the document has {@code other_details}
 * @param payments          whether the document has {@code payment_details[]}
 * @param originalInvoice   the original-invoice fields of a return or note, or {@code null}
 * @param supplierBill      the supplier's bill number/date fields, or {@code null}
 * @param lineTotalDiscount whether item lines carry {@code total_discount_amount}
 * @param emptyBlocks       block name → its fields, sent with every field null
 */
public record DocumentSpec(String documentType, String label, String resource, String partyRole,
        DocumentType natureFamily, String numberField, String dateField, String partyField, ItemType itemType,
        Map<Mode, Variant> modes, String accountingRefused, String chargeTotalField, boolean otherDetails,
        boolean payments, OriginalInvoice originalInvoice, SupplierBill supplierBill, boolean lineTotalDiscount,
        Map<String, List<String>> emptyBlocks) {

    /** Item document (lines name items, {@code items[]}) or accounting document (lines name ledgers, {@code ledgers[]}). */
    public enum Mode {
        ITEM, ACCOUNTING
    }

    /** The type field and its value for each mode, e.g. {@code sales_item_type}: item 2, accounting 1. */
    public record ItemType(String field, int item, int accounting) {
        public int value(Mode mode) {
            return mode == Mode.ITEM ? item : accounting;
        }
    }

    /** What one mode is sent as: the catalogue operation and the name of the line array. */
    public record Variant(String operation, String lines) {
    }

    /**
     * The fields naming the invoice a return or note corrects.
     *
     * @param byPurchaseId {@code true}: the number field holds the HisabKitab id of the party's purchase
     *                     (purchase return, expense notes); {@code false}: the invoice number as text
     */
    public record OriginalInvoice(String numberField, String dateField, boolean byPurchaseId) {
    }

    /** The fields of the supplier's own bill number and date (purchase). */
    public record SupplierBill(String numberField, String dateField) {
    }

    public DocumentSpec {
        modes = Collections.unmodifiableMap(new EnumMap<>(modes));
        emptyBlocks = Collections.unmodifiableMap(new LinkedHashMap<>(emptyBlocks));
    }

    public Optional<Variant> variant(Mode mode) {
        return Optional.ofNullable(modes.get(mode));
    }

    /** Whether the party is a customer (sales side) rather than a supplier. */
    public boolean salesSide() {
        return "customer".equals(partyRole);
    }

    /** "a sale", "an estimate": the label with its article, for the start of a message. */
    public String aLabel() {
        return ("aeiou".indexOf(label.charAt(0)) >= 0 ? "an " : "a ") + label;
    }

    /** "A sale", "An estimate". */
    public String capitalALabel() {
        String s = aLabel();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

package dev.hisabkitab.sync.business.gst;

import java.util.Collection;
import java.util.Comparator;

/**
 * How GST treats a line. Only {@link #TAXABLE} lines carry GST and cess; all others carry none, whatever
 * GST rate the item has on file (the rate describes the item, the treatment describes this supply).
 */
public enum TaxTreatment {
    /** GST at the line's rate (a rate of 0 or none still counts as taxable if the caller says so). */
    TAXABLE(0),
    /** Exports and supplies to SEZ under bond/LUT: zero-rated, no GST charged on the invoice. */
    ZERO_RATED(1),
    /** Goods or services whose GST rate is nil. */
    NIL_RATED(2),
    /** Supplies exempt from GST by notification. */
    EXEMPT(3),
    /** Outside GST altogether (e.g. petroleum crude, alcohol for human consumption). */
    NON_GST(4);

    private final int precedence;

    TaxTreatment(int precedence) {
        this.precedence = precedence;
    }

    /** Whether lines with this treatment carry GST and cess. */
    public boolean carriesTax() {
        return this == TAXABLE;
    }

    /**
     * The treatment a whole document is classified under: the one all lines share, else the first
     * present in the order taxable, zero-rated, nil-rated, exempt, non-GST (a document that charges any GST
     * is a taxable document; the per-line split is visible on the lines).
     */
    public static TaxTreatment ofDocument(Collection<TaxTreatment> lineTreatments) {
        return lineTreatments.stream()
                .min(Comparator.comparingInt(t -> t.precedence))
                .orElse(TAXABLE);
    }
}

package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;
import java.util.List;

/**
 * Everything the calculator needs about one document.
 *
 * @param lines      the lines, in document order (numbered from 1 in messages); at least one
 * @param charges    additional charges; {@code null} means none
 * @param interstate {@code true} when the place of supply is not the company's state (IGST), {@code false}
 *                   when it is (CGST + SGST)
 * @param roundOff   whether the grand total is rounded to the rupee
 * @param tcsRate    TCS percent collected on the invoice value; {@code null} means no TCS
 * @param tdsRate    TDS percent the buyer deducts on the taxable value; {@code null} means no TDS
 */
public record InvoiceInput(List<InvoiceLine> lines, List<AdditionalCharge> charges, boolean interstate,
        boolean roundOff, BigDecimal tcsRate, BigDecimal tdsRate) {

    public InvoiceInput {
        lines = lines == null ? List.of() : List.copyOf(lines);
        charges = charges == null ? List.of() : List.copyOf(charges);
    }

    /** An intrastate invoice of these lines, no charges, no round-off, no TCS/TDS. */
    public static InvoiceInput intrastate(List<InvoiceLine> lines) {
        return new InvoiceInput(lines, List.of(), false, false, null, null);
    }

    /** An interstate invoice of these lines, no charges, no round-off, no TCS/TDS. */
    public static InvoiceInput interstate(List<InvoiceLine> lines) {
        return new InvoiceInput(lines, List.of(), true, false, null, null);
    }

    public InvoiceInput withCharges(List<AdditionalCharge> newCharges) {
        return new InvoiceInput(lines, newCharges, interstate, roundOff, tcsRate, tdsRate);
    }

    public InvoiceInput withInterstate(boolean newInterstate) {
        return new InvoiceInput(lines, charges, newInterstate, roundOff, tcsRate, tdsRate);
    }

    public InvoiceInput withRoundOff(boolean newRoundOff) {
        return new InvoiceInput(lines, charges, interstate, newRoundOff, tcsRate, tdsRate);
    }

    public InvoiceInput withTcsRate(String percent) {
        return new InvoiceInput(lines, charges, interstate, roundOff, InvoiceLine.dec(percent), tdsRate);
    }

    public InvoiceInput withTdsRate(String percent) {
        return new InvoiceInput(lines, charges, interstate, roundOff, tcsRate, InvoiceLine.dec(percent));
    }
}

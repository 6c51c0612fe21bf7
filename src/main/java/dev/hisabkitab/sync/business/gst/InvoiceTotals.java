package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;
import java.util.List;

/**
 * The computed figures of one document, each to the paisa, named after the HisabKitab fields they fill.
 *
 * @param lines               per line, in document order
 * @param charges             per additional charge, in document order
 * @param interstate          whether IGST (true) or CGST + SGST (false) was charged
 * @param grossValue          sum of the line totals ({@code gross_value})
 * @param chargesTotal        sum of the charges before tax
 * @param taxableValue        gross value + charges ({@code taxable_value})
 * @param cgst                sum of line and charge CGST ({@code cgst})
 * @param sgst                sum of line and charge SGST ({@code sgst}); always equal to {@code cgst}
 * @param igst                sum of line and charge IGST ({@code igst})
 * @param cess                sum of line cess ({@code cess})
 * @param tcs                 tax collected at source ({@code tcs_details.tcs_amount}); 0.00 without a TCS rate
 * @param tds                 tax the buyer deducts at source ({@code tds_details.tds_amount}); 0.00 without a TDS
 *                            rate; reported only, not part of the grand total
 * @param totalBeforeRounding taxable value + GST + cess + TCS
 * @param roundingAmount      round-off to the rupee ({@code rounding_amount}), between -0.50 and +0.50; 0.00
 *                            when round-off was not asked for
 * @param grandTotal          total before rounding + rounding amount ({@code grand_total})
 */
public record InvoiceTotals(List<LineAmounts> lines, List<ChargeAmounts> charges, boolean interstate,
        BigDecimal grossValue, BigDecimal chargesTotal, BigDecimal taxableValue, BigDecimal cgst, BigDecimal sgst,
        BigDecimal igst, BigDecimal cess, BigDecimal tcs, BigDecimal tds, BigDecimal totalBeforeRounding,
        BigDecimal roundingAmount, BigDecimal grandTotal) {

    public InvoiceTotals {
        lines = List.copyOf(lines);
        charges = List.copyOf(charges);
    }

    /** CGST + SGST + IGST (without cess). */
    public BigDecimal gst() {
        return cgst.add(sgst).add(igst);
    }

    /** The treatment the whole document is classified under (see {@link TaxTreatment#ofDocument}). */
    public TaxTreatment treatment() {
        return TaxTreatment.ofDocument(lines.stream().map(LineAmounts::treatment).toList());
    }

    /** The document's {@code main_classification_nature_type}, e.g. {@code "Intrastate Sales Taxable"}. */
    public String natureType(DocumentType type) {
        return NatureOfSupply.label(type, interstate, treatment());
    }
}

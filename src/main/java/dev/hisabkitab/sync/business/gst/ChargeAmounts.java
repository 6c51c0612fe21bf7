package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;

/**
 * The computed figures of one additional charge, each to the paisa.
 *
 * @param number       the charge's position, from 1
 * @param taxableValue the charge before tax (HisabKitab {@code ac_value} and {@code ac_total_without_tax})
 * @param cgst         central tax (intrastate), equal to {@code sgst}
 * @param sgst         state tax (intrastate)
 * @param igst         integrated tax (interstate)
 */
public record ChargeAmounts(int number, BigDecimal taxableValue, BigDecimal cgst, BigDecimal sgst, BigDecimal igst) {

    /** CGST + SGST + IGST of the charge. */
    public BigDecimal gst() {
        return cgst.add(sgst).add(igst);
    }

    /** The charge with its GST. */
    public BigDecimal totalWithTax() {
        return taxableValue.add(gst());
    }
}

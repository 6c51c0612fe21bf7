package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;

/**
 * The computed figures of one line, each to the paisa.
 *
 * @param number          the line's position, from 1
 * @param treatment       how GST treated the line
 * @param grossAmount     quantity × rate, before discounts and before tax (for a tax-inclusive rate: quantity ×
 *                        the rate with GST and cess taken out)
 * @param percentDiscount rupees taken off by the percent discount (HisabKitab {@code discount_type}/{@code discount_value})
 * @param amountDiscount  rupees taken off by the amount discount (HisabKitab {@code discount_type_2}/{@code discount_value_2})
 * @param taxableValue    gross amount less both discounts; never negative
 * @param cgst            central tax (intrastate), equal to {@code sgst}
 * @param sgst            state tax (intrastate), equal to {@code cgst}
 * @param igst            integrated tax (interstate)
 * @param cess            compensation cess
 */
public record LineAmounts(int number, TaxTreatment treatment, BigDecimal grossAmount, BigDecimal percentDiscount,
        BigDecimal amountDiscount, BigDecimal taxableValue, BigDecimal cgst, BigDecimal sgst, BigDecimal igst,
        BigDecimal cess) {

    /**
     * The line's HisabKitab {@code total}: its taxable value, <b>without</b> tax. The API reference
     * (HisabKitab's API documentation, "Shared structure of sales-side document bodies") describes {@code gross_value}
     * as the sum of line totals and {@code taxable_value} as the amount after adding the additional charges (the
     * estimate example: {@code gross_value} 200 + charge 100 = {@code taxable_value} 300); and the item purchase
     * example (HisabKitab's API documentation, "Create Item Purchase") sends {@code with_tax: 1}, {@code rpu: 118},
     * GST 18%, {@code total: 100}. So a line total excludes GST; taxes go in the document's
     * {@code cgst}/{@code sgst}/{@code igst}/{@code cess}.
     */
    public BigDecimal total() {
        return taxableValue;
    }

    /** Both discounts together (HisabKitab purchase lines' {@code total_discount_amount}). */
    public BigDecimal totalDiscount() {
        return percentDiscount.add(amountDiscount);
    }

    /** CGST + SGST + IGST of the line (without cess). */
    public BigDecimal gst() {
        return cgst.add(sgst).add(igst);
    }

    /** Taxable value + GST + cess: what the line costs the buyer. */
    public BigDecimal totalWithTax() {
        return taxableValue.add(gst()).add(cess);
    }
}

package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;

/**
 * One line of an invoice as the ERP states it (docs/contract.md, "Business events" {@code lines[]}); an accounting line (a ledger
 * instead of an item) is the same with quantity 1.
 *
 * @param quantity        units sold; {@code null} means 1
 * @param rate            price of one unit in rupees (may have more than 2 decimals); required
 * @param discountPercent first discount, percent of the line amount (HisabKitab {@code discount_type} 1);
 *                        {@code null} means none
 * @param discountAmount  second discount, rupees off the line after the percent discount (HisabKitab
 *                        {@code discount_type_2} 2), in the same pre-tax terms as the line total;
 *                        {@code null} means none
 * @param gstRate         GST percent, one of {@link GstRates#SLABS}; {@code null} means the line carries no GST
 * @param cessRate        compensation cess percent on the taxable value; {@code null} means none
 * @param rateIncludesTax whether {@code rate} already contains GST and cess (HisabKitab {@code with_tax} 1)
 * @param treatment       how GST treats the line; {@code null} means {@link TaxTreatment#TAXABLE}
 */
public record InvoiceLine(BigDecimal quantity, BigDecimal rate, BigDecimal discountPercent,
        BigDecimal discountAmount, BigDecimal gstRate, BigDecimal cessRate, boolean rateIncludesTax,
        TaxTreatment treatment) {

    public InvoiceLine {
        quantity = quantity == null ? BigDecimal.ONE : quantity;
        discountPercent = discountPercent == null ? BigDecimal.ZERO : discountPercent;
        discountAmount = discountAmount == null ? BigDecimal.ZERO : discountAmount;
        cessRate = cessRate == null ? BigDecimal.ZERO : cessRate;
        treatment = treatment == null ? TaxTreatment.TAXABLE : treatment;
    }

    /** A taxable line, price before tax, no discount, no cess. */
    public static InvoiceLine of(String quantity, String rate, String gstRate) {
        return new InvoiceLine(dec(quantity), dec(rate), null, null, dec(gstRate), null, false, TaxTreatment.TAXABLE);
    }

    public InvoiceLine withDiscountPercent(String percent) {
        return new InvoiceLine(quantity, rate, dec(percent), discountAmount, gstRate, cessRate, rateIncludesTax, treatment);
    }

    public InvoiceLine withDiscountAmount(String amount) {
        return new InvoiceLine(quantity, rate, discountPercent, dec(amount), gstRate, cessRate, rateIncludesTax, treatment);
    }

    public InvoiceLine withCessRate(String percent) {
        return new InvoiceLine(quantity, rate, discountPercent, discountAmount, gstRate, dec(percent), rateIncludesTax, treatment);
    }

    public InvoiceLine withRateIncludingTax() {
        return new InvoiceLine(quantity, rate, discountPercent, discountAmount, gstRate, cessRate, true, treatment);
    }

    public InvoiceLine withTreatment(TaxTreatment newTreatment) {
        return new InvoiceLine(quantity, rate, discountPercent, discountAmount, gstRate, cessRate, rateIncludesTax, newTreatment);
    }

    static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }
}

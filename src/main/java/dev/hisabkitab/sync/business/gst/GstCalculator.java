package dev.hisabkitab.sync.business.gst;

import static dev.hisabkitab.sync.business.gst.Money.HUNDRED;
import static dev.hisabkitab.sync.business.gst.Money.ZERO;
import static dev.hisabkitab.sync.business.gst.Money.paise;
import static dev.hisabkitab.sync.business.gst.Money.percentOf;
import static dev.hisabkitab.sync.business.gst.Money.plain;
import static dev.hisabkitab.sync.business.gst.Money.rupees;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes every amount HisabKitab expects the client to send for a trade document (line totals, discounts,
 * taxable value, CGST/SGST/IGST, cess, TCS, TDS, round-off, grand total). Pure: no I/O, no state, BigDecimal
 * only; every amount it returns has exactly 2 decimals.
 *
 * <h2>Per line</h2>
 * <ol>
 * <li><b>Gross amount</b> = quantity × rate, rounded once to the paisa. When the rate includes tax it is first
 * split back: gross = quantity × rate × 100 / (100 + GST% + cess%), rounded once to the paisa (only for lines
 * that carry tax; other lines have no tax in their rate).</li>
 * <li><b>Percent discount</b> (first slot) = discount% of the gross amount, rounded to the paisa.</li>
 * <li><b>Amount discount</b> (second slot) = the rupees given, rounded to the paisa, taken off what is left
 * after the percent discount. Both discounts are in pre-tax terms, like the line total.</li>
 * <li><b>Taxable value</b> = gross − both discounts. It may be 0, never negative: a larger discount is refused.</li>
 * <li><b>Tax</b>, only on {@link TaxTreatment#TAXABLE} lines with a GST rate: intrastate, CGST = SGST = taxable
 * value × (GST% / 2) / 100, each rounded to the paisa; interstate, IGST = taxable value × GST% / 100, rounded
 * to the paisa. Cess = taxable value × cess% / 100, rounded to the paisa, either way.</li>
 * <li><b>Line total</b> (HisabKitab {@code total}) = the taxable value, without tax (see {@link LineAmounts#total()}).</li>
 * </ol>
 *
 * <h2>Rounding convention</h2>
 * Tax is computed <b>per line</b> on the line's taxable value and rounded to the paisa, HALF_UP; document totals
 * are <b>sums of the rounded line figures</b>. That is how GST invoices are drawn up: rule 46 of the CGST Rules
 * asks for the taxable value, rate and amount of tax of what is supplied, and as rates differ by item, invoices
 * show them per line; each line's tax then stands on its own and the document totals are the visible sums of
 * the lines, so whoever adds up the lines (a bookkeeper, HisabKitab, the e-invoice schema, which carries tax
 * per item) gets the same numbers. CGST and SGST are each computed at half the rate, so they are equal on every
 * line and in total. Consequence: for the
 * same lines, interstate IGST and intrastate CGST + SGST can differ by 0.01 per line (taxable 100.03 at 18%:
 * IGST 18.0054 → 18.01, CGST 9.0027 → 9.00 and SGST 9.00). Rounding tax to the rupee (CGST Act s. 170) applies
 * to tax payment, not to invoices; the invoice is rounded to the rupee only through the round-off below.
 *
 * <h2>Per charge</h2>
 * Additional charges are amounts before tax (rounded to the paisa); they carry their own GST rate, split by
 * state exactly like a line, and no cess.
 *
 * <h2>Per document</h2>
 * <ul>
 * <li>gross value = Σ line totals; taxable value = gross value + Σ charges (HisabKitab {@code gross_value} and
 * {@code taxable_value});</li>
 * <li>CGST, SGST, IGST = Σ over lines and charges; cess = Σ over lines;</li>
 * <li>TCS = TCS% of (taxable value + GST + cess), the invoice value the seller collects on;</li>
 * <li>TDS = TDS% of the taxable value (TDS is deducted on the value excluding GST when GST is shown
 * separately, CBDT circular 23/2017). It is reported, but does <b>not</b> change the grand total: the buyer
 * withholds it from the payment and deposits it for the seller, so the invoice is still owed in full and the
 * party's balance is settled by the payment plus the TDS credit;</li>
 * <li>total before rounding = taxable value + GST + cess + TCS;</li>
 * <li>with round-off: grand total = total before rounding rounded to the rupee, HALF_UP (x.50 goes up), and the
 * rounding amount the difference, so |rounding| ≤ 0.50; without: rounding 0.00;</li>
 * <li>grand total = taxable value + GST + cess + TCS + rounding.</li>
 * </ul>
 *
 * <h2>Refused</h2>
 * No lines; a missing rate; a negative quantity, rate, discount, cess rate or charge; a discount over 100%;
 * a discount larger than what is left of the line; a GST rate that is not one of {@link GstRates#SLABS}; a TCS
 * or TDS rate below 0 or above 100; a number with more than 1000 digits written out ({@code 1E-1000000000}).
 * Each with an {@link InvoiceArithmeticException} naming the line or charge.
 */
public final class GstCalculator {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private GstCalculator() {
    }

    /** All the amounts of one document. */
    public static InvoiceTotals calculate(InvoiceInput invoice) {
        if (invoice.lines().isEmpty()) {
            throw new InvoiceArithmeticException(null, "the invoice has no lines");
        }
        BigDecimal tcsRate = documentRate("TCS", invoice.tcsRate());
        BigDecimal tdsRate = documentRate("TDS", invoice.tdsRate());

        List<LineAmounts> lines = new ArrayList<>();
        for (int i = 0; i < invoice.lines().size(); i++) {
            lines.add(line(i + 1, invoice.lines().get(i), invoice.interstate()));
        }
        List<ChargeAmounts> charges = new ArrayList<>();
        for (int i = 0; i < invoice.charges().size(); i++) {
            charges.add(charge(i + 1, invoice.charges().get(i), invoice.interstate()));
        }

        BigDecimal grossValue = ZERO;
        BigDecimal cgst = ZERO;
        BigDecimal sgst = ZERO;
        BigDecimal igst = ZERO;
        BigDecimal cess = ZERO;
        for (LineAmounts l : lines) {
            grossValue = grossValue.add(l.total());
            cgst = cgst.add(l.cgst());
            sgst = sgst.add(l.sgst());
            igst = igst.add(l.igst());
            cess = cess.add(l.cess());
        }
        BigDecimal chargesTotal = ZERO;
        for (ChargeAmounts c : charges) {
            chargesTotal = chargesTotal.add(c.taxableValue());
            cgst = cgst.add(c.cgst());
            sgst = sgst.add(c.sgst());
            igst = igst.add(c.igst());
        }
        BigDecimal taxableValue = grossValue.add(chargesTotal);
        BigDecimal invoiceValue = taxableValue.add(cgst).add(sgst).add(igst).add(cess);
        BigDecimal tcs = tcsRate == null ? ZERO : percentOf(invoiceValue, tcsRate);
        BigDecimal tds = tdsRate == null ? ZERO : percentOf(taxableValue, tdsRate);
        BigDecimal totalBeforeRounding = invoiceValue.add(tcs);
        BigDecimal rounding = invoice.roundOff()
                ? totalBeforeRounding.setScale(0, RoundingMode.HALF_UP).setScale(2).subtract(totalBeforeRounding)
                : ZERO;
        BigDecimal grandTotal = totalBeforeRounding.add(rounding);

        return new InvoiceTotals(lines, charges, invoice.interstate(), grossValue, chargesTotal, taxableValue, cgst,
                sgst, igst, cess, tcs, tds, totalBeforeRounding, rounding, grandTotal);
    }

    /** The amounts of one line, numbered {@code number} in messages. */
    static LineAmounts line(int number, InvoiceLine line, boolean interstate) {
        String where = "line " + number;
        if (line.rate() == null) {
            throw new InvoiceArithmeticException(where, "the rate is missing");
        }
        writable(where, "quantity", line.quantity());
        writable(where, "rate", line.rate());
        writable(where, "discount", line.discountPercent());
        writable(where, "discount", line.discountAmount());
        writable(where, "GST rate", line.gstRate());
        writable(where, "cess rate", line.cessRate());
        notNegative(where, "quantity", line.quantity(), "");
        notNegative(where, "rate", line.rate(), "");
        notNegative(where, "discount of", line.discountPercent(), "%");
        notNegative(where, "discount of", line.discountAmount(), "");
        notNegative(where, "cess rate", line.cessRate(), "%");
        gstSlab(where, line.gstRate());
        if (line.discountPercent().compareTo(HUNDRED) > 0) {
            throw new InvoiceArithmeticException(where,
                    "discount of " + plain(line.discountPercent()) + "% is more than the line amount");
        }

        boolean taxed = line.treatment().carriesTax();
        BigDecimal gstRate = taxed && line.gstRate() != null ? line.gstRate() : BigDecimal.ZERO;
        BigDecimal cessRate = taxed ? line.cessRate() : BigDecimal.ZERO;

        BigDecimal amount = line.quantity().multiply(line.rate());
        BigDecimal gross = line.rateIncludesTax()
                ? amount.multiply(HUNDRED).divide(HUNDRED.add(gstRate).add(cessRate), 2, RoundingMode.HALF_UP)
                : paise(amount);
        BigDecimal percentDiscount = percentOf(gross, line.discountPercent());
        BigDecimal afterPercent = gross.subtract(percentDiscount);
        BigDecimal amountDiscount = paise(line.discountAmount());
        if (amountDiscount.compareTo(afterPercent) > 0) {
            String left = percentDiscount.signum() == 0 ? ""
                    : " left after the " + plain(line.discountPercent()) + "% discount";
            throw new InvoiceArithmeticException(where, "discount of " + rupees(amountDiscount)
                    + " is more than the line amount of " + rupees(afterPercent) + left);
        }
        BigDecimal taxable = afterPercent.subtract(amountDiscount);
        Gst gst = Gst.on(taxable, gstRate, interstate);
        BigDecimal cess = percentOf(taxable, cessRate);
        return new LineAmounts(number, line.treatment(), gross, percentDiscount, amountDiscount, taxable, gst.cgst,
                gst.sgst, gst.igst, cess);
    }

    /** The amounts of one additional charge, numbered {@code number} in messages. */
    static ChargeAmounts charge(int number, AdditionalCharge charge, boolean interstate) {
        String where = "charge " + number;
        if (charge.amount() == null) {
            throw new InvoiceArithmeticException(where, "the amount is missing");
        }
        writable(where, "amount", charge.amount());
        writable(where, "GST rate", charge.gstRate());
        notNegative(where, "amount", charge.amount(), "");
        gstSlab(where, charge.gstRate());
        BigDecimal taxable = paise(charge.amount());
        Gst gst = Gst.on(taxable, charge.gstRate() == null ? BigDecimal.ZERO : charge.gstRate(), interstate);
        return new ChargeAmounts(number, taxable, gst.cgst, gst.sgst, gst.igst);
    }

    /** GST on a taxable value: CGST and SGST at half the rate each, or IGST at the full rate. */
    private record Gst(BigDecimal cgst, BigDecimal sgst, BigDecimal igst) {
        static Gst on(BigDecimal taxable, BigDecimal rate, boolean interstate) {
            if (interstate) {
                return new Gst(ZERO, ZERO, percentOf(taxable, rate));
            }
            BigDecimal half = percentOf(taxable, rate.divide(TWO));
            return new Gst(half, half, ZERO);
        }
    }

    /**
     * Refuses a number with more than {@link Money#MAX_DIGITS} digits written out ({@code 1E-1000000000}): rounding
     * it to the paisa would spell it out digit by digit. Checked before any other rule, whose messages print the number.
     */
    private static void writable(String where, String what, BigDecimal value) {
        if (value != null && Money.tooLong(value)) {
            throw new InvoiceArithmeticException(where, what + " " + value + " has more than " + Money.MAX_DIGITS
                    + " digits written out");
        }
    }

    private static void notNegative(String where, String what, BigDecimal value, String unit) {
        if (value.signum() < 0) {
            throw new InvoiceArithmeticException(where, what + " " + plain(value) + unit + " is negative");
        }
    }

    private static void gstSlab(String where, BigDecimal rate) {
        if (rate != null && !GstRates.isSlab(rate)) {
            throw new InvoiceArithmeticException(where, "GST rate " + plain(rate) + "% is not a GST rate (one of "
                    + GstRates.listed() + ")");
        }
    }

    private static BigDecimal documentRate(String name, BigDecimal rate) {
        if (rate == null) {
            return null;
        }
        writable(null, name + " rate", rate);
        if (rate.signum() < 0) {
            throw new InvoiceArithmeticException(null, name + " rate " + plain(rate) + "% is negative");
        }
        if (rate.compareTo(HUNDRED) > 0) {
            throw new InvoiceArithmeticException(null, name + " rate " + plain(rate) + "% is more than 100%");
        }
        return rate;
    }
}

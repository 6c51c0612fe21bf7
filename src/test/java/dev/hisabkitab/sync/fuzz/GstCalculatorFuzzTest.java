package dev.hisabkitab.sync.fuzz;

import static dev.hisabkitab.sync.fuzz.Fuzzing.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

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

/**
 * {@link GstCalculator#calculate} on invoices built from fuzzer data, with numbers as an event may carry them after
 * its schema (amounts up to 999999999999.99, quantities up to 999999999, percentages up to 100, any number of
 * decimals) and, now and then, outside it. The calculator's one refusal is {@link InvoiceArithmeticException} (the
 * invoice mapper turns it into a {@code mapping} dead letter); when it computes, every figure is to the paisa,
 * nothing is negative but the round-off (at most 0.50 either way), CGST = SGST and the totals add up.
 */
class GstCalculatorFuzzTest {

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("999999999");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal HALF = new BigDecimal("0.50");

    @FuzzTest(maxDuration = "10s")
    void calculate(FuzzedDataProvider data) {
        InvoiceInput invoice = invoice(data);
        Fuzzing.print("invoice", invoice);
        InvoiceTotals totals;
        try {
            totals = GstCalculator.calculate(invoice);
        } catch (InvoiceArithmeticException refused) {
            check(refused.getMessage() != null && !refused.getMessage().isBlank(), "a refusal without a message");
            return;
        }
        check(totals.lines().size() == invoice.lines().size(), "a line lost");
        check(totals.charges().size() == invoice.charges().size(), "a charge lost");
        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (LineAmounts l : totals.lines()) {
            for (BigDecimal a : List.of(l.grossAmount(), l.percentDiscount(), l.amountDiscount(), l.taxableValue(),
                    l.cgst(), l.sgst(), l.igst(), l.cess())) {
                paise(a, "line " + l.number());
            }
            check(l.cgst().compareTo(l.sgst()) == 0, "line " + l.number() + ": CGST is not SGST");
            check(l.taxableValue().compareTo(l.grossAmount()) <= 0, "line " + l.number() + ": taxable above gross");
            check(l.taxableValue().compareTo(l.grossAmount().subtract(l.totalDiscount())) == 0,
                    "line " + l.number() + ": taxable is not gross less discounts");
            gross = gross.add(l.total());
            tax = tax.add(l.gst()).add(l.cess());
        }
        BigDecimal charges = BigDecimal.ZERO;
        for (ChargeAmounts c : totals.charges()) {
            for (BigDecimal a : List.of(c.taxableValue(), c.cgst(), c.sgst(), c.igst())) {
                paise(a, "charge " + c.number());
            }
            charges = charges.add(c.taxableValue());
            tax = tax.add(c.gst());
        }
        for (BigDecimal a : List.of(totals.grossValue(), totals.chargesTotal(), totals.taxableValue(), totals.cgst(),
                totals.sgst(), totals.igst(), totals.cess(), totals.tcs(), totals.tds(), totals.totalBeforeRounding(),
                totals.grandTotal())) {
            paise(a, "document");
        }
        check(totals.roundingAmount().scale() == 2 && totals.roundingAmount().abs().compareTo(HALF) <= 0,
                "round-off " + totals.roundingAmount());
        check(totals.cgst().compareTo(totals.sgst()) == 0, "CGST is not SGST");
        check(!invoice.interstate() || totals.cgst().signum() == 0, "CGST on an interstate invoice");
        check(invoice.interstate() || totals.igst().signum() == 0, "IGST on an intrastate invoice");
        check(totals.grossValue().compareTo(gross) == 0, "gross value is not the sum of the lines");
        check(totals.chargesTotal().compareTo(charges) == 0, "charges total is not the sum of the charges");
        check(totals.taxableValue().compareTo(gross.add(charges)) == 0, "taxable value is not gross + charges");
        check(totals.gst().add(totals.cess()).compareTo(tax) == 0, "tax is not the sum of lines and charges");
        check(totals.grandTotal().compareTo(totals.taxableValue().add(tax).add(totals.tcs())
                .add(totals.roundingAmount())) == 0, "grand total does not add up");
        check(invoice.roundOff() || totals.roundingAmount().signum() == 0, "round-off without being asked");
        check(!invoice.roundOff() || totals.grandTotal().stripTrailingZeros().scale() <= 0, "not rounded to the rupee");
    }

    private static void paise(BigDecimal amount, String where) {
        check(amount != null, where + ": an amount is missing");
        check(amount.scale() == 2, where + ": " + amount + " is not to the paisa");
        check(amount.signum() >= 0, where + ": " + amount + " is negative");
    }

    private static InvoiceInput invoice(FuzzedDataProvider data) {
        List<InvoiceLine> lines = new ArrayList<>();
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            BigDecimal quantity = data.consumeBoolean() ? null : FuzzValues.bounded(data, MAX_QUANTITY);
            BigDecimal rate = data.consumeInt(0, 31) == 0 ? null : FuzzValues.bounded(data, MAX_AMOUNT);
            BigDecimal percent = data.consumeBoolean() ? null : FuzzValues.bounded(data, HUNDRED);
            BigDecimal discount = data.consumeBoolean() ? null : FuzzValues.bounded(data, MAX_AMOUNT);
            BigDecimal cess = data.consumeInt(0, 3) == 0 ? FuzzValues.bounded(data, BigDecimal.valueOf(1000)) : null;
            lines.add(new InvoiceLine(quantity, rate, percent, discount, gstRate(data), cess, data.consumeBoolean(),
                    data.consumeBoolean() ? null : data.pickValue(TaxTreatment.values())));
        }
        List<AdditionalCharge> charges = new ArrayList<>();
        int c = data.consumeInt(0, 3);
        for (int i = 0; i < c; i++) {
            charges.add(new AdditionalCharge(data.consumeInt(0, 31) == 0 ? null : FuzzValues.bounded(data, MAX_AMOUNT),
                    gstRate(data)));
        }
        BigDecimal tcs = data.consumeInt(0, 3) == 0 ? FuzzValues.bounded(data, HUNDRED) : null;
        BigDecimal tds = data.consumeInt(0, 3) == 0 ? FuzzValues.bounded(data, HUNDRED) : null;
        return new InvoiceInput(lines, data.consumeBoolean() ? null : charges, data.consumeBoolean(),
                data.consumeBoolean(), tcs, tds);
    }

    private static BigDecimal gstRate(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> null;
            case 1 -> FuzzValues.decimal(data);
            case 2 -> {
                BigDecimal slab = data.pickValue(GstRates.SLABS);
                yield slab.setScale(slab.scale() + data.consumeInt(0, 4));
            }
            default -> data.pickValue(GstRates.SLABS);
        };
    }
}

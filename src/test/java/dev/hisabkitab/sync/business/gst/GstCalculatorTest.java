package dev.hisabkitab.sync.business.gst;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-worked invoices. The arithmetic in the comments is the reference; every expected figure below was
 * worked out there, not taken from the calculator.
 */
class GstCalculatorTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** Compares with the exact scale: "90.00" is expected, "90" or "90.000" is a failure. */
    private static void money(String expected, BigDecimal actual, String what) {
        assertEquals(d(expected), actual, what);
    }

    private static InvoiceTotals calc(InvoiceInput input) {
        return GstCalculator.calculate(input);
    }

    private static void assertTotals(InvoiceTotals t, String gross, String charges, String taxable, String cgst,
            String sgst, String igst, String cess, String tcs, String tds, String beforeRounding, String rounding,
            String grand) {
        assertAll(
                () -> money(gross, t.grossValue(), "gross value"),
                () -> money(charges, t.chargesTotal(), "charges total"),
                () -> money(taxable, t.taxableValue(), "taxable value"),
                () -> money(cgst, t.cgst(), "cgst"),
                () -> money(sgst, t.sgst(), "sgst"),
                () -> money(igst, t.igst(), "igst"),
                () -> money(cess, t.cess(), "cess"),
                () -> money(tcs, t.tcs(), "tcs"),
                () -> money(tds, t.tds(), "tds"),
                () -> money(beforeRounding, t.totalBeforeRounding(), "total before rounding"),
                () -> money(rounding, t.roundingAmount(), "rounding amount"),
                () -> money(grand, t.grandTotal(), "grand total"));
    }

    private static void assertLine(LineAmounts l, String gross, String pctDiscount, String amtDiscount,
            String taxable, String cgst, String sgst, String igst, String cess) {
        assertAll(
                () -> money(gross, l.grossAmount(), "line " + l.number() + " gross"),
                () -> money(pctDiscount, l.percentDiscount(), "line " + l.number() + " percent discount"),
                () -> money(amtDiscount, l.amountDiscount(), "line " + l.number() + " amount discount"),
                () -> money(taxable, l.taxableValue(), "line " + l.number() + " taxable"),
                () -> money(taxable, l.total(), "line " + l.number() + " total (= taxable, without tax)"),
                () -> money(cgst, l.cgst(), "line " + l.number() + " cgst"),
                () -> money(sgst, l.sgst(), "line " + l.number() + " sgst"),
                () -> money(igst, l.igst(), "line " + l.number() + " igst"),
                () -> money(cess, l.cess(), "line " + l.number() + " cess"));
    }

    @Nested
    class IntraAndInterstate {

        @Test
        void intrastateSplitsGstIntoEqualCgstAndSgst() {
            // 2 × 500.00 = 1000.00 at 18%, same state:
            // CGST = 1000.00 × 9% = 90.00, SGST = 90.00; grand total 1000.00 + 180.00 = 1180.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("2", "500", "18"))));
            assertLine(t.lines().get(0), "1000.00", "0.00", "0.00", "1000.00", "90.00", "90.00", "0.00", "0.00");
            assertTotals(t, "1000.00", "0.00", "1000.00", "90.00", "90.00", "0.00", "0.00", "0.00", "0.00",
                    "1180.00", "0.00", "1180.00");
            assertEquals("Intrastate Sales Taxable", t.natureType(DocumentType.SALE));
        }

        @Test
        void interstateChargesIgstOnly() {
            // same line, other state: IGST = 1000.00 × 18% = 180.00, no CGST/SGST; grand total 1180.00
            InvoiceTotals t = calc(InvoiceInput.interstate(List.of(InvoiceLine.of("2", "500", "18"))));
            assertLine(t.lines().get(0), "1000.00", "0.00", "0.00", "1000.00", "0.00", "0.00", "180.00", "0.00");
            assertTotals(t, "1000.00", "0.00", "1000.00", "0.00", "0.00", "180.00", "0.00", "0.00", "0.00",
                    "1180.00", "0.00", "1180.00");
            assertEquals("Interstate Purchase Taxable", t.natureType(DocumentType.PURCHASE));
        }

        @Test
        void fractionalQuantityAndSeveralRates() {
            // line 1: 2.5 kg × 41.30 = 103.25 at 5%: CGST = 103.25 × 2.5% = 2.58125 → 2.58, SGST 2.58
            // line 2: 1 × 999.99 at 12%: CGST = 999.99 × 6% = 59.9994 → 60.00, SGST 60.00
            // line 3: quantity omitted (= 1) × 10.00 at 28%: CGST = 1.40, SGST 1.40
            // gross 103.25 + 999.99 + 10.00 = 1113.24; CGST 2.58 + 60.00 + 1.40 = 63.98 = SGST
            // grand total 1113.24 + 127.96 = 1241.20
            InvoiceLine noQuantity = new InvoiceLine(null, d("10"), null, null, d("28"), null, false, null);
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("2.5", "41.30", "5"),
                    InvoiceLine.of("1", "999.99", "12"), noQuantity)));
            assertLine(t.lines().get(0), "103.25", "0.00", "0.00", "103.25", "2.58", "2.58", "0.00", "0.00");
            assertLine(t.lines().get(1), "999.99", "0.00", "0.00", "999.99", "60.00", "60.00", "0.00", "0.00");
            assertLine(t.lines().get(2), "10.00", "0.00", "0.00", "10.00", "1.40", "1.40", "0.00", "0.00");
            assertTotals(t, "1113.24", "0.00", "1113.24", "63.98", "63.98", "0.00", "0.00", "0.00", "0.00",
                    "1241.20", "0.00", "1241.20");
        }

        @Test
        void igstAndCgstPlusSgstMayDifferByAPaisaPerLine() {
            // Per-line rounding, CGST and SGST each at half the rate:
            // taxable 100.03 at 18%: IGST = 18.0054 → 18.01; CGST = 100.03 × 9% = 9.0027 → 9.00, SGST 9.00.
            // So interstate grand total 118.04, intrastate 118.03.
            InvoiceLine line = InvoiceLine.of("1", "100.03", "18");
            InvoiceTotals inter = calc(InvoiceInput.interstate(List.of(line)));
            InvoiceTotals intra = calc(InvoiceInput.intrastate(List.of(line)));
            money("18.01", inter.igst(), "igst");
            money("9.00", intra.cgst(), "cgst");
            money("9.00", intra.sgst(), "sgst");
            money("118.04", inter.grandTotal(), "interstate grand total");
            money("118.03", intra.grandTotal(), "intrastate grand total");
        }

        @Test
        void tinyAmountsKeepCgstEqualToSgst() {
            // 0.05 at 18%: CGST = 0.05 × 9% = 0.0045 → 0.00 = SGST; IGST = 0.009 → 0.01
            InvoiceLine line = InvoiceLine.of("1", "0.05", "18");
            InvoiceTotals intra = calc(InvoiceInput.intrastate(List.of(line)));
            assertLine(intra.lines().get(0), "0.05", "0.00", "0.00", "0.05", "0.00", "0.00", "0.00", "0.00");
            money("0.01", calc(InvoiceInput.interstate(List.of(line))).igst(), "igst");
        }

        @Test
        void quarterPercentSlabHalvesToAnEighth() {
            // rough diamonds 0.25%: 1 × 200000.00; CGST = 200000 × 0.125% = 250.00 = SGST; IGST = 500.00
            InvoiceLine line = InvoiceLine.of("1", "200000", "0.25");
            InvoiceTotals intra = calc(InvoiceInput.intrastate(List.of(line)));
            money("250.00", intra.cgst(), "cgst");
            money("250.00", intra.sgst(), "sgst");
            money("500.00", calc(InvoiceInput.interstate(List.of(line))).igst(), "igst");
        }
    }

    @Nested
    class Discounts {

        @Test
        void percentDiscount() {
            // 3 × 333.33 = 999.99 at 12%, 10% off: discount = 99.999 → 100.00; taxable 899.99
            // CGST = 899.99 × 6% = 53.9994 → 54.00 = SGST; grand total 899.99 + 108.00 = 1007.99
            InvoiceTotals t = calc(InvoiceInput.intrastate(
                    List.of(InvoiceLine.of("3", "333.33", "12").withDiscountPercent("10"))));
            assertLine(t.lines().get(0), "999.99", "100.00", "0.00", "899.99", "54.00", "54.00", "0.00", "0.00");
            money("100.00", t.lines().get(0).totalDiscount(), "total discount");
            assertTotals(t, "899.99", "0.00", "899.99", "54.00", "54.00", "0.00", "0.00", "0.00", "0.00",
                    "1007.99", "0.00", "1007.99");
        }

        @Test
        void amountDiscount() {
            // 1 × 1000.00 at 5%, 150.00 off: taxable 850.00; CGST = 850 × 2.5% = 21.25 = SGST; total 892.50
            InvoiceTotals t = calc(InvoiceInput.intrastate(
                    List.of(InvoiceLine.of("1", "1000", "5").withDiscountAmount("150"))));
            assertLine(t.lines().get(0), "1000.00", "0.00", "150.00", "850.00", "21.25", "21.25", "0.00", "0.00");
            assertTotals(t, "850.00", "0.00", "850.00", "21.25", "21.25", "0.00", "0.00", "0.00", "0.00",
                    "892.50", "0.00", "892.50");
        }

        @Test
        void percentDiscountComesBeforeAmountDiscount() {
            // 4 × 250.00 = 1000.00 at 18% interstate, 10% then 50.00 off:
            // 10% of 1000.00 = 100.00 → 900.00; less 50.00 → taxable 850.00 (amount first would give 855.00)
            // IGST = 850 × 18% = 153.00; grand total 1003.00
            InvoiceTotals t = calc(InvoiceInput.interstate(List.of(
                    InvoiceLine.of("4", "250", "18").withDiscountPercent("10").withDiscountAmount("50"))));
            assertLine(t.lines().get(0), "1000.00", "100.00", "50.00", "850.00", "0.00", "0.00", "153.00", "0.00");
            money("150.00", t.lines().get(0).totalDiscount(), "total discount");
            money("1003.00", t.grandTotal(), "grand total");
        }

        @Test
        void discountsMayTakeTheLineToZeroButNotBelow() {
            // 100% off 1 × 80.00: taxable 0.00, no tax; 1 × 80.00 less 80.00: taxable 0.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(
                    InvoiceLine.of("1", "80", "18").withDiscountPercent("100"),
                    InvoiceLine.of("1", "80", "18").withDiscountAmount("80.00"))));
            assertLine(t.lines().get(0), "80.00", "80.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00");
            assertLine(t.lines().get(1), "80.00", "0.00", "80.00", "0.00", "0.00", "0.00", "0.00", "0.00");
            money("0.00", t.grandTotal(), "grand total");
        }

        @Test
        void amountDiscountIsKeptToThePaisa() {
            // 1 × 100.00 at 0%, 10.005 off → 10.01 (HALF_UP); taxable 89.99
            InvoiceTotals t = calc(InvoiceInput.intrastate(
                    List.of(InvoiceLine.of("1", "100", "0").withDiscountAmount("10.005"))));
            assertLine(t.lines().get(0), "100.00", "0.00", "10.01", "89.99", "0.00", "0.00", "0.00", "0.00");
        }
    }

    @Nested
    class TaxInclusivePrices {

        @Test
        void inclusiveRateIsSplitBackToTaxableValue() {
            // 1 × 118.00 incl. 18%: taxable = 118 × 100 / 118 = 100.00; CGST 9.00, SGST 9.00; total 118.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(
                    List.of(InvoiceLine.of("1", "118", "18").withRateIncludingTax())));
            assertLine(t.lines().get(0), "100.00", "0.00", "0.00", "100.00", "9.00", "9.00", "0.00", "0.00");
            money("118.00", t.grandTotal(), "grand total");
        }

        @Test
        void inclusiveRateThatDoesNotSplitEvenly() {
            // 1 × 100.00 incl. 18%: taxable = 100 × 100 / 118 = 84.7457… → 84.75
            // intrastate: CGST = 84.75 × 9% = 7.6275 → 7.63 = SGST → 84.75 + 15.26 = 100.01
            // interstate: IGST = 84.75 × 18% = 15.255 → 15.26 → 100.01
            InvoiceLine line = InvoiceLine.of("1", "100", "18").withRateIncludingTax();
            InvoiceTotals intra = calc(InvoiceInput.intrastate(List.of(line)));
            assertLine(intra.lines().get(0), "84.75", "0.00", "0.00", "84.75", "7.63", "7.63", "0.00", "0.00");
            money("100.01", intra.grandTotal(), "intrastate grand total");
            InvoiceTotals inter = calc(InvoiceInput.interstate(List.of(line)));
            money("15.26", inter.igst(), "igst");
            money("100.01", inter.grandTotal(), "interstate grand total");
        }

        @Test
        void inclusiveRateWithCessAndDiscount() {
            // 2 × 700.00 incl. 28% GST + 12% cess: amount 1400.00, taxable = 1400 × 100 / 140 = 1000.00
            // 5% off: 50.00 → 950.00; then 150.00 off → 800.00
            // CGST = 800 × 14% = 112.00 = SGST; cess = 800 × 12% = 96.00; grand total 800 + 224 + 96 = 1120.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("2", "700", "28")
                    .withCessRate("12").withRateIncludingTax().withDiscountPercent("5").withDiscountAmount("150"))));
            assertLine(t.lines().get(0), "1000.00", "50.00", "150.00", "800.00", "112.00", "112.00", "0.00", "96.00");
            assertTotals(t, "800.00", "0.00", "800.00", "112.00", "112.00", "0.00", "96.00", "0.00", "0.00",
                    "1120.00", "0.00", "1120.00");
        }

        @Test
        void inclusiveRateOnAnExemptLineHasNoTaxToTakeOut() {
            // exempt line, item on file at 18%, rate "including tax" 118.00: nothing to split, taxable 118.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "118", "18")
                    .withRateIncludingTax().withTreatment(TaxTreatment.EXEMPT))));
            assertLine(t.lines().get(0), "118.00", "0.00", "0.00", "118.00", "0.00", "0.00", "0.00", "0.00");
        }
    }

    @Nested
    class Cess {

        @Test
        void cessOnTopOfIgst() {
            // motor car 1 × 10000.00 at 28% + 15% cess, interstate:
            // IGST = 2800.00, cess = 1500.00; grand total 14300.00
            InvoiceTotals t = calc(InvoiceInput.interstate(
                    List.of(InvoiceLine.of("1", "10000", "28").withCessRate("15"))));
            assertLine(t.lines().get(0), "10000.00", "0.00", "0.00", "10000.00", "0.00", "0.00", "2800.00", "1500.00");
            assertTotals(t, "10000.00", "0.00", "10000.00", "0.00", "0.00", "2800.00", "1500.00", "0.00", "0.00",
                    "14300.00", "0.00", "14300.00");
        }

        @Test
        void cessIsRoundedPerLineAndIsTheSameEitherSideOfTheBorder() {
            // 3 × 33.33 = 99.99 at 28% + 12% cess: cess = 11.9988 → 12.00 (both intra- and interstate)
            // intrastate CGST = 99.99 × 14% = 13.9986 → 14.00 = SGST; interstate IGST = 27.9972 → 28.00
            InvoiceLine line = InvoiceLine.of("3", "33.33", "28").withCessRate("12");
            InvoiceTotals intra = calc(InvoiceInput.intrastate(List.of(line)));
            InvoiceTotals inter = calc(InvoiceInput.interstate(List.of(line)));
            assertLine(intra.lines().get(0), "99.99", "0.00", "0.00", "99.99", "14.00", "14.00", "0.00", "12.00");
            assertLine(inter.lines().get(0), "99.99", "0.00", "0.00", "99.99", "0.00", "0.00", "28.00", "12.00");
        }
    }

    @Nested
    class AdditionalCharges {

        @Test
        void chargesCarryTheirOwnGst() {
            // line 1 × 1000.00 at 12%; freight 100.00 at 18%; packing 50.00 without GST; intrastate
            // gross 1000.00; charges 150.00; taxable 1150.00
            // CGST = 60.00 (line) + 9.00 (freight) = 69.00 = SGST; grand total 1150.00 + 138.00 = 1288.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "1000", "12")))
                    .withCharges(List.of(AdditionalCharge.of("100", "18"), AdditionalCharge.of("50", null))));
            ChargeAmounts freight = t.charges().get(0);
            ChargeAmounts packing = t.charges().get(1);
            assertAll(
                    () -> money("100.00", freight.taxableValue(), "freight"),
                    () -> money("9.00", freight.cgst(), "freight cgst"),
                    () -> money("9.00", freight.sgst(), "freight sgst"),
                    () -> money("0.00", freight.igst(), "freight igst"),
                    () -> money("118.00", freight.totalWithTax(), "freight with tax"),
                    () -> money("50.00", packing.taxableValue(), "packing"),
                    () -> money("0.00", packing.gst(), "packing gst"),
                    () -> money("50.00", packing.totalWithTax(), "packing with tax"));
            assertTotals(t, "1000.00", "150.00", "1150.00", "69.00", "69.00", "0.00", "0.00", "0.00", "0.00",
                    "1288.00", "0.00", "1288.00");
        }

        @Test
        void interstateChargesCarryIgst() {
            // line 1 × 500.00 at 5% → IGST 25.00; freight 99.99 at 18% → IGST 17.9982 → 18.00
            // taxable 599.99; IGST 43.00; grand total 642.99
            InvoiceTotals t = calc(InvoiceInput.interstate(List.of(InvoiceLine.of("1", "500", "5")))
                    .withCharges(List.of(AdditionalCharge.of("99.99", "18"))));
            money("18.00", t.charges().get(0).igst(), "freight igst");
            assertTotals(t, "500.00", "99.99", "599.99", "0.00", "0.00", "43.00", "0.00", "0.00", "0.00",
                    "642.99", "0.00", "642.99");
        }
    }

    @Nested
    class RoundOff {

        private InvoiceTotals rounded(String rate, String gst, boolean interstate) {
            return calc(new InvoiceInput(List.of(InvoiceLine.of("1", rate, gst)), null, interstate, true, null, null));
        }

        @Test
        void roundsUp() {
            // 1 × 123.45 at 5% intrastate: CGST = 3.08625 → 3.09 = SGST; 123.45 + 6.18 = 129.63 → 130.00, +0.37
            InvoiceTotals t = rounded("123.45", "5", false);
            assertTotals(t, "123.45", "0.00", "123.45", "3.09", "3.09", "0.00", "0.00", "0.00", "0.00",
                    "129.63", "0.37", "130.00");
        }

        @Test
        void roundsDown() {
            // 1 × 120.30 at 5% interstate: IGST = 6.015 → 6.02; 126.32 → 126.00, -0.32
            InvoiceTotals t = rounded("120.30", "5", true);
            assertTotals(t, "120.30", "0.00", "120.30", "0.00", "0.00", "6.02", "0.00", "0.00", "0.00",
                    "126.32", "-0.32", "126.00");
        }

        @Test
        void exactlyFiftyPaiseGoesUp() {
            // 1 × 210.00 at 5% interstate: IGST 10.50; 220.50 → 221.00, +0.50
            InvoiceTotals t = rounded("210", "5", true);
            assertTotals(t, "210.00", "0.00", "210.00", "0.00", "0.00", "10.50", "0.00", "0.00", "0.00",
                    "220.50", "0.50", "221.00");
        }

        @Test
        void fortyNinePaiseGoDown() {
            // 1 × 220.49 at 0%: 220.49 → 220.00, -0.49
            InvoiceTotals t = rounded("220.49", "0", false);
            money("-0.49", t.roundingAmount(), "rounding");
            money("220.00", t.grandTotal(), "grand total");
        }

        @Test
        void noRoundOffUnlessAsked() {
            // same 220.50 invoice with round-off off: rounding 0.00, grand total 220.50
            InvoiceTotals t = calc(InvoiceInput.interstate(List.of(InvoiceLine.of("1", "210", "5"))));
            money("0.00", t.roundingAmount(), "rounding");
            money("220.50", t.grandTotal(), "grand total");
        }

        @Test
        void wholeRupeeNeedsNoRounding() {
            // 1 × 100.00 at 18%: 118.00 → rounding 0.00
            InvoiceTotals t = rounded("100", "18", false);
            money("0.00", t.roundingAmount(), "rounding");
            money("118.00", t.grandTotal(), "grand total");
        }
    }

    @Nested
    class Treatments {

        @Test
        void zeroRatedExportCarriesNoTax() {
            // export under LUT: 10 × 100.00, item at 18%, zero-rated: taxable 1000.00, no IGST, grand total 1000.00
            InvoiceTotals t = calc(InvoiceInput.interstate(
                    List.of(InvoiceLine.of("10", "100", "18").withTreatment(TaxTreatment.ZERO_RATED))));
            assertLine(t.lines().get(0), "1000.00", "0.00", "0.00", "1000.00", "0.00", "0.00", "0.00", "0.00");
            money("1000.00", t.grandTotal(), "grand total");
            assertEquals(TaxTreatment.ZERO_RATED, t.treatment());
            assertEquals("Export Sales Zero Rated", t.natureType(DocumentType.SALE));
        }

        @Test
        void exemptNilAndNonGstLinesCarryNoTaxOrCess() {
            // 500.00 exempt + 200.00 nil-rated + 300.00 non-GST, each with a rate and cess on file: no tax at all
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(
                    InvoiceLine.of("1", "500", "12").withCessRate("5").withTreatment(TaxTreatment.EXEMPT),
                    InvoiceLine.of("1", "200", "5").withTreatment(TaxTreatment.NIL_RATED),
                    InvoiceLine.of("1", "300", null).withCessRate("1").withTreatment(TaxTreatment.NON_GST))));
            assertTotals(t, "1000.00", "0.00", "1000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00",
                    "1000.00", "0.00", "1000.00");
            // mixed non-taxable lines: nil-rated ranks before exempt and non-GST
            assertEquals("Intrastate Sales Nil Rated", t.natureType(DocumentType.SALE));
        }

        @Test
        void exemptInvoice() {
            InvoiceTotals t = calc(InvoiceInput.interstate(
                    List.of(InvoiceLine.of("1", "500", null).withTreatment(TaxTreatment.EXEMPT))));
            assertEquals("Interstate Sales Exempt", t.natureType(DocumentType.SALE));
        }

        @Test
        void taxableAndExemptLinesTogether() {
            // 1000.00 at 18% taxable + 500.00 exempt, intrastate:
            // CGST = 90.00 = SGST (only the taxable line); taxable value 1500.00; grand total 1680.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "1000", "18"),
                    InvoiceLine.of("1", "500", "18").withTreatment(TaxTreatment.EXEMPT))));
            assertTotals(t, "1500.00", "0.00", "1500.00", "90.00", "90.00", "0.00", "0.00", "0.00", "0.00",
                    "1680.00", "0.00", "1680.00");
            assertEquals(TaxTreatment.TAXABLE, t.treatment());
            assertEquals("Intrastate Sales Taxable", t.natureType(DocumentType.SALE));
        }

        @Test
        void lineWithoutGstRateCarriesNoTax() {
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "250", null))));
            money("0.00", t.gst(), "gst");
            money("250.00", t.grandTotal(), "grand total");
        }
    }

    @Nested
    class TcsAndTds {

        @Test
        void tcsIsCollectedOnTheInvoiceValueIncludingGst() {
            // 1 × 100000.00 at 18% intrastate: CGST 9000.00 = SGST; invoice value 118000.00
            // TCS 0.1% of 118000.00 = 118.00; grand total 118118.00
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "100000", "18")))
                    .withTcsRate("0.1"));
            assertTotals(t, "100000.00", "0.00", "100000.00", "9000.00", "9000.00", "0.00", "0.00", "118.00",
                    "0.00", "118118.00", "0.00", "118118.00");
        }

        @Test
        void tcsIsRoundedToThePaisaAndRoundOffComesAfterIt() {
            // 1 × 1234.56 at 5% interstate: IGST = 61.728 → 61.73; value 1296.29
            // TCS 0.075% = 0.97221… → 0.97; total 1297.26 → 1297.00, rounding -0.26
            InvoiceTotals t = calc(new InvoiceInput(List.of(InvoiceLine.of("1", "1234.56", "5")), null, true, true,
                    d("0.075"), null));
            assertTotals(t, "1234.56", "0.00", "1234.56", "0.00", "0.00", "61.73", "0.00", "0.97", "0.00",
                    "1297.26", "-0.26", "1297.00");
        }

        @Test
        void tdsIsOnTheTaxableValueAndDoesNotChangeTheGrandTotal() {
            // professional services 1 × 50000.00 at 18% interstate + freight 1000.00 at 18%:
            // taxable 51000.00; IGST 9000.00 + 180.00 = 9180.00; grand total 60180.00
            // TDS 10% of 51000.00 = 5100.00, reported only: the buyer withholds it from the payment
            InvoiceTotals t = calc(InvoiceInput.interstate(List.of(InvoiceLine.of("1", "50000", "18")))
                    .withCharges(List.of(AdditionalCharge.of("1000", "18"))).withTdsRate("10"));
            assertTotals(t, "50000.00", "1000.00", "51000.00", "0.00", "0.00", "9180.00", "0.00", "0.00",
                    "5100.00", "60180.00", "0.00", "60180.00");
        }
    }

    @Nested
    class LargeInvoices {

        @Test
        void twoHundredLinesAddUp() {
            // Line i (i = 1..200): quantity i × 10.00, intrastate, GST by i mod 4: 1 → 5%, 2 → 12%, 3 → 18%, 0 → 28%.
            // Taxable of line i = 10·i, so gross = 10 · (1 + … + 200) = 10 · 20100 = 201000.00.
            // CGST of line i = 10·i × rate/2 % = i · rate/20, exact to the paisa: 0.25·i, 0.60·i, 0.90·i, 1.40·i.
            // Sums of i by residue: i ≡ 1: 1+5+…+197 = 50·99 = 4950; ≡ 2: 2+…+198 = 5000; ≡ 3: 3+…+199 = 5050;
            // ≡ 0: 4+…+200 = 5100 (together 20100).
            // CGST = 0.25·4950 + 0.60·5000 + 0.90·5050 + 1.40·5100 = 1237.50 + 3000 + 4545 + 7140 = 15922.50 = SGST.
            // Grand total = 201000.00 + 2 × 15922.50 = 232845.00. Interstate: IGST = 2 × 15922.50 = 31845.00.
            String[] rates = {"28", "5", "12", "18"};
            List<InvoiceLine> lines = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                lines.add(InvoiceLine.of(Integer.toString(i), "10.00", rates[i % 4]));
            }
            InvoiceTotals intra = calc(InvoiceInput.intrastate(lines));
            assertEquals(200, intra.lines().size());
            assertTotals(intra, "201000.00", "0.00", "201000.00", "15922.50", "15922.50", "0.00", "0.00", "0.00",
                    "0.00", "232845.00", "0.00", "232845.00");
            // spot checks: line 7 (18%): taxable 70.00, CGST 6.30; line 200 (28%): taxable 2000.00, CGST 280.00
            assertLine(intra.lines().get(6), "70.00", "0.00", "0.00", "70.00", "6.30", "6.30", "0.00", "0.00");
            assertLine(intra.lines().get(199), "2000.00", "0.00", "0.00", "2000.00", "280.00", "280.00", "0.00", "0.00");
            InvoiceTotals inter = calc(InvoiceInput.interstate(lines));
            assertTotals(inter, "201000.00", "0.00", "201000.00", "0.00", "0.00", "31845.00", "0.00", "0.00",
                    "0.00", "232845.00", "0.00", "232845.00");
        }

        @Test
        void twoHundredSmallLinesShowThatTaxIsRoundedPerLine() {
            // 200 lines of 1 × 0.99 at 5%: gross 198.00.
            // Per line, intrastate: CGST = 0.99 × 2.5% = 0.02475 → 0.02 = SGST → 200 × 0.02 = 4.00 each.
            // (On the invoice total it would have been 198 × 2.5% = 4.95 — not what GST invoices do.)
            // Per line, interstate: IGST = 0.0495 → 0.05 → 200 × 0.05 = 10.00 (invoice-level: 9.90).
            // Grand totals: 198.00 + 8.00 = 206.00 intrastate; 198.00 + 10.00 = 208.00 interstate.
            List<InvoiceLine> lines = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                lines.add(InvoiceLine.of("1", "0.99", "5"));
            }
            InvoiceTotals intra = calc(InvoiceInput.intrastate(lines));
            assertTotals(intra, "198.00", "0.00", "198.00", "4.00", "4.00", "0.00", "0.00", "0.00", "0.00",
                    "206.00", "0.00", "206.00");
            InvoiceTotals inter = calc(InvoiceInput.interstate(lines));
            assertTotals(inter, "198.00", "0.00", "198.00", "0.00", "0.00", "10.00", "0.00", "0.00", "0.00",
                    "208.00", "0.00", "208.00");
        }
    }

    @Nested
    class RefusedInputs {

        static Stream<Arguments> badInvoices() {
            InvoiceLine ok = InvoiceLine.of("1", "100", "18");
            return Stream.of(
                    Arguments.of(List.of(ok, ok, ok.withDiscountPercent("120")),
                            "line 3: discount of 120% is more than the line amount"),
                    Arguments.of(List.of(ok.withDiscountAmount("150")),
                            "line 1: discount of 150.00 is more than the line amount of 100.00"),
                    Arguments.of(List.of(ok, ok.withDiscountPercent("10").withDiscountAmount("95")),
                            "line 2: discount of 95.00 is more than the line amount of 90.00 left after the 10% discount"),
                    Arguments.of(List.of(InvoiceLine.of("-2", "100", "18")), "line 1: quantity -2 is negative"),
                    Arguments.of(List.of(ok, InvoiceLine.of("1", "-5.50", "18")), "line 2: rate -5.5 is negative"),
                    Arguments.of(List.of(ok.withDiscountPercent("-5")), "line 1: discount of -5% is negative"),
                    Arguments.of(List.of(ok.withDiscountAmount("-1")), "line 1: discount of -1 is negative"),
                    Arguments.of(List.of(ok.withCessRate("-1")), "line 1: cess rate -1% is negative"),
                    Arguments.of(List.of(ok, ok, ok, InvoiceLine.of("1", "100", "17")),
                            "line 4: GST rate 17% is not a GST rate (one of 0, 0.1, 0.25, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40)"),
                    Arguments.of(List.of(new InvoiceLine(d("1"), null, null, null, null, null, false, null)),
                            "line 1: the rate is missing"),
                    Arguments.of(List.of(), "the invoice has no lines"));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("badInvoices")
        void linesABookkeeperCanFix(List<InvoiceLine> lines, String message) {
            InvoiceArithmeticException e = assertThrows(InvoiceArithmeticException.class,
                    () -> calc(InvoiceInput.intrastate(lines)));
            assertEquals(message, e.getMessage());
        }

        @Test
        void theExceptionNamesTheLine() {
            InvoiceArithmeticException e = assertThrows(InvoiceArithmeticException.class, () -> calc(
                    InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "1", "5"), InvoiceLine.of("1", "1", "19")))));
            assertEquals("line 2", e.where());
            assertTrue(e instanceof IllegalArgumentException);
        }

        @ParameterizedTest(name = "{2}")
        @CsvSource(delimiter = '|', value = {
                "-50|18|charge 1: amount -50 is negative",
                "50|17.5|charge 1: GST rate 17.5% is not a GST rate (one of 0, 0.1, 0.25, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40)",
                "|18|charge 1: the amount is missing"})
        void badCharges(String amount, String gst, String message) {
            InvoiceInput input = InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "100", "18")))
                    .withCharges(List.of(AdditionalCharge.of(amount, gst)));
            assertEquals(message, assertThrows(InvoiceArithmeticException.class, () -> calc(input)).getMessage());
        }

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
                "tcs|-1|TCS rate -1% is negative",
                "tcs|101|TCS rate 101% is more than 100%",
                "tds|-0.1|TDS rate -0.1% is negative",
                "tds|150|TDS rate 150% is more than 100%"})
        void badTcsOrTdsRates(String which, String rate, String message) {
            InvoiceInput base = InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "100", "18")));
            InvoiceInput input = which.equals("tcs") ? base.withTcsRate(rate) : base.withTdsRate(rate);
            assertEquals(message, assertThrows(InvoiceArithmeticException.class, () -> calc(input)).getMessage());
        }

        /**
         * Found by GstCalculatorFuzzTest (input crash-discount-amount-4.58E-1111572541): rounding such a discount to
         * the paisa threw "ArithmeticException: BigInteger would overflow supported range" from Money.paise.
         */
        @Test
        void aDiscountWithAThousandMillionDecimalPlacesIsRefusedNotAnArithmeticException() {
            InvoiceLine line = InvoiceLine.of("1", "100", "18").withDiscountAmount("4.58E-1111572541");
            InvoiceArithmeticException e = assertThrows(InvoiceArithmeticException.class,
                    () -> calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "100", "18"), line))));
            assertEquals("line 2: discount 4.58E-1111572541 has more than 1000 digits written out", e.getMessage());
        }

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
                "1E-1000|line 1: quantity 1E-1000 has more than 1000 digits written out",
                "1E+1000|line 1: quantity 1E+1000 has more than 1000 digits written out"})
        void numbersTooLongToWriteOutAreRefused(String quantity, String message) {
            InvoiceInput input = InvoiceInput.intrastate(List.of(InvoiceLine.of(quantity, "100", "18")));
            assertEquals(message, assertThrows(InvoiceArithmeticException.class, () -> calc(input)).getMessage());
        }

        @Test
        void tooLongRatesOfLinesChargesAndTcsAreRefusedBeforeTheyArePrinted() {
            InvoiceLine ok = InvoiceLine.of("1", "100", "18");
            assertEquals("line 1: rate 1E+2147483647 has more than 1000 digits written out",
                    assertThrows(InvoiceArithmeticException.class, () -> calc(InvoiceInput.intrastate(
                            List.of(InvoiceLine.of("1", "1E+2147483647", "18"))))).getMessage());
            assertEquals("line 1: cess rate 5E-2000 has more than 1000 digits written out",
                    assertThrows(InvoiceArithmeticException.class, () -> calc(InvoiceInput.intrastate(
                            List.of(ok.withCessRate("5E-2000"))))).getMessage());
            assertEquals("charge 1: GST rate 1.8E+999999 has more than 1000 digits written out",
                    assertThrows(InvoiceArithmeticException.class, () -> calc(InvoiceInput.intrastate(List.of(ok))
                            .withCharges(List.of(AdditionalCharge.of("10", "1.8E+999999"))))).getMessage());
            assertEquals("TCS rate 1E-1001 has more than 1000 digits written out",
                    assertThrows(InvoiceArithmeticException.class, () -> calc(InvoiceInput.intrastate(List.of(ok))
                            .withTcsRate("1E-1001"))).getMessage());
        }

        @Test
        void aRateOfAThousandDigitsIsStillComputed() {
            InvoiceTotals t = calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "1E-999", "18"),
                    InvoiceLine.of("3", "100.005", "18"))));
            assertEquals(d("0.00"), t.lines().get(0).grossAmount());
            assertEquals(d("300.02"), t.lines().get(1).grossAmount());
        }

        @ParameterizedTest
        @CsvSource({"0", "0.1", "0.25", "1.5", "3", "5", "6", "7.5", "12", "18", "28", "40", "18.00", "5.0"})
        void everySlabIsAccepted(String rate) {
            assertEquals(1, calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "100", rate)))).lines().size());
        }

        @ParameterizedTest
        @CsvSource({"1", "2", "2.5", "10", "14", "20", "24", "41", "-18"})
        void everyOtherRateIsRefused(String rate) {
            assertThrows(InvoiceArithmeticException.class,
                    () -> calc(InvoiceInput.intrastate(List.of(InvoiceLine.of("1", "100", rate)))));
        }
    }

    @Nested
    class NatureTypes {

        @Test
        void labelsSeenInTheVendorExamples() {
            assertEquals("Intrastate Sales Taxable", NatureOfSupply.label(DocumentType.SALE, false, TaxTreatment.TAXABLE));
            assertEquals("Intrastate Sales Taxable",
                    NatureOfSupply.label(DocumentType.ESTIMATE, false, TaxTreatment.TAXABLE));
            assertEquals("Interstate Purchase Taxable",
                    NatureOfSupply.label(DocumentType.PURCHASE, true, TaxTreatment.TAXABLE));
            assertEquals("Interstate Purchase Taxable",
                    NatureOfSupply.label(DocumentType.PURCHASE_ORDER, true, TaxTreatment.TAXABLE));
            assertEquals("Intrastate Income Debit Note Taxable",
                    NatureOfSupply.label(DocumentType.INCOME_DEBIT_NOTE, false, TaxTreatment.TAXABLE));
        }

        @Test
        void labelsInTheVendorStyle() {
            assertAll(
                    () -> assertEquals("Interstate Sales Exempt",
                            NatureOfSupply.label(DocumentType.SALE, true, TaxTreatment.EXEMPT)),
                    () -> assertEquals("Intrastate Sales Nil Rated",
                            NatureOfSupply.label(DocumentType.SALE, false, TaxTreatment.NIL_RATED)),
                    () -> assertEquals("Intrastate Sales Non GST",
                            NatureOfSupply.label(DocumentType.SALE, false, TaxTreatment.NON_GST)),
                    () -> assertEquals("Export Sales Zero Rated",
                            NatureOfSupply.label(DocumentType.SALE, false, TaxTreatment.ZERO_RATED)),
                    () -> assertEquals("Export Sales Return Zero Rated",
                            NatureOfSupply.label(DocumentType.SALE_RETURN, true, TaxTreatment.ZERO_RATED)),
                    () -> assertEquals("Interstate Purchase Zero Rated",
                            NatureOfSupply.label(DocumentType.PURCHASE, false, TaxTreatment.ZERO_RATED)),
                    () -> assertEquals("Intrastate Income Credit Note Taxable",
                            NatureOfSupply.label(DocumentType.INCOME_CREDIT_NOTE, false, TaxTreatment.TAXABLE)),
                    () -> assertEquals("Interstate Expense Debit Note Taxable",
                            NatureOfSupply.label(DocumentType.EXPENSE_DEBIT_NOTE, true, TaxTreatment.TAXABLE)),
                    () -> assertEquals("Intrastate Expense Credit Note Exempt",
                            NatureOfSupply.label(DocumentType.EXPENSE_CREDIT_NOTE, false, TaxTreatment.EXEMPT)),
                    () -> assertEquals("Interstate Purchase Return Nil Rated",
                            NatureOfSupply.label(DocumentType.PURCHASE_RETURN, true, TaxTreatment.NIL_RATED)),
                    () -> assertEquals("Intrastate Sales Taxable",
                            NatureOfSupply.label(DocumentType.DELIVERY_CHALLAN, false, TaxTreatment.TAXABLE)));
        }

        @Test
        void theTableCoversEveryCombinationWithTheLabelsTheCalculatorUses() {
            List<NatureOfSupply.Row> table = NatureOfSupply.table();
            assertEquals(DocumentType.values().length * 2 * TaxTreatment.values().length, table.size());
            Set<String> seen = new HashSet<>();
            for (NatureOfSupply.Row row : table) {
                assertEquals(NatureOfSupply.label(row.document(), row.interstate(), row.treatment()), row.label());
                assertTrue(row.label().matches("(Intrastate|Interstate|Export) [A-Z][A-Za-z ]+ "
                        + "(Taxable|Exempt|Nil Rated|Zero Rated|Non GST)"), row.label());
                seen.add(row.document() + "|" + row.interstate() + "|" + row.treatment());
            }
            assertEquals(table.size(), seen.size(), "each combination once");
        }

        @Test
        void documentTypesReadFromEvents() {
            assertEquals(11, DocumentType.values().length);
            for (DocumentType type : DocumentType.values()) {
                assertEquals(type, DocumentType.fromEventName(type.eventName()).orElseThrow());
            }
            assertEquals(DocumentType.SALE_RETURN, DocumentType.fromEventName(" Sale-Return ").orElseThrow());
            assertTrue(DocumentType.fromEventName("invoice").isEmpty());
            assertEquals(DocumentType.Side.PURCHASES, DocumentType.EXPENSE_CREDIT_NOTE.side());
            assertEquals(DocumentType.Side.SALES, DocumentType.DELIVERY_CHALLAN.side());
        }
    }
}

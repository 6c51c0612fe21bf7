package dev.hisabkitab.sync.business.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * Properties over generated invoices (jqwik): 1–60 lines with whole and fractional quantities, rates with up to 4
 * decimals, both discounts, every GST slab, cess, tax-inclusive rates, all treatments, 0–3 charges,
 * intra/interstate, round-off, TCS, TDS. A failure is shrunk to a smallest invoice that still fails, printed
 * with the seed that reproduces it (docs/testing.md, "Property tests").
 */
class GstCalculatorPropertiesTest {

    /** Invoices per property: every shape of invoice many times over, while the class stays at a few seconds. */
    private static final int TRIES = 500;

    // ---------------------------------------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------------------------------------

    @Property(tries = TRIES)
    void totalsAddUp(@ForAll("invoices") InvoiceInput input) {
        InvoiceTotals t = GstCalculator.calculate(input);
        String why = describe(input);

        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal cgst = BigDecimal.ZERO;
        BigDecimal sgst = BigDecimal.ZERO;
        BigDecimal igst = BigDecimal.ZERO;
        BigDecimal cess = BigDecimal.ZERO;
        BigDecimal withTax = BigDecimal.ZERO;
        for (LineAmounts l : t.lines()) {
            same(l.grossAmount().subtract(l.percentDiscount()).subtract(l.amountDiscount()), l.taxableValue(),
                    why + " line " + l.number() + ": gross - discounts = taxable");
            same(l.taxableValue(), l.total(), why + " line total is the taxable value");
            gross = gross.add(l.total());
            cgst = cgst.add(l.cgst());
            sgst = sgst.add(l.sgst());
            igst = igst.add(l.igst());
            cess = cess.add(l.cess());
            withTax = withTax.add(l.totalWithTax());
        }
        BigDecimal charges = BigDecimal.ZERO;
        for (ChargeAmounts c : t.charges()) {
            charges = charges.add(c.taxableValue());
            cgst = cgst.add(c.cgst());
            sgst = sgst.add(c.sgst());
            igst = igst.add(c.igst());
            withTax = withTax.add(c.totalWithTax());
        }
        same(gross, t.grossValue(), why + " gross value = sum of line totals");
        same(charges, t.chargesTotal(), why + " charges total = sum of charges");
        same(gross.add(charges), t.taxableValue(), why + " taxable value = gross value + charges");
        same(cgst, t.cgst(), why + " cgst = sum over lines and charges");
        same(sgst, t.sgst(), why + " sgst = sum over lines and charges");
        same(igst, t.igst(), why + " igst = sum over lines and charges");
        same(cess, t.cess(), why + " cess = sum over lines");
        same(t.taxableValue().add(t.cgst()).add(t.sgst()).add(t.igst()).add(t.cess()).add(t.tcs()),
                t.totalBeforeRounding(), why + " total before rounding");
        same(t.taxableValue().add(t.cgst()).add(t.sgst()).add(t.igst()).add(t.cess()).add(t.tcs())
                .add(t.roundingAmount()), t.grandTotal(), why + " grand total = taxable + taxes + cess + tcs + rounding");
        same(withTax.add(t.tcs()).add(t.roundingAmount()), t.grandTotal(),
                why + " grand total = lines and charges with tax + tcs + rounding");
        assertEquals(input.lines().size(), t.lines().size(), why);
        assertEquals(input.charges().size(), t.charges().size(), why);
    }

    @Property(tries = TRIES)
    void cgstEqualsSgstAndOnlyOneKindOfGstIsCharged(@ForAll("invoices") InvoiceInput input) {
        InvoiceTotals t = GstCalculator.calculate(input);
        String why = describe(input);
        for (LineAmounts l : t.lines()) {
            same(l.cgst(), l.sgst(), why + " line " + l.number() + " cgst = sgst");
            assertTrue(input.interstate() ? l.cgst().signum() == 0 : l.igst().signum() == 0, why + " line " + l.number());
            if (!l.treatment().carriesTax()) {
                assertEquals(0, l.gst().signum(), why + " untaxed line " + l.number() + " has gst");
                assertEquals(0, l.cess().signum(), why + " untaxed line " + l.number() + " has cess");
            }
        }
        for (ChargeAmounts c : t.charges()) {
            same(c.cgst(), c.sgst(), why + " charge " + c.number() + " cgst = sgst");
            assertTrue(input.interstate() ? c.cgst().signum() == 0 : c.igst().signum() == 0, why + " charge " + c.number());
        }
        same(t.cgst(), t.sgst(), why + " cgst = sgst");
        assertTrue(input.interstate() ? t.cgst().signum() == 0 : t.igst().signum() == 0, why);
    }

    @Property(tries = TRIES)
    void roundOffIsAtMostFiftyPaise(@ForAll("invoices") InvoiceInput input) {
        InvoiceTotals t = GstCalculator.calculate(input);
        String why = describe(input);
        BigDecimal r = t.roundingAmount();
        assertTrue(r.abs().compareTo(new BigDecimal("0.50")) <= 0, why + " |rounding| " + r);
        if (input.roundOff()) {
            assertEquals(0, t.grandTotal().remainder(BigDecimal.ONE).signum(), why + " grand total in whole rupees");
            assertTrue(r.compareTo(new BigDecimal("-0.50")) != 0, why + " exactly 50 paise must round up");
        } else {
            assertEquals(0, r.signum(), why + " no rounding unless asked");
        }
    }

    @Property(tries = TRIES)
    void taxableValueIsNeverNegative(@ForAll("invoices") InvoiceInput input) {
        InvoiceTotals t = GstCalculator.calculate(input);
        String why = describe(input);
        for (LineAmounts l : t.lines()) {
            assertTrue(l.taxableValue().signum() >= 0, why + " line " + l.number() + " taxable " + l.taxableValue());
            forEachAmount(l, "line " + l.number(), (name, v) -> assertTrue(v.signum() >= 0, why + " " + name + " " + v));
        }
        for (ChargeAmounts c : t.charges()) {
            forEachAmount(c, "charge " + c.number(), (name, v) -> assertTrue(v.signum() >= 0, why + " " + name + " " + v));
        }
        assertTrue(t.taxableValue().signum() >= 0, why);
        forEachAmount(t, "invoice", (name, v) -> assertTrue(name.equals("invoice.roundingAmount") || v.signum() >= 0,
                why + " " + name + " " + v));
    }

    @Property(tries = TRIES)
    void aDiscountLargerThanTheLineIsRefusedNamingTheLine(
            @ForAll("invoicesWithALineAndAnExcessInPaise") Tuple3<InvoiceInput, Integer, Integer> invoiceLineExcess) {
        InvoiceInput input = invoiceLineExcess.get1();
        int index = invoiceLineExcess.get2();
        InvoiceLine line = input.lines().get(index);
        long left = Reference.line(line, false).afterPercent;
        // one paisa (or more) beyond what is left after the percent discount
        BigDecimal tooMuch = BigDecimal.valueOf(left + invoiceLineExcess.get3(), 2);
        List<InvoiceLine> lines = new ArrayList<>(input.lines());
        lines.set(index, new InvoiceLine(line.quantity(), line.rate(), line.discountPercent(), tooMuch, line.gstRate(),
                line.cessRate(), line.rateIncludesTax(), line.treatment()));
        InvoiceInput bad = new InvoiceInput(lines, input.charges(), input.interstate(), input.roundOff(),
                input.tcsRate(), input.tdsRate());
        InvoiceArithmeticException e = assertThrows(InvoiceArithmeticException.class,
                () -> GstCalculator.calculate(bad), describe(bad));
        assertEquals("line " + (index + 1), e.where(), e.getMessage());
        assertTrue(e.getMessage().contains("is more than the line amount"), e.getMessage());
    }

    @Property(tries = TRIES)
    void everyAmountHasExactlyTwoDecimals(@ForAll("invoices") InvoiceInput input) {
        InvoiceTotals t = GstCalculator.calculate(input);
        String why = describe(input);
        List<String> checked = new ArrayList<>();
        BiConsumerWithName check = (name, v) -> {
            checked.add(name);
            assertEquals(2, v.scale(), why + " " + name + " = " + v.toPlainString());
        };
        forEachAmount(t, "invoice", check);
        t.lines().forEach(l -> forEachAmount(l, "line " + l.number(), check));
        t.charges().forEach(c -> forEachAmount(c, "charge " + c.number(), check));
        // the derived amounts too
        t.lines().forEach(l -> List.of(l.total(), l.totalDiscount(), l.gst(), l.totalWithTax())
                .forEach(v -> check.accept("line " + l.number() + " derived", v)));
        t.charges().forEach(c -> List.of(c.gst(), c.totalWithTax()).forEach(v -> check.accept("charge derived", v)));
        check.accept("invoice.gst()", t.gst());
        // 12 invoice amounts + 8 per line + 4 per charge + derived: make sure reflection really found them
        assertTrue(checked.size() >= 12 + 8 * t.lines().size() + 4 * t.charges().size(), "amounts checked: " + checked);
    }

    @Property(tries = TRIES)
    void interstateIgstMatchesIntrastateCgstPlusSgst(@ForAll("invoices") InvoiceInput input) {
        InvoiceTotals intra = GstCalculator.calculate(input.withInterstate(false));
        InvoiceTotals inter = GstCalculator.calculate(input.withInterstate(true));
        String why = describe(input);
        BigDecimal paisa = new BigDecimal("0.01");
        int taxedPlaces = 0;
        for (int i = 0; i < intra.lines().size(); i++) {
            LineAmounts a = intra.lines().get(i);
            LineAmounts b = inter.lines().get(i);
            same(a.taxableValue(), b.taxableValue(), why + " line " + a.number() + " taxable value");
            same(a.cess(), b.cess(), why + " line " + a.number() + " cess");
            // Per-line rounding: IGST = round(x), CGST = SGST = round(x / 2); they can differ by one paisa.
            BigDecimal diff = b.igst().subtract(a.cgst().add(a.sgst())).abs();
            assertTrue(diff.compareTo(paisa) <= 0, why + " line " + a.number() + ": igst " + b.igst() + " vs cgst+sgst "
                    + a.cgst().add(a.sgst()));
            taxedPlaces += b.igst().signum() != 0 || a.cgst().signum() != 0 ? 1 : 0;
        }
        for (int i = 0; i < intra.charges().size(); i++) {
            ChargeAmounts a = intra.charges().get(i);
            ChargeAmounts b = inter.charges().get(i);
            BigDecimal diff = b.igst().subtract(a.cgst().add(a.sgst())).abs();
            assertTrue(diff.compareTo(paisa) <= 0, why + " charge " + a.number());
            taxedPlaces += b.igst().signum() != 0 || a.cgst().signum() != 0 ? 1 : 0;
        }
        same(intra.taxableValue(), inter.taxableValue(), why + " taxable value");
        same(intra.cess(), inter.cess(), why + " cess");
        BigDecimal total = inter.igst().subtract(intra.cgst().add(intra.sgst())).abs();
        assertTrue(total.compareTo(paisa.multiply(BigDecimal.valueOf(taxedPlaces))) <= 0,
                why + " igst " + inter.igst() + " vs cgst+sgst " + intra.cgst().add(intra.sgst()));
        // the unrounded tax is the same either way: both sit within half a paisa (IGST) or a paisa (CGST+SGST)
        // of it per place, so they are within 1.5 paise of each other per place — and whole paise, hence ≤ 1.
    }

    @Property(tries = TRIES)
    void agreesWithAnIntegerPaiseReference(@ForAll("invoices") InvoiceInput input) {
        InvoiceTotals t = GstCalculator.calculate(input);
        String why = describe(input);
        Reference.Doc ref = Reference.invoice(input);
        for (int i = 0; i < t.lines().size(); i++) {
            LineAmounts l = t.lines().get(i);
            Reference.Line r = ref.lines.get(i);
            String w = why + " line " + (i + 1) + " ";
            paise(r.gross, l.grossAmount(), w + "gross");
            paise(r.percentDiscount, l.percentDiscount(), w + "percent discount");
            paise(r.amountDiscount, l.amountDiscount(), w + "amount discount");
            paise(r.taxable, l.taxableValue(), w + "taxable");
            paise(r.cgst, l.cgst(), w + "cgst");
            paise(r.cgst, l.sgst(), w + "sgst");
            paise(r.igst, l.igst(), w + "igst");
            paise(r.cess, l.cess(), w + "cess");
        }
        paise(ref.gross, t.grossValue(), why + " gross value");
        paise(ref.charges, t.chargesTotal(), why + " charges");
        paise(ref.taxable, t.taxableValue(), why + " taxable value");
        paise(ref.cgst, t.cgst(), why + " cgst");
        paise(ref.cgst, t.sgst(), why + " sgst");
        paise(ref.igst, t.igst(), why + " igst");
        paise(ref.cess, t.cess(), why + " cess");
        paise(ref.tcs, t.tcs(), why + " tcs");
        paise(ref.tds, t.tds(), why + " tds");
        paise(ref.beforeRounding, t.totalBeforeRounding(), why + " total before rounding");
        paise(ref.rounding, t.roundingAmount(), why + " rounding");
        paise(ref.grand, t.grandTotal(), why + " grand total");
    }

    // ---------------------------------------------------------------------------------------------------
    // A second, independent implementation in whole paise (BigInteger), used as the reference above.
    // Inputs are read as integers at a fixed scale (quantity in thousandths, rate in ten-thousandths,
    // percentages in hundredths, amounts in thousandths of a rupee); every rounding is an explicit
    // half-up integer division.
    // ---------------------------------------------------------------------------------------------------

    static final class Reference {
        static final class Line {
            long gross, percentDiscount, afterPercent, amountDiscount, taxable, cgst, igst, cess;
        }

        static final class Doc {
            final List<Line> lines = new ArrayList<>();
            long gross, charges, taxable, cgst, igst, cess, tcs, tds, beforeRounding, rounding, grand;
        }

        /** round(n / d) half up, for n ≥ 0, d > 0. */
        static long div(BigInteger n, BigInteger d) {
            return n.shiftLeft(1).add(d).divide(d.shiftLeft(1)).longValueExact();
        }

        static BigInteger at(BigDecimal v, int scale) {
            return v.setScale(scale).unscaledValue(); // throws if the generator made more decimals than assumed
        }

        static BigInteger big(long v) {
            return BigInteger.valueOf(v);
        }

        static Line line(InvoiceLine in, boolean interstate) {
            Line l = new Line();
            boolean taxed = in.treatment() == TaxTreatment.TAXABLE;
            BigInteger g = taxed && in.gstRate() != null ? at(in.gstRate(), 2) : BigInteger.ZERO; // hundredths of %
            BigInteger c = taxed ? at(in.cessRate(), 2) : BigInteger.ZERO;
            BigInteger a = at(in.quantity(), 3).multiply(at(in.rate(), 4)); // 1e-7 rupees = 1e-5 paise
            l.gross = in.rateIncludesTax()
                    ? div(a.multiply(big(10_000)), big(100_000).multiply(big(10_000).add(g).add(c)))
                    : div(a, big(100_000));
            l.percentDiscount = div(big(l.gross).multiply(at(in.discountPercent(), 2)), big(10_000));
            l.afterPercent = l.gross - l.percentDiscount;
            l.amountDiscount = div(at(in.discountAmount(), 3), big(10));
            l.taxable = l.afterPercent - l.amountDiscount;
            if (interstate) {
                l.igst = div(big(l.taxable).multiply(g), big(10_000));
            } else {
                l.cgst = div(big(l.taxable).multiply(g), big(20_000));
            }
            l.cess = div(big(l.taxable).multiply(c), big(10_000));
            return l;
        }

        static Doc invoice(InvoiceInput in) {
            Doc d = new Doc();
            for (InvoiceLine il : in.lines()) {
                Line l = line(il, in.interstate());
                d.lines.add(l);
                d.gross += l.taxable;
                d.cgst += l.cgst;
                d.igst += l.igst;
                d.cess += l.cess;
            }
            for (AdditionalCharge ch : in.charges()) {
                long amount = div(at(ch.amount(), 3), big(10));
                BigInteger g = ch.gstRate() == null ? BigInteger.ZERO : at(ch.gstRate(), 2);
                d.charges += amount;
                if (in.interstate()) {
                    d.igst += div(big(amount).multiply(g), big(10_000));
                } else {
                    d.cgst += div(big(amount).multiply(g), big(20_000));
                }
            }
            d.taxable = d.gross + d.charges;
            long value = d.taxable + 2 * d.cgst + d.igst + d.cess;
            d.tcs = in.tcsRate() == null ? 0 : div(big(value).multiply(at(in.tcsRate(), 3)), big(100_000));
            d.tds = in.tdsRate() == null ? 0 : div(big(d.taxable).multiply(at(in.tdsRate(), 3)), big(100_000));
            d.beforeRounding = value + d.tcs;
            d.rounding = in.roundOff() ? div(big(d.beforeRounding), big(100)) * 100 - d.beforeRounding : 0;
            d.grand = d.beforeRounding + d.rounding;
            return d;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The generators: invoices as ERPs send them. Amounts are made from whole paise (or thousandths of a
    // rupee, at most 3 decimals), rates from the GST slabs, so a failure shrinks towards a one-line invoice of
    // small round amounts at the lowest slab, without cess, discount, charges or TCS/TDS.
    // ---------------------------------------------------------------------------------------------------

    /** Compensation cess rates in use (percent on the taxable value). */
    private static final List<String> CESS = List.of("0", "0.5", "1", "3", "5", "12", "12.5", "15", "22", "36", "65",
            "160");
    private static final List<String> TCS = List.of("0.075", "0.1", "1", "5");
    private static final List<String> TDS = List.of("0.1", "1", "2", "5", "10");

    /** Share of what is left after the percent discount that an amount discount takes, in millionths. */
    private static final int WHOLE_LINE = 1_000_000;

    @Provide
    Arbitrary<InvoiceInput> invoices() {
        return invoice();
    }

    /** An invoice and one of its lines whose amount discount goes 1–1,000 paise beyond what is left of it. */
    @Provide
    Arbitrary<Tuple3<InvoiceInput, Integer, Integer>> invoicesWithALineAndAnExcessInPaise() {
        return invoice().flatMap(invoice -> Combinators.combine(
                        Arbitraries.integers().between(0, invoice.lines().size() - 1),
                        Arbitraries.integers().between(1, 1000))
                .as((index, excess) -> Tuple.of(invoice, index, excess)));
    }

    /**
     * 1–60 lines (mostly a few), 0–3 charges, intra- or interstate, with or without round-off, TCS on a third
     * of them, TDS on a third.
     */
    static Arbitrary<InvoiceInput> invoice() {
        return Combinators.combine(
                        invoiceLine().list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.biased()),
                        charge().list().ofMaxSize(3),
                        Arbitraries.of(false, true),
                        Arbitraries.of(false, true),
                        percentOf(TCS).injectNull(2 / 3.0),
                        percentOf(TDS).injectNull(2 / 3.0))
                .as(InvoiceInput::new);
    }

    /**
     * A line: whole and fractional quantities, rates to 4 decimals, both discounts, every GST slab (or none),
     * cess on a fifth, tax-inclusive rates on a quarter, every treatment.
     */
    static Arbitrary<InvoiceLine> invoiceLine() {
        Arbitrary<TaxTreatment> treatment = Arbitraries.frequency(Tuple.of(16, TaxTreatment.TAXABLE),
                Tuple.of(1, TaxTreatment.ZERO_RATED), Tuple.of(1, TaxTreatment.NIL_RATED),
                Tuple.of(1, TaxTreatment.EXEMPT), Tuple.of(1, TaxTreatment.NON_GST));
        return Combinators.combine(quantity(), rate(), discountPercent(), gstSlab().injectNull(0.1),
                        percentOf(CESS).injectNull(0.8), Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true)),
                        treatment, amountDiscount())
                .as((quantity, rate, percent, gst, cess, inclusive, how, discount) -> discount.on(
                        new InvoiceLine(quantity, rate, percent, null, gst, cess, inclusive, how)));
    }

    /** None (1), 0.000–99.999 (kg, m), zero, or 1–50 units. */
    static Arbitrary<BigDecimal> quantity() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.integers().between(0, 99_999).map(milli -> BigDecimal.valueOf(milli, 3))),
                        Tuple.of(1, Arbitraries.just(BigDecimal.ZERO)),
                        Tuple.of(5, Arbitraries.integers().between(1, 50).map(BigDecimal::valueOf)))
                .injectNull(0.1);
    }

    /** A unit price: to 4 decimals up to 99999.9999, whole rupees, or paise up to 99999.99. */
    static Arbitrary<BigDecimal> rate() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.longs().between(0, 999_999_999).map(v -> BigDecimal.valueOf(v, 4))),
                Tuple.of(1, Arbitraries.integers().between(0, 99_999).map(BigDecimal::valueOf)),
                Tuple.of(2, inPaise(0, 9_999_999)));
    }

    /** None, 0.00–100.00 %, or exactly 100 %. */
    static Arbitrary<BigDecimal> discountPercent() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, inPaise(0, 10_000)),
                        Tuple.of(1, Arbitraries.just(BigDecimal.valueOf(100))))
                .injectNull(0.5);
    }

    /** An additional charge: paise, or thousandths of a rupee, up to 9999.999; a GST slab or none. */
    static Arbitrary<AdditionalCharge> charge() {
        Arbitrary<BigDecimal> amount = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.integers().between(0, 999_999).map(paise -> BigDecimal.valueOf(paise * 10L, 3))),
                Tuple.of(1, Arbitraries.integers().between(0, 9_999_999).map(milli -> BigDecimal.valueOf(milli, 3))));
        return Combinators.combine(amount, gstSlab().injectNull(0.2)).as(AdditionalCharge::new);
    }

    static Arbitrary<BigDecimal> gstSlab() {
        return Arbitraries.of(GstRates.SLABS);
    }

    static Arbitrary<BigDecimal> percentOf(List<String> rates) {
        return Arbitraries.of(rates).map(BigDecimal::new);
    }

    /** Rupees made from whole paise between these bounds. */
    static Arbitrary<BigDecimal> inPaise(long min, long max) {
        return Arbitraries.longs().between(min, max).map(paise -> BigDecimal.valueOf(paise, 2));
    }

    /**
     * The amount discount on a line, as a share of what the percent discount leaves (so it stays valid while
     * the line's other parts shrink): none on three fifths of the lines, the whole rest on one in fifteen, and
     * sometimes thousandths of a rupee below half a paisa on top (they round back down to the same paise).
     */
    static Arbitrary<AmountDiscount> amountDiscount() {
        Arbitrary<Integer> share = Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.just(WHOLE_LINE)),
                        Tuple.of(10, Arbitraries.integers().between(0, WHOLE_LINE - 1)
                                .withDistribution(RandomDistribution.uniform())))
                .injectNull(0.6);
        Arbitrary<Integer> belowHalfAPaisa = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(0, 4)));
        return Combinators.combine(share, belowHalfAPaisa).as(AmountDiscount::new);
    }

    /** @param share millionths of what is left after the percent discount; null: no amount discount */
    record AmountDiscount(Integer share, int milliBelowHalfAPaisa) {

        InvoiceLine on(InvoiceLine undiscounted) {
            if (share == null) {
                return undiscounted;
            }
            long left = Reference.line(undiscounted, false).afterPercent; // paise left after the percent discount
            long paise = left * share / WHOLE_LINE;
            BigDecimal amount = BigDecimal.valueOf(paise * 10 + milliBelowHalfAPaisa, 3);
            return new InvoiceLine(undiscounted.quantity(), undiscounted.rate(), undiscounted.discountPercent(), amount,
                    undiscounted.gstRate(), undiscounted.cessRate(), undiscounted.rateIncludesTax(),
                    undiscounted.treatment());
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------

    private static String describe(InvoiceInput input) {
        return input + ":";
    }

    private static void same(BigDecimal expected, BigDecimal actual, String why) {
        if (expected.compareTo(actual) != 0) {
            fail(why + " expected " + expected.toPlainString() + " but was " + actual.toPlainString());
        }
    }

    private static void paise(long expectedPaise, BigDecimal actual, String why) {
        assertEquals(BigDecimal.valueOf(expectedPaise, 2), actual, why);
    }

    @FunctionalInterface
    interface BiConsumerWithName {
        void accept(String name, BigDecimal value);
    }

    /** Every BigDecimal component of a result record, found by reflection so new fields are covered too. */
    private static void forEachAmount(Record record, String prefix, BiConsumerWithName action) {
        Function<RecordComponent, Object> read = component -> {
            try {
                return component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getType() == BigDecimal.class) {
                action.accept(prefix + "." + component.getName(), (BigDecimal) read.apply(component));
            }
        }
    }
}

package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rupee arithmetic: every amount is kept to the paisa (2 decimals), rounded HALF_UP. */
final class Money {

    static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** The most digits an input number may have written out in full (as for events: EnvelopeParser.MAX_NUMBER_DIGITS). */
    static final int MAX_DIGITS = 1000;

    private Money() {
    }

    /** {@code amount} to the paisa, HALF_UP. */
    static BigDecimal paise(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** {@code percent}% of {@code amount}, computed exactly and then rounded once to the paisa. */
    static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return paise(amount.multiply(percent).movePointLeft(2));
    }

    /** Whether {@code n} written out in full ({@code 1E+3} is 1000) has more than {@link #MAX_DIGITS} digits. */
    static boolean tooLong(BigDecimal n) {
        return Math.max((long) n.precision() - n.scale(), 1) + Math.max(n.scale(), 0) > MAX_DIGITS;
    }

    /** A number as a bookkeeper writes it: no exponent, no trailing zeros ({@code 18}, {@code 7.5}). */
    static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }

    /** A rupee amount as printed on an invoice, to the paisa: {@code 1234.50}. */
    static String rupees(BigDecimal n) {
        return paise(n).toPlainString();
    }
}

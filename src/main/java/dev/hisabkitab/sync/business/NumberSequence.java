package dev.hisabkitab.sync.business;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Document numbers as series: {@code INV-0099} is followed by {@code INV-0100}. Pure functions for
 * {@link DocumentNumbers}.
 */
public final class NumberSequence {

    private static final Pattern TRAILING_DIGITS = Pattern.compile("^(.*?)(\\d+)(\\D*)$");

    private NumberSequence() {
    }

    /** The number after this one: its last run of digits plus one, keeping the width ({@code A-09} → {@code A-10}); a number without digits gets {@code -2}. */
    public static String next(String number) {
        Matcher m = TRAILING_DIGITS.matcher(number);
        if (!m.matches()) {
            return number + "-2";
        }
        String digits = m.group(2);
        String incremented = new BigInteger(digits).add(BigInteger.ONE).toString();
        if (incremented.length() < digits.length()) {
            incremented = "0".repeat(digits.length() - incremented.length()) + incremented;
        }
        return m.group(1) + incremented + m.group(3);
    }

    /**
     * The later of two numbers of the same series (same text around the digits, compared by value); when they
     * are of different series, {@code fromHisabKitab} (the service's own series wins).
     */
    public static String later(String fromHisabKitab, String local) {
        Matcher a = TRAILING_DIGITS.matcher(fromHisabKitab);
        Matcher b = TRAILING_DIGITS.matcher(local);
        if (!a.matches() || !b.matches() || !a.group(1).equals(b.group(1)) || !a.group(3).equals(b.group(3))) {
            return fromHisabKitab;
        }
        return new BigInteger(a.group(2)).compareTo(new BigInteger(b.group(2))) >= 0 ? fromHisabKitab : local;
    }
}

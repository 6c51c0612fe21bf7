package dev.hisabkitab.sync.business;

import java.math.BigInteger;
import java.util.Locale;
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

    /** How a listed document number relates to the number a request or event gives. */
    public enum Match {
        EXACT, WITH_AFFIXES, NONE
    }

    /**
     * Whether {@code listed} (as a HisabKitab list shows it) is the document {@code wanted} names. Lists show the
     * full number with the company's series prefix/suffix ({@code INV-} + {@code 2025-0001}); an ERP knows the
     * number it sent. So besides an exact match (case-insensitive), {@code wanted} may sit inside {@code listed}
     * with a prefix and/or suffix that does not run on into it ({@code INV-11} is not number {@code 1}).
     */
    public static Match match(String listed, String wanted) {
        if (listed == null || wanted == null || wanted.isBlank()) {
            return Match.NONE;
        }
        String l = listed.trim().toLowerCase(Locale.ROOT);
        String w = wanted.trim().toLowerCase(Locale.ROOT);
        if (l.equals(w)) {
            return Match.EXACT;
        }
        for (int at = l.indexOf(w); at >= 0; at = l.indexOf(w, at + 1)) {
            int end = at + w.length();
            boolean cleanStart = at == 0 || !sameKind(l.charAt(at - 1), w.charAt(0));
            boolean cleanEnd = end == l.length() || !sameKind(l.charAt(end), w.charAt(w.length() - 1));
            if (cleanStart && cleanEnd) {
                return Match.WITH_AFFIXES;
            }
        }
        return Match.NONE;
    }

    private static boolean sameKind(char a, char b) {
        return Character.isDigit(a) && Character.isDigit(b) || Character.isLetter(a) && Character.isLetter(b);
    }
}

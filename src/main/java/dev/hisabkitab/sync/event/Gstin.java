package dev.hisabkitab.sync.event;

import java.util.Locale;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;

/**
 * A GSTIN's check character (its 15th): the GSTN's checksum over the first 14 characters, each a digit or capital
 * letter worth 0-35 in base 36, weighted 1 and 2 alternately; the sum of each product's base-36 digits, taken from
 * 36, modulo 36, is the check character. Also the JSON Schema format {@code "gstin"} of the event schemas, which
 * checks only that: strings not in a GSTIN's form are left to the schema's pattern, which says what the form is.
 */
public final class Gstin implements Format {

    public static final String FORMAT = "gstin";
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** The check character the first 14 characters call for; {@code 0} when they are not digits or capitals. */
    public static char checkCharacter(CharSequence gstin) {
        if (gstin.length() < 14) {
            return 0;
        }
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            int value = DIGITS.indexOf(gstin.charAt(i));
            if (value < 0) {
                return 0;
            }
            int product = value * (i % 2 == 0 ? 1 : 2);
            sum += product / 36 + product % 36;
        }
        return DIGITS.charAt((36 - sum % 36) % 36);
    }

    /** Whether a 15-character GSTIN of digits and capitals ends in the check character its first 14 call for. */
    public static boolean hasValidCheckCharacter(String gstin) {
        return gstin.length() == 15 && checkCharacter(gstin) != 0 && checkCharacter(gstin) == gstin.charAt(14);
    }

    @Override
    public String getName() {
        return FORMAT;
    }

    /** Letters in either case: a GSTIN typed in small letters is the same GSTIN (the mappers send it in capitals). */
    @Override
    public boolean matches(ExecutionContext executionContext, String value) {
        String gstin = value.toUpperCase(Locale.ROOT);
        boolean gstinForm = gstin.length() == 15 && gstin.chars().allMatch(c -> DIGITS.indexOf(c) >= 0);
        return !gstinForm || hasValidCheckCharacter(gstin);
    }
}

package dev.hisabkitab.sync.event;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;

/**
 * An e-mail address checked for its syntax only: RFC 5322's {@code addr-spec} ({@code local-part "@" domain}) with
 * RFC 6532's non-ASCII characters, so {@code accounts@traders.example}, {@code info@बैंक.भारत} and
 * {@code दीपक@उदाहरण.भारत} pass. Nothing is looked up: no list of top-level domains, no DNS. HisabKitab documents
 * no rule for {@code contact_person_email}, and a validator that knows only some domains would refuse real
 * addresses, losing the party and then every document naming it.
 *
 * <p>The local part is a dot-atom ({@code a.b+tag}) or a quoted string ({@code "a b"}); the domain a dot-atom
 * ({@code sub.example.co.in}) or a domain literal ({@code [192.0.2.1]}). Refused: no {@code @}, an empty local part
 * or domain, unquoted spaces, a leading, trailing or doubled dot, characters RFC 5322 does not allow outside quotes
 * ({@code ( ) , : ; < > @ [ \ ]}), control characters. Comments and the obsolete forms of RFC 5322 are not taken: no
 * sender writes them into an ERP's e-mail field. Spaces around the whole address are allowed (RFC 5322's folding
 * white space; the mapper trims them). Also the JSON Schema format {@code "idn-email"} of the event schemas.
 */
public final class EmailAddress implements Format {

    public static final String FORMAT = "idn-email";

    /** RFC 5322 {@code atext} besides letters and digits. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";
    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    @Override
    public String getName() {
        return FORMAT;
    }

    @Override
    public boolean matches(ExecutionContext executionContext, String value) {
        return isValid(value);
    }

    /** Whether {@code text} is an e-mail address by RFC 5322 (with RFC 6532's non-ASCII characters). */
    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        int[] cps = text.strip().codePoints().toArray();
        int at;
        if (cps.length > 0 && cps[0] == '"') {
            at = quotedStringEnd(cps);
            if (at < 0 || at == 2) { // "" is an empty local part
                return false;
            }
        } else {
            at = indexOf(cps, '@');
            if (at < 0 || !isDotAtom(cps, 0, at)) {
                return false;
            }
        }
        if (at >= cps.length || cps[at] != '@') {
            return false;
        }
        int domain = at + 1;
        if (domain < cps.length && cps[domain] == '[') {
            return isDomainLiteral(cps, domain);
        }
        return isDotAtom(cps, domain, cps.length);
    }

    /** The index just after the closing quote of the quoted string starting at 0, or -1. */
    private static int quotedStringEnd(int[] cps) {
        for (int i = 1; i < cps.length; i++) {
            int c = cps[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= cps.length || !(isVisible(cps[i + 1]) || isWsp(cps[i + 1]))) {
                    return -1;
                }
                i++;
            } else if (!(isWsp(c) || isQtext(c))) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isDomainLiteral(int[] cps, int from) {
        if (cps[cps.length - 1] != ']' || cps.length - from < 3) {
            return false;
        }
        for (int i = from + 1; i < cps.length - 1; i++) {
            int c = cps[i];
            if (!(c >= 33 && c <= 90 || c >= 94 && c <= 126 || isNonAsciiText(c))) {
                return false;
            }
        }
        return true;
    }

    /** {@code 1*atext *("." 1*atext)} over {@code cps[from, to)}: not empty, no dot first, last or twice in a row. */
    private static boolean isDotAtom(int[] cps, int from, int to) {
        if (from >= to || cps[from] == '.' || cps[to - 1] == '.') {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = cps[i];
            if (c == '.') {
                if (cps[i - 1] == '.') {
                    return false;
                }
            } else if (!isAtext(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ATEXT_SPECIALS.indexOf(c) >= 0
                || isNonAsciiText(c);
    }

    private static boolean isQtext(int c) {
        return c == 33 || c >= 35 && c <= 91 || c >= 93 && c <= 126 || isNonAsciiText(c);
    }

    private static boolean isVisible(int c) {
        return c >= 33 && c <= 126 || isNonAsciiText(c);
    }

    private static boolean isWsp(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * RFC 6532's {@code UTF8-non-ascii}, less what only looks like nothing: white space (a no-break space is a space
     * to whoever reads the address), control and invisible format characters, and halves of a broken surrogate
     * pair. The zero-width joiner and non-joiner stay: Indian scripts need them to write some conjuncts.
     */
    private static boolean isNonAsciiText(int c) {
        if (c < 0x80 || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return false;
        }
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.SURROGATE
                && (type != Character.FORMAT || c == ZERO_WIDTH_NON_JOINER || c == ZERO_WIDTH_JOINER);
    }

    private static int indexOf(int[] cps, int wanted) {
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

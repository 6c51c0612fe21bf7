package dev.hisabkitab.sync.business.gst;

/**
 * The figures of an invoice cannot be computed: a negative quantity or rate, a discount larger than the
 * line, a rate that is not a GST slab, and so on. The message names the place ({@code "line 3: ..."},
 * {@code "charge 1: ..."}) and is written for a bookkeeper; the connector turns it into a {@code mapping}
 * dead letter unchanged.
 */
public class InvoiceArithmeticException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String where;

    InvoiceArithmeticException(String where, String problem) {
        super(where == null ? problem : where + ": " + problem);
        this.where = where;
    }

    /** {@code "line 3"}, {@code "charge 1"}, or {@code null} when the problem concerns the whole invoice. */
    public String where() {
        return where;
    }
}

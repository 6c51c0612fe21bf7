/**
 * GST arithmetic for trade documents: pure functions, BigDecimal only, no Camel, no I/O.
 *
 * <ul>
 * <li>{@link dev.hisabkitab.sync.business.gst.GstCalculator#calculate}: {@link dev.hisabkitab.sync.business.gst.InvoiceInput}
 * (lines, additional charges, intra/interstate, round-off, TCS/TDS rates) →
 * {@link dev.hisabkitab.sync.business.gst.InvoiceTotals} (per line, per charge, per document, every amount to the
 * paisa). The rounding convention is documented there.</li>
 * <li>{@link dev.hisabkitab.sync.business.gst.NatureOfSupply}: the {@code main_classification_nature_type} label
 * table; {@link dev.hisabkitab.sync.business.gst.InvoiceTotals#natureType} picks the label for a document.</li>
 * <li>{@link dev.hisabkitab.sync.business.gst.InvoiceArithmeticException}: figures that cannot be computed, with
 * a message naming the line, for a {@code mapping} dead letter.</li>
 * </ul>
 */
package dev.hisabkitab.sync.business.gst;

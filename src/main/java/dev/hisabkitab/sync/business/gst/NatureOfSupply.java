package dev.hisabkitab.sync.business.gst;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of HisabKitab {@code main_classification_nature_type} labels: {@code "<scope> <document>
 * <treatment>"}, in the vendor's style.
 *
 * <p>Labels seen in the vendor's example requests: {@code "Intrastate Sales Taxable"}
 * (sale, accounting sale, estimate), {@code "Interstate Purchase Taxable"} (item purchase, purchase order, and
 * the partial expense-debit-note example), {@code "Intrastate Income Debit Note Taxable"} (income debit note).
 * Everything else follows that pattern and is <b>unverified</b> until checked against the
 * Classification-nature-type API:
 * <ul>
 * <li>estimates and delivery challans are classified as the sale they lead to ({@code Sales}; the vendor's
 * estimate example does so), purchase orders as the purchase ({@code Purchase}; the vendor's PO example does so);</li>
 * <li>returns and notes get their own noun ({@code Sales Return}, {@code Income Credit Note},
 * {@code Purchase Return}, {@code Expense Debit Note}, {@code Expense Credit Note}) like the vendor's
 * {@code Income Debit Note}; the vendor's only expense-debit-note example says {@code Purchase} instead, but
 * that page is a partial copy with other copy-paste slips;</li>
 * <li>zero-rated supplies (exports, SEZ) are interstate by law (IGST Act s. 7(5)), so their scope does not
 * depend on the place of supply: {@code Export} on the sales side, {@code Interstate} on the purchase side.</li>
 * </ul>
 */
public final class NatureOfSupply {

    private static final Map<DocumentType, String> DOCUMENT_NOUNS = new EnumMap<>(Map.ofEntries(
            Map.entry(DocumentType.SALE, "Sales"),
            Map.entry(DocumentType.SALE_RETURN, "Sales Return"),
            Map.entry(DocumentType.INCOME_DEBIT_NOTE, "Income Debit Note"),
            Map.entry(DocumentType.INCOME_CREDIT_NOTE, "Income Credit Note"),
            Map.entry(DocumentType.ESTIMATE, "Sales"),
            Map.entry(DocumentType.DELIVERY_CHALLAN, "Sales"),
            Map.entry(DocumentType.PURCHASE, "Purchase"),
            Map.entry(DocumentType.PURCHASE_RETURN, "Purchase Return"),
            Map.entry(DocumentType.EXPENSE_DEBIT_NOTE, "Expense Debit Note"),
            Map.entry(DocumentType.EXPENSE_CREDIT_NOTE, "Expense Credit Note"),
            Map.entry(DocumentType.PURCHASE_ORDER, "Purchase")));

    private static final Map<TaxTreatment, String> TREATMENT_WORDS = new EnumMap<>(Map.of(
            TaxTreatment.TAXABLE, "Taxable",
            TaxTreatment.ZERO_RATED, "Zero Rated",
            TaxTreatment.NIL_RATED, "Nil Rated",
            TaxTreatment.EXEMPT, "Exempt",
            TaxTreatment.NON_GST, "Non GST"));

    private static final String INTRASTATE = "Intrastate";
    private static final String INTERSTATE = "Interstate";
    private static final String EXPORT = "Export";

    /** One row of the table. */
    public record Row(DocumentType document, boolean interstate, TaxTreatment treatment, String label) {
    }

    private static final List<Row> TABLE = buildTable();

    private NatureOfSupply() {
    }

    /** The label for a document of this type, supplied within or across states, with this treatment. */
    public static String label(DocumentType document, boolean interstate, TaxTreatment treatment) {
        return scope(document, interstate, treatment) + " " + DOCUMENT_NOUNS.get(document) + " "
                + TREATMENT_WORDS.get(treatment);
    }

    /** Every label: 11 document types × intrastate/interstate × 5 treatments. */
    public static List<Row> table() {
        return TABLE;
    }

    private static String scope(DocumentType document, boolean interstate, TaxTreatment treatment) {
        if (treatment == TaxTreatment.ZERO_RATED) {
            return document.side() == DocumentType.Side.SALES ? EXPORT : INTERSTATE;
        }
        return interstate ? INTERSTATE : INTRASTATE;
    }

    private static List<Row> buildTable() {
        List<Row> rows = new ArrayList<>();
        for (DocumentType document : DocumentType.values()) {
            for (boolean interstate : new boolean[] {false, true}) {
                for (TaxTreatment treatment : TaxTreatment.values()) {
                    rows.add(new Row(document, interstate, treatment, label(document, interstate, treatment)));
                }
            }
        }
        return Collections.unmodifiableList(rows);
    }
}

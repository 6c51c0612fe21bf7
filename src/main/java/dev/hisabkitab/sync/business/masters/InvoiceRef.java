package dev.hisabkitab.sync.business.masters;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An existing sales or purchase document of a party, as a receipt or payment settles it
 * ({@code settle_invoices_data[]}).
 *
 * @param transactionId the document's HisabKitab id
 * @param number        its number as HisabKitab shows it
 * @param date          its date
 * @param total         its grand total
 * @param pending       what is still unpaid
 * @param billType      HisabKitab's bill type code of the document (undocumented numbers)
 */
public record InvoiceRef(long transactionId, String number, LocalDate date, BigDecimal total, BigDecimal pending,
        int billType) {
}

package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;

/**
 * An additional charge on the invoice (freight, packing; docs/contract.md, "Business events" {@code charges[]}, HisabKitab
 * {@code additional_charges[]}): an amount before tax that joins the taxable value and carries its own GST.
 *
 * @param amount  rupees before tax (HisabKitab {@code ac_value}); required
 * @param gstRate GST percent, one of {@link GstRates#SLABS}; {@code null} means the charge carries no GST
 */
public record AdditionalCharge(BigDecimal amount, BigDecimal gstRate) {

    public static AdditionalCharge of(String amount, String gstRate) {
        return new AdditionalCharge(InvoiceLine.dec(amount), InvoiceLine.dec(gstRate));
    }
}

package dev.hisabkitab.sync.business.gst;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The trade documents of an {@code invoice.create} event (docs/contract.md, "Business events" {@code documentType}), each on the
 * sales or the purchase side.
 */
public enum DocumentType {
    SALE("sale", Side.SALES),
    SALE_RETURN("sale-return", Side.SALES),
    INCOME_DEBIT_NOTE("income-debit-note", Side.SALES),
    INCOME_CREDIT_NOTE("income-credit-note", Side.SALES),
    ESTIMATE("estimate", Side.SALES),
    DELIVERY_CHALLAN("delivery-challan", Side.SALES),
    PURCHASE("purchase", Side.PURCHASES),
    PURCHASE_RETURN("purchase-return", Side.PURCHASES),
    EXPENSE_DEBIT_NOTE("expense-debit-note", Side.PURCHASES),
    EXPENSE_CREDIT_NOTE("expense-credit-note", Side.PURCHASES),
    PURCHASE_ORDER("purchase-order", Side.PURCHASES);

    /** Outward (sales) or inward (purchases) supply. */
    public enum Side {
        SALES, PURCHASES
    }

    private final String eventName;
    private final Side side;

    DocumentType(String eventName, Side side) {
        this.eventName = eventName;
        this.side = side;
    }

    /** The value of {@code documentType} in an {@code invoice.create} event, e.g. {@code "sale-return"}. */
    public String eventName() {
        return eventName;
    }

    public Side side() {
        return side;
    }

    /** The document type for an event's {@code documentType} value (case-insensitive, trimmed). */
    public static Optional<DocumentType> fromEventName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.eventName.equals(wanted)).findFirst();
    }
}

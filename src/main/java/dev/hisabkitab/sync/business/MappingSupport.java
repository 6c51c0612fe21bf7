package dev.hisabkitab.sync.business;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.client.ApiDates;

/**
 * Small helpers the business mappers share: reading an (already schema-valid) payload, writing amounts and dates
 * the way HisabKitab takes them, and printing amounts in failure messages the way an Indian bookkeeper reads them.
 */
public final class MappingSupport {

    /** Every tree a mapper builds; BigDecimals are kept exactly as set (85000.00 stays 85000.00). */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private MappingSupport() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The trimmed text of a field, or {@code null} when it is absent, null or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /** The number in a field, or {@code null} when it is absent or null. */
    public static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || !v.isNumber()) {
            return null;
        }
        return v.decimalValue();
    }

    /** A rupee amount to the paisa (2 decimals, HALF_UP). */
    public static BigDecimal paise(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** A rupee amount as the JSON number HisabKitab gets: always 2 decimals ({@code 15000.00}). */
    public static DecimalNode amount(BigDecimal amount) {
        return DecimalNode.valueOf(paise(amount));
    }

    /**
     * A unit price as a JSON number: at least 2 decimals ({@code 12.50}), more when the sender gave more
     * ({@code 0.125} stays {@code 0.125}: the schema allows finer unit prices, only totals are rounded to the paisa).
     */
    public static DecimalNode price(BigDecimal price) {
        return DecimalNode.valueOf(price.setScale(priceScale(price), RoundingMode.UNNECESSARY));
    }

    /** The decimals a unit price needs: 2, or more when the price has more significant decimals. */
    public static int priceScale(BigDecimal price) {
        return Math.max(2, price.stripTrailingZeros().scale());
    }

    /** An ISO event date ({@code 2025-02-25}) in HisabKitab's request form ({@code 25-02-2025}). */
    public static String apiDate(String isoDate) {
        return ApiDates.toApiDate(isoDate);
    }

    /** A date in HisabKitab's request form ({@code 25-02-2025}). */
    public static String apiDate(LocalDate date) {
        return date.format(ApiDates.API_DATE);
    }

    /**
     * An amount as a bookkeeper in India writes it, to the paisa, with Indian digit grouping (lakh, crore):
     * {@code 1500} → {@code 1,500.00}, {@code 1250000.5} → {@code 12,50,000.50}.
     */
    public static String rupees(BigDecimal amount) {
        BigDecimal p = paise(amount);
        String sign = p.signum() < 0 ? "-" : "";
        String plain = p.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = plain.substring(0, dot);
        String fraction = plain.substring(dot);
        if (whole.length() <= 3) {
            return sign + whole + fraction;
        }
        StringBuilder grouped = new StringBuilder(whole.substring(whole.length() - 3));
        String rest = whole.substring(0, whole.length() - 3);
        while (rest.length() > 2) {
            grouped.insert(0, rest.substring(rest.length() - 2) + ",");
            rest = rest.substring(0, rest.length() - 2);
        }
        grouped.insert(0, rest + ",");
        return sign + grouped + fraction;
    }

    /** A name as a message quotes it: {@code "Sales"}. */
    public static String quoted(String name) {
        return '"' + (name == null ? "" : name.trim()) + '"';
    }
}

package dev.hisabkitab.sync.fuzz;

import java.math.BigDecimal;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/** Numbers and texts made from fuzzer data, weighted towards the values events really carry and their edges. */
final class FuzzValues {

    /** Values at and around the schema's limits and the calculator's roundings. */
    static final List<String> EDGE_NUMBERS = List.of("0", "0.00", "0.01", "0.005", "0.004", "0.5", "0.49", "0.50",
            "1", "1.0", "2.5", "12.5", "99.99", "100", "100.00", "100.01", "0.125", "999999999", "999999999.99",
            "999999999999.99", "1000000000000", "1E+2", "1.0E+10", "1E-7", "-0", "-0.01", "-1", "18", "28", "40",
            "7.5", "0.1", "0.25", "1.5", "1000", "3650", "3651");

    private FuzzValues() {
    }

    /** Any decimal: mostly rupee-like amounts, sometimes edges, sometimes odd scales and huge or tiny exponents. */
    static BigDecimal decimal(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> BigDecimal.valueOf(data.consumeInt(0, 100_000));
            case 1 -> BigDecimal.valueOf(data.consumeLong(0, 99_999_999_999_999L), 2);
            case 2 -> BigDecimal.valueOf(data.consumeLong(-1_000, 1_000_000_000L), data.consumeInt(0, 6));
            case 3 -> new BigDecimal(data.pickValue(EDGE_NUMBERS));
            case 4 -> BigDecimal.valueOf(data.consumeLong(), data.consumeInt(-20, 20));
            case 5 -> BigDecimal.valueOf(data.consumeLong(0, 1_000), data.consumeInt());
            case 6 -> BigDecimal.valueOf(data.consumeInt(0, 1_000), data.consumeInt(-3, 12));
            default -> BigDecimal.valueOf(data.consumeLong(0, 1_000_000_000L), 3);
        };
    }

    /** A decimal that is non-negative and at most {@code max} in value (any scale), or sometimes anything. */
    static BigDecimal bounded(FuzzedDataProvider data, BigDecimal max) {
        BigDecimal d = decimal(data);
        if (data.consumeInt(0, 15) == 0) {
            return d;
        }
        d = d.abs();
        return d.compareTo(max) > 0 ? max : d;
    }
}

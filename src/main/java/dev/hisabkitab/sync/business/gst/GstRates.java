package dev.hisabkitab.sync.business.gst;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** The GST rate slabs (percent) a line or charge may carry. */
public final class GstRates {

    /**
     * 0, 0.1 (supplies to merchant exporters), 0.25 (rough diamonds), 1.5 (cut diamonds), 3 (gold), 5, 6,
     * 7.5 (hotels/restaurants with ITC), 12, 18, 28, 40.
     */
    public static final List<BigDecimal> SLABS = List.of("0", "0.1", "0.25", "1.5", "3", "5", "6", "7.5", "12", "18",
            "28", "40").stream().map(BigDecimal::new).toList();

    private GstRates() {
    }

    /** Whether {@code percent} is one of the {@link #SLABS} (18, 18.0 and 18.00 are all 18). */
    public static boolean isSlab(BigDecimal percent) {
        return percent != null && SLABS.stream().anyMatch(s -> s.compareTo(percent) == 0);
    }

    /** The slabs as a bookkeeper reads them: {@code "0, 0.1, 0.25, ..., 40"}. */
    public static String listed() {
        return SLABS.stream().map(BigDecimal::toPlainString).collect(Collectors.joining(", "));
    }
}

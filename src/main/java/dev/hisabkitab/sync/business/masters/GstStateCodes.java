package dev.hisabkitab.sync.business.masters;

import java.util.Map;
import java.util.Optional;

/**
 * The two-digit GST state codes the law gives each state and union territory (the first two digits of every
 * GSTIN registered there). Used only when HisabKitab's state list carries no code of its own: a code is a fact of
 * the law, not a guess.
 */
public final class GstStateCodes {

    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("jammu and kashmir", "01"), Map.entry("himachal pradesh", "02"), Map.entry("punjab", "03"),
            Map.entry("chandigarh", "04"), Map.entry("uttarakhand", "05"), Map.entry("uttaranchal", "05"),
            Map.entry("haryana", "06"), Map.entry("delhi", "07"), Map.entry("nct of delhi", "07"),
            Map.entry("new delhi", "07"), Map.entry("rajasthan", "08"), Map.entry("uttar pradesh", "09"),
            Map.entry("bihar", "10"), Map.entry("sikkim", "11"), Map.entry("arunachal pradesh", "12"),
            Map.entry("nagaland", "13"), Map.entry("manipur", "14"), Map.entry("mizoram", "15"),
            Map.entry("tripura", "16"), Map.entry("meghalaya", "17"), Map.entry("assam", "18"),
            Map.entry("west bengal", "19"), Map.entry("jharkhand", "20"), Map.entry("odisha", "21"),
            Map.entry("orissa", "21"), Map.entry("chhattisgarh", "22"), Map.entry("madhya pradesh", "23"),
            Map.entry("gujarat", "24"), Map.entry("dadra and nagar haveli and daman and diu", "26"),
            Map.entry("dadra and nagar haveli", "26"), Map.entry("daman and diu", "26"),
            Map.entry("maharashtra", "27"), Map.entry("karnataka", "29"), Map.entry("goa", "30"),
            Map.entry("lakshadweep", "31"), Map.entry("kerala", "32"), Map.entry("tamil nadu", "33"),
            Map.entry("puducherry", "34"), Map.entry("pondicherry", "34"),
            Map.entry("andaman and nicobar islands", "35"), Map.entry("telangana", "36"),
            Map.entry("andhra pradesh", "37"), Map.entry("ladakh", "38"));

    private GstStateCodes() {
    }

    /** The GST code of a state by its name (case, blanks and "&amp;" for "and" do not matter). */
    public static Optional<String> ofState(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(MasterRows.key(name.replace("&", " and "))));
    }
}

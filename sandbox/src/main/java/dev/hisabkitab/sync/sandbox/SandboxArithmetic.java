package dev.hisabkitab.sync.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The arithmetic a consistent HisabKitab body has to hold, checked with the sandbox's own figures (it does not use
 * the connector's GST calculator, so that the two check each other). Which checks a resource gets is its
 * {@code arithmetic} entry in {@code sandbox-rules.yaml}; the conventions and the parameters are that file's
 * top-level {@code arithmetic} section, where each is explained. Runs only on a body that passed the field rules
 * (types, ids, at most 2 decimals, no negative amounts), and records field-keyed errors in the {@link Validator}.
 */
final class SandboxArithmetic {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TWO_HUNDRED = BigDecimal.valueOf(200);
    private static final BigDecimal PAISA = new BigDecimal("0.01");

    /** The parameters of the top-level {@code arithmetic} section of {@code sandbox-rules.yaml}. */
    record Rules(List<String> placeOfSupply, Map<String, Boolean> natureScopes, List<String> interstateNatures,
            List<String> untaxedNatures, Map<String, Long> gstNotApplicable, BigDecimal taxTolerancePerEntry,
            BigDecimal grandTotalTolerance, BigDecimal roundingLimit, String addLess) {

        static Rules read(JsonNode section) {
            if (section == null || section.isMissingNode() || section.isNull()) {
                return null;
            }
            JsonNode d = section.path("document");
            Map<String, Boolean> scopes = new LinkedHashMap<>();
            d.path("natureScopes").fields().forEachRemaining(e -> scopes.put(e.getKey(), e.getValue().asText().equals("interstate")));
            Map<String, Long> na = new LinkedHashMap<>();
            d.path("gstNotApplicable").fields().forEachRemaining(e -> na.put(e.getKey(), e.getValue().asLong()));
            String addLess = d.path("addLess").asText("refuse");
            if (!addLess.equals("refuse") && !addLess.equals("ignore")) {
                throw new IllegalStateException(SandboxRules.RESOURCE + ": arithmetic.document.addLess must be refuse or ignore");
            }
            return new Rules(strings(d.path("placeOfSupply")), scopes, strings(d.path("interstateNatures")),
                    strings(d.path("untaxedNatures")), na, decimal(d, "taxTolerancePerEntry"), decimal(d, "grandTotalTolerance"),
                    decimal(d, "roundingLimit"), addLess);
        }

        private static List<String> strings(JsonNode list) {
            List<String> out = new ArrayList<>();
            list.forEach(n -> out.add(n.asText()));
            return List.copyOf(out);
        }

        private static BigDecimal decimal(JsonNode d, String field) {
            BigDecimal v = Json.decimal(d.get(field));
            if (v == null) {
                throw new IllegalStateException(SandboxRules.RESOURCE + ": arithmetic.document." + field + " is missing");
            }
            return v;
        }
    }

    private final Rules rules;
    private final Validator.Lookup lookup;
    private final Validator v;

    SandboxArithmetic(Rules rules, Validator.Lookup lookup, Validator v) {
        if (rules == null) {
            throw new IllegalStateException(SandboxRules.RESOURCE + " has resources with arithmetic but no arithmetic section");
        }
        this.rules = rules;
        this.lookup = lookup;
        this.v = v;
    }

    // =====================================================================================================
    // documents

    /**
     * The scope of a document: how GST is split and why ({@code where}), and why GST does not apply at all
     * ({@code untaxedBecause}, null when it does).
     */
    private record Scope(boolean interstate, String where, String untaxedBecause) {
        boolean untaxed() {
            return untaxedBecause != null;
        }
    }

    /** Checks a GST document whose lines are in {@code linesKey} ({@code items} or {@code ledgers}). */
    void document(ObjectNode body, String linesKey) {
        JsonNode lines = body.get(linesKey);
        if (lines == null || !lines.isArray()) {
            return;
        }
        Scope scope = scope(body);
        int entries = 0;
        BigDecimal lineTotals = BigDecimal.ZERO;
        BigDecimal expectedGst = BigDecimal.ZERO;
        BigDecimal lineCess = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String at = linesKey + "." + i + ".";
            BigDecimal total = amount(line.get("total"));
            BigDecimal cess = amount(line.get("cess"));
            BigDecimal rate = scope.untaxed() ? BigDecimal.ZERO : gstRate(line.get("gst_id"));
            checkLine(line, at, linesKey.equals("ledgers"), total, cess, rate, scope);
            lineTotals = lineTotals.add(total);
            lineCess = lineCess.add(cess);
            expectedGst = expectedGst.add(tax(total, rate, scope.interstate));
            entries++;
        }
        BigDecimal charges = BigDecimal.ZERO;
        JsonNode acs = body.path("additional_charges");
        for (int j = 0; j < acs.size(); j++) {
            JsonNode charge = acs.get(j);
            String at = "additional_charges." + j + ".";
            BigDecimal value = chargeValue(charge, at);
            BigDecimal rate = scope.untaxed() ? BigDecimal.ZERO : gstRate(charge.get("ac_gst_rate_id"));
            charges = charges.add(value);
            expectedGst = expectedGst.add(tax(value, rate, scope.interstate));
            entries++;
        }
        addLess(body);

        BigDecimal grossValue = Json.decimal(body.get("gross_value"));
        if (grossValue != null && grossValue.compareTo(lineTotals) != 0) {
            v.error("gross_value", "gross value " + rupees(grossValue) + " does not match the sum of the line totals ("
                    + rupees(lineTotals) + ")");
        }
        BigDecimal taxableValue = Json.decimal(body.get("taxable_value"));
        BigDecimal expectedTaxable = lineTotals.add(charges);
        if (taxableValue != null && taxableValue.compareTo(expectedTaxable) != 0) {
            v.error("taxable_value", "taxable value " + rupees(taxableValue) + " does not match the line totals + additional"
                    + " charges before tax (" + rupees(expectedTaxable) + ")");
        }

        BigDecimal cgst = amount(body.get("cgst"));
        BigDecimal sgst = amount(body.get("sgst"));
        BigDecimal igst = amount(body.get("igst"));
        BigDecimal cess = amount(body.get("cess"));
        checkGst(scope, cgst, sgst, igst, expectedGst, entries);
        if (cess.compareTo(lineCess) != 0) {
            v.error("cess", "cess " + rupees(cess) + " does not match the sum of the line cess (" + rupees(lineCess) + ")");
        }
        checkNatureScope(body, scope);

        BigDecimal rounding = amount(body.get("rounding_amount"));
        if (rounding.abs().compareTo(rules.roundingLimit()) > 0) {
            v.error("rounding_amount", "round-off " + rupees(rounding) + " is more than " + rupees(rules.roundingLimit())
                    + " either way: rounding to the rupee never needs more");
        }
        BigDecimal grandTotal = Json.decimal(body.get("grand_total"));
        if (grandTotal != null) {
            BigDecimal tcs = amount(body.path("tcs_details").get("tcs_amount"));
            BigDecimal expected = (taxableValue != null ? taxableValue : expectedTaxable).add(cgst).add(sgst).add(igst).add(cess)
                    .add(tcs).add(rounding);
            if (grandTotal.subtract(expected).abs().compareTo(rules.grandTotalTolerance()) > 0) {
                v.error("grand_total", "grand total " + rupees(grandTotal) + " does not match taxable value + CGST + SGST + IGST"
                        + " + cess + TCS + round-off (" + rupees(expected) + ")");
            }
        }
    }

    /** One line: gross (tax taken out of a tax-inclusive rate), the two discounts, its total. */
    private void checkLine(JsonNode line, String at, boolean ledgerLine, BigDecimal total, BigDecimal cess, BigDecimal rate,
            Scope scope) {
        if (scope.untaxed() && cess.signum() != 0) {
            v.error(at + "cess", "cess " + rupees(cess) + " on a document without GST (" + scope.untaxedBecause + "): must be 0");
        }
        BigDecimal quantity = ledgerLine ? BigDecimal.ONE : Json.decimal(line.get("quantity"));
        BigDecimal rpu = Json.decimal(line.get("rpu"));
        if (quantity == null || rpu == null) {
            return; // the field rules already refused it
        }
        boolean withTax = line.path("with_tax").asInt(0) == 1;
        BigDecimal cessRate = BigDecimal.ZERO;
        boolean cessRateKnown = true;
        if (withTax && cess.signum() != 0 && !scope.untaxed()) {
            cessRate = storedCessRate(total, cess);
            if (cessRate == null) {
                if (total.signum() == 0) {
                    v.error(at + "cess", "cess " + rupees(cess) + " on a line whose total is 0");
                    return;
                }
                // a rate outside the company's cess-rate list: the one the line implies, known to a paisa only
                cessRate = cess.multiply(HUNDRED).divide(total, 6, RoundingMode.HALF_UP);
                cessRateKnown = false;
            }
        }
        BigDecimal amount = quantity.multiply(rpu);
        BigDecimal gross = withTax
                ? amount.multiply(HUNDRED).divide(HUNDRED.add(rate).add(cessRate), 2, RoundingMode.HALF_UP)
                : amount.setScale(2, RoundingMode.HALF_UP);
        BigDecimal first = discount(line, at, "discount_type", "discount_value", gross);
        if (first == null) {
            return;
        }
        BigDecimal afterFirst = gross.subtract(first);
        BigDecimal second = discount(line, at, "discount_type_2", "discount_value_2", afterFirst);
        if (second == null) {
            return;
        }
        BigDecimal taxable = afterFirst.subtract(second);
        if (taxable.signum() < 0) {
            String field = second.signum() > 0 ? "discount_value_2" : "discount_value";
            v.error(at + field, "discounts of " + rupees(first.add(second)) + " are more than the line amount of " + rupees(gross));
            return;
        }
        BigDecimal tolerance = cessRateKnown ? BigDecimal.ZERO : PAISA;
        if (total.subtract(taxable).abs().compareTo(tolerance) > 0) {
            String what = withTax && rate.add(cessRate).signum() > 0
                    ? "quantity × rate without the " + plain(rate) + "% GST" + (cessRate.signum() > 0 ? " and " + plain(cessRate) + "% cess" : "")
                            + " it includes, less discounts"
                    : "quantity × rate less discounts";
            v.error(at + "total", "line total " + rupees(total) + " does not match " + what + " (" + rupees(taxable)
                    + "); a line total is the taxable value, without tax");
        }
        BigDecimal totalDiscount = Json.decimal(line.get("total_discount_amount"));
        if (totalDiscount != null && totalDiscount.compareTo(first.add(second)) != 0) {
            v.error(at + "total_discount_amount", "total discount " + rupees(totalDiscount) + " does not match the line's two"
                    + " discounts (" + rupees(first.add(second)) + ")");
        }
    }

    /**
     * One discount slot in rupees (type 1: percent of {@code base}, rounded to the paisa; type 2: rupees), or null
     * after recording an error.
     */
    private BigDecimal discount(JsonNode line, String at, String typeField, String valueField, BigDecimal base) {
        BigDecimal value = Json.decimal(line.get(valueField));
        if (value == null || value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        Long type = Json.integer(line.get(typeField));
        if (type == null) {
            v.error(at + typeField, "The " + Validator.attribute(at + typeField) + " field is required when "
                    + Validator.attribute(at + valueField) + " is present (1 = percent, 2 = rupees).");
            return null;
        }
        if (type == 1) {
            if (value.compareTo(HUNDRED) > 0) {
                v.error(at + valueField, "discount of " + plain(value) + "% is more than the whole line");
                return null;
            }
            return base.multiply(value).divide(HUNDRED, 2, RoundingMode.HALF_UP);
        }
        if (value.stripTrailingZeros().scale() > 2) {
            v.error(at + valueField, "discount of " + value.toPlainString() + " rupees has more than 2 decimal places");
            return null;
        }
        return value;
    }

    /** The charge before tax: ac_value, which ac_total_without_tax / ac_total repeat when sent. */
    private BigDecimal chargeValue(JsonNode charge, String at) {
        BigDecimal value = Json.decimal(charge.get("ac_value"));
        String from = "ac_value";
        for (String f : List.of("ac_total_without_tax", "ac_total")) {
            BigDecimal other = Json.decimal(charge.get(f));
            if (other == null) {
                continue;
            }
            if (value == null) {
                value = other;
                from = f;
            } else if (other.compareTo(value) != 0) {
                v.error(at + f, "charge total " + rupees(other) + " does not match the charge's " + Validator.attribute(from)
                        + " (" + rupees(value) + "): both are the charge before tax");
            }
        }
        if (value == null) {
            v.error(at + "ac_value", "The " + Validator.attribute(at + "ac_value") + " field is required: the charge before tax.");
            return BigDecimal.ZERO;
        }
        return value;
    }

    private void addLess(ObjectNode body) {
        if (rules.addLess().equals("ignore")) {
            return;
        }
        JsonNode al = body.path("add_less");
        for (int k = 0; k < al.size(); k++) {
            BigDecimal value = Json.decimal(al.get(k).get("al_value"));
            if (value != null && value.signum() != 0) {
                v.error("add_less." + k + ".al_value", "add/less of " + rupees(value) + " cannot be checked: whether al_type "
                        + al.get(k).path("al_type").asText("(none)") + " adds or takes off is not documented, so the grand total"
                        + " it leads to is unknown; send the amount as an additional charge (or a discount) instead");
            }
        }
    }

    private void checkGst(Scope scope, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal expected, int entries) {
        if (scope.untaxed()) {
            for (Map.Entry<String, BigDecimal> e : Map.of("cgst", cgst, "sgst", sgst, "igst", igst).entrySet()) {
                if (e.getValue().signum() != 0) {
                    v.error(e.getKey(), e.getKey().toUpperCase(Locale.ROOT) + " " + rupees(e.getValue())
                            + " on a document without GST (" + scope.untaxedBecause + "): must be 0");
                }
            }
            return;
        }
        boolean splitOk = true;
        if (scope.interstate) {
            if (cgst.signum() != 0 || sgst.signum() != 0) {
                v.error(cgst.signum() != 0 ? "cgst" : "sgst", "CGST " + rupees(cgst) + " / SGST " + rupees(sgst) + " on an"
                        + " interstate supply (" + scope.where + "): charge IGST instead, CGST and SGST must be 0");
                splitOk = false;
            }
        } else {
            if (igst.signum() != 0) {
                v.error("igst", "IGST " + rupees(igst) + " on an intrastate supply (" + scope.where + "): charge CGST + SGST"
                        + " instead, IGST must be 0");
                splitOk = false;
            }
            if (cgst.compareTo(sgst) != 0) {
                v.error("sgst", "SGST " + rupees(sgst) + " does not equal CGST " + rupees(cgst) + ": each is half the GST rate");
                splitOk = false;
            }
        }
        BigDecimal sent = cgst.add(sgst).add(igst);
        BigDecimal tolerance = rules.taxTolerancePerEntry().multiply(BigDecimal.valueOf(entries));
        if (splitOk && sent.subtract(expected).abs().compareTo(tolerance) > 0) {
            v.error(scope.interstate ? "igst" : "cgst", "GST " + rupees(sent) + " (CGST + SGST + IGST) does not match the tax on"
                    + " the lines and charges (" + rupees(expected) + ": each taxable value × its GST rate, "
                    + (scope.interstate ? "as IGST" : "half as CGST and half as SGST") + ", rounded to the paisa per line)");
        }
    }

    private void checkNatureScope(ObjectNode body, Scope scope) {
        String nature = Json.text(body, "main_classification_nature_type");
        if (nature == null) {
            return;
        }
        for (Map.Entry<String, Boolean> e : rules.natureScopes().entrySet()) {
            if (nature.startsWith(e.getKey()) && e.getValue() != scope.interstate) {
                v.error("main_classification_nature_type", "'" + nature + "' says " + e.getKey() + " but the supply is "
                        + (scope.interstate ? "interstate" : "intrastate") + " (" + scope.where + ")");
            }
        }
    }

    /** Intrastate or interstate, and whether GST applies at all. */
    private Scope scope(ObjectNode body) {
        String nature = Json.text(body, "main_classification_nature_type");
        String untaxed = null;
        for (Map.Entry<String, Long> e : rules.gstNotApplicable().entrySet()) {
            Long sent = Json.integer(body.get(e.getKey()));
            if (untaxed == null && sent != null && sent.equals(e.getValue())) {
                untaxed = e.getKey() + " is " + e.getValue();
            }
        }
        if (nature != null) {
            String lower = nature.trim().toLowerCase(Locale.ROOT);
            for (String word : rules.untaxedNatures()) {
                if (untaxed == null && lower.endsWith(word.toLowerCase(Locale.ROOT))) {
                    untaxed = "classified '" + nature + "'";
                }
            }
            for (String prefix : rules.interstateNatures()) {
                if (nature.startsWith(prefix)) {
                    return new Scope(true, "'" + nature + "' is interstate by law", untaxed);
                }
            }
        }
        Long place = null;
        String placeField = null;
        for (String path : rules.placeOfSupply()) {
            place = Json.integer(Json.at(body, path));
            if (place != null) {
                placeField = path;
                break;
            }
        }
        Long home = Json.integer(lookup.details().get("state_id"));
        boolean interstate = place != null && home != null && !place.equals(home);
        String where = place == null ? "no place of supply given"
                : "place of supply " + stateName(place) + " from " + placeField + (interstate
                        ? ", company in " + stateName(home) : ", the company's state");
        return new Scope(interstate, where, untaxed);
    }

    // =====================================================================================================
    // journals and vouchers

    /**
     * A journal's rows (ledger_id, amount, debit_credit_type 1 debit / 2 credit), read from either form: the debits
     * must balance the credits, and debit_total / credit_total, when sent, must be those sums.
     */
    void journal(ArrayNode rows, String rowsField, ObjectNode body) {
        BigDecimal debit = BigDecimal.ZERO;
        BigDecimal credit = BigDecimal.ZERO;
        int debits = 0;
        int credits = 0;
        for (JsonNode r : rows) {
            BigDecimal amount = amount(r.get("amount"));
            if (r.path("debit_credit_type").asInt() == 1) {
                debit = debit.add(amount);
                debits++;
            } else {
                credit = credit.add(amount);
                credits++;
            }
        }
        if (debits == 0 || credits == 0) {
            v.error(rowsField, "A journal needs at least one debit row and one credit row.");
        } else if (debit.compareTo(credit) != 0) {
            v.error(rowsField, "The debit amounts (" + rupees(debit) + ") and the credit amounts (" + rupees(credit)
                    + ") must be equal.");
        }
        BigDecimal debitTotal = Json.decimal(body.get("debit_total"));
        BigDecimal creditTotal = Json.decimal(body.get("credit_total"));
        if (debitTotal != null && debitTotal.compareTo(debit) != 0) {
            v.error("debit_total", "debit total " + rupees(debitTotal) + " does not match the sum of the debit amounts ("
                    + rupees(debit) + ")");
        }
        if (creditTotal != null && creditTotal.compareTo(credit) != 0) {
            v.error("credit_total", "credit total " + rupees(creditTotal) + " does not match the sum of the credit amounts ("
                    + rupees(credit) + ")");
        }
    }

    /** Receipt / payment: something is received, and the invoices settled do not take more than that. */
    void voucher(ObjectNode body) {
        BigDecimal total = Json.decimal(body.get("total_received_amount"));
        if (total == null) {
            return;
        }
        if (total.signum() <= 0) {
            v.error("total_received_amount", "The total received amount must be more than 0.");
            return;
        }
        JsonNode settled = body.path("settle_invoices_data");
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode s : settled) {
            sum = sum.add(amount(s.get("received_amount")));
        }
        if (sum.compareTo(total) > 0) {
            v.error("settle_invoices_data", "the invoices settled (received amounts " + rupees(sum) + ") are more than the"
                    + " total received amount (" + rupees(total) + ")");
        }
    }

    // =====================================================================================================
    // helpers

    /** GST on one taxable value: IGST at the rate, or CGST and SGST at half the rate each, rounded per component. */
    private static BigDecimal tax(BigDecimal taxable, BigDecimal rate, boolean interstate) {
        if (interstate) {
            return taxable.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
        }
        return taxable.multiply(rate).divide(TWO_HUNDRED, 2, RoundingMode.HALF_UP).multiply(BigDecimal.valueOf(2));
    }

    private BigDecimal gstRate(JsonNode id) {
        Long gstId = Json.integer(id);
        if (gstId == null) {
            return BigDecimal.ZERO;
        }
        return lookup.record("gst-rate", gstId).map(g -> Json.decimal(g.get("tax_rate"))).orElse(BigDecimal.ZERO);
    }

    /** The rate of the company's cess-rate list that gives this cess on this total, or null. */
    private BigDecimal storedCessRate(BigDecimal total, BigDecimal cess) {
        for (JsonNode r : lookup.records("cess-rate")) {
            BigDecimal rate = Json.decimal(r.get("rate"));
            if (rate != null && total.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP).compareTo(cess) == 0) {
                return rate;
            }
        }
        return null;
    }

    private String stateName(long id) {
        return lookup.record("state", id).map(s -> s.path("name").asText() + " (" + id + ")").orElse("state " + id);
    }

    private static BigDecimal amount(JsonNode n) {
        BigDecimal d = Json.decimal(n);
        return d == null ? BigDecimal.ZERO : d;
    }

    private static String rupees(BigDecimal d) {
        return d.setScale(Math.max(2, d.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}

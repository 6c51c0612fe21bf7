package dev.hisabkitab.sync.business.party;

import static dev.hisabkitab.sync.business.MappingSupport.amount;
import static dev.hisabkitab.sync.business.MappingSupport.decimal;
import static dev.hisabkitab.sync.business.MappingSupport.object;
import static dev.hisabkitab.sync.business.MappingSupport.quoted;
import static dev.hisabkitab.sync.business.MappingSupport.text;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.masters.StateInfo;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@code party.upsert} → a customer or supplier ledger: {@code ledger.create-customer} /
 * {@code ledger.create-supplier}, or {@code ledger.update} with {@code {"id": …}} when the directory already
 * has the party (by GSTIN, else by name). An update sends the same full body as a create: HisabKitab's Update
 * Ledger takes the create body for the same {@code action} (HisabKitab's API documentation, ledgers).
 *
 * <p>Fields the event leaves out are left out of the body (no guessed defaults), except
 * {@code same_as_billing_address}, which is 1 when the event has no shipping address.
 */
public final class PartyMapper implements BusinessMapper {

    public static final String EVENT_TYPE = "party.upsert";

    /** India's ISO code and dialling code, as the vendor example sends them with a phone number. */
    static final String REGION_ISO_INDIA = "in";
    static final int REGION_CODE_INDIA = 91;
    /** One phone number: digits with the separators people write, an international one starting with +. */
    private static final Pattern ONE_NUMBER = Pattern.compile("\\+?[0-9 ().-]+");

    /** {@code opening_balance_dr_cr}: the ledgers' convention is the journal's (1 debit, 2 credit). */
    static final int DEBIT = 1;
    static final int CREDIT = 2;

    /** {@code credit_period_type} 2 = days (from a sale response in HisabKitab's API documentation: 30 and type 2 gave a due date 30 days on). */
    static final int CREDIT_PERIOD_DAYS = 2;

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    /** A ledger has no number series. */
    @Override
    public String numberSeries(JsonNode payload) {
        return null;
    }

    @Override
    public ApiCall map(JsonNode payload, String assignedNumber, Directory directory, MappingDefaults defaults) {
        boolean supplier = "supplier".equals(text(payload, "role"));
        String name = text(payload, "name");
        String gstin = upper(text(payload, "gstin"));
        JsonNode billing = payload.get("billingAddress");

        StateInfo billingState = directory.state(text(billing, "state"));
        StateInfo gstinState = gstin == null ? null : directory.stateOfGstin(gstin);
        if (gstinState != null) {
            checkGstinState(gstin, gstinState, billingState);
        }
        String pan = pan(upper(text(payload, "pan")), gstin);

        Optional<PartyLedger> existing = directory.findParty(name, gstin);
        existing.ifPresent(found -> checkSameRegistration(found, name, gstin, gstinState));

        ObjectNode body = object();
        body.put("action", supplier ? "Supplier" : "Customers");
        body.put("name", name);
        body.put("group_id", directory.ledgerGroup(supplier ? defaults.supplierGroup() : defaults.customerGroup()));

        ObjectNode party = body.putObject("party_details");
        if (gstin != null) {
            party.put("gstin", gstin);
        }
        party.set("billing_address", address(billing, billingState, directory, defaults));
        JsonNode shipping = payload.get("shippingAddress");
        if (shipping == null || shipping.isNull()) {
            party.put("same_as_billing_address", 1);
        } else {
            party.put("same_as_billing_address", 0);
            party.set("shipping_address", address(shipping, directory.state(text(shipping, "state")), directory, defaults));
        }
        String phone = text(payload, "phone");
        if (phone != null) {
            String national = indianNumber(phone);
            if (national != null) {
                party.put("region_iso_1", REGION_ISO_INDIA);
                party.put("region_code_1", REGION_CODE_INDIA);
                party.put("contact_person_phone_1", national);
            } else {
                // The connector knows no other country's codes; the number as written loses nothing
                party.put("contact_person_phone_1", phone);
            }
        }
        String email = text(payload, "email");
        if (email != null) {
            party.put("contact_person_email", email);
        }

        if (pan != null) {
            // gst_registration_type and type_of_entity are left out: only one value of each was ever seen
            // (1 and 3) and their meanings are not documented.
            body.putObject("tax_details").put("pan", pan);
        }

        Integer creditDays = payload.hasNonNull("creditDays") ? payload.get("creditDays").asInt() : null;
        BigDecimal creditLimit = decimal(payload, "creditLimit");
        if (creditDays != null || creditLimit != null) {
            ObjectNode other = body.putObject("other_details");
            if (creditDays != null) {
                other.put("credit_period", creditDays);
                other.put("credit_period_type", CREDIT_PERIOD_DAYS);
            }
            if (creditLimit != null) {
                other.put("allow_credit_limit", 1);
                other.set("credit_limit", amount(creditLimit));
            }
        }

        JsonNode opening = payload.get("openingBalance");
        if (opening != null && opening.isObject()) {
            ObjectNode ob = body.putObject("opening_balance_details");
            ob.set("opening_balance", amount(decimal(opening, "amount")));
            ob.put("opening_balance_dr_cr", "credit".equals(text(opening, "side")) ? CREDIT : DEBIT);
        }

        if (existing.isPresent()) {
            ObjectNode target = object().put("id", existing.get().id());
            return ApiCall.of("ledger.update", target, body);
        }
        return ApiCall.of(supplier ? "ledger.create-supplier" : "ledger.create-customer", null, body);
    }

    /** A registered party's billing address is its place of business under that GSTIN: the same state. */
    private static void checkGstinState(String gstin, StateInfo gstinState, StateInfo billingState) {
        if (gstinState.id() != billingState.id()) {
            throw EventFailure.mapping("GSTIN " + gstin + " is registered in " + gstinState.name() + " (state code "
                    + gstinState.gstStateCode() + "), but the billing address is in " + billingState.name()
                    + " (state code " + billingState.gstStateCode() + "). Correct the GSTIN or the billing state.");
        }
    }

    /**
     * The party's PAN: as sent, else characters 3 to 12 of its GSTIN (a GSTIN is the 2-digit state code, the
     * holder's 10-character PAN, the entity number, Z and a check character). When both are sent they must agree.
     */
    static String pan(String pan, String gstin) {
        String fromGstin = gstin == null ? null : gstin.substring(2, 12);
        if (pan != null && fromGstin != null && !pan.equals(fromGstin)) {
            throw EventFailure.mapping("PAN " + pan + " does not match GSTIN " + gstin + ", which carries PAN " + fromGstin
                    + " (its characters 3 to 12). Correct the PAN or the GSTIN.");
        }
        return pan != null ? pan : fromGstin;
    }

    /**
     * A party found by name that holds another GSTIN is another registration of the same business (a branch in
     * another state): updating it would overwrite that GSTIN. Ledger names are unique in HisabKitab, so the new
     * registration needs its own name.
     */
    private static void checkSameRegistration(PartyLedger found, String name, String gstin, StateInfo gstinState) {
        if (gstin != null && found.gstin() != null && !found.gstin().isBlank() && !found.gstin().trim().equalsIgnoreCase(gstin)) {
            throw EventFailure.mapping("A party named " + quoted(found.name()) + " already exists in HisabKitab with GSTIN "
                    + found.gstin().trim() + ", not " + gstin + ". Give this registration its own name, e.g. "
                    + quoted(name + " (" + gstinState.name() + ")") + ", or correct the GSTIN.");
        }
    }

    private static ObjectNode address(JsonNode a, StateInfo state, Directory directory, MappingDefaults defaults) {
        ObjectNode out = object();
        out.put("address_1", text(a, "line1"));
        String line2 = text(a, "line2");
        if (line2 != null) {
            out.put("address_2", line2);
        }
        String country = text(a, "country");
        out.put("country_id", directory.country(country != null ? country : defaults.country()));
        out.put("state_id", state.id());
        directory.city(text(a, "city"), state.id()).ifPresent(id -> out.put("city_id", id));
        out.put("pin_code", text(a, "pincode"));
        return out;
    }

    /**
     * A phone number as HisabKitab's {@code contact_person_phone_1} holds it next to region code 91: the national
     * number, digits only. {@code +91 98765 43210}, {@code 91-9876543210}, {@code 0091 98765 43210} and
     * {@code 09876543210} all become {@code 9876543210}; a landline keeps its area code ({@code 020 2445 1234} →
     * {@code 2024451234}). {@code null} when the phone is not one Indian number: another country's code
     * ({@code +44 20 7946 0958}), or text besides the digits ({@code 98765 43210 ext. 12}, two numbers). Such a
     * phone is sent as written: HisabKitab imposes no format on it, so it is no reason to lose the party.
     */
    static String indianNumber(String phone) {
        String written = phone.trim();
        if (!ONE_NUMBER.matcher(written).matches()) {
            return null;
        }
        String digits = written.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return null;
        }
        boolean international = written.startsWith("+") || digits.startsWith("00");
        if (international) {
            String withCode = written.startsWith("+") ? digits : digits.substring(2);
            return withCode.startsWith("91") && withCode.length() > 2 ? withCode.substring(2) : null;
        }
        if (digits.length() == 12 && digits.startsWith("91")) {
            return digits.substring(2);
        }
        if (digits.length() == 11 && digits.startsWith("0")) {
            return digits.substring(1);
        }
        return digits;
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}

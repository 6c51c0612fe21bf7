package dev.hisabkitab.sync.business.party;

import static dev.hisabkitab.sync.business.MapperAssertions.assertAmount;
import static dev.hisabkitab.sync.business.MapperAssertions.assertJson;
import static dev.hisabkitab.sync.business.MapperAssertions.assertMappingFailure;
import static dev.hisabkitab.sync.business.MapperAssertions.json;
import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.client.ApiCall;

class PartyMapperTest {

    private final PartyMapper mapper = new PartyMapper();
    private final InMemoryDirectory directory = new InMemoryDirectory().withCity("Pune", 4008, 133351);
    private final MappingDefaults defaults = MappingDefaults.standard();

    private static ObjectNode customer() {
        return (ObjectNode) resource("/events/valid/party.upsert-customer.json").get("payload").deepCopy();
    }

    private static ObjectNode supplier() {
        return (ObjectNode) resource("/events/valid/party.upsert-supplier.json").get("payload").deepCopy();
    }

    private ApiCall map(JsonNode payload) {
        return mapper.map(payload, null, directory, defaults);
    }

    @Test
    void aLedgerHasNoNumberSeries() {
        assertEquals("party.upsert", mapper.eventType());
        assertNull(mapper.numberSeries(customer()));
    }

    @Test
    void aNewCustomerIsCreatedInTheDebtorsGroupWithEverythingTheEventSays() {
        ApiCall call = map(customer());
        assertEquals("ledger.create-customer", call.operation());
        assertNull(call.target());
        assertJson("""
                {"action": "Customers", "name": "Sharma Traders", "group_id": 18,
                 "party_details": {"gstin": "27AAPFU0939F1ZV",
                   "billing_address": {"address_1": "14, Laxmi Road", "address_2": "Near Tulshibaug", "country_id": 101,
                                       "state_id": 4008, "city_id": 133351, "pin_code": "411002"},
                   "same_as_billing_address": 0,
                   "shipping_address": {"address_1": "Plot 7, MIDC Bhosari", "country_id": 101, "state_id": 4008,
                                        "city_id": 133351, "pin_code": "411026"},
                   "region_iso_1": "in", "region_code_1": 91, "contact_person_phone_1": "9876543210",
                   "contact_person_email": "accounts@sharmatraders.in"},
                 "tax_details": {"pan": "AAPFU0939F"},
                 "other_details": {"credit_period": 30, "credit_period_type": 2, "allow_credit_limit": 1,
                                   "credit_limit": 500000.00},
                 "opening_balance_details": {"opening_balance": 12500.50, "opening_balance_dr_cr": 1}}
                """, call.payload());
        assertAmount("500000.00", call.payload().at("/other_details/credit_limit"));
        assertAmount("12500.50", call.payload().at("/opening_balance_details/opening_balance"));
    }

    @Test
    void aNewSupplierIsCreatedInTheCreditorsGroupWithPanFromItsGstinAndShippingSameAsBilling() {
        ApiCall call = map(supplier());
        assertEquals("ledger.create-supplier", call.operation());
        assertJson("""
                {"action": "Supplier", "name": "Tata Bolts Pvt Ltd", "group_id": 9,
                 "party_details": {"gstin": "29AABCT3518Q1ZS",
                   "billing_address": {"address_1": "22 Peenya Industrial Area", "country_id": 101, "state_id": 4026,
                                       "pin_code": "560058"},
                   "same_as_billing_address": 1},
                 "tax_details": {"pan": "AABCT3518Q"},
                 "other_details": {"credit_period": 45, "credit_period_type": 2},
                 "opening_balance_details": {"opening_balance": 0.00, "opening_balance_dr_cr": 2}}
                """, call.payload());
    }

    @Test
    void theGroupsComeFromTheDefaults() {
        directory.withLedgerGroup("Trade Debtors", 40).withLedgerGroup("Trade Creditors", 41);
        MappingDefaults mine = new MappingDefaults("Sales", "Purchase", "PCS", "General", "Trade Debtors",
                "Trade Creditors", "India");
        assertEquals(40, mapper.map(customer(), null, directory, mine).payload().get("group_id").asLong());
        assertEquals(41, mapper.map(supplier(), null, directory, mine).payload().get("group_id").asLong());
    }

    @Test
    void anExistingPartyFoundByGstinIsUpdatedWithTheFullBody() {
        ApiCall create = map(customer());
        PartyLedger existing = directory.withParty("Sharma Traders (old name)", "27AAPFU0939F1ZV");
        ApiCall update = map(customer());
        assertEquals("ledger.update", update.operation());
        assertJson("{\"id\": " + existing.id() + "}", update.target());
        assertEquals(create.payload(), update.payload(), "the update replaces the ledger with the create body");
    }

    @Test
    void anExistingPartyWithoutGstinIsFoundByName() {
        PartyLedger existing = directory.withParty("Walk-in Customer", null);
        ObjectNode p = customer();
        p.remove("gstin");
        p.remove("pan");
        p.put("name", "  walk-in customer ");
        ApiCall call = map(p);
        assertEquals("ledger.update", call.operation());
        assertEquals(existing.id(), call.target().get("id").asLong());
        assertEquals("walk-in customer", call.payload().get("name").asText());
        assertFalse(call.payload().path("party_details").has("gstin"));
        assertFalse(call.payload().has("tax_details"), "no PAN without a GSTIN or a PAN");
    }

    @Test
    void aPartyFoundByNameWithAnotherGstinIsAnotherRegistrationNotOverwritten() {
        directory.withParty("Tata Bolts Pvt Ltd", "27AABCT3518Q1ZT");
        String message = assertMappingFailure(() -> map(supplier()));
        assertEquals("A party named \"Tata Bolts Pvt Ltd\" already exists in HisabKitab with GSTIN 27AABCT3518Q1ZT, "
                + "not 29AABCT3518Q1ZS. Give this registration its own name, e.g. \"Tata Bolts Pvt Ltd (Karnataka)\", "
                + "or correct the GSTIN.", message);
    }

    @Test
    void aGstinOfAnotherStateThanTheBillingAddressIsRefusedNamingBoth() {
        ObjectNode p = supplier();
        ((ObjectNode) p.get("billingAddress")).put("state", "Gujarat");
        String message = assertMappingFailure(() -> map(p));
        assertEquals("GSTIN 29AABCT3518Q1ZS is registered in Karnataka (state code 29), but the billing address is in "
                + "Gujarat (state code 24). Correct the GSTIN or the billing state.", message);
    }

    @Test
    void aPanThatDisagreesWithTheGstinIsRefused() {
        ObjectNode p = customer();
        p.put("pan", "AAPFU0939G");
        String message = assertMappingFailure(() -> map(p));
        assertEquals("PAN AAPFU0939G does not match GSTIN 27AAPFU0939F1ZV, which carries PAN AAPFU0939F (its characters "
                + "3 to 12). Correct the PAN or the GSTIN.", message);
    }

    @Test
    void aPanWithoutGstinIsSentAsGiven() {
        ObjectNode p = customer();
        p.remove("gstin");
        assertEquals("AAPFU0939F", map(p).payload().at("/tax_details/pan").asText());
    }

    @Test
    void aCityHisabKitabDoesNotKnowIsLeftOut() {
        ObjectNode p = supplier();
        JsonNode billing = map(p).payload().at("/party_details/billing_address");
        assertFalse(billing.has("city_id"));
        directory.withCity("bengaluru", 4026, 131517);
        assertEquals(131517, map(p).payload().at("/party_details/billing_address/city_id").asLong());
    }

    @Test
    void unknownStatesCountriesAndGroupsAreMappingFailures() {
        ObjectNode p = customer();
        ((ObjectNode) p.get("billingAddress")).put("state", "Maharashtr");
        assertEquals("No state named \"Maharashtr\" in HisabKitab", assertMappingFailure(() -> map(p)));

        ObjectNode abroad = customer();
        ((ObjectNode) abroad.get("shippingAddress")).put("country", "Nepal");
        assertEquals("No country named \"Nepal\" in HisabKitab", assertMappingFailure(() -> map(abroad)));

        MappingDefaults noSuchGroup = new MappingDefaults("Sales", "Purchase", "PCS", "General", "Debtors", "Creditors", "India");
        assertEquals("No ledger group named \"Debtors\" in HisabKitab",
                assertMappingFailure(() -> mapper.map(customer(), null, directory, noSuchGroup)));
    }

    @Test
    void aGstinOfNoKnownStateIsAMappingFailure() {
        ObjectNode p = customer();
        p.put("gstin", "38AAPFU0939F1ZV");
        assertEquals("GSTIN 38AAPFU0939F1ZV starts with 38, which is no state's GST code", assertMappingFailure(() -> map(p)));
    }

    @Test
    void phoneNumbersAreSentAsTheNationalNumber() {
        assertEquals("9876543210", PartyMapper.indianNumber("+91 98765 43210"));
        assertEquals("9876543210", PartyMapper.indianNumber("+91-98765-43210"));
        assertEquals("9876543210", PartyMapper.indianNumber("91 9876543210"));
        assertEquals("9876543210", PartyMapper.indianNumber("0091 98765 43210"));
        assertEquals("9876543210", PartyMapper.indianNumber("09876543210"));
        assertEquals("9876543210", PartyMapper.indianNumber("98765 43210"));
        assertEquals("2024451234", PartyMapper.indianNumber("(020) 2445 1234"));
        assertEquals("2024451234", PartyMapper.indianNumber("020.2445.1234"));
    }

    @Test
    void aPhoneThatIsNotOneIndianNumberIsNoIndianNumber() {
        assertNull(PartyMapper.indianNumber("+44 20 7946 0958"));
        assertNull(PartyMapper.indianNumber("0044 20 7946 0958"));
        assertNull(PartyMapper.indianNumber("98765 43210 ext. 12"));
        assertNull(PartyMapper.indianNumber("98765 43210 / 98765 43211"));
        assertNull(PartyMapper.indianNumber("+"));
    }

    @Test
    void aForeignPhoneIsSentAsWrittenWithoutIndiasCodeAndThePartyIsNotLost() {
        // Once a mapping failure: the party was lost, and every document naming it failed too
        ObjectNode p = customer();
        p.put("phone", " +44 20 7946 0958 ");
        JsonNode party = map(p).payload().get("party_details");
        assertEquals("+44 20 7946 0958", party.get("contact_person_phone_1").asText());
        assertFalse(party.has("region_iso_1"));
        assertFalse(party.has("region_code_1"));
        p.put("phone", "020-2445 1234 ext. 12");
        party = map(p).payload().get("party_details");
        assertEquals("020-2445 1234 ext. 12", party.get("contact_person_phone_1").asText());
        assertFalse(party.has("region_code_1"));
    }

    @Test
    void aGstinAndPanInSmallLettersAreSentInCapitals() {
        ObjectNode p = customer();
        p.put("gstin", "27aapfu0939f1zv");
        p.put("pan", "aapfu0939f");
        JsonNode body = map(p).payload();
        assertEquals("27AAPFU0939F1ZV", body.at("/party_details/gstin").asText());
        assertEquals("AAPFU0939F", body.at("/tax_details/pan").asText());
    }

    @Test
    void withoutContactCreditOrOpeningBalanceThoseBlocksAreLeftOut() {
        JsonNode p = json("""
                {"role": "customer", "name": "Cash Customer",
                 "billingAddress": {"line1": "Shop 3", "city": "Mumbai", "state": "maharashtra", "pincode": "400001"}}
                """);
        assertJson("""
                {"action": "Customers", "name": "Cash Customer", "group_id": 18,
                 "party_details": {"billing_address": {"address_1": "Shop 3", "country_id": 101, "state_id": 4008,
                                                       "pin_code": "400001"},
                                   "same_as_billing_address": 1}}
                """, map(p).payload());
    }
}

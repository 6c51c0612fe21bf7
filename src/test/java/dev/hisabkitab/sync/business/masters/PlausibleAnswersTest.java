package dev.hisabkitab.sync.business.masters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Answers HisabKitab does not document (ledger list and detail rows, company details, states, next numbers…): the
 * readers take every plausible shape the docs show, and say "unread" rather than assume when a fact is not there.
 */
class PlausibleAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final PartyLedger.Address KARNATAKA = new PartyLedger.Address("MG Road", null, 101L, 4026L, 7L,
            "560001");

    @Test
    void aPartyIsReadFromTheNestedRequestShape() {
        PartyLedger p = MasterRows.party(json("{'id': 9, 'name': 'Kaveri Traders', 'action': 'Customers',"
                + " 'party_details': {'gstin': '29aaccs9012m1z8', 'billing_address': {'address_1': 'MG Road',"
                + " 'country_id': 101, 'state_id': '4026', 'city_id': 7, 'pin_code': '560001'},"
                + " 'same_as_billing_address': 1}}"));
        assertTrue(p.detailsRead());
        assertEquals("29AACCS9012M1Z8", p.gstin());
        assertEquals(KARNATAKA, p.billing());
        assertEquals(KARNATAKA, p.shipping(), "same as billing");
    }

    @Test
    void aPartyIsReadFromFieldsAtTheTopOfTheRow() {
        PartyLedger p = MasterRows.party(json("{'id': 9, 'name': 'Kaveri Traders', 'model_type': 'App\\\\Models\\\\Master\\\\Customer',"
                + " 'gstin': '29AACCS9012M1Z8', 'billing_address_address_1': 'MG Road', 'billing_address_country_id': 101,"
                + " 'billing_address_state_id': 4026, 'billing_address_city_id': 7, 'billing_address_pin_code': '560001',"
                + " 'shipping_address_state_id': null}"));
        assertTrue(MasterRows.isParty(json("{'model_type': 'App\\\\Models\\\\Master\\\\Supplier'}")));
        assertTrue(p.detailsRead());
        assertEquals("29AACCS9012M1Z8", p.gstin());
        assertEquals(KARNATAKA, p.billing());
        assertNull(p.shipping());
    }

    @Test
    void aPartyWithoutGstinOrAddressIsReadAsHavingNone() {
        PartyLedger p = MasterRows.party(json("{'id': 3, 'name': 'Walk-in', 'ledgers_data': {'Customer': {'gstin': null,"
                + " 'billing_address_state_id': null, 'billing_address_address_1': null}}}"));
        assertTrue(p.detailsRead(), "null fields say 'none', they are read");
        assertNull(p.gstin());
        assertNull(p.billing());
    }

    @Test
    void aPartyRowWithoutAnyDetailsBlockIsUnreadNotAssumed() {
        PartyLedger p = MasterRows.party(json("{'id': 3, 'name': 'Kaveri Traders', 'group_id': 18, 'flag': 'party'}"));
        assertTrue(MasterRows.isParty(json("{'flag': 'party'}")));
        assertFalse(p.detailsRead());
        assertNull(p.billing());
    }

    @Test
    void aRowShowingOnlyOneOfGstinAndAddressIsUnread() {
        assertFalse(MasterRows.party(json("{'id': 3, 'name': 'X', 'flag': 'party', 'gstin': null}")).detailsRead(),
                "the address was never shown: not 'no address'");
        assertFalse(MasterRows.party(json("{'id': 3, 'name': 'X', 'party_details': {'gstin': '29AACCS9012M1Z8'}}"))
                .detailsRead());
        assertTrue(MasterRows.party(json("{'id': 3, 'name': 'X', 'party_details': {'gstin': null,"
                + " 'billing_address': null}}")).detailsRead(), "both shown, as none");
    }

    @Test
    void aStateIdOfZeroOrACountryAloneIsNoAddress() {
        PartyLedger zero = MasterRows.party(json("{'id': 3, 'name': 'X', 'ledgers_data': {'Customer': {'gstin': null,"
                + " 'billing_address_state_id': 0, 'billing_address_country_id': 101}}}"));
        assertTrue(zero.detailsRead());
        assertNull(zero.billing(), "state 0 and a country are no address");
        PartyLedger lines = MasterRows.party(json("{'id': 3, 'name': 'X', 'ledgers_data': {'Customer': {'gstin': null,"
                + " 'billing_address_address_1': 'Main Road', 'billing_address_state_id': 0}}}"));
        assertNull(lines.billing().stateId());
    }

    @Test
    void anAddressWithoutAReadableStateKeepsItsLinesAndNoState() {
        PartyLedger p = MasterRows.party(json("{'id': 3, 'name': 'X', 'ledgers_data': {'Customer': {'gstin': null,"
                + " 'billing_address_address_1': 'Main Road', 'billing_address_state_id': 'Karnataka'}}}"));
        assertEquals("Main Road", p.billing().line1());
        assertNull(p.billing().stateId());
    }

    @Test
    void theDocumentedBlockWinsOverTheOthers() {
        PartyLedger p = MasterRows.party(json("{'id': 3, 'name': 'X', 'model_type': 'App\\\\Models\\\\Master\\\\Supplier',"
                + " 'ledgers_data': {'Supplier': {'gstin': '24AAGFS5678L1Z2', 'billing_address_state_id': 4030}},"
                + " 'party_details': {'gstin': '27AAPFU0939F1ZV', 'billing_address': {'state_id': 4008}}}"));
        assertEquals("24AAGFS5678L1Z2", p.gstin());
        assertEquals(4030L, p.billing().stateId());
    }

    @Test
    void itemsAreReadFromTheRequestShapeToo() {
        ItemMaster goods = MasterRows.item(json("{'id': 5, 'item_name': 'Bolt', 'item_type': 1,"
                + " 'primary_unit_of_measurement': '3', 'gst_tax_id': 10, 'income_ledger_id': '4'}"));
        assertFalse(goods.service());
        assertEquals(3L, goods.unitId());
        assertEquals(10L, goods.gstRateId());
        assertEquals(4L, goods.incomeLedgerId());
        assertTrue(goods.unitRead() && goods.gstRateRead());
        assertTrue(MasterRows.item(json("{'id': 5, 'item_name': 'Fitting', 'item_type': '2'}")).service());
    }

    @Test
    void anItemWithoutAnyGstOrUnitFieldIsUnreadAndOneSayingNoGstIsRead() {
        ItemMaster bare = MasterRows.item(json("{'id': 5, 'item_name': 'Bolt'}"));
        assertFalse(bare.gstRateRead());
        assertFalse(bare.unitRead());
        ItemMaster exempt = MasterRows.item(json("{'id': 5, 'item_name': 'Rice', 'model': {'is_gst_applicable': false,"
                + " 'unit_of_measurement': 3}}"));
        assertTrue(exempt.gstRateRead());
        assertNull(exempt.gstRateId());
        ItemMaster nullRate = MasterRows.item(json("{'id': 5, 'item_name': 'Rice', 'model': {'gst_tax_id': null}}"));
        assertTrue(nullRate.gstRateRead(), "present and null: the item has no GST rate");
    }

    @Test
    void anItemRateOrUnitThatIsNoIdIsUnreadAndNotApplicableWins() {
        assertFalse(MasterRows.item(json("{'id': 5, 'item_name': 'Bolt', 'model': {'gst_tax_id': null,"
                + " 'is_gst_applicable': true}}")).gstRateRead(), "GST applies but no rate: unknown, not none");
        assertFalse(MasterRows.item(json("{'id': 5, 'item_name': 'Bolt', 'gst_tax_id': 'GST 18%'}")).gstRateRead());
        assertFalse(MasterRows.item(json("{'id': 5, 'item_name': 'Bolt', 'model': {'gst_tax': {'tax_rate': 18}}}"))
                .gstRateRead(), "a rate without its id cannot be sent");
        ItemMaster exempt = MasterRows.item(json("{'id': 5, 'item_name': 'Rice', 'model': {'gst_tax_id': 10,"
                + " 'is_gst_applicable': 0}}"));
        assertTrue(exempt.gstRateRead());
        assertNull(exempt.gstRateId(), "not applicable wins over a rate id");
        assertFalse(MasterRows.item(json("{'id': 5, 'item_name': 'Bolt', 'model': {'unit_of_measurement': 'PCS'}}"))
                .unitRead(), "a unit that is no id");
        assertTrue(MasterRows.item(json("{'id': 5, 'item_name': 'Bolt', 'model': {'unit_of_measurement': null}}"))
                .unitRead(), "present and null: no unit of its own (the default unit then)");
    }

    @Test
    void gstRateRowsInEveryPlausibleShape() {
        for (String row : List.of("{'id': 1, 'tax_rate': 18}", "{'id': 1, 'rate': '18.00'}", "{'id': 1, 'name': '18%'}",
                "{'id': 1, 'name': 'GST 18', 'gst_rate': 18}")) {
            assertEquals(0, new BigDecimal("18").compareTo(MasterRows.gstRatePercent(json(row))), row);
        }
        assertNull(MasterRows.gstRatePercent(json("{'id': 1, 'name': 'Exempt'}")));
        assertEquals(0, new BigDecimal("12").compareTo(MasterRows.cessRatePercent(json("{'id': 2, 'cess_rate': 12}"))));
    }

    @Test
    void statesTakeTheirGstCodeFromTheAnswerOrFromTheLaw() {
        assertEquals("29", MasterRows.state(json("{'id': 4026, 'name': 'Karnataka', 'gst_state_code': '29'}")).gstStateCode());
        assertEquals("07", MasterRows.state(json("{'id': 4021, 'name': 'Delhi', 'state_code': 7}")).gstStateCode());
        StateInfo bare = MasterRows.state(json("{'id': 4, 'name': 'Chhattisgarh', 'country_id': 1}"));
        assertEquals("22", bare.gstStateCode(), "Chhattisgarh's GST code is 22 by law");
        assertEquals(1, bare.countryId());
        assertEquals("01", MasterRows.state(json("{'id': 1, 'state_name': 'Jammu & Kashmir'}")).gstStateCode());
        assertNull(MasterRows.state(json("{'id': 9, 'name': 'Bavaria'}")).gstStateCode());
    }

    @Test
    void companyDetailsInEveryPlausibleShape() {
        CompanyProfile top = MasterRows.company(json("{'name': 'Acme', 'gstin': '27AABCS1234K1Z5', 'state_id': 4008,"
                + " 'country_id': 101}"));
        assertEquals(4008, top.stateId());
        assertEquals("27", top.gstStateCode());
        CompanyProfile nested = MasterRows.company(json("{'company': {'company_name': 'Acme', 'gstin': '27AABCS1234K1Z5',"
                + " 'address': {'state_id': '4008', 'country_id': 101}}}"));
        assertEquals(4008, nested.stateId());
        assertEquals("Acme", nested.name());
        CompanyProfile flat = MasterRows.company(json("{'name': 'Acme', 'billing_address_state_id': 4008}"));
        assertEquals(4008, flat.stateId());
        CompanyProfile gstinOnly = MasterRows.company(json("{'name': 'Acme', 'gstin': '29AACCS9012M1Z8'}"));
        assertEquals(0, gstinOnly.stateId(), "unknown, for the directory to complete from the GSTIN");
        assertEquals("29", gstinOnly.gstStateCode());
        CompanyProfile codeNotGst = MasterRows.company(json("{'name': 'Acme', 'gst_state_code': 'MH',"
                + " 'gstin': '27AABCS1234K1Z5'}"));
        assertEquals("27", codeNotGst.gstStateCode(), "the GSTIN's code, not a code that is none");
        assertEquals("27", MasterRows.company(json("{'state_name': 'Maharashtra'}")).gstStateCode());
        CompanyProfile nothing = MasterRows.company(json("{'name': 'Acme'}"));
        assertEquals(0, nothing.stateId());
        assertNull(nothing.gstStateCode());
    }

    @Test
    void nextNumbersInEveryPlausibleShape() {
        assertEquals(Optional.of("INV-5"), MasterRows.nextNumber(json("'INV-5'")));
        assertEquals(Optional.of("5"), MasterRows.nextNumber(json("5")));
        assertEquals(Optional.of("7"), MasterRows.nextNumber(json("{'next_invoice_number': 7}")));
        assertEquals(Optional.of("INV-8"), MasterRows.nextNumber(json("{'invoice_number': 'INV-8', 'prefix': 'INV-'}")));
        assertEquals(Optional.of("12"), MasterRows.nextNumber(json("{'voucher_number': '12'}")));
        assertEquals(Optional.empty(), MasterRows.nextNumber(json("{'prefix': 'INV-'}")));
        assertEquals(Optional.empty(), MasterRows.nextNumber(json("null")));
    }

    @Test
    void groupCountryCityAndUnitNamesFromEitherField() {
        assertEquals(List.of("Sundry Debtors"), MasterRows.names(json("{'id': 1, 'group_name': 'Sundry Debtors'}"),
                "name", "group_name"));
        assertEquals(List.of("KGS", "KILOGRAMS"), MasterRows.unitNames(json("{'id': 3, 'unit_code': 'KGS', 'unit_name': 'KILOGRAMS'}")));
    }
}

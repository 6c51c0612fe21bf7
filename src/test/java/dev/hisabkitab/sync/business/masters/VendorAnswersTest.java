package dev.hisabkitab.sync.business.masters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hisabkitab.sync.client.ApiResponse;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * Every answer HisabKitab documents (src/test/resources/vendor-answers/: the vendor's example answers, copied
 * unchanged from HisabKitab's API documentation), fed verbatim to the reader that reads it. A reader shaped after our own
 * sandbox instead of the vendor's answers fails here.
 */
class VendorAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String raw(String file) {
        try (InputStream in = VendorAnswersTest.class.getClassLoader().getResourceAsStream("vendor-answers/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no vendor answer " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The answer as HisabKitab sends it. The {@code .partial.json} answers were cut off in the vendor's pages after
     * their last visible field, some before the envelope's {@code success}; they get the {@code "success": true} the
     * full answers all have (the client rightly refuses an answer without it), nothing else.
     */
    static String answer(String file) {
        if (!file.endsWith(".partial.json")) {
            return raw(file);
        }
        try {
            com.fasterxml.jackson.databind.node.ObjectNode json =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(raw(file));
            if (!json.has("success")) {
                json.put("success", true);
            }
            return json.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode data(String file) {
        try {
            return JSON.readTree(raw(file)).get("data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ ledgers

    @Test
    void theDocumentedLedgerAnswerGivesTheCustomersGstinAndBothAddresses() {
        JsonNode ledger = data("ledger-create-customer.response.json");
        assertTrue(MasterRows.isParty(ledger), "a Customer model is a party");
        PartyLedger party = MasterRows.party(ledger);
        assertTrue(party.detailsRead());
        assertEquals(1, party.id());
        assertEquals("Customer ledger", party.name());
        assertEquals("27ANUPC5555H1ZM", party.gstin());
        assertEquals(new PartyLedger.Address("billiing, Ward No. 38, P.C. No. 106A, RIS-Raipur", "Ring Road", 1L, 4L, 1L,
                "492001"), party.billing());
        assertEquals(new PartyLedger.Address("shipping, Ward No. 38, P.C. No. 106A, RIS-Raipur", "Station Road", 1L, 4L,
                2L, "492001"), party.shipping());
    }

    @Test
    void theLedgerCreateAnswerGivesTheLedgerId() {
        Reply.Result result = ApiResponse.read(200, raw("ledger-create-customer.response.json"));
        assertEquals(1L, result.hisabkitabId());
        assertEquals("Customers Created Successfully.", result.message());
    }

    // ------------------------------------------------------------------ items, units, GST rates

    @Test
    void theDocumentedServiceItemAnswerIsAServiceWithItsUnitRateAndLedgers() {
        JsonNode item = data("item-create-service.response.json");
        ItemMaster read = MasterRows.item(item);
        assertEquals(3, read.id());
        assertEquals("Set Service item", read.name());
        // the answer says item_type "1" for a service; its model type is what tells
        assertTrue(read.service(), "model_type ItemMasterService is a service");
        assertEquals(1L, read.unitId());
        assertEquals(1L, read.gstRateId());
        assertEquals(1196L, read.incomeLedgerId());
        assertEquals(1197L, read.expenseLedgerId());
        assertTrue(read.unitRead());
        assertTrue(read.gstRateRead());
        assertEquals(3L, ApiResponse.read(200, raw("item-create-service.response.json")).hisabkitabId());
    }

    @Test
    void theUnitAndGstRateRecordsInsideTheItemAnswerAreReadAsListRows() {
        JsonNode item = data("item-create-service.response.json");
        JsonNode unit = item.get("units_of_array").get(0);
        assertEquals(List.of("PCS", "PIECES", "PCS-PIECES"), MasterRows.unitNames(unit));
        assertEquals(1L, MasterRows.id(unit.get("id")));
        JsonNode gstRate = item.get("model").get("gst_tax");
        assertEquals(0, new BigDecimal("18").compareTo(MasterRows.gstRatePercent(gstRate)));
        assertEquals(1L, MasterRows.id(gstRate.get("id")));
    }

    // ------------------------------------------------------------------ documents and vouchers

    @Test
    void createAnswersOfDocumentsGiveIdAndNumber() {
        assertCreated("sale-create-item.response.json", 3L, "Bill-3");
        assertCreated("income-debit-note-create-accounting.response.json", 1L, "DN1");
        assertCreated("journal-create.response.json", 4L, "6");
        assertCreated("receipt-create.response.partial.json", 5L, "9");
        assertCreated("payment-create.response.partial.json", 3L, null);
    }

    @Test
    void documentDetailAnswersGiveIdAndNumber() {
        assertCreated("sale-get-single.response.partial.json", 1L, "139");
        assertCreated("sale-get-single-older.response.partial.json", 1L, "INV-2");
    }

    private static void assertCreated(String file, Long id, String number) {
        Reply.Result result = ApiResponse.read(200, answer(file));
        assertEquals(id, result.hisabkitabId(), file);
        assertEquals(number, result.number(), file);
    }

    @Test
    void documentListRowsGiveIdNumberAmountDateAndParty() {
        MasterRows.DocumentRow purchase = MasterRows.document(data("purchase-list.response.partial.json").get(0));
        assertEquals(new MasterRows.DocumentRow(1L, List.of("14"), "01-10-2024", new BigDecimal("11800"), null, 2L),
                purchase);
        MasterRows.DocumentRow note = MasterRows.document(data("income-debit-note-list.response.partial.json").get(0));
        assertEquals(1L, note.id());
        assertEquals(List.of("DN2"), note.numbers());
        assertEquals(0, new BigDecimal("1117").compareTo(note.total()));
        assertEquals("19-01-2024", note.date());
        assertEquals(1L, note.partyId());
    }

    @Test
    void everyVendorAnswerIsASuccessEnvelopeTheClientAccepts() {
        for (String file : List.of("income-debit-note-create-accounting.response.json",
                "income-debit-note-list.response.partial.json", "item-create-service.response.json",
                "journal-create.response.json", "ledger-create-customer.response.json",
                "payment-create.response.partial.json", "purchase-list.response.partial.json",
                "receipt-create.response.partial.json", "sale-create-item.response.json",
                "sale-get-single-older.response.partial.json", "sale-get-single.response.partial.json")) {
            Reply.Result result = ApiResponse.read(200, answer(file));
            assertFalse(result.data() == null || result.data().isNull(), file);
        }
    }

    @Test
    void aDocumentListRowWithoutAnyIdHasNone() throws IOException {
        MasterRows.DocumentRow row = MasterRows.document(JSON.readTree("{\"invoice_number\": \"7\"}"));
        assertNull(row.id());
        assertEquals(List.of("7"), row.numbers());
    }
}

package dev.hisabkitab.sync.business.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.business.batch.BatchAnswer.Created;
import dev.hisabkitab.sync.business.batch.BatchAnswer.ItemAnswer;
import dev.hisabkitab.sync.business.batch.BatchAnswer.Refused;
import dev.hisabkitab.sync.business.batch.BatchAnswer.Requested;
import dev.hisabkitab.sync.business.batch.BatchAnswer.Unknown;

/**
 * Matching an undocumented batch answer to the request's elements, on the documented batch requests and on the
 * answer shapes a service of HisabKitab's kind (Laravel, {data, success, message}) could plausibly give.
 */
class BatchAnswerTest {

    static List<Requested> ledgers() throws IOException {
        List<Requested> out = new ArrayList<>();
        BatchBodyTest.sample("ledger-batch-create.request.json").forEach(b -> out.add(Requested.of(b, "name")));
        return out;
    }

    static List<Requested> items() throws IOException {
        List<Requested> out = new ArrayList<>();
        BatchBodyTest.sample("item-batch-create.request.json").forEach(b -> out.add(Requested.of(b, "item_name")));
        return out;
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertCreated(List<ItemAnswer> answers, Object... ids) {
        assertEquals(ids.length, answers.size());
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i], assertInstanceOf(Created.class, answers.get(i), answers.toString()).id());
        }
    }

    static void assertAllUnknown(List<ItemAnswer> answers, int n) {
        assertEquals(n, answers.size());
        answers.forEach(a -> assertInstanceOf(Unknown.class, a, answers.toString()));
    }

    @Test
    void theRequestsIdentifyTheirElementsByName() throws IOException {
        List<Requested> l = ledgers();
        assertEquals(new Requested("Customer ledger", "27ANUPC5555H1ZM", null), l.get(0));
        assertEquals("Secured Loan ledger", l.get(2).name());
        assertEquals("Set Service item", items().get(1).name());
    }

    @Test
    void anArrayOfRecordsInRequestOrderIsMatchedByPosition() throws IOException {
        JsonNode data = json("""
                [{"id": 11, "name": "Customer ledger", "ledgers_data": {"Customer": {"gstin": "27ANUPC5555H1ZM"}}},
                 {"id": 12, "name": "Taxes - TDS ledger"}, {"id": 13, "name": "Secured Loan ledger"}]""");
        assertCreated(BatchAnswer.match(ledgers(), data), 11L, 12L, 13L);
    }

    @Test
    void recordsInAnotherOrderAreMatchedByName() throws IOException {
        JsonNode data = json("""
                [{"id": 23, "item_name": "SET SERVICE ITEM"}, {"id": "22", "item_name": "Set Goods Item"}]""");
        assertCreated(BatchAnswer.match(items(), data), "22", 23L);
    }

    @Test
    void recordsWrappedInDataOrInCreatedAreFound() throws IOException {
        assertCreated(BatchAnswer.match(items(), json("""
                {"data": [{"id": 1, "item_name": "Set Goods Item"}, {"id": 2, "item_name": "Set Service item"}]}""")),
                1L, 2L);
        assertCreated(BatchAnswer.match(items(), json("""
                {"created": [{"id": 1, "item_name": "Set Goods Item"}, {"id": 2, "item_name": "Set Service item"}]}""")),
                1L, 2L);
        assertCreated(BatchAnswer.match(items(), json("""
                {"data": {"created": [{"item": {"id": 5, "item_name": "Set Goods Item"}},
                                      {"success": true, "data": {"id": 6, "item_name": "Set Service item"}}]}}""")),
                5L, 6L);
    }

    @Test
    void aPerElementFailureIsThatElementsRefusalAndTheOthersAreCreated() throws IOException {
        List<ItemAnswer> inPlace = BatchAnswer.match(ledgers(), json("""
                [{"id": 11, "name": "Customer ledger"},
                 {"success": false, "message": "The group id is invalid.", "errors": {"group_id": ["The selected group id is invalid."]}},
                 {"id": 13, "name": "Secured Loan ledger"}]"""));
        assertInstanceOf(Created.class, inPlace.get(0));
        Refused refused = assertInstanceOf(Refused.class, inPlace.get(1));
        assertEquals("The group id is invalid.", refused.message());
        assertEquals(List.of("group_id: The selected group id is invalid."), refused.details());
        assertInstanceOf(Created.class, inPlace.get(2));

        List<ItemAnswer> apart = BatchAnswer.match(ledgers(), json("""
                {"created": [{"id": 13, "name": "Secured Loan ledger"}, {"id": 11, "name": "Customer ledger"}],
                 "failed": [{"index": 1, "error": "Yearly total is required"}]}"""));
        assertEquals(11L, assertInstanceOf(Created.class, apart.get(0)).id());
        assertEquals("Yearly total is required", assertInstanceOf(Refused.class, apart.get(1)).message());
        assertEquals(13L, assertInstanceOf(Created.class, apart.get(2)).id());
    }

    @Test
    void aMessageWithoutAnIdIsNoRefusalButUnknown() throws IOException {
        assertInstanceOf(Unknown.class, between("{\"ledger_id\": 12, \"message\": \"Created\"}"),
                "HisabKitab may have created it: looked up, no dead letter");
        assertInstanceOf(Unknown.class, between("{\"name\": \"Taxes - TDS ledger\", \"message\": \"ok\", \"errors\": []}"),
                "an empty errors field is no error");
        assertInstanceOf(Refused.class, between("{\"name\": \"Taxes - TDS ledger\", \"error\": \"Name too long\"}"),
                "an error field refuses");
    }

    /**
     * The answer to the three sample ledgers whose first and last elements are their records, {@code middle} between
     * them: those two are created, and the middle one's answer is returned.
     */
    private static ItemAnswer between(String middle) throws IOException {
        List<ItemAnswer> answers = BatchAnswer.match(ledgers(), json("[{\"id\": 11, \"name\": \"Customer ledger\"}, "
                + middle + ", {\"id\": 13, \"name\": \"Secured Loan ledger\"}]"));
        assertInstanceOf(Created.class, answers.get(0));
        assertInstanceOf(Created.class, answers.get(2));
        return answers.get(1);
    }

    @Test
    void aRefusalByAnIndexThatFitsCountedFromZeroAndFromOneIsNotGuessed() throws IOException {
        // no record shows a name: index 1 could be the second element (from 0) or the first (from 1)
        assertAllUnknown(BatchAnswer.match(ledgers(), json("""
                {"created": [{"id": 101}, {"id": 102}], "failed": [{"index": 1, "error": "Yearly total is required"}]}""")),
                3);
    }

    @Test
    void idsOnlyAreUnmatched() throws IOException {
        assertAllUnknown(BatchAnswer.match(ledgers(), json("[101, 102, 103]")), 3);
        assertAllUnknown(BatchAnswer.match(ledgers(), json("[{\"id\": 101}, {\"id\": 102}, {\"id\": 103}]")), 3);
    }

    @Test
    void countsThatDifferAreUnmatched() throws IOException {
        List<ItemAnswer> fewer = BatchAnswer.match(ledgers(), json("""
                [{"id": 11, "name": "Customer ledger"}, {"id": 13, "name": "Secured Loan ledger"}]"""));
        assertAllUnknown(fewer, 3);
        assertTrue(((Unknown) fewer.get(0)).why().contains("2 element(s) for 3"), fewer.toString());
    }

    @Test
    void aCountAMessageOrNothingIsUnmatched() throws IOException {
        assertAllUnknown(BatchAnswer.match(ledgers(), json("{\"created\": 3}")), 3);
        assertAllUnknown(BatchAnswer.match(ledgers(), json("[]")), 3);
        assertAllUnknown(BatchAnswer.match(ledgers(), null), 3);
        assertAllUnknown(BatchAnswer.match(ledgers(), json("\"Ledgers Created Successfully.\"")), 3);
    }

    @Test
    void aRecordShowingAnotherNameAtItsPlaceIsNotTakenForTheElement() throws IOException {
        assertInstanceOf(Unknown.class, between("{\"id\": 12, \"name\": \"Somebody else\"}"));
    }

    @Test
    void twoElementsOfOneNameAreNotToldApartByName() {
        List<Requested> twins = List.of(new Requested("Twin", null, null), new Requested("Twin", null, null));
        assertAllUnknown(BatchAnswer.match(twins, json("""
                [{"id": 2, "name": "Other"}, {"id": 1, "name": "Twin"}]""")), 2);
    }

    @Test
    void aWholeRefusalNamingElementsByIndexIsHandedToThem() {
        Map<Integer, List<String>> refused = BatchAnswer.refusedElements(5, List.of(
                "3.name: The 3.name is not accepted by this account.",
                "3.group_id: The selected 3.group id is invalid.",
                "0.party_details.gstin: The 0.party details.gstin format is invalid.")).orElseThrow();
        assertEquals(List.of("name: The name is not accepted by this account.",
                "group_id: The selected group id is invalid."), refused.get(3));
        assertEquals(List.of("party_details.gstin: The party details.gstin format is invalid."), refused.get(0));
        assertEquals(2, refused.size());
        assertEquals(List.of("name: The name has already been taken."), BatchAnswer.refusedElements(2,
                List.of("ledgers.1.name: The ledgers.1.name has already been taken.")).orElseThrow().get(1));
    }

    @Test
    void aWholeRefusalNotNamingElementsCannotBeHandedOut() {
        assertTrue(BatchAnswer.refusedElements(3, List.of("body: The body must be an array.")).isEmpty());
        assertTrue(BatchAnswer.refusedElements(3, List.of("7.name: The 7.name is required.")).isEmpty());
        assertTrue(BatchAnswer.refusedElements(3, List.of()).isEmpty());
    }
}

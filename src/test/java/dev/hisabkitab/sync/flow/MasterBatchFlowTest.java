package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.event.Gstin;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.sandbox.SandboxFaults;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Master data in batches, through the real pipeline (direct:process-event from many threads at once, as Kafka's lanes
 * run events) to the sandbox over HTTP: party creates of one company that arrive together go out as few batch calls,
 * each event still gets its own record (or its own dead letter), and an answer that cannot be matched books every
 * party exactly once even when HisabKitab would accept a name twice.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestProfile(MasterBatchFlowTest.Batching.class)
class MasterBatchFlowTest {

    /** A wait long enough that events mapped on a loaded test machine still meet in one batch. */
    public static class Batching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.master-batch.max-wait-ms", "1500");
        }
    }

    @Inject
    ProducerTemplate producer;

    @Test
    void fiftyPartiesArrivingTogetherAreCreatedInFewCallsEachWithItsOwnLedger() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        long before = creates(sandbox);
        long batchesBefore = sandbox.stats().requests("ledger.batch-create");
        Map<String, Outcome> outcomes = bookTogether("fifty", 50);

        Set<Long> ids = new HashSet<>();
        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        outcomes.forEach((event, outcome) -> ids.add(bookedOnce(company, "ledger", "name", event, outcome)));
        assertEquals(50, ids.size(), "fifty distinct ledger ids");
        long calls = creates(sandbox) - before;
        assertTrue(calls <= 10, "far fewer create calls than 50: " + calls);
        assertTrue(sandbox.stats().requests("ledger.batch-create") > batchesBefore, "sent in batches");
        long inBatches = outcomes.values().stream().map(o -> (Reply) o)
                .filter(r -> r.notes().stream().anyMatch(n -> n.startsWith("Created in a batch"))).count();
        assertTrue(inBatches >= 40, "the replies say they were created in a batch: " + inBatches);
    }

    /**
     * Each created party is added to the company's cached ledger list from its record in the batch's answer: the next
     * events find them (by GSTIN) and update them, without reading the ledger list again.
     */
    @Test
    void partiesCreatedInABatchAreFoundByTheNextEventsWithoutReadingTheLedgerListAgain() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        long listsBefore = sandbox.stats().requests("ledger.list");
        int n = 20;
        Map<String, Outcome> created = bookTogether("found", n, "party.upsert",
                name -> registered(name, gstinOf(name)));
        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        Map<String, Long> ids = new LinkedHashMap<>();
        created.forEach((event, outcome) -> ids.put(event, bookedOnce(company, "ledger", "name", event, outcome)));
        long listsOfCreates = sandbox.stats().requests("ledger.list") - listsBefore;
        assertTrue(listsOfCreates < n / 2, "far fewer list reads than creates: " + listsOfCreates);

        long listsAfterCreates = sandbox.stats().requests("ledger.list");
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            String name = name(e.getKey());
            Object outcome = producer.requestBody("direct:process-event", Events.envelope(e.getKey() + "-again",
                    "party.upsert", registered(name, gstinOf(name))).toString());
            Reply reply = assertInstanceOf(Reply.class, outcome, e.getKey() + ": " + outcome);
            assertEquals(e.getValue(), ((Number) reply.result().hisabkitabId()).longValue(), "updated, not created");
            assertEquals(1, named(company, name), "still one ledger of that name");
        }
        assertEquals(listsAfterCreates, sandbox.stats().requests("ledger.list"),
                "every party was found in the cached list its create was added to");
    }

    /** A valid Maharashtra GSTIN, distinct per event name. */
    private static String gstinOf(String name) {
        String first14 = "27AABFB" + String.format("%04d", Integer.parseInt(name.replaceAll("\\D", ""))) + "C1Z";
        return first14 + Gstin.checkCharacter(first14);
    }

    private static ObjectNode registered(String name, String gstin) {
        return party(name).put("gstin", gstin);
    }

    @Test
    void anInvalidPartyInABatchGetsItsDeadLetterAndTheOthersAreBooked() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        String refused = name("invalid-7");
        sandbox.refuseMasterName(refused);
        Map<String, Outcome> outcomes = bookTogether("invalid", 20);

        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
            if (name(e.getKey()).equals(refused)) {
                DeadLetter letter = assertInstanceOf(DeadLetter.class, e.getValue(), e.getValue().toString());
                assertEquals(ErrorCategory.REJECTED, letter.error().category());
                assertTrue(letter.error().message().contains("not accepted by this account"), letter.error().message());
                assertEquals(0, named(company, refused));
            } else {
                bookedOnce(company, "ledger", "name", e.getKey(), e.getValue());
            }
        }
    }

    @Test
    void aBatchRefusedAfterCreatingTheRecordsBeforeTheRefusedOneBooksEveryOtherPartyExactlyOnce() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        String refused = name("partial-9");
        sandbox.refuseMasterName(refused);
        // HisabKitab inserts element by element: the parties before the refused one stay created behind the 422
        Map<String, Outcome> outcomes = bookWithoutHelp("partial", 12,
                faults -> faults.batchKeepsCreatedBeforeRefusal(true));
        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        outcomes.forEach((event, outcome) -> {
            if (name(event).equals(refused)) {
                DeadLetter letter = assertInstanceOf(DeadLetter.class, outcome, outcome.toString());
                assertEquals(ErrorCategory.REJECTED, letter.error().category());
            } else {
                bookedOnce(company, "ledger", "name", event, outcome);
            }
        });
    }

    @Test
    void anUnmatchableBatchAnswerStillBooksEveryPartyExactlyOnce() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        long batchesBefore = sandbox.stats().requests("ledger.batch-create");
        Map<String, Outcome> outcomes = bookWithoutHelp("unmatched", 20,
                faults -> faults.batchAnswer(SandboxFaults.BatchAnswer.COUNT));
        assertTrue(sandbox.stats().requests("ledger.batch-create") > batchesBefore, "a batch was sent");
        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        outcomes.forEach((event, outcome) -> {
            bookedOnce(company, "ledger", "name", event, outcome);
            assertNoted((Reply) outcome, "Batch answer unmatched");
        });
    }

    @Test
    void aBatchWhoseAnswerIsLostIsLookedUpRecordByRecordAndBookedOnce() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        // HisabKitab commits the batch, the connection drops before its answer
        Map<String, Outcome> outcomes = bookWithoutHelp("lost", 12, faults -> faults.dropConnectionAfterCommit(1));
        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        outcomes.forEach((event, outcome) -> {
            bookedOnce(company, "ledger", "name", event, outcome);
            assertNoted((Reply) outcome, "Batch answer lost");
            assertTrue(((Reply) outcome).result().message().contains("found in HisabKitab"), "adopted: " + outcome);
        });
    }

    @Test
    void itemsArrivingTogetherAreCreatedInABatchEachWithItsOwnItem() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        long batchesBefore = sandbox.stats().requests("item.batch-create");
        Map<String, Outcome> outcomes = bookTogether("item", 10, "item.upsert", name -> Events.json("""
                {"name": "%s", "kind": "goods", "unit": "PCS", "hsnSac": "73181500", "gstRate": 18,
                 "salePrice": 12.5, "purchasePrice": 8.25}""".formatted(name)));
        assertEquals(batchesBefore + 1, sandbox.stats().requests("item.batch-create"), "one batch call");
        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        Set<Long> ids = new HashSet<>();
        outcomes.forEach((event, outcome) -> ids.add(bookedOnce(company, "item", "item_name", event, outcome)));
        assertEquals(10, ids.size());
    }

    /**
     * {@code n} new customers sent at once under a fault, without help from HisabKitab: it accepts a name sent twice
     * (a second ledger), so only the connector can keep each party booked once.
     */
    private Map<String, Outcome> bookWithoutHelp(String prefix, int n,
            java.util.function.Consumer<SandboxFaults> fault) throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        sandbox.acceptRepeatedNumbers(true);
        fault.accept(sandbox.faults());
        try {
            return bookTogether(prefix, n);
        } finally {
            sandbox.faults().clear();
            sandbox.acceptRepeatedNumbers(false);
        }
    }

    /** {@code n} new customers sent at once from as many threads; their outcomes by event id. */
    private Map<String, Outcome> bookTogether(String prefix, int n) throws Exception {
        return bookTogether(prefix, n, "party.upsert", MasterBatchFlowTest::party);
    }

    /** {@code n} events of a type sent at once from as many threads; their outcomes by event id. */
    private Map<String, Outcome> bookTogether(String prefix, int n, String type,
            java.util.function.Function<String, JsonNode> payloadOfName) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        Map<String, Future<Object>> futures = new LinkedHashMap<>();
        try {
            for (int i = 1; i <= n; i++) {
                String id = prefix + "-" + i;
                String event = Events.envelope(id, type, payloadOfName.apply(name(id))).toString();
                futures.put(id, pool.submit(() -> producer.requestBody("direct:process-event", event)));
            }
            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Object>> f : futures.entrySet()) {
                outcomes.put(f.getKey(), (Outcome) f.getValue().get(180, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String name(String eventId) {
        return "Batch Traders " + eventId;
    }

    private static ObjectNode party(String name) {
        ObjectNode payload = (ObjectNode) Events.json("""
                {"role": "customer", "name": "%s", "email": "accounts@traders.in",
                 "billingAddress": {"line1": "14, Laxmi Road", "city": "Pune", "state": "Maharashtra",
                                    "pincode": "411002", "country": "India"}}""".formatted(name));
        return payload;
    }

    /**
     * The event's reply is ok, its id is the record of the event's name, and HisabKitab holds exactly one record of
     * that name; returns the id.
     */
    private static long bookedOnce(SandboxCompany company, String resource, String nameField, String event,
            Outcome outcome) {
        Reply reply = assertInstanceOf(Reply.class, outcome, event + ": " + outcome);
        long id = ((Number) reply.result().hisabkitabId()).longValue();
        JsonNode record = company.record(resource, id).orElseThrow(() -> new AssertionError("no " + resource + " " + id));
        assertEquals(name(event), record.path(nameField).asText(), "the reply's id is its own record");
        assertEquals(1, company.records(resource).stream().filter(r -> name(event).equals(r.path(nameField).asText()))
                .count(), "booked exactly once: " + event);
        return id;
    }

    private static void assertNoted(Reply reply, String beginning) {
        assertTrue(reply.notes().stream().anyMatch(n -> n.startsWith(beginning)), beginning + ": " + reply);
    }

    private static long creates(HisabKitabSandbox sandbox) {
        List<String> operations = new ArrayList<>(List.of("ledger.batch-create", "ledger.create-customer"));
        return operations.stream().mapToLong(op -> sandbox.stats().requests(op)).sum();
    }

    private static long named(SandboxCompany company, String name) {
        return company.records("ledger").stream().filter(l -> name.equals(l.path("name").asText())).count();
    }
}

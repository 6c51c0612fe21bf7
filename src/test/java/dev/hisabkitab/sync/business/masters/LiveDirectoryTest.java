package dev.hisabkitab.sync.business.masters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.LedgerAnswerShape;
import dev.hisabkitab.sync.support.DirectClient;

/** The live directory against the sandbox over real HTTP: names to ids, caching, refresh on miss, create once. */
class LiveDirectoryTest {

    private static final String KEY = "hk-dir-key-1";
    private static final LiveDirectory.Settings SETTINGS = new LiveDirectory.Settings(Duration.ofMinutes(10),
            Duration.ZERO, 500);

    private HisabKitabSandbox sandbox;
    private DirectClient client;

    @BeforeEach
    void start() {
        sandbox = HisabKitabSandbox.start(0, new LinkedHashSet<>(List.of(KEY)));
        client = new DirectClient(sandbox.baseUrl(), company -> KEY);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private LiveDirectory directory(LiveDirectory.MasterCreator creator) {
        return new LiveDirectory("default", client, SETTINGS, Clock.systemUTC(), creator);
    }

    @Test
    void resolvesSeededMastersByNameCaseInsensitively() {
        LiveDirectory directory = directory(null);
        assertEquals(4008, directory.company().stateId());
        assertEquals("27", directory.company().gstStateCode());
        long cash = directory.ledger("  cASh ");
        assertEquals(cash, directory.ledger("Cash"));
        assertEquals(directory.unit("PCS"), directory.unit("pieces"));
        assertEquals("Karnataka", directory.stateOfGstin("29AACCS9012M1Z8").name());
        assertEquals(4026, directory.state("karnataka").id());
        assertNotEquals(directory.gstRate(new BigDecimal("18")), directory.gstRate(new BigDecimal("12.0")));
        assertEquals(directory.gstRate(new BigDecimal("18")), directory.gstRate(new BigDecimal("18.00")));
        assertTrue(directory.city("Pune", 4008).isPresent());
        assertEquals(101, directory.country("india"));
        assertTrue(directory.ledgerGroup("Sundry Debtors") > 0);
        assertTrue(directory.itemGroup("general") > 0);
        assertEquals(1, client.calls("ledger.list"), "the ledger list is loaded once and cached");
    }

    @Test
    void unknownNamesAreMappingFailuresThatNameThem() {
        LiveDirectory directory = directory(null);
        EventFailure ledger = assertThrows(EventFailure.class, () -> directory.ledger("Petty Cash"));
        assertEquals(ErrorCategory.MAPPING, ledger.category());
        assertTrue(ledger.getMessage().contains("\"Petty Cash\""), ledger.getMessage());
        EventFailure party = assertThrows(EventFailure.class,
                () -> directory.party(new PartyRef("Sharma Traders", "27AAPFS1234C1Z5", "customer", null)));
        assertTrue(party.getMessage().contains("\"Sharma Traders\" (GSTIN 27AAPFS1234C1Z5)"), party.getMessage());
        assertTrue(party.getMessage().contains("hisabkitab.auto-create"), party.getMessage());
        EventFailure rate = assertThrows(EventFailure.class, () -> directory.gstRate(new BigDecimal("17")));
        assertTrue(rate.getMessage().contains("17%"), rate.getMessage());
        EventFailure gstin = assertThrows(EventFailure.class, () -> directory.stateOfGstin("99AAAAA0000A1Z5"));
        assertTrue(gstin.getMessage().contains("99"), gstin.getMessage());
    }

    @Test
    void aLedgerCreatedAfterTheListWasCachedIsFoundByRefreshOnMiss() {
        LiveDirectory directory = directory(null);
        assertThrows(EventFailure.class, () -> directory.ledger("Courier Charges"));
        client.apply(new ApiCall("default", "ledger.create-expense", null, JsonNodeFactory.instance.objectNode()
                .put("action", "Expense").put("name", "Courier Charges").put("group_id", 26)));
        assertTrue(directory.ledger("courier charges") > 0);
    }

    @Test
    void partiesAreFoundByGstinFirstThenName() {
        LiveDirectory directory = directory(null);
        createCustomer("Sharma Traders", "27AAPFS1234C1Z5");
        PartyLedger byGstin = directory.party(new PartyRef("Another Name", "27aapfs1234c1z5", "customer", null));
        assertEquals("Sharma Traders", byGstin.name());
        assertEquals(4008L, byGstin.billing().stateId());
        PartyLedger byName = directory.party(new PartyRef("sharma traders", null, "customer", null));
        assertEquals(byGstin.id(), byName.id());
    }

    /** The party's GSTIN and billing state are read whichever way HisabKitab shows its ledgers. */
    @ParameterizedTest
    @EnumSource(value = LedgerAnswerShape.class, names = { "DOCUMENTED", "NESTED", "FLAT" })
    void anExistingPartyInAnotherStateIsReadInEveryLedgerAnswerShape(LedgerAnswerShape shape) {
        sandbox.ledgerAnswerShape(shape);
        createCustomer("Kaveri Traders", "29AACCS9012M1Z8");
        LiveDirectory directory = directory(null);
        PartyLedger byGstin = directory.party(new PartyRef("Another Name", "29aaccs9012m1z8", "customer", null));
        assertEquals("Kaveri Traders", byGstin.name());
        assertTrue(byGstin.detailsRead(), shape + ": " + byGstin);
        assertEquals("29AACCS9012M1Z8", byGstin.gstin());
        assertEquals(4026L, byGstin.billing().stateId(), shape + ": Karnataka, not the company's Maharashtra");
        assertEquals(byGstin, directory.party(new PartyRef("kaveri traders", null, "customer", null)));
        assertEquals(0, client.calls("ledger.detail"), "the list rows carried the details");
    }

    @Test
    void listRowsWithoutDetailsAreReadAgainFromTheLedgerDetail() {
        createCustomer("Kaveri Traders", "29AACCS9012M1Z8");
        // a service whose list rows carry no party block: only the ledger detail has it
        Function<ApiCall, Reply.Result> bareLists = call -> {
            Reply.Result r = client.apply(call);
            if (call.operation().equals("ledger.list")) {
                ArrayNode rows = JsonNodeFactory.instance.arrayNode();
                r.data().forEach(row -> rows.add(((ObjectNode) row.deepCopy()).retain("id", "name", "group_id",
                        "model_type", "flag")));
                return new Reply.Result(null, null, r.message(), rows);
            }
            return r;
        };
        LiveDirectory directory = new LiveDirectory("default", bareLists, SETTINGS, Clock.systemUTC(), null);
        PartyLedger party = directory.party(new PartyRef("Kaveri Traders", null, "customer", null));
        assertTrue(party.detailsRead());
        assertEquals(4026L, party.billing().stateId());
        assertTrue(client.calls("ledger.detail") > 0, "the detail was asked");
    }

    @Test
    void aPartyWhoseDetailsNoAnswerCarriesStaysUnreadInsteadOfTakingTheCompanysState() {
        createCustomer("Kaveri Traders", "29AACCS9012M1Z8");
        Function<ApiCall, Reply.Result> bare = call -> {
            Reply.Result r = client.apply(call);
            if (call.operation().equals("ledger.list") || call.operation().equals("ledger.detail")) {
                JsonNode data = r.data().deepCopy();
                (data.isArray() ? data : JsonNodeFactory.instance.arrayNode().add(data)).forEach(
                        row -> ((ObjectNode) row).retain("id", "name", "group_id", "model_type", "flag"));
                return new Reply.Result(null, null, r.message(), data);
            }
            return r;
        };
        LiveDirectory directory = new LiveDirectory("default", bare, SETTINGS, Clock.systemUTC(), null);
        PartyLedger party = directory.party(new PartyRef("Kaveri Traders", null, "customer", null));
        assertFalse(party.detailsRead());
        assertNull(party.billing());
    }

    /** A GSTIN found nowhere while some party's GSTIN could not be read may be that party's: nothing is created. */
    @Test
    void aNewGstinWhileSomePartysGstinIsUnreadIsAMappingFailureNotASecondLedger() {
        createCustomer("Kaveri Traders", "29AACCS9012M1Z8");
        sandbox.ledgerAnswerShape(LedgerAnswerShape.BARE);
        LiveDirectory directory = directory(new CustomerCreator());
        EventFailure e = assertThrows(EventFailure.class,
                () -> directory.party(new PartyRef("Kaveri Trading Co", "29AACCS9012M1Z8", "customer", null)));
        assertEquals(ErrorCategory.MAPPING, e.category());
        assertTrue(e.getMessage().contains("could not be read"), e.getMessage());
        assertEquals(0, client.calls("ledger.create-customer") - 1, "only the set-up's create: " + e.getMessage());
        assertEquals(1, client.calls("ledger.detail"), "the unread party's detail was asked once");
        directory.findParty("Kaveri Traders", null);
        assertEquals(1, client.calls("ledger.detail"), "and remembered");
    }

    @Test
    void aCompanyWhoseDetailsGiveOnlyItsGstinIsInTheGstinsStateAndOneWithNeitherIsAMappingFailure() {
        Function<ApiCall, Reply.Result> gstinOnly = call -> call.operation().equals("company.details")
                ? new Reply.Result(null, null, "Company Details", JsonNodeFactory.instance.objectNode()
                        .put("name", "Acme").put("gstin", "29AACCS9012M1Z8"))
                : client.apply(call);
        assertEquals(4026, new LiveDirectory("default", gstinOnly, SETTINGS, Clock.systemUTC(), null).company().stateId());
        Function<ApiCall, Reply.Result> nameOnly = call -> call.operation().equals("company.details")
                ? new Reply.Result(null, null, "Company Details", JsonNodeFactory.instance.objectNode().put("name", "Acme"))
                : client.apply(call);
        EventFailure unknown = assertThrows(EventFailure.class,
                () -> new LiveDirectory("default", nameOnly, SETTINGS, Clock.systemUTC(), null).company());
        assertEquals(ErrorCategory.MAPPING, unknown.category());
        assertTrue(unknown.getMessage().contains("neither the company's state nor its GSTIN"), unknown.getMessage());
    }

    @Test
    void manyEventsMissingTheSameNameCauseOneLookUpNotMany() throws Exception {
        LiveDirectory directory = directory(null);
        directory.ledger("Cash"); // list cached
        client.apply(new ApiCall("default", "ledger.create-expense", null, JsonNodeFactory.instance.objectNode()
                .put("action", "Expense").put("name", "Packing Charges").put("group_id", 26)));
        int before = client.calls("ledger.list");
        List<Long> ids = concurrently(50, () -> directory.ledger("Packing Charges"));
        assertEquals(1, new LinkedHashSet<>(ids).size());
        assertEquals(before + 1, client.calls("ledger.list"), "one refresh served all 50 misses");
    }

    @Test
    void aMissingPartyNeededByManyEventsAtOnceIsCreatedExactlyOnce() throws Exception {
        LiveDirectory directory = directory(new CustomerCreator());
        PartyRef ref = new PartyRef("Gupta Stores", "29AAGCG1234D1Z2", "customer", null);
        List<Long> ids = concurrently(100, () -> directory.party(ref).id());
        assertEquals(1, new LinkedHashSet<>(ids).size(), "every event got the same ledger");
        assertEquals(1, client.calls("ledger.create-customer"), "created once");
        long named = sandbox.company(KEY).records("ledger").stream()
                .filter(r -> "Gupta Stores".equals(r.path("name").asText())).count();
        assertEquals(1, named, "HisabKitab holds one ledger of that name");
        assertEquals(4026L, directory.party(ref).billing().stateId(), "state taken from the GSTIN");
    }

    /**
     * Parties created one after another, each looked up first as party.upsert does: each create's answer is added to
     * the cached list, so the list is read once, not once per create, and each party is found by the next event.
     */
    @Test
    void partiesCreatedOneAfterAnotherAreAddedFromTheirAnswersAndTheListIsReadOnce() {
        LiveDirectory directory = new LiveDirectory("default", client,
                new LiveDirectory.Settings(Duration.ofMinutes(10), Duration.ofMinutes(1), 500), Clock.systemUTC(), null);
        CustomerCreator creator = new CustomerCreator();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            PartyRef ref = new PartyRef("Onboarded Customer " + i, gstin(i), "customer", null);
            assertTrue(directory.findParty(ref.name(), ref.gstin()).isEmpty(), "new: " + ref.describe());
            ApiCall create = creator.createParty(ref, directory).withCompany("default");
            Reply.Result answer = client.apply(create);
            directory.written(create.operation(), answer.data()); // what the route's note-master-data-written does
            ids.add(((Number) answer.hisabkitabId()).longValue());
        }
        for (int i = 0; i < 40; i++) {
            PartyLedger byGstin = directory.findParty("Another Name", gstin(i).toLowerCase()).orElseThrow();
            assertEquals(ids.get(i), byGstin.id());
            assertEquals(4026L, byGstin.billing().stateId(), "the state HisabKitab answered");
            assertEquals(ids.get(i), directory.findParty("onboarded customer " + i, null).orElseThrow().id());
            assertEquals(ids.get(i), directory.party(new PartyRef("Onboarded Customer " + i, null, "customer", null)).id());
        }
        assertEquals(1, client.calls("ledger.list"), "one load, not one per create");
        assertEquals(0, client.calls("ledger.detail"), "the create answers carried the details");
    }

    private static String gstin(int i) {
        return "29AAGCG" + String.format("%04d", i) + "D1Z2";
    }

    @Test
    void aFailedLoadIsNotCachedTheNextCallTriesAgain() {
        LiveDirectory directory = directory(null);
        sandbox.faults().failNext(400);
        assertThrows(EventFailure.class, () -> directory.ledger("Cash"));
        assertTrue(directory.ledger("Cash") > 0);
    }

    private void createCustomer(String name, String gstin) {
        client.apply(new CustomerCreator().createParty(new PartyRef(name, gstin, "customer", null), directory(null))
                .withCompany("default"));
    }

    /** A bare customer ledger in the GSTIN's state (the real creator maps a party.upsert event). */
    private static final class CustomerCreator implements LiveDirectory.MasterCreator {
        @Override
        public ApiCall createParty(PartyRef party, Directory directory) {
            StateInfo state = directory.stateOfGstin(party.gstin());
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("action", "Customers")
                    .put("name", party.name()).put("group_id", directory.ledgerGroup("Sundry Debtors"));
            ObjectNode details = body.putObject("party_details").put("gstin", party.gstin());
            details.putObject("billing_address").put("country_id", state.countryId()).put("state_id", state.id());
            return ApiCall.of("ledger.create-customer", null, body);
        }

        @Override
        public ApiCall createItem(String name, Directory directory) {
            throw new UnsupportedOperationException();
        }
    }

    private static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 32));
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.hisabkitab.sync.business.masters;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The live directory's cached lists against a HisabKitab held in memory (a list answered page by page): what a
 * create answers is added to the list instead of reading it again, a list is indexed page by page and read by one
 * load at a time, and refreshes on a miss are spaced by the list's length.
 */
class LiveDirectoryListsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A company's lists in memory, answered in pages, counting the pages asked and the loads running at once. */
    private static final class PagedLists implements Function<ApiCall, Reply.Result> {
        final Map<String, List<ObjectNode>> lists = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger ledgerPagesRunning = new AtomicInteger();
        final AtomicInteger mostLedgerPagesAtOnce = new AtomicInteger();
        /**
         * A load's first page was asked while another load's first page was still being read: two loads at once (not
         * a first page beside later pages: a re-read asks its pages together).
         */
        final AtomicInteger firstPagesBesideOthers = new AtomicInteger();
        private final AtomicInteger firstLedgerPagesRunning = new AtomicInteger();
        /** When set, each ledger page waits until this many are being read at once (pages asked together). */
        volatile CountDownLatch gatherLedgerPages;
        /** When set, the first ledger page waits for it (a load kept in flight by the test). */
        volatile CountDownLatch holdFirstLedgerPage;
        final CountDownLatch firstLedgerPageAsked = new CountDownLatch(1);
        /**
         * Each served page by list and page number, spoiled once a page PAGES_AT_ONCE further is asked (the reader asks
         * it only after indexing this one): what is read from a page must be taken before.
         */
        private final Map<String, ArrayNode> served = new java.util.HashMap<>();

        @Override
        public Reply.Result apply(ApiCall call) {
            calls.computeIfAbsent(call.operation(), k -> new AtomicInteger()).incrementAndGet();
            boolean ledgers = call.operation().equals("ledger.list");
            if (ledgers) {
                int running = ledgerPagesRunning.incrementAndGet();
                mostLedgerPagesAtOnce.accumulateAndGet(running, Math::max);
                if (call.payload().path("skip").asInt() == 0 && firstLedgerPagesRunning.incrementAndGet() > 1) {
                    firstPagesBesideOthers.incrementAndGet();
                }
                CountDownLatch gather = gatherLedgerPages;
                if (gather != null) {
                    gather.countDown();
                    try {
                        assertTrue(gather.await(10, TimeUnit.SECONDS), "pages asked together");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            try {
                if (ledgers && call.payload().path("skip").asInt() == 0) {
                    firstLedgerPageAsked.countDown();
                    CountDownLatch hold = holdFirstLedgerPage;
                    if (hold != null) {
                        holdFirstLedgerPage = null;
                        try {
                            assertTrue(hold.await(30, TimeUnit.SECONDS), "the test released the held load");
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                List<ObjectNode> rows = lists.getOrDefault(call.operation(), List.of());
                int skip = call.payload().path("skip").asInt();
                int limit = call.payload().path("limit").asInt();
                ArrayNode page = JSON.arrayNode();
                for (int i = skip; i < Math.min(rows.size(), skip + limit); i++) {
                    page.add(rows.get(i).deepCopy());
                }
                synchronized (served) {
                    // by page number, not by the order pages were served: pages asked together come back in any order
                    int number = limit == 0 ? 0 : skip / limit;
                    served.put(call.operation() + "#" + number, page);
                    ArrayNode behind = served.remove(call.operation() + "#" + (number - LiveDirectory.PAGES_AT_ONCE));
                    if (behind != null) {
                        behind.forEach(row -> ((ObjectNode) row).removeAll());
                    }
                }
                return new Reply.Result(null, null, "List", page);
            } finally {
                if (ledgers) {
                    ledgerPagesRunning.decrementAndGet();
                    if (call.payload().path("skip").asInt() == 0) {
                        firstLedgerPagesRunning.decrementAndGet();
                    }
                }
            }
        }

        int calls(String operation) {
            return calls.getOrDefault(operation, new AtomicInteger()).get();
        }

        /** A company whose ledger list holds {@code n} customers, "Listed Customer 1"… with ids 1… */
        static PagedLists withCustomers(int n) {
            PagedLists company = new PagedLists();
            List<ObjectNode> rows = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                rows.add(customer(i, "Listed Customer " + i, "27AAAAA" + String.format("%04d", i) + "A1Z5"));
            }
            company.lists.put("ledger.list", rows);
            return company;
        }
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private static ObjectNode customer(long id, String name, String gstin) {
        ObjectNode row = JSON.objectNode().put("id", id).put("name", name).put("model_type", "App\\Models\\Master\\Customer")
                .put("flag", "party");
        row.putObject("ledgers_data").putObject("Customer").put("gstin", gstin).put("billing_address_state_id", 4008)
                .put("billing_address_country_id", 101);
        return row;
    }

    private static LiveDirectory directory(PagedLists lists, Duration missRefresh, int pageSize, Clock clock) {
        return new LiveDirectory("default", lists, new LiveDirectory.Settings(Duration.ofHours(1), missRefresh, pageSize),
                clock, null);
    }

    private static JsonNode vendorData(String file) throws Exception {
        return new ObjectMapper().readTree(VendorAnswersTest.raw(file)).get("data");
    }

    @Test
    void theVendorsCreateAnswersAreIndexedWithoutReadingTheListsAgain() throws Exception {
        PagedLists lists = PagedLists.withCustomers(3);
        LiveDirectory directory = directory(lists, Duration.ofMinutes(1), 500, Clock.systemUTC());
        assertTrue(directory.findParty("Customer ledger", "27ANUPC5555H1ZM").isEmpty()); // loaded, and missing
        assertTrue(directory.findItem("Set Service item").isEmpty());

        directory.written("ledger.create-customer", vendorData("ledger-create-customer.response.json"));
        directory.written("item.create-service", vendorData("item-create-service.response.json"));

        PartyLedger byGstin = directory.findParty(null, "27anupc5555h1zm").orElseThrow();
        assertEquals(1, byGstin.id());
        assertEquals("Customer ledger", byGstin.name());
        assertEquals("27ANUPC5555H1ZM", byGstin.gstin());
        assertEquals(4L, byGstin.billing().stateId());
        assertTrue(byGstin.detailsRead());
        assertEquals(byGstin, directory.findParty("customer ledger", null).orElseThrow());
        assertEquals(1, directory.ledger("Customer Ledger"));
        assertEquals(3, directory.findItem("set service item").orElseThrow().id());
        assertEquals(1, lists.calls("ledger.list"), "the ledger list was read once");
        assertEquals(1, lists.calls("item.list"), "the item list was read once");
    }

    @Test
    void anAnswerWithoutIdOrThatShowsNoPartyMakesTheNextLookUpReadTheListAgain() throws Exception {
        PagedLists lists = PagedLists.withCustomers(3);
        LiveDirectory directory = directory(lists, Duration.ofMinutes(1), 500, Clock.systemUTC());
        directory.ledger("Listed Customer 1");
        ObjectNode withoutId = (ObjectNode) vendorData("ledger-create-customer.response.json");
        withoutId.remove("id");
        directory.written("ledger.create-customer", withoutId);
        directory.ledger("Listed Customer 2");
        assertEquals(2, lists.calls("ledger.list"), "read again: the answer did not say which ledger it is");

        // a customer create whose answer shows an id and name but not that it is a party: not indexed as a guess
        directory.written("ledger.create-customer", JSON.objectNode().put("id", 77).put("name", "Bare Answer"));
        directory.ledger("Listed Customer 3");
        assertEquals(3, lists.calls("ledger.list"));
        directory.written("ledger.create-customer", null);
        directory.ledger("Listed Customer 3");
        assertEquals(4, lists.calls("ledger.list"));
    }

    @Test
    void anUpdateAnswerReplacesThePartyUnderItsId() {
        PagedLists lists = PagedLists.withCustomers(2);
        LiveDirectory directory = directory(lists, Duration.ofMinutes(1), 500, Clock.systemUTC());
        assertEquals("27AAAAA0001A1Z5", directory.findParty("Listed Customer 1", null).orElseThrow().gstin());
        directory.written("ledger.update", customer(1, "Renamed Customer", "29AACCS9012M1Z8"));
        assertEquals(1, directory.findParty(null, "29AACCS9012M1Z8").orElseThrow().id());
        assertEquals(1, directory.findParty("renamed customer", null).orElseThrow().id());
        assertTrue(directory.findParty("Listed Customer 1", null).isEmpty(), "the old name is gone");
        assertTrue(directory.findParty(null, "27AAAAA0001A1Z5").isEmpty(), "the old GSTIN is gone");
        assertEquals(1, lists.calls("ledger.list"));
    }

    @Test
    void aLongListIsIndexedPageByPageAsItArrives() {
        PagedLists lists = PagedLists.withCustomers(3_000);
        LiveDirectory directory = directory(lists, Duration.ofMinutes(1), 100, Clock.systemUTC());
        // every page is spoiled when the next is asked: only what was indexed from it as it came is there
        for (int i = 1; i <= 3_000; i += 299) {
            PartyLedger party = directory.findParty(null, "27AAAAA" + String.format("%04d", i) + "A1Z5").orElseThrow();
            assertEquals(i, party.id());
            assertEquals(party, directory.findParty("listed customer " + i, null).orElseThrow());
            assertEquals(4008L, party.billing().stateId());
        }
        assertEquals(3_000, directory.findParty("Listed Customer 3000", null).orElseThrow().id());
        assertEquals(31, lists.calls("ledger.list"), "30 full pages and the empty one after them, once");
    }

    @Test
    void aLookUpWhileAnInvalidatedLoadRunsWaitsForItThenLoadsOnceNeverTwoAtOnce() throws Exception {
        PagedLists lists = PagedLists.withCustomers(250);
        CountDownLatch release = new CountDownLatch(1);
        lists.holdFirstLedgerPage = release;
        LiveDirectory directory = directory(lists, Duration.ofMinutes(1), 100, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> directory.ledger("Listed Customer 7"),
                    pool);
            assertTrue(lists.firstLedgerPageAsked.await(10, TimeUnit.SECONDS));
            directory.written("ledger.delete", null); // a write the list cannot take in: read it again
            List<CompletableFuture<Long>> later = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                later.add(CompletableFuture.supplyAsync(() -> directory.ledger("Listed Customer 250"), pool));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> blockedInSnapshot() == 4);
            assertEquals(1, lists.calls("ledger.list"), "nothing read beside the running load");
            release.countDown();
            assertEquals(7, first.get(10, TimeUnit.SECONDS));
            for (CompletableFuture<Long> f : later) {
                assertEquals(250, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(6, lists.calls("ledger.list"), "two loads of three pages: the held one, one after it");
            assertEquals(0, lists.firstPagesBesideOthers.get(), "never two loads of the list at once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissRereadsALongListOnlyAfterTheIntervalTimesItsPages() {
        TestClock clock = new TestClock();
        PagedLists lists = PagedLists.withCustomers(950); // 10 pages of 100
        LiveDirectory directory = directory(lists, Duration.ofSeconds(1), 100, clock);
        assertTrue(directory.findParty("Not Yet Created", null).isEmpty());
        assertEquals(10, lists.calls("ledger.list"));
        clock.advance(Duration.ofSeconds(5));
        assertTrue(directory.findParty("Not Yet Created", null).isEmpty());
        assertEquals(10, lists.calls("ledger.list"), "5 s after a 10-page load: no refresh");
        clock.advance(Duration.ofMillis(5_001));
        lists.lists.get("ledger.list").add(customer(951, "Not Yet Created", "27AAAAA0951A1Z5"));
        assertEquals(951, directory.findParty("Not Yet Created", null).orElseThrow().id(), "created elsewhere: found");
        assertEquals(20, lists.calls("ledger.list"), "10 s after: one refresh");

        PagedLists shortList = PagedLists.withCustomers(5);
        LiveDirectory small = directory(shortList, Duration.ofSeconds(1), 100, clock);
        assertFalse(small.findParty("Not Yet Created", null).isPresent());
        clock.advance(Duration.ofMillis(1_001));
        assertFalse(small.findParty("Not Yet Created", null).isPresent());
        assertEquals(2, shortList.calls("ledger.list"), "a one-page list is read again after the interval itself");
    }

    @Test
    void aListReadAgainAsksSeveralPagesAtOnceAndIndexesThemInOrder() {
        TestClock clock = new TestClock();
        PagedLists lists = PagedLists.withCustomers(950); // 10 pages of 100
        // the same name on page 2 and page 8: the first listed is the one kept, however the pages arrive
        lists.lists.get("ledger.list").set(799, customer(800, "Listed Customer 150", "27AAAAA0800A1Z5"));
        LiveDirectory directory = directory(lists, Duration.ofSeconds(1), 100, clock);
        assertTrue(directory.findParty("Not Yet Created", null).isEmpty());
        assertEquals(10, lists.calls("ledger.list"));
        assertEquals(1, lists.mostLedgerPagesAtOnce.get(), "a first read: page by page");

        clock.advance(Duration.ofSeconds(11));
        lists.lists.get("ledger.list").add(customer(951, "Not Yet Created", "27AAAAA0951A1Z5"));
        lists.gatherLedgerPages = new CountDownLatch(LiveDirectory.PAGES_AT_ONCE);
        assertEquals(951, directory.findParty("Not Yet Created", null).orElseThrow().id());
        assertEquals(LiveDirectory.PAGES_AT_ONCE, lists.mostLedgerPagesAtOnce.get(), "read again: pages asked together");
        assertEquals(20, lists.calls("ledger.list"), "the ten pages once more, none past the end");
        assertEquals(150, directory.findParty("Listed Customer 150", null).orElseThrow().id(), "the first listed kept");
        assertEquals(800, directory.findParty(null, "27AAAAA0800A1Z5").orElseThrow().id());
        assertEquals(950, directory.findParty(null, "27AAAAA0950A1Z5").orElseThrow().id(), "the last page indexed");
    }

    @Test
    void aPartysInvoiceListIsReadPageByPageAndItsLengthNotKeptPerParty() {
        PagedLists lists = PagedLists.withCustomers(1);
        List<ObjectNode> sales = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            sales.add(JSON.objectNode().put("transaction_id", i).put("invoice_number", "INV-" + i).put("party_id", 7));
        }
        lists.lists.put("sale.list", sales);
        LiveDirectory directory = directory(lists, Duration.ofSeconds(1), 100, new TestClock());
        int remembered = -1;
        for (long party = 1; party <= 40; party++) {
            assertEquals(250, directory.invoice("INV-250", party, true).transactionId());
            if (party == 1) {
                remembered = directory.listLengthsRemembered();
            }
        }
        assertEquals(40 * 3, lists.calls("sale.list"), "three pages a look-up, none past the end");
        assertEquals(remembered, directory.listLengthsRemembered(), "no length kept per party (it would grow with them)");
    }

    /** How many threads wait inside the directory's cached list (for a load, or for the running one to end). */
    private static long blockedInSnapshot() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> {
            if (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
                return false;
            }
            boolean inSnapshot = false;
            boolean inClient = false;
            for (StackTraceElement e : t.getStackTrace()) {
                inSnapshot |= e.getClassName().equals(SingleFlightSnapshot.class.getName());
                inClient |= e.getClassName().startsWith(PagedLists.class.getName());
            }
            return inSnapshot && !inClient;
        }).count();
    }
}

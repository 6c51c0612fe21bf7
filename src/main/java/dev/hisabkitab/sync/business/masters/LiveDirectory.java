package dev.hisabkitab.sync.business.masters;

import static dev.hisabkitab.sync.business.masters.MasterRows.key;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.KeyLanes;
import dev.hisabkitab.sync.business.NumberSequence;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The {@link Directory} of one company, backed by its HisabKitab look-up endpoints (content enricher): each master
 * list is loaded once, kept for a while, and loaded again when a name is missing from it; concurrent events that
 * need the same list share one load, and a party or item that must be created is created once (single flight).
 */
public final class LiveDirectory implements Directory {

    /** How a missing party or item is created; {@code null} when auto-create is off. */
    public interface MasterCreator {
        /** The call that creates this party (a customer or supplier ledger). */
        ApiCall createParty(PartyRef party, Directory directory);

        /** The call that creates this item (goods, default unit). */
        ApiCall createItem(String name, Directory directory);
    }

    /** Tunables of the cache (hisabkitab.masters.* settings). */
    public record Settings(Duration timeToLive, Duration missRefreshInterval, int pageSize) {
    }

    private static final DateTimeFormatter API_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final int MAX_PAGES = 10_000;
    /**
     * Pages of a list read again that are asked at once: a list as long as when it was last read costs about its
     * pages ÷ this many round trips instead of one per page (every event that missed the list waits for the read).
     * The first read of a list goes page by page: its length is not known yet.
     */
    static final int PAGES_AT_ONCE = 4;
    /** Where the pages asked ahead are read (daemon threads, kept a minute after their last page). */
    private static final ExecutorService PAGE_READERS = Executors.newCachedThreadPool(
            KeyLanes.threads("hisabkitab-list-pages-"));

    /**
     * The ledger list: ids by name; parties by GSTIN, name and id; parties whose list row did not show their details,
     * and what their ledger detail gave (by id: it expires with the list it belongs to). Concurrent maps: a ledger the
     * connector creates is added while events read it ({@link #add}).
     */
    record LedgerIndex(Map<String, Long> byName, Map<String, PartyLedger> partiesByGstin,
            Map<String, PartyLedger> partiesByName, Map<Long, PartyLedger> partiesById, Map<Long, PartyLedger> unread,
            Map<Long, PartyLedger> detailed) {

        LedgerIndex() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }

        /**
         * Indexes one ledger as HisabKitab showed it (a list row, or a create or update answer); the first of a name
         * or GSTIN is kept, as listed. A ledger indexed again under its id (an update) replaces what it was.
         */
        void add(long id, String name, PartyLedger party) {
            PartyLedger before = partiesById.get(id);
            if (before != null) {
                partiesByName.remove(key(before.name()), before);
                if (before.gstin() != null) {
                    partiesByGstin.remove(key(before.gstin()), before);
                }
                byName.remove(key(before.name()), id);
                unread.remove(id);
                detailed.remove(id);
            }
            byName.putIfAbsent(key(name), id);
            if (party != null) {
                partiesById.put(id, party);
                partiesByName.putIfAbsent(key(name), party);
                if (party.gstin() != null) {
                    partiesByGstin.putIfAbsent(key(party.gstin()), party);
                }
                if (!party.detailsRead()) {
                    unread.put(id, party);
                }
            }
        }
    }

    /** A loaded list's index, and how many pages the list took (its cost to read again). */
    record Listed<T>(T index, int pages) {
    }

    record StateIndex(Map<String, StateInfo> byName, Map<String, StateInfo> byCode) {
    }

    private final String company;
    private final Function<ApiCall, Reply.Result> client;
    private final Settings settings;
    private final Clock clock;
    private final MasterCreator creator;

    private final SingleFlightSnapshot<CompanyProfile> profile;
    private final SingleFlightSnapshot<Listed<LedgerIndex>> ledgers;
    private final SingleFlightSnapshot<Listed<Map<String, ItemMaster>>> items;
    private final SingleFlightSnapshot<Listed<Map<String, Long>>> units;
    private final SingleFlightSnapshot<Listed<Map<BigDecimal, Long>>> gstRates;
    private final SingleFlightSnapshot<Listed<StateIndex>> states;
    private final SingleFlightSnapshot<Listed<Map<String, Long>>> countries;
    private final SingleFlightSnapshot<Listed<Map<String, Long>>> ledgerGroups;
    private final SingleFlightSnapshot<Listed<Map<String, Long>>> itemGroups;
    private final Map<Long, SingleFlightSnapshot<Listed<Map<String, Long>>>> cities = new ConcurrentHashMap<>();
    /** How many pages each list (operation and filter) took when last read: how far to ask ahead next time. */
    private final Map<String, Integer> pagesLastRead = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<PartyLedger>> creatingParties = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ItemMaster>> creatingItems = new ConcurrentHashMap<>();

    public LiveDirectory(String company, Function<ApiCall, Reply.Result> client, Settings settings, Clock clock,
            MasterCreator creator) {
        this.company = company;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.creator = creator;
        profile = snapshot(() -> MasterRows.company(client.apply(ApiCall.of(company, "company.details")).data()));
        ledgers = snapshot(() -> {
            LedgerIndex index = new LedgerIndex();
            return new Listed<>(index, list("ledger.list", null, row -> indexLedger(index, row)));
        });
        items = snapshot(() -> {
            Map<String, ItemMaster> index = new ConcurrentHashMap<>();
            return new Listed<>(index, list("item.list", null, row -> {
                if (hasIdAndName(row, "item_name", "name")) {
                    indexItem(index, MasterRows.item(row));
                }
            }));
        });
        units = snapshot(() -> ids("unit.list", null, MasterRows::unitNames));
        gstRates = snapshot(() -> {
            Map<BigDecimal, Long> rates = new HashMap<>();
            int pages = list("gst-rate.list", null, row -> {
                BigDecimal rate = MasterRows.gstRatePercent(row);
                if (rate != null) {
                    rates.putIfAbsent(rate.stripTrailingZeros(), MasterRows.id(row.get("id")));
                }
            });
            return new Listed<>(rates, pages);
        });
        states = snapshot(() -> {
            Map<String, StateInfo> byName = new HashMap<>();
            Map<String, StateInfo> byCode = new HashMap<>();
            int pages = list("state.list", null, row -> {
                if (!hasIdAndName(row, "name", "state_name")) {
                    return;
                }
                StateInfo state = MasterRows.state(row);
                byName.putIfAbsent(key(state.name()), state);
                if (state.gstStateCode() != null) {
                    byCode.putIfAbsent(state.gstStateCode(), state);
                }
            });
            return new Listed<>(new StateIndex(byName, byCode), pages);
        });
        countries = snapshot(() -> ids("country.list", null,
                row -> MasterRows.names(row, "name", "country_name", "iso2", "iso3")));
        ledgerGroups = snapshot(() -> ids("ledger-group.list", null, row -> MasterRows.names(row, "name", "group_name")));
        itemGroups = snapshot(() -> ids("item-group.list", null, row -> MasterRows.names(row, "name", "group_name")));
    }

    /**
     * A write to HisabKitab went through this connector (a party.upsert, an {@code api.ledger.create}…), so that the
     * next event finds what this one created. A ledger or item created or updated is added to the cached list as
     * HisabKitab answered it (read as a list row is); when the answer does not show its id and name (or, for a
     * party, that it is one), or for any other master, the list is read afresh on next use.
     *
     * @param operation the catalogue operation that succeeded, e.g. {@code ledger.update}
     * @param record    HisabKitab's answer to it (the record; null when there is none)
     */
    public void written(String operation, JsonNode record) {
        String resource = operation.substring(0, Math.max(0, operation.indexOf('.')));
        switch (resource) {
            case "ledger" -> {
                if (!addLedger(operation, record)) {
                    ledgers.invalidate();
                }
            }
            case "item" -> {
                if (!addItem(operation, record)) {
                    items.invalidate();
                }
            }
            case "unit" -> units.invalidate();
            case "ledger-group" -> ledgerGroups.invalidate();
            case "item-group" -> itemGroups.invalidate();
            default -> {
                // documents and vouchers change no master list
            }
        }
    }

    /**
     * Adds a created or updated ledger to the cached list; false when its answer cannot be indexed as it stands (no
     * id or name, or a customer or supplier create or an update whose answer does not show a party).
     */
    private boolean addLedger(String operation, JsonNode record) {
        boolean create = operation.startsWith("ledger.create-");
        if (!(create || operation.equals("ledger.update")) || !hasIdAndName(record, "name")) {
            return false;
        }
        boolean party = MasterRows.isParty(record);
        if (!party && (!create || operation.equals("ledger.create-customer")
                || operation.equals("ledger.create-supplier"))) {
            return false;
        }
        long id = MasterRows.id(record.get("id"));
        String name = MasterRows.text(record.get("name"));
        PartyLedger ledger = party ? MasterRows.party(record) : null;
        ledgers.edit(listed -> listed.index().add(id, name, ledger));
        return true;
    }

    /** Adds a created or updated item to the cached list; false when its answer shows no id and name. */
    private boolean addItem(String operation, JsonNode record) {
        if (!(operation.startsWith("item.create-") || operation.equals("item.update"))
                || !hasIdAndName(record, "item_name", "name")) {
            return false;
        }
        ItemMaster item = MasterRows.item(record);
        boolean update = operation.equals("item.update");
        items.edit(listed -> {
            if (update) {
                listed.index().values().removeIf(i -> i.id() == item.id()); // it may have been renamed
            }
            indexItem(listed.index(), item);
        });
        return true;
    }

    /**
     * The company, with the state it is registered in: as its details give it, else the state its GSTIN's code
     * names; a company whose state cannot be read is a {@code mapping} failure, never assumed (it decides CGST + SGST
     * or IGST on every document).
     */
    @Override
    public CompanyProfile company() {
        CompanyProfile read = profile.get().value();
        if (read.stateId() != 0) {
            return read;
        }
        if (read.gstStateCode() != null) {
            StateInfo state = lookUp(states, index -> index.byCode().get(read.gstStateCode())).orElseThrow(() ->
                    EventFailure.mapping("The company's GSTIN starts with " + read.gstStateCode()
                            + ", which is not the GST code of any state in HisabKitab's state list"));
            return new CompanyProfile(read.name(), read.gstin(), state.id(), state.name(), read.gstStateCode(),
                    read.countryId() != 0 ? read.countryId() : state.countryId());
        }
        throw EventFailure.mapping("HisabKitab's company details give neither the company's state nor its GSTIN, "
                + "so CGST + SGST cannot be told from IGST (looked for state_id, billing_address_state_id, "
                + "address.state_id, state.id and gstin in company.details)");
    }

    @Override
    public PartyLedger party(PartyRef party) {
        Optional<PartyLedger> found = findParty(party.name(), party.gstin());
        if (found.isPresent()) {
            return found.get();
        }
        if (creator == null) {
            throw EventFailure.mapping("No party " + party.describe() + " in HisabKitab (a ledger with this "
                    + (blank(party.gstin()) ? "name" : "GSTIN or name")
                    + " must exist first, or set hisabkitab.auto-create=true)");
        }
        String onceKey = blank(party.gstin()) ? "name:" + key(party.name()) : "gstin:" + key(party.gstin());
        return once(creatingParties, onceKey, () -> {
            ledgers.invalidate();
            Optional<PartyLedger> meanwhile = findParty(party.name(), party.gstin());
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            ApiCall create = creator.createParty(party, this).withCompany(company);
            written(create.operation(), client.apply(create).data());
            return findParty(party.name(), party.gstin()).orElseThrow(() -> EventFailure.mapping(
                    "Party " + party.describe() + " was created in HisabKitab but is not in its ledger list"));
        });
    }

    /**
     * The party with this GSTIN (first) or name. A party whose list row did not show its GSTIN and address is read from
     * its ledger detail when it is needed (once per loaded ledger list). While some party's GSTIN
     * stays unknown, a GSTIN found nowhere may still be that party's: a {@code mapping} failure, so that nothing creates
     * a second ledger for one registration.
     */
    @Override
    public Optional<PartyLedger> findParty(String name, String gstin) {
        LedgerIndex[] used = new LedgerIndex[1];
        Optional<PartyLedger> listed = lookUp(ledgers, index -> {
            used[0] = index;
            if (!blank(gstin)) {
                PartyLedger byGstin = index.partiesByGstin().get(key(gstin));
                if (byGstin != null) {
                    return byGstin;
                }
            }
            return blank(name) ? null : index.partiesByName().get(key(name));
        });
        LedgerIndex index = used[0];
        if (blank(gstin) || listed.map(p -> p.gstin() != null && key(p.gstin()).equals(key(gstin))).orElse(false)) {
            return listed.map(p -> read(index, p));
        }
        // the GSTIN is none of the listed ones: it may be one a list row did not show
        List<PartyLedger> stillUnread = new ArrayList<>();
        for (PartyLedger unread : index.unread().values()) {
            PartyLedger party = read(index, unread);
            if (party.gstin() != null && key(party.gstin()).equals(key(gstin))) {
                return Optional.of(party);
            }
            if (!party.detailsRead()) {
                stillUnread.add(party);
            }
        }
        if (listed.isEmpty() && !stillUnread.isEmpty()) {
            throw EventFailure.mapping("Cannot tell whether a party with GSTIN " + gstin.trim() + " is in HisabKitab: "
                    + "the GSTIN of " + stillUnread.size() + " party ledger(s) could not be read (e.g. \""
                    + stillUnread.get(0).name() + "\"); nothing was created or booked");
        }
        return listed.map(p -> read(index, p));
    }

    /**
     * The party as read from its ledger detail when its list row did not show its details (asked once per loaded
     * list); else as listed.
     */
    private PartyLedger read(LedgerIndex index, PartyLedger listed) {
        if (listed.detailsRead()) {
            return listed;
        }
        PartyLedger known = index.detailed().get(listed.id());
        if (known != null) {
            return known;
        }
        JsonNode answer = ledgerDetail(listed.id());
        PartyLedger party = listed;
        if (answer != null && answer.isObject()) {
            PartyLedger fromDetail = detailOf(answer);
            party = new PartyLedger(listed.id(), listed.name(), fromDetail.gstin(), fromDetail.billing(),
                    fromDetail.shipping(), fromDetail.detailsRead());
        }
        index.detailed().put(listed.id(), party);
        return party;
    }

    /** The party in a detail answer: the answer itself, or the one object it wraps (e.g. {@code {"ledger": {…}}}). */
    private static PartyLedger detailOf(JsonNode answer) {
        PartyLedger party = MasterRows.party(answer);
        if (party.detailsRead()) {
            return party;
        }
        for (JsonNode child : answer) {
            if (child.isObject()) {
                PartyLedger wrapped = MasterRows.party(child);
                if (wrapped.detailsRead()) {
                    return wrapped;
                }
            }
        }
        return party;
    }

    @Override
    public long ledger(String name) {
        return lookUp(ledgers, index -> index.byName().get(key(name)))
                .orElseThrow(() -> EventFailure.mapping("No ledger named \"" + name.trim() + "\" in HisabKitab"));
    }

    @Override
    public ItemMaster item(String name) {
        Optional<ItemMaster> found = findItem(name);
        if (found.isPresent()) {
            return found.get();
        }
        if (creator == null) {
            throw EventFailure.mapping("No item named \"" + name.trim()
                    + "\" in HisabKitab (create it first, or set hisabkitab.auto-create=true)");
        }
        return once(creatingItems, key(name), () -> {
            items.invalidate();
            Optional<ItemMaster> meanwhile = findItem(name);
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            ApiCall create = creator.createItem(name, this).withCompany(company);
            written(create.operation(), client.apply(create).data());
            return findItem(name).orElseThrow(() -> EventFailure.mapping(
                    "Item \"" + name.trim() + "\" was created in HisabKitab but is not in its item list"));
        });
    }

    @Override
    public Optional<ItemMaster> findItem(String name) {
        return lookUp(items, index -> index.get(key(name)));
    }

    @Override
    public long unit(String codeOrName) {
        return lookUp(units, index -> index.get(key(codeOrName))).orElseThrow(() -> EventFailure.mapping(
                "No unit of measurement \"" + codeOrName.trim() + "\" in HisabKitab (use its code, e.g. PCS, KGS)"));
    }

    @Override
    public long gstRate(BigDecimal percent) {
        return lookUp(gstRates, index -> index.get(percent.stripTrailingZeros())).orElseThrow(
                () -> EventFailure.mapping("No GST rate of " + percent.stripTrailingZeros().toPlainString()
                        + "% in HisabKitab"));
    }

    @Override
    public StateInfo state(String name) {
        return lookUp(states, index -> index.byName().get(key(name)))
                .orElseThrow(() -> EventFailure.mapping("No state named \"" + name.trim() + "\" in HisabKitab"));
    }

    @Override
    public StateInfo stateOfGstin(String gstin) {
        String trimmed = gstin.trim();
        String code = trimmed.length() >= 2 ? trimmed.substring(0, 2) : trimmed;
        return lookUp(states, index -> index.byCode().get(code)).orElseThrow(() -> EventFailure.mapping(
                "GSTIN " + trimmed + " starts with " + code + ", which is not the GST code of any state"));
    }

    @Override
    public Optional<Long> city(String name, long stateId) {
        if (blank(name)) {
            return Optional.empty();
        }
        SingleFlightSnapshot<Listed<Map<String, Long>>> ofState = cities.computeIfAbsent(stateId, id -> snapshot(() ->
                ids("city.list", JsonNodeFactory.instance.objectNode().put("state_id", id),
                        row -> MasterRows.names(row, "name", "city_name"))));
        return lookUp(ofState, index -> index.get(key(name)));
    }

    @Override
    public long country(String name) {
        return lookUp(countries, index -> index.get(key(name)))
                .orElseThrow(() -> EventFailure.mapping("No country named \"" + name.trim() + "\" in HisabKitab"));
    }

    @Override
    public long ledgerGroup(String name) {
        return lookUp(ledgerGroups, index -> index.get(key(name))).orElseThrow(
                () -> EventFailure.mapping("No ledger group named \"" + name.trim() + "\" in HisabKitab"));
    }

    @Override
    public long itemGroup(String name) {
        return lookUp(itemGroups, index -> index.get(key(name))).orElseThrow(
                () -> EventFailure.mapping("No item group named \"" + name.trim() + "\" in HisabKitab"));
    }

    /**
     * Looks the document up in the party's list of sales (or purchase) documents of the last three financial
     * years; not cached, since what is pending changes with every receipt.
     */
    @Override
    public InvoiceRef invoice(String number, long partyLedgerId, boolean sales) {
        LocalDate today = LocalDate.now(clock);
        int fyStartYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        ObjectNode query = JsonNodeFactory.instance.objectNode()
                .put("start_date", LocalDate.of(fyStartYear - 2, 4, 1).format(API_DATE))
                .put("end_date", LocalDate.of(fyStartYear + 1, 3, 31).format(API_DATE))
                .put("party_id", partyLedgerId);
        List<MasterRows.DocumentRow> exact = new ArrayList<>();
        List<MasterRows.DocumentRow> withAffixes = new ArrayList<>();
        // page by page, and its length not remembered: a list per party would make one entry per party
        readPages(sales ? "sale.list" : "purchase.list", query, 1, listed -> {
            MasterRows.DocumentRow row = MasterRows.document(listed);
            for (String shown : row.numbers()) {
                NumberSequence.Match match = NumberSequence.match(shown, number);
                if (match == NumberSequence.Match.EXACT) {
                    exact.add(row);
                    break;
                }
                if (match == NumberSequence.Match.WITH_AFFIXES) {
                    withAffixes.add(row);
                    break;
                }
            }
        });
        List<MasterRows.DocumentRow> found = exact.isEmpty() ? withAffixes : exact;
        if (found.size() > 1) {
            throw EventFailure.mapping("More than one " + (sales ? "sales invoice" : "purchase bill") + " of this party "
                    + "matches number " + number.trim() + " in HisabKitab; give the number exactly as HisabKitab shows it");
        }
        if (found.size() == 1) {
            MasterRows.DocumentRow row = found.get(0);
            if (row.id() == null) {
                throw EventFailure.mapping("HisabKitab lists " + (sales ? "sales invoice " : "purchase bill ")
                        + number.trim() + " without its id (looked for transaction_id and id)");
            }
            // bill_type 1 is what the vendor's receipt example sends for a sale; its other values are undocumented
            return new InvoiceRef(row.id(), row.numbers().isEmpty() ? number.trim() : row.numbers().get(0),
                    row.date() == null ? null : parseDate(row.date()), row.total(),
                    row.pending() != null ? row.pending() : row.total(), 1);
        }
        throw EventFailure.mapping("No " + (sales ? "sales invoice " : "purchase bill ") + number.trim()
                + " of this party in HisabKitab (looked in the last three financial years)");
    }

    private static LocalDate parseDate(String date) {
        try {
            return date.length() >= 10 && date.charAt(4) == '-' ? LocalDate.parse(date.substring(0, 10))
                    : LocalDate.parse(date, API_DATE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Hands every row of a list operation to {@code row}, page by page ({@code limit}/{@code skip}), so that only
     * what it keeps of a row outlives its page; the number of pages read.
     */
    private int list(String operation, ObjectNode filter, Consumer<JsonNode> row) {
        // the cached lists only (one per operation, cities one per state): their number is bounded
        String which = filter == null ? operation : operation + filter;
        int pages = readPages(operation, filter, pagesLastRead.getOrDefault(which, 1), row);
        pagesLastRead.put(which, pages);
        return pages;
    }

    /** {@link #list}, given the pages of the last read ({@code lastRead}: up to that many asked at once). */
    private int readPages(String operation, ObjectNode filter, int lastRead, Consumer<JsonNode> row) {
        Deque<CompletableFuture<JsonNode>> askedAhead = new ArrayDeque<>();
        int asked = 0;
        int pages = 0;
        try {
            while (pages < MAX_PAGES) {
                // within the length of the last read, PAGES_AT_ONCE pages are asked at once (their rows are still
                // indexed in page order: the first of a name is the one kept); past it, one at a time
                while (lastRead > 1 && asked < lastRead && askedAhead.size() < PAGES_AT_ONCE) {
                    int page = asked++;
                    askedAhead.add(CompletableFuture.supplyAsync(() -> page(operation, filter, page), PAGE_READERS));
                }
                JsonNode data = askedAhead.isEmpty() ? page(operation, filter, asked++) : SingleFlightSnapshot.await(askedAhead.poll());
                pages++;
                if (data == null || !data.isArray()) {
                    break;
                }
                data.forEach(row);
                if (data.size() < settings.pageSize()) {
                    break;
                }
            }
        } finally {
            // pages asked past the end of a list that got shorter: their answers are not needed
            askedAhead.forEach(f -> f.cancel(false));
        }
        return pages;
    }

    /** How many lists' lengths are remembered for their next read (tests: it does not grow with parties). */
    int listLengthsRemembered() {
        return pagesLastRead.size();
    }

    /** One page of a list operation ({@code limit}/{@code skip}). */
    private JsonNode page(String operation, ObjectNode filter, int page) {
        ObjectNode query = filter == null ? JsonNodeFactory.instance.objectNode() : filter.deepCopy();
        query.put("limit", settings.pageSize()).put("skip", page * settings.pageSize());
        return client.apply(new ApiCall(company, operation, null, query)).data();
    }

    /** Indexes a ledger list row (a party row without its details is read from its detail when needed). */
    private static void indexLedger(LedgerIndex index, JsonNode row) {
        Long id = MasterRows.id(row.get("id"));
        String name = MasterRows.text(row.get("name"));
        if (id != null && name != null) {
            index.add(id, name, MasterRows.isParty(row) ? MasterRows.party(row) : null);
        }
    }

    private static void indexItem(Map<String, ItemMaster> index, ItemMaster item) {
        if (item.name() != null) {
            index.putIfAbsent(key(item.name()), item);
        }
    }

    /** A ledger's detail answer ({@code ledger.detail}), or null when HisabKitab has none to give. */
    private JsonNode ledgerDetail(long id) {
        try {
            return client.apply(new ApiCall(company, "ledger.detail",
                    JsonNodeFactory.instance.objectNode().put("id", id), null)).data();
        } catch (EventFailure e) {
            if (e.category() != ErrorCategory.REJECTED) {
                throw e;
            }
            return null; // refused (no detail endpoint, no such ledger): unread, and a document naming it says so
        }
    }

    /** Whether a row has an id and one of the name fields (a row without either cannot be looked up). */
    private static boolean hasIdAndName(JsonNode row, String... nameFields) {
        return row != null && row.isObject() && MasterRows.id(row.get("id")) != null
                && !MasterRows.names(row, nameFields).isEmpty();
    }

    /** Ids by every name a row of this list is known by. */
    private Listed<Map<String, Long>> ids(String operation, ObjectNode filter, Function<JsonNode, List<String>> names) {
        Map<String, Long> index = new HashMap<>();
        int pages = list(operation, filter, row -> {
            Long id = MasterRows.id(row.get("id"));
            for (String name : names.apply(row)) {
                if (id != null) {
                    index.putIfAbsent(key(name), id);
                }
            }
        });
        return new Listed<>(index, pages);
    }

    /**
     * Finds in the cached copy; on a miss, once more in a fresh copy, unless the copy is younger than the
     * miss-refresh interval times the pages it took to load: reading a list again on misses then costs at most
     * about one call per interval, however long the list grows.
     */
    private <T, V> Optional<V> lookUp(SingleFlightSnapshot<Listed<T>> snapshot, Function<T, V> find) {
        SingleFlightSnapshot.Loaded<Listed<T>> loaded = snapshot.get();
        V value = find.apply(loaded.value().index());
        if (value == null && missRefreshDue(loaded)) {
            value = find.apply(snapshot.refreshedSince(loaded).value().index());
        }
        return Optional.ofNullable(value);
    }

    /** Whether a copy is old enough to be read again on a miss: interval × its pages after it was loaded. */
    private boolean missRefreshDue(SingleFlightSnapshot.Loaded<? extends Listed<?>> loaded) {
        Duration spacing = settings.missRefreshInterval().multipliedBy(Math.max(1, loaded.value().pages()));
        return loaded.loadedAt().plus(spacing).isBefore(clock.instant());
    }

    private <T> SingleFlightSnapshot<T> snapshot(Supplier<T> loader) {
        return new SingleFlightSnapshot<>(loader, settings.timeToLive(), clock);
    }

    /** Runs {@code create} once per key however many callers arrive together; the others get its result. */
    private static <V> V once(Map<String, CompletableFuture<V>> inFlight, String key, Supplier<V> create) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return SingleFlightSnapshot.await(running);
        }
        try {
            V value = create.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            // later callers find the record in the (reloaded) list, or try again after a failure
            inFlight.remove(key, mine);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

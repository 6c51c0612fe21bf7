package dev.hisabkitab.sync.business.masters;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * A {@link Directory} held in memory for mapper tests: a company in Maharashtra (state 4008, GST code 27) with
 * the GST slabs, a few units, states and ledgers. Add parties, items, ledgers and invoices with the
 * {@code with…} methods. Unknown names fail like the live directory: a {@code mapping} failure naming them.
 */
public class InMemoryDirectory implements Directory {

    private final CompanyProfile company = new CompanyProfile("Sandbox Traders Pvt Ltd", "27AABCS1234K1Z5", 4008,
            "Maharashtra", "27", 101);
    private final Map<String, Long> ledgers = new LinkedHashMap<>();
    private final List<PartyLedger> parties = new ArrayList<>();
    private final Map<String, ItemMaster> items = new LinkedHashMap<>();
    private final Map<String, Long> units = new LinkedHashMap<>();
    private final Map<BigDecimal, Long> gstRates = new LinkedHashMap<>();
    private final List<StateInfo> states = new ArrayList<>();
    private final Map<String, Long> ledgerGroups = new LinkedHashMap<>();
    private final List<InvoiceRef> invoices = new ArrayList<>();
    private final Map<Long, Long> invoiceParty = new LinkedHashMap<>();
    private final Map<Long, Boolean> invoiceSales = new LinkedHashMap<>();
    private final Map<String, Long> itemGroups = new LinkedHashMap<>();
    private final Map<String, Long> cities = new LinkedHashMap<>();
    private long nextId = 100;

    public InMemoryDirectory() {
        for (String[] s : new String[][] { { "4008", "Maharashtra", "27" }, { "4030", "Gujarat", "24" },
                { "4026", "Karnataka", "29" }, { "4021", "Delhi", "07" }, { "4035", "Tamil Nadu", "33" } }) {
            states.add(new StateInfo(Long.parseLong(s[0]), s[1], s[2], 101));
        }
        long id = 1;
        for (String rate : new String[] { "0", "0.1", "0.25", "1.5", "3", "5", "6", "7.5", "12", "18", "28" }) {
            gstRates.put(new BigDecimal(rate).stripTrailingZeros(), id++);
        }
        units.put("pcs", 1L);
        units.put("pieces", 1L);
        units.put("nos", 2L);
        units.put("kgs", 3L);
        units.put("kilograms", 3L);
        id = 1;
        for (String ledger : new String[] { "Cash", "Sales", "Purchase", "HDFC Bank", "Round Off",
                "Discount Allowed", "Freight Charges", "CGST", "SGST", "IGST" }) {
            ledgers.put(key(ledger), id++);
        }
        ledgerGroups.put(key("Sundry Debtors"), 18L);
        ledgerGroups.put(key("Sundry Creditors"), 9L);
        itemGroups.put(key("General"), 1L);
    }

    /** A registered party in the state its GSTIN names, with a billing address there. */
    public PartyLedger withParty(String name, String gstin) {
        StateInfo state = gstin == null ? state("Maharashtra") : stateOfGstin(gstin);
        PartyLedger party = new PartyLedger(nextId++, name, gstin,
                new PartyLedger.Address("1, Main Road", null, 101L, state.id(), null, "400001"), null);
        parties.add(party);
        ledgers.put(key(name), party.id());
        return party;
    }

    public InMemoryDirectory withLedger(String name, long id) {
        ledgers.put(key(name), id);
        return this;
    }

    public ItemMaster withItem(String name, boolean service, Long unitId, Long gstRateId) {
        ItemMaster item = new ItemMaster(nextId++, name, service, unitId, gstRateId, null, null);
        items.put(key(name), item);
        return item;
    }

    /** A party exactly as given (e.g. with the id a sandbox gave it). */
    public PartyLedger withParty(PartyLedger party) {
        parties.add(party);
        ledgers.put(key(party.name()), party.id());
        return party;
    }

    /** An item exactly as given (e.g. with the id a sandbox gave it). */
    public ItemMaster withItem(ItemMaster item) {
        items.put(key(item.name()), item);
        return item;
    }

    public InMemoryDirectory withItemGroup(String name, long id) {
        itemGroups.put(key(name), id);
        return this;
    }

    public InMemoryDirectory withLedgerGroup(String name, long id) {
        ledgerGroups.put(key(name), id);
        return this;
    }

    public InMemoryDirectory withUnit(String codeOrName, long id) {
        units.put(key(codeOrName), id);
        return this;
    }

    /** A city HisabKitab knows in a state (none are known unless added). */
    public InMemoryDirectory withCity(String name, long stateId, long id) {
        cities.put(stateId + "/" + key(name), id);
        return this;
    }

    public InvoiceRef withInvoice(long partyLedgerId, boolean sales, InvoiceRef invoice) {
        invoices.add(invoice);
        invoiceParty.put(invoice.transactionId(), partyLedgerId);
        invoiceSales.put(invoice.transactionId(), sales);
        return invoice;
    }

    @Override
    public CompanyProfile company() {
        return company;
    }

    @Override
    public PartyLedger party(PartyRef party) {
        return findParty(party.name(), party.gstin())
                .orElseThrow(() -> EventFailure.mapping("No party " + party.describe() + " in HisabKitab"));
    }

    @Override
    public Optional<PartyLedger> findParty(String name, String gstin) {
        if (gstin != null && !gstin.isBlank()) {
            Optional<PartyLedger> byGstin = parties.stream()
                    .filter(p -> p.gstin() != null && p.gstin().equalsIgnoreCase(gstin.trim())).findFirst();
            if (byGstin.isPresent()) {
                return byGstin;
            }
        }
        return name == null ? Optional.empty()
                : parties.stream().filter(p -> key(p.name()).equals(key(name))).findFirst();
    }

    @Override
    public long ledger(String name) {
        Long id = ledgers.get(key(name));
        if (id == null) {
            throw EventFailure.mapping("No ledger named \"" + name.trim() + "\" in HisabKitab");
        }
        return id;
    }

    @Override
    public ItemMaster item(String name) {
        return findItem(name)
                .orElseThrow(() -> EventFailure.mapping("No item named \"" + name.trim() + "\" in HisabKitab"));
    }

    @Override
    public Optional<ItemMaster> findItem(String name) {
        return Optional.ofNullable(items.get(key(name)));
    }

    @Override
    public long unit(String codeOrName) {
        Long id = units.get(key(codeOrName));
        if (id == null) {
            throw EventFailure.mapping("No unit of measurement \"" + codeOrName.trim() + "\" in HisabKitab");
        }
        return id;
    }

    @Override
    public long gstRate(BigDecimal percent) {
        Long id = gstRates.get(percent.stripTrailingZeros());
        if (id == null) {
            throw EventFailure.mapping("No GST rate of " + percent.toPlainString() + "% in HisabKitab");
        }
        return id;
    }

    @Override
    public StateInfo state(String name) {
        return states.stream().filter(s -> key(s.name()).equals(key(name))).findFirst()
                .orElseThrow(() -> EventFailure.mapping("No state named \"" + name.trim() + "\" in HisabKitab"));
    }

    @Override
    public StateInfo stateOfGstin(String gstin) {
        String code = gstin.trim().substring(0, 2);
        return states.stream().filter(s -> s.gstStateCode().equals(code)).findFirst().orElseThrow(
                () -> EventFailure.mapping("GSTIN " + gstin.trim() + " starts with " + code + ", which is no state's GST code"));
    }

    @Override
    public Optional<Long> city(String name, long stateId) {
        return Optional.ofNullable(cities.get(stateId + "/" + key(name)));
    }

    @Override
    public long country(String name) {
        if (key(name).equals("india")) {
            return 101;
        }
        throw EventFailure.mapping("No country named \"" + name.trim() + "\" in HisabKitab");
    }

    @Override
    public long ledgerGroup(String name) {
        Long id = ledgerGroups.get(key(name));
        if (id == null) {
            throw EventFailure.mapping("No ledger group named \"" + name.trim() + "\" in HisabKitab");
        }
        return id;
    }

    @Override
    public long itemGroup(String name) {
        Long id = itemGroups.get(key(name));
        if (id != null) {
            return id;
        }
        throw EventFailure.mapping("No item group named \"" + name.trim() + "\" in HisabKitab");
    }

    @Override
    public InvoiceRef invoice(String number, long partyLedgerId, boolean sales) {
        return invoices.stream()
                .filter(i -> i.number().equalsIgnoreCase(number.trim())
                        && invoiceParty.get(i.transactionId()) == partyLedgerId
                        && invoiceSales.get(i.transactionId()) == sales)
                .findFirst()
                .orElseThrow(() -> EventFailure.mapping("No " + (sales ? "sales" : "purchase") + " invoice "
                        + number.trim() + " of this party in HisabKitab"));
    }

    private static String key(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }
}

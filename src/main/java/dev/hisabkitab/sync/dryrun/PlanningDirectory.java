package dev.hisabkitab.sync.dryrun;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.hisabkitab.sync.business.masters.CompanyProfile;
import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.LiveDirectory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.masters.PartyRef;
import dev.hisabkitab.sync.business.masters.StateInfo;

/**
 * A company's {@link Directory} for one event of a dry run: every look-up goes to the live directory (GET calls,
 * cached as usual), but a party or item that {@code hisabkitab.auto-create} would create is not created. Its create
 * call is {@linkplain #planned() planned} instead (built by the same creator auto-create uses) and the mapping goes
 * on with a stand-in record whose id is negative (-1, -2…), so the plan shows the document as booking would send it
 * once the master exists. Without auto-create a missing party or item fails exactly as it does when booking.
 */
public final class PlanningDirectory implements Directory {

    private final Directory live;
    private final LiveDirectory.MasterCreator creator;
    private final MappingDefaults defaults;
    private final List<PlannedCreation> planned = new ArrayList<>();
    private final Map<String, PartyLedger> plannedParties = new HashMap<>();
    private final Map<String, ItemMaster> plannedItems = new HashMap<>();

    /**
     * @param live     the company's live directory; it must have been made without a creator when {@code creator}
     *                 is {@code null} (auto-create off), so that asking it for a missing master only fails
     * @param creator  how auto-create builds the create calls, or {@code null} when auto-create is off
     * @param defaults the names mappers fall back to (the unit of a created item)
     */
    public PlanningDirectory(Directory live, LiveDirectory.MasterCreator creator, MappingDefaults defaults) {
        this.live = live;
        this.creator = creator;
        this.defaults = defaults;
    }

    /** The masters booking would create first, in the order the mapping asked for them. */
    public List<PlannedCreation> planned() {
        return List.copyOf(planned);
    }

    @Override
    public CompanyProfile company() {
        return live.company();
    }

    @Override
    public PartyLedger party(PartyRef party) {
        Optional<PartyLedger> found = findParty(party.name(), party.gstin());
        if (found.isPresent()) {
            return found.get();
        }
        if (creator == null) {
            return live.party(party); // fails with the message booking gives (the live directory creates nothing)
        }
        long id = nextPlaceholder();
        PlannedCreation creation = new PlannedCreation("party " + party.describe() + " (" + party.role() + ")", id,
                creator.createParty(party, this));
        StateInfo state = stateOfCreated(party);
        PartyLedger.Address billing = new PartyLedger.Address(null, null,
                state != null ? state.countryId() : company().countryId(),
                state != null ? state.id() : company().stateId(), null, null);
        String name = blank(party.name()) ? party.gstin().trim() : party.name().trim();
        PartyLedger standIn = new PartyLedger(id, name, blank(party.gstin()) ? null : party.gstin().trim(), billing, null);
        planned.add(creation);
        if (!blank(party.gstin())) {
            plannedParties.put("gstin:" + key(party.gstin()), standIn);
        }
        if (!blank(party.name())) {
            plannedParties.put("name:" + key(party.name()), standIn);
        }
        return standIn;
    }

    /** The state auto-create gives a party: its GSTIN's, else the one the event names, else the company's (null). */
    private StateInfo stateOfCreated(PartyRef party) {
        if (!blank(party.gstin())) {
            return live.stateOfGstin(party.gstin());
        }
        return blank(party.stateName()) ? null : live.state(party.stateName());
    }

    @Override
    public Optional<PartyLedger> findParty(String name, String gstin) {
        Optional<PartyLedger> found = live.findParty(name, gstin);
        if (found.isPresent()) {
            return found;
        }
        PartyLedger standIn = blank(gstin) ? null : plannedParties.get("gstin:" + key(gstin));
        if (standIn == null && !blank(name)) {
            standIn = plannedParties.get("name:" + key(name));
        }
        return Optional.ofNullable(standIn);
    }

    @Override
    public long ledger(String name) {
        return live.ledger(name);
    }

    @Override
    public ItemMaster item(String name) {
        Optional<ItemMaster> found = findItem(name);
        if (found.isPresent()) {
            return found.get();
        }
        if (creator == null) {
            return live.item(name); // fails with the message booking gives
        }
        long id = nextPlaceholder();
        PlannedCreation creation = new PlannedCreation("item \"" + name.trim() + "\" (goods)", id,
                creator.createItem(name, this));
        ItemMaster standIn = new ItemMaster(id, name.trim(), false, live.unit(defaults.unit()), null, null, null);
        planned.add(creation);
        plannedItems.put(key(name), standIn);
        return standIn;
    }

    @Override
    public Optional<ItemMaster> findItem(String name) {
        Optional<ItemMaster> found = live.findItem(name);
        return found.isPresent() ? found : Optional.ofNullable(plannedItems.get(key(name)));
    }

    @Override
    public long unit(String codeOrName) {
        return live.unit(codeOrName);
    }

    @Override
    public long gstRate(BigDecimal percent) {
        return live.gstRate(percent);
    }

    @Override
    public StateInfo state(String name) {
        return live.state(name);
    }

    @Override
    public StateInfo stateOfGstin(String gstin) {
        return live.stateOfGstin(gstin);
    }

    @Override
    public Optional<Long> city(String name, long stateId) {
        return live.city(name, stateId);
    }

    @Override
    public long country(String name) {
        return live.country(name);
    }

    @Override
    public long ledgerGroup(String name) {
        return live.ledgerGroup(name);
    }

    @Override
    public long itemGroup(String name) {
        return live.itemGroup(name);
    }

    @Override
    public InvoiceRef invoice(String number, long partyLedgerId, boolean sales) {
        return live.invoice(number, partyLedgerId, sales);
    }

    private long nextPlaceholder() {
        return -(planned.size() + 1L);
    }

    /** Names match as the live directory matches them: case-insensitive, trimmed, inner spaces as one. */
    private static String key(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

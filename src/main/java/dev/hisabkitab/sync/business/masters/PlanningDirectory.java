package dev.hisabkitab.sync.business.masters;

import static dev.hisabkitab.sync.business.MappingSupport.decimal;
import static dev.hisabkitab.sync.business.MappingSupport.text;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.business.item.ItemMapper;
import dev.hisabkitab.sync.business.party.PartyMapper;
import dev.hisabkitab.sync.client.ApiCall;

/**
 * A company's {@link Directory} for one event of a dry run: every look-up goes to the live directory (GET calls,
 * cached as usual), but a party or item that {@code hisabkitab.auto-create} would create is not created. Its create
 * call is {@linkplain #planned() planned} instead (built by the same creator auto-create uses) and the mapping goes
 * on with a stand-in record whose id is negative (-1, -2…), so the plan shows the document as booking would send it
 * once the master exists. Without auto-create a missing party or item fails exactly as it does when booking.
 *
 * <p>Within one dropped file the stand-ins are remembered ({@link PlannedMasters}): a party or item that an earlier
 * event of the file creates (its party.upsert / item.upsert, or auto-create) is found by the later events, as
 * booking the file would find it.
 */
public final class PlanningDirectory implements Directory {

    private final Directory live;
    private final LiveDirectory.MasterCreator creator;
    private final MappingDefaults defaults;
    private final PlannedMasters masters;
    private final String company;
    private final String eventId;
    private final List<PlannedCreation> planned = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();

    /**
     * @param live     the company's live directory; it must have been made without a creator when {@code creator}
     *                 is {@code null} (auto-create off), so that asking it for a missing master only fails
     * @param creator  how auto-create builds the create calls, or {@code null} when auto-create is off
     * @param defaults the names mappers fall back to (the unit of a created item)
     * @param masters  what earlier events of the same file plan to create, and where this event's plans go
     * @param company  the company the directory is of
     * @param eventId  the event being planned (named in the notes of later events)
     */
    public PlanningDirectory(Directory live, LiveDirectory.MasterCreator creator, MappingDefaults defaults,
            PlannedMasters masters, String company, String eventId) {
        this.live = live;
        this.creator = creator;
        this.defaults = defaults;
        this.masters = masters;
        this.company = company;
        this.eventId = eventId;
    }

    /** The masters booking would create before this event's own call, in the order the mapping asked for them. */
    public List<PlannedCreation> planned() {
        return List.copyOf(planned);
    }

    /** What the plan's reader should know about the stand-in ids it holds. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * After the event mapped: a party.upsert or item.upsert that creates its master is remembered for the file's
     * later events, under an id of its own.
     */
    public void mapped(String eventType, JsonNode payload, ApiCall call) {
        if (!masters.wholeFile()) {
            return;
        }
        if (PartyMapper.EVENT_TYPE.equals(eventType) && call.operation().startsWith("ledger.create")) {
            long id = masters.nextId();
            String what = "party \"" + text(payload, "name") + "\" (" + text(payload, "role") + ")";
            masters.addParty(company, new PartyLedger(id, text(payload, "name"), upper(text(payload, "gstin")),
                    address(payload.path("billingAddress")), address(payload.get("shippingAddress"))),
                    createdEarlier(id, what));
            notes.add("Later events of this file name " + what + " as id " + id);
        } else if (ItemMapper.EVENT_TYPE.equals(eventType) && call.operation().startsWith("item.create")) {
            long id = masters.nextId();
            String what = "item \"" + text(payload, "name") + "\"";
            BigDecimal rate = decimal(payload, "gstRate");
            masters.addItem(company, new ItemMaster(id, text(payload, "name"), "service".equals(text(payload, "kind")),
                    live.unit(text(payload, "unit")), rate == null ? null : live.gstRate(rate), null, null),
                    createdEarlier(id, what));
            notes.add("Later events of this file name " + what + " as id " + id);
        }
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
        long id = masters.nextId();
        String what = "party " + party.describe() + " (" + party.role() + ")";
        PlannedCreation creation = new PlannedCreation(what, id, creator.createParty(party, this));
        StateInfo state = stateOfCreated(party);
        PartyLedger.Address billing = new PartyLedger.Address(null, null,
                state != null ? state.countryId() : company().countryId(),
                state != null ? state.id() : company().stateId(), null, null);
        String name = blank(party.name()) ? party.gstin().trim() : party.name().trim();
        PartyLedger standIn = new PartyLedger(id, name, upper(party.gstin()), billing, null);
        planned.add(creation);
        masters.addParty(company, standIn, createdEarlier(id, what) + " (hisabkitab.auto-create)");
        notes.add("Id " + id + " stands for " + what + ", which booking creates first (hisabkitab.auto-create)");
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
        return masters.party(company, name, gstin).map(p -> {
            notes.add(p.says());
            return p.record();
        });
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
        long id = masters.nextId();
        String what = "item \"" + name.trim() + "\"";
        PlannedCreation creation = new PlannedCreation(what, id, creator.createItem(name, this));
        ItemMaster standIn = new ItemMaster(id, name.trim(), false, live.unit(defaults.unit()), null, null, null);
        planned.add(creation);
        masters.addItem(company, standIn, createdEarlier(id, what) + " (hisabkitab.auto-create)");
        notes.add("Id " + id + " stands for " + what + ", which booking creates first (hisabkitab.auto-create)");
        return standIn;
    }

    @Override
    public Optional<ItemMaster> findItem(String name) {
        Optional<ItemMaster> found = live.findItem(name);
        if (found.isPresent()) {
            return found;
        }
        return masters.item(company, name).map(i -> {
            notes.add(i.says());
            return i.record();
        });
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

    private String createdEarlier(long id, String what) {
        return "Id " + id + " stands for " + what + ", which event " + eventId + " earlier in this file creates";
    }

    /** A party.upsert address as the ledger will hold it (ids resolved); {@code null} when absent. */
    private PartyLedger.Address address(JsonNode a) {
        if (a == null || a.isNull() || a.isMissingNode()) {
            return null;
        }
        StateInfo state = live.state(text(a, "state"));
        String country = text(a, "country");
        return new PartyLedger.Address(text(a, "line1"), text(a, "line2"),
                country != null ? live.country(country) : state.countryId(), state.id(),
                live.city(text(a, "city"), state.id()).orElse(null), text(a, "pincode"));
    }

    private static String upper(String gstin) {
        return blank(gstin) ? null : gstin.trim().toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

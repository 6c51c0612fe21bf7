package dev.hisabkitab.sync.business;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.LiveDirectory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyRef;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.HisabKitabGateway;
import dev.hisabkitab.sync.business.masters.PlannedMasters;
import dev.hisabkitab.sync.business.masters.PlanningDirectory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * Each company's master data as a {@link Directory} (one cache per company, settings hisabkitab.masters.*), and the
 * names mappers fall back to (hisabkitab.defaults.*). With hisabkitab.auto-create=true a missing party or item is
 * created through the same mappers a party.upsert / item.upsert event uses; in a dry run it is only planned
 * ({@link #planning}).
 */
@ApplicationScoped
@Named("masterData")
public class MasterData {

    private final Map<String, LiveDirectory> directories = new ConcurrentHashMap<>();

    @Inject
    HisabKitabGateway gateway;

    @Inject
    BusinessMappers mappers;

    @ConfigProperty(name = "hisabkitab.auto-create", defaultValue = "false")
    boolean autoCreate;

    @ConfigProperty(name = "hisabkitab.masters.cache-ttl", defaultValue = "PT10M")
    Duration timeToLive;

    @ConfigProperty(name = "hisabkitab.masters.miss-refresh-interval", defaultValue = "PT1S")
    Duration missRefreshInterval;

    @ConfigProperty(name = "hisabkitab.masters.page-size", defaultValue = "500")
    int pageSize;

    @ConfigProperty(name = "hisabkitab.defaults.sales-ledger", defaultValue = "Sales")
    String salesLedger;

    @ConfigProperty(name = "hisabkitab.defaults.purchase-ledger", defaultValue = "Purchase")
    String purchaseLedger;

    @ConfigProperty(name = "hisabkitab.defaults.unit", defaultValue = "PCS")
    String unit;

    @ConfigProperty(name = "hisabkitab.defaults.item-group", defaultValue = "General")
    String itemGroup;

    @ConfigProperty(name = "hisabkitab.defaults.customer-group", defaultValue = "Sundry Debtors")
    String customerGroup;

    @ConfigProperty(name = "hisabkitab.defaults.supplier-group", defaultValue = "Sundry Creditors")
    String supplierGroup;

    @ConfigProperty(name = "hisabkitab.defaults.country", defaultValue = "India")
    String country;

    public MappingDefaults defaults() {
        return new MappingDefaults(salesLedger, purchaseLedger, unit, itemGroup, customerGroup, supplierGroup, country);
    }

    /** The company's directory (created on first use, then cached). */
    public Directory directory(String company) {
        return live(company);
    }

    /**
     * The company's directory for one event of a dry run: the same look-ups, but a missing party or item that
     * auto-create would create is planned instead of created (docs/dry-run.md), and remembered in {@code planned}
     * with those of the event's file.
     */
    public PlanningDirectory planning(String company, PlannedMasters planned, String eventId) {
        return new PlanningDirectory(live(company), autoCreate ? new Creator() : null, defaults(), planned, company,
                eventId);
    }

    /**
     * Step {@code note-master-data-written}, after a successful call: a party or item created or updated
     * (party.upsert, item.upsert, api.ledger.create…, alone or in a master batch) is added to the company's cached list
     * as HisabKitab answered it, so the next event finds it without reading the list again; any other write of master
     * data, or an answer that does not show the record, makes the list stale (routes/process-event.yaml).
     *
     * @param result the call's answer ({@code hkResult}: the single call's, the record a batch answered for this
     *               event's create, or the record a refused create was adopted as); null when there is none
     */
    public void afterCall(ApiCall call, Reply.Result result) {
        if (call != null && call.company() != null && !call.operation().endsWith(".list")
                && directories.containsKey(call.company())) {
            directories.get(call.company()).written(call.operation(), result == null ? null : result.data());
        }
    }

    private LiveDirectory live(String company) {
        return directories.computeIfAbsent(company, c -> new LiveDirectory(c, gateway::call,
                new LiveDirectory.Settings(timeToLive, missRefreshInterval, pageSize), Clock.systemUTC(),
                autoCreate ? new Creator() : null));
    }

    /** Builds the party.upsert / item.upsert payload a missing master would have come with, and maps it. */
    private final class Creator implements LiveDirectory.MasterCreator {

        @Override
        public ApiCall createParty(PartyRef party, Directory directory) {
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            payload.put("role", party.role());
            payload.put("name", party.name() != null && !party.name().isBlank() ? party.name().trim() : party.gstin());
            if (party.gstin() != null && !party.gstin().isBlank()) {
                payload.put("gstin", party.gstin().trim());
            }
            // the party's state is recorded on its ledger and decides the tax of every later document: from its
            // GSTIN or the event's place of supply, never the company's state put there as a guess
            boolean registered = party.gstin() != null && !party.gstin().isBlank();
            if (!registered && party.stateName() == null) {
                throw EventFailure.mapping("Party " + party.describe() + " is not in HisabKitab, and to create it "
                        + "(hisabkitab.auto-create) its state must be known: give its GSTIN or the event's "
                        + "placeOfSupply, or create it first with a party.upsert that has its address");
            }
            String state = registered ? directory.stateOfGstin(party.gstin()).name() : party.stateName();
            payload.putObject("billingAddress").put("state", state);
            return mapper("party.upsert").map(payload, null, directory, defaults());
        }

        @Override
        public ApiCall createItem(String name, Directory directory) {
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            payload.put("name", name.trim()).put("kind", "goods").put("unit", defaults().unit());
            return mapper("item.upsert").map(payload, null, directory, defaults());
        }

        private BusinessMapper mapper(String type) {
            return mappers.forType(type)
                    .orElseThrow(() -> EventFailure.mapping("Cannot create masters: no " + type + " mapper"));
        }
    }
}

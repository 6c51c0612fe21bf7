package dev.hisabkitab.sync.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.sandbox.RecordKind.Prepared;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/**
 * What the sandbox does for each catalogue operation: the behaviour follows from the operation's action (list,
 * create*, batch-create, detail/edit, update, delete, batch-delete, duplicate, next-number, configuration, look-ups
 * and the few special ones), the resource's rules from {@code sandbox-rules.yaml}. The two tables below are the whole
 * routing: {@link #kinds} says which class validates and shows each kind of resource, {@link #actions} which one
 * answers each action. Callers hold the company's lock.
 */
final class SandboxApi {

    /** A successful answer. */
    record Answer(int status, JsonNode data, String message, String operation, boolean committedCreate) {
    }

    /** One request, routed: the company, the resource's rules, the record id of the path (if any), query and body. */
    private record Call(SandboxCompany c, ResourceRule rule, Router.Match match, Long id, ObjectNode query, JsonNode body,
            String operation) {

        Answer ok(JsonNode data, String message) {
            return new Answer(200, data, message, operation, false);
        }

        /** The record of the path's id; 404 when there is none. */
        StoredRecord record() {
            return Records.find(c, rule, id);
        }
    }

    private interface Action {
        Answer answer(Call call);
    }

    final EndpointCatalogue catalogue;
    final SandboxRules rules;
    final Router router;
    /**
     * Whether a document number or master name already used is accepted again. HisabKitab documents no refusal of
     * repeated numbers for every voucher type (journals, receipts, payments) nor of masters by name: with this on, only
     * the connector's own bookkeeping can keep an event from being booked twice (the tests of that guarantee).
     */
    volatile boolean acceptRepeats;
    /** Master names refused as invalid (HisabKitabSandbox#refuseMasterName). */
    final java.util.Set<String> refusedNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The sandbox's faults (HisabKitabSandbox sets them; null: none), read by batch creates. */
    volatile SandboxFaults faults;
    /** False: each company's document series are configured without a prefix (numbers shown as sent). */
    volatile boolean seriesPrefixes = true;

    private final Records records = new Records(this);
    private final DocumentApi documents;
    private final LedgerApi ledgers;
    private final ItemApi items;
    private final SandboxSeed seeds;
    /** Each resource kind of the rules and the class that validates and shows its records. */
    private final Map<String, RecordKind> kinds;
    /** What answers each action; a POST create or create-* is {@link #create}, an action not here any JSON object. */
    private final Map<String, Action> actions;

    SandboxApi(EndpointCatalogue catalogue, SandboxRules rules, JsonNode seed) {
        this.catalogue = catalogue;
        this.rules = rules;
        this.router = new Router(catalogue);
        this.documents = new DocumentApi(rules);
        this.ledgers = new LedgerApi(rules);
        this.items = new ItemApi();
        this.seeds = new SandboxSeed(this, seed);
        this.kinds = Map.of(
                "document", documents,
                "journal", new JournalApi(rules),
                "voucher", new VoucherApi(rules),
                "ledger", ledgers,
                "item", items,
                "master", new MasterApi(rules, false),
                "lookup", new MasterApi(rules, true));
        this.actions = actions();
        for (Endpoint e : catalogue.endpoints()) {
            if (!rules.resources.containsKey(e.resource())) {
                throw new IllegalStateException(SandboxRules.RESOURCE + " has no rules for resource " + e.resource()
                        + " of operation " + e.operation());
            }
        }
        if (!kinds.keySet().containsAll(SandboxRules.KINDS)) {
            throw new IllegalStateException("The sandbox serves no resource kind of " + SandboxRules.KINDS + " missing from " + kinds.keySet());
        }
    }

    private Map<String, Action> actions() {
        Map<String, Action> t = new HashMap<>();
        // every resource's records
        t.put("list", x -> x.ok(records.list(x.c(), x.rule(), x.query()), x.rule().title + " List"));
        t.put("batch-create", x -> new Answer(200, records.batchCreate(x.c(), x.rule(), x.match().endpoints(), x.body()),
                x.rule().messages.getOrDefault("batch-created", x.rule().title + "s Created Successfully."), x.operation(), true));
        t.put("detail", x -> x.ok(x.record().view.deepCopy(), x.rule().title + " Detail"));
        t.put("edit", t.get("detail"));
        t.put("update", x -> {
            StoredRecord r = create(x.c(), x.rule(), x.match().endpoints(), x.body(), x.record());
            return x.ok(kind(x.rule()).createdData(x.rule(), r), kind(x.rule()).updatedMessage(x.rule(), r));
        });
        t.put("delete", x -> {
            x.record();
            records.refuseIfReferenced(x.c(), x.rule(), x.id(), "id");
            x.c().remove(x.rule().name, x.id());
            return x.ok(Json.array(), x.rule().message("deleted"));
        });
        t.put("batch-delete", x -> x.ok(records.batchDelete(x.c(), x.rule(), x.body()), x.rule().title + "s Deleted Successfully"));
        t.put("delete-media", x -> {
            MediaApi.deleteMedia(x.c(), x.id());
            return x.ok(Json.array(), "Media Deleted Successfully");
        });
        // documents
        t.put("next-number", x -> x.ok(Json.F.textNode(DocumentSeries.nextNumber(x.c(), x.rule())), "Next Invoice Number"));
        t.put("duplicate", x -> x.ok(documents.duplicate(x.c(), x.rule(), x.record()), x.rule().title + " Detail"));
        for (String derived : List.of("get-for-return", "create-challan", "create-sale")) {
            t.put(derived, x -> x.ok(documents.derive(x.c(), x.rule(), x.record(), derived), x.rule().title + " Detail"));
        }
        t.put("book", x -> x.ok(documents.book(x.c(), x.rule(), x.record(), x.body()), x.rule().title + " Booked Successfully"));
        t.put("configuration", x -> x.ok(x.c().configuration(x.rule()).deepCopy(), x.rule().title + " Configuration"));
        t.put("update-configuration", x -> x.ok(DocumentSeries.updateConfiguration(x.c(), x.rule(),
                x.match().parameters().get("type"), x.body()), "Configuration Updated Successfully."));
        t.put("update-configuration-with-type", t.get("update-configuration"));
        // ledgers
        t.put("check-unique-gstin", x -> x.ok(ledgers.checkUniqueGstin(x.c(), x.id(), x.query()), "GST Number checked."));
        t.put("check-unique-gstin-with-ledger", t.get("check-unique-gstin"));
        t.put("add-location", x -> {
            ResourceRule location = rule("location");
            StoredRecord r = create(x.c(), location, x.match().endpoints(), x.body(), null);
            return x.ok(r.view.deepCopy(), location.message("created"));
        });
        t.put("holding-profit-ratio", x -> x.ok(ledgers.holdingProfitRatio(x.c(), x.query()), "Holding & Profit Ratio"));
        t.put("tds-tax-data", x -> x.ok(ledgers.taxData(x.c(), "Taxes - TDS", x.query()), "Ledger TDS Tax Data"));
        t.put("tcs-tax-data", x -> x.ok(ledgers.taxData(x.c(), "Taxes - TCS", x.query()), "Ledger TCS Tax Data"));
        // items
        t.put("form-details", x -> x.ok(items.formDetails(x.c(), x.query()), "Item Form Details"));
        // the company
        t.put("details", x -> x.ok(x.c().details.deepCopy(), "Company Details"));
        return Map.copyOf(t);
    }

    ResourceRule rule(String resource) {
        ResourceRule r = rules.resources.get(resource);
        if (r == null) {
            throw new IllegalArgumentException("The sandbox has no resource " + resource);
        }
        return r;
    }

    RecordKind kind(ResourceRule rule) {
        return kinds.get(rule.kind);
    }

    Answer handle(SandboxCompany c, Router.Match match, String method, ObjectNode query, JsonNode body) {
        Endpoint first = match.endpoints().get(0);
        ResourceRule rule = rule(first.resource());
        String action = first.action();
        Long id = null;
        String rawId = match.parameters().get("id");
        if (rawId != null) {
            id = Requests.parseId(rawId);
            if (id == null) {
                throw SandboxApiException.notFound(rule.title + " not found.");
            }
        }
        if (method.equals("POST") && (action.equals("create") || action.startsWith("create-"))) {
            StoredRecord r = create(c, rule, match.endpoints(), body, null);
            return new Answer(200, kind(rule).createdData(rule, r), kind(rule).createdMessage(rule, r), r.operation, true);
        }
        Action a = actions.get(action);
        if (a == null) {
            // An operation the rules give no behaviour: accept any JSON object, still checking dates.
            Requests.genericBody(body, query);
            return new Answer(200, Json.object(), rule.title + " " + action, first.operation(), false);
        }
        return a.answer(new Call(c, rule, match, id, query, body, first.operation()));
    }

    /** For {@link SandboxCompany#create}: the operation's endpoint and those sharing its method and path. */
    StoredRecord createRecord(SandboxCompany c, String operation, JsonNode body) {
        Endpoint e = catalogue.find(operation).orElseThrow(() -> new IllegalArgumentException("No operation " + operation));
        if (!e.method().equals("POST") || !(e.action().equals("create") || e.action().startsWith("create-")
                || e.action().equals("add-location"))) {
            throw new IllegalArgumentException(operation + " does not create a record");
        }
        List<Endpoint> candidates = new ArrayList<>();
        for (Endpoint x : catalogue.endpoints()) {
            if (x.method().equals(e.method()) && x.path().equals(e.path())) {
                candidates.add(x);
            }
        }
        ResourceRule rule = e.action().equals("add-location") ? rule("location") : rule(e.resource());
        return create(c, rule, candidates, body, null);
    }

    /** Validates and stores a create (existing == null) or an update (replacing existing). */
    StoredRecord create(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, JsonNode rawBody, StoredRecord existing) {
        ObjectNode body = Requests.requireObject(rawBody);
        if (rule.uniqueName != null && refusedNames.contains(Json.text(body, rule.uniqueName))) {
            throw SandboxApiException.invalid(rule.uniqueName, "The " + Validator.attribute(rule.uniqueName)
                    + " is not accepted by this account.");
        }
        Long selfId = existing == null ? null : existing.id;
        RecordKind kind = kind(rule);
        Prepared p = kind.prepare(c, rule, candidates, body, selfId);
        Instant now = Instant.now();
        StoredRecord r = existing != null ? existing : new StoredRecord(c.nextId(rule.name), now);
        r.operation = p.operation();
        r.body = p.body();
        r.updatedAt = now;
        r.number = rule.number == null ? null : Json.text(p.body(), rule.number);
        r.date = rule.date == null ? null : Dates.parse(Json.text(p.body(), rule.date));
        r.partyId = rule.party == null ? null : Json.integer(p.body().get(rule.party));
        r.view = kind.view(c, rule, r, p);
        c.store(rule.name, r);
        Long used = rule.number == null ? null : DocumentSeries.seriesNumber(c, rule, r.number);
        if (used != null) {
            c.noteNumber(rule.name, used);
        }
        List<JsonNode> uploads = new ArrayList<>();
        MediaApi.collectUploads(p.body(), uploads);
        for (JsonNode upload : uploads) {
            MediaApi.addMedia(c, rule.name, r, upload);
        }
        return r;
    }

    String nextNumber(SandboxCompany c, ResourceRule rule) {
        return DocumentSeries.nextNumber(c, rule);
    }

    ObjectNode defaultConfiguration(ResourceRule rule) {
        ObjectNode config = DocumentSeries.defaultConfiguration(rule);
        if (!seriesPrefixes) {
            config.put("prefix", "");
        }
        return config;
    }

    long addMedia(SandboxCompany c, String resource, StoredRecord owner, JsonNode upload) {
        return MediaApi.addMedia(c, resource, owner, upload);
    }

    void seed(SandboxCompany c) {
        seeds.seed(c);
    }
}

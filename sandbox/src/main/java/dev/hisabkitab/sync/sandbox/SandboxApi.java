package dev.hisabkitab.sync.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.sandbox.SandboxRules.FieldRule;
import dev.hisabkitab.sync.sandbox.SandboxRules.LedgerAction;
import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/**
 * What the sandbox does for each catalogue operation: the behaviour follows from the operation's action
 * (list, create*, batch-create, detail/edit, update, delete, batch-delete, duplicate, next-number, configuration,
 * look-ups and the few special ones), the resource's rules from {@code sandbox-rules.yaml}. Callers hold the
 * company's lock.
 */
final class SandboxApi {

    /** A successful answer. */
    record Answer(int status, JsonNode data, String message, String operation, boolean committedCreate) {
    }

    private static final Set<String> FLATTENED_BLOCKS = Set.of("broker_details", "transport_details", "eway_bill_details",
            "other_details", "tcs_details", "tds_details");
    private static final Instant SEEDED_AT = Instant.parse("2023-02-10T04:22:56Z");

    final EndpointCatalogue catalogue;
    final SandboxRules rules;
    final Router router;
    private final JsonNode seed;
    /**
     * Whether a document number or master name already used is accepted again. HisabKitab documents no refusal of
     * repeated numbers for every voucher type (journals, receipts, payments) nor of masters by name: with this on, only
     * the connector's own bookkeeping can keep an event from being booked twice (the tests of that guarantee).
     */
    volatile boolean acceptRepeats;

    SandboxApi(EndpointCatalogue catalogue, SandboxRules rules, JsonNode seed) {
        this.catalogue = catalogue;
        this.rules = rules;
        this.router = new Router(catalogue);
        this.seed = seed;
        for (Endpoint e : catalogue.endpoints()) {
            if (!rules.resources.containsKey(e.resource())) {
                throw new IllegalStateException(SandboxRules.RESOURCE + " has no rules for resource " + e.resource()
                        + " of operation " + e.operation());
            }
        }
    }

    ResourceRule rule(String resource) {
        ResourceRule r = rules.resources.get(resource);
        if (r == null) {
            throw new IllegalArgumentException("The sandbox has no resource " + resource);
        }
        return r;
    }

    // =====================================================================================================
    // dispatch

    Answer handle(SandboxCompany c, Router.Match match, String method, ObjectNode query, JsonNode body) {
        Endpoint first = match.endpoints().get(0);
        ResourceRule rule = rule(first.resource());
        String action = first.action();
        Long id = null;
        String rawId = match.parameters().get("id");
        if (rawId != null) {
            id = parseId(rawId);
            if (id == null) {
                throw SandboxApiException.notFound(rule.title + " not found.");
            }
        }
        String op = first.operation();
        if (method.equals("POST") && (action.equals("create") || action.startsWith("create-"))) {
            StoredRecord r = create(c, rule, match.endpoints(), body, null);
            return new Answer(200, createdData(rule, r), createdMessage(rule, r), r.operation, true);
        }
        switch (action) {
            case "list":
                return new Answer(200, list(c, rule, query), rule.title + " List", op, false);
            case "next-number":
                return new Answer(200, Json.F.textNode(nextNumber(c, rule)), "Next Invoice Number", op, false);
            case "batch-create":
                return new Answer(200, batchCreate(c, rule, match.endpoints(), body), batchMessage(rule), op, true);
            case "detail":
            case "edit":
                return new Answer(200, find(c, rule, id).view.deepCopy(), rule.title + " Detail", op, false);
            case "update": {
                StoredRecord existing = find(c, rule, id);
                StoredRecord r = create(c, rule, match.endpoints(), body, existing);
                return new Answer(200, createdData(rule, r), updatedMessage(rule, r), op, false);
            }
            case "delete":
                find(c, rule, id);
                refuseIfReferenced(c, rule, id, "id");
                c.remove(rule.name, id);
                return new Answer(200, Json.array(), rule.message("deleted"), op, false);
            case "batch-delete":
                return new Answer(200, batchDelete(c, rule, body), rule.title + "s Deleted Successfully", op, false);
            case "duplicate":
                return new Answer(200, duplicate(c, rule, find(c, rule, id)), rule.title + " Detail", op, false);
            case "get-for-return":
            case "create-challan":
            case "create-sale":
                return new Answer(200, derive(c, rule, find(c, rule, id), action), rule.title + " Detail", op, false);
            case "book":
                return new Answer(200, book(c, rule, find(c, rule, id), body), rule.title + " Booked Successfully", op, false);
            case "configuration":
                return new Answer(200, c.configuration(rule).deepCopy(), rule.title + " Configuration", op, false);
            case "update-configuration":
            case "update-configuration-with-type":
                return new Answer(200, updateConfiguration(c, rule, match.parameters().get("type"), body),
                        "Configuration Updated Successfully.", op, false);
            case "check-unique-gstin":
            case "check-unique-gstin-with-ledger":
                return new Answer(200, checkUniqueGstin(c, id, query), "GST Number checked.", op, false);
            case "add-location": {
                ResourceRule location = rule("location");
                StoredRecord r = create(c, location, match.endpoints(), body, null);
                return new Answer(200, r.view.deepCopy(), location.message("created"), op, false);
            }
            case "delete-media":
                deleteMedia(c, id);
                return new Answer(200, Json.array(), "Media Deleted Successfully", op, false);
            case "holding-profit-ratio":
                return new Answer(200, holdingProfitRatio(c, query), "Holding & Profit Ratio", op, false);
            case "tds-tax-data":
                return new Answer(200, taxData(c, "Taxes - TDS", query), "Ledger TDS Tax Data", op, false);
            case "tcs-tax-data":
                return new Answer(200, taxData(c, "Taxes - TCS", query), "Ledger TCS Tax Data", op, false);
            case "form-details":
                return new Answer(200, itemFormDetails(c, query), "Item Form Details", op, false);
            case "details":
                return new Answer(200, c.details.deepCopy(), "Company Details", op, false);
            default:
                // An operation the rules give no behaviour: accept any JSON object, still checking dates.
                genericBody(body, query);
                return new Answer(200, Json.object(), rule.title + " " + action, op, false);
        }
    }

    private static Long parseId(String raw) {
        if (!raw.matches("\\d{1,18}")) {
            return null;
        }
        long id = Long.parseLong(raw);
        return id > 0 ? id : null;
    }

    private StoredRecord find(SandboxCompany c, ResourceRule rule, Long id) {
        StoredRecord r = id == null ? null : c.collection(rule.name).get(id);
        if (r == null) {
            throw SandboxApiException.notFound(rule.title + " not found.");
        }
        return r;
    }

    private static ObjectNode requireObject(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return Json.object();
        }
        if (!body.isObject()) {
            throw SandboxApiException.invalid("body", "The request body must be a JSON object.");
        }
        return (ObjectNode) Json.laravelInput(body);
    }

    private void genericBody(JsonNode body, ObjectNode query) {
        Validator v = new Validator(null);
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            requireObject(body);
            v.checkUndeclaredDates(Json.laravelInput(body), "");
        }
        v.checkUndeclaredDates(query, "");
        v.throwIfInvalid();
    }

    // =====================================================================================================
    // create / update

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

    /** What the validation decided about a body. */
    private record Prepared(String operation, ObjectNode body, String mode, LedgerAction ledgerAction) {
    }

    /** Validates and stores a create (existing == null) or an update (replacing existing). */
    StoredRecord create(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, JsonNode rawBody, StoredRecord existing) {
        ObjectNode body = requireObject(rawBody);
        Long selfId = existing == null ? null : existing.id;
        Prepared p = switch (rule.kind) {
            case "document" -> prepareDocument(c, rule, candidates, body, selfId);
            case "journal" -> prepareJournal(c, rule, candidates, body, selfId);
            case "ledger" -> prepareLedger(c, rule, candidates, body, selfId);
            case "item" -> prepareItem(c, rule, candidates, body, selfId);
            case "lookup" -> throw SandboxApiException.of(405, "The " + rule.title + " list is read only.");
            default -> preparePlain(c, rule, candidates, body, selfId);
        };
        Instant now = Instant.now();
        StoredRecord r = existing != null ? existing : new StoredRecord(c.nextId(rule.name), now);
        r.operation = p.operation();
        r.body = p.body();
        r.updatedAt = now;
        r.number = rule.number == null ? null : Json.text(p.body(), rule.number);
        r.date = rule.date == null ? null : Dates.parse(Json.text(p.body(), rule.date));
        r.partyId = rule.party == null ? null : Json.integer(p.body().get(rule.party));
        r.view = switch (rule.kind) {
            case "document" -> documentView(c, rule, r, p.mode());
            case "journal" -> journalView(c, r);
            case "voucher" -> voucherView(c, rule, r);
            case "ledger" -> ledgerView(c, r, p.ledgerAction());
            case "item" -> itemView(c, r, p.mode());
            default -> masterView(c, r);
        };
        c.store(rule.name, r);
        Long used = rule.number == null ? null : seriesNumber(c, rule, r.number);
        if (used != null) {
            c.noteNumber(rule.name, used);
        }
        List<JsonNode> uploads = new ArrayList<>();
        collectUploads(p.body(), uploads);
        for (JsonNode upload : uploads) {
            addMedia(c, rule.name, r, upload);
        }
        return r;
    }

    private static String pick(List<Endpoint> candidates, String action, Validator v, String field, String message) {
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? action : candidates.get(0).operation();
        }
        for (Endpoint e : candidates) {
            if (e.action().equals(action)) {
                return e.operation();
            }
        }
        v.error(field, message);
        return null;
    }

    private Prepared prepareDocument(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        List<FieldRule> fieldRules = new ArrayList<>(rule.fields.values());
        String mode = null;
        if (rule.itemType != null) {
            String field = rule.itemType.field;
            String attr = Validator.attribute(field);
            JsonNode t = body.get(field);
            if (Json.isBlank(t)) {
                String dm = rule.itemType.defaultMode;
                if (dm == null) {
                    v.error(field, "The " + attr + " field is required.");
                } else if (dm.equals("infer")) {
                    if (!Json.isBlank(body.get("items"))) {
                        mode = "item";
                    } else if (!Json.isBlank(body.get("ledgers"))) {
                        mode = "accounting";
                    } else {
                        v.error(field, "The " + attr + " field is required when neither items nor ledgers is present.");
                    }
                } else {
                    // a documented server default (credit note: "nullable, defaults to 2") is stored like a sent value;
                    // an inferred mode is not written under the (unverified) field name
                    mode = rule.itemType.mode(Long.parseLong(dm));
                    if (mode != null) {
                        body.put(field, rule.itemType.values.get(mode));
                    }
                }
            } else {
                Long value = t.isBoolean() ? null : Json.integer(t);
                if (value == null) {
                    v.error(field, "The " + attr + " must be an integer.");
                } else {
                    mode = rule.itemType.mode(value);
                    if (mode == null) {
                        v.error(field, "The selected " + attr + " is invalid.");
                    } else {
                        body.put(field, value);
                    }
                }
            }
        } else if (rule.linesRequired != null) {
            mode = "item";
        }
        String operation = null;
        String lines = null;
        if (mode != null) {
            lines = rule.linesRequired != null ? rule.linesRequired : mode.equals("item") ? "items" : "ledgers";
            fieldRules.add(new FieldRule(lines, "array", true, 1));
            operation = rule.itemType == null ? pick(candidates, "create", v, "items", "")
                    : pick(candidates, "create-" + mode, v, rule.itemType.field,
                            "The selected " + Validator.attribute(rule.itemType.field) + " is invalid.");
        }
        v.validate(body, fieldRules, rule.name, selfId);
        if (v.errors().isEmpty() && "document".equals(rule.arithmetic) && lines != null) {
            v.arithmetic(rules.arithmetic).document(body, lines);
        }
        v.throwIfInvalid();
        return new Prepared(operation, body, mode, null);
    }

    private Prepared prepareLedger(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        List<FieldRule> fieldRules = new ArrayList<>(rule.fields.values());
        JsonNode a = body.get("action");
        LedgerAction ledgerAction = null;
        String operation = null;
        if (!Json.isBlank(a) && a.isTextual()) {
            ledgerAction = rule.actions.get(a.asText());
            if (ledgerAction == null) {
                v.error("action", "The selected action is invalid. Known actions: " + String.join(", ", rule.actions.keySet()) + ".");
            } else {
                fieldRules.addAll(ledgerAction.fields.values());
                operation = pick(candidates, ledgerAction.operation, v, "action", "The selected action is invalid.");
            }
        }
        v.validate(body, fieldRules, rule.name, selfId);
        v.throwIfInvalid();
        return new Prepared(operation, body, null, ledgerAction);
    }

    private Prepared prepareItem(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        v.validate(body, rule.fields.values(), rule.name, selfId);
        String mode = null;
        String operation = null;
        Long type = Json.integer(body.get(rule.itemType.field));
        if (type != null) {
            mode = rule.itemType.mode(type);
            if (mode != null) {
                operation = pick(candidates, "create-" + mode, v, rule.itemType.field, "The selected item type is invalid.");
            }
        }
        v.throwIfInvalid();
        return new Prepared(operation, body, mode, null);
    }

    private Prepared preparePlain(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        v.validate(body, rule.fields.values(), rule.name, selfId);
        if (v.errors().isEmpty() && "voucher".equals(rule.arithmetic)) {
            v.arithmetic(rules.arithmetic).voucher(body);
        }
        v.throwIfInvalid();
        return new Prepared(candidates.isEmpty() ? null : candidates.get(0).operation(), body, null, null);
    }

    /**
     * Journals come in two documented forms: JSON rows in {@code ledger_amount_data[]} (newer partial page) or the
     * multipart form's parallel arrays {@code ledger_id[]}, {@code amount[]}, {@code debit_credit_type[]} with
     * ledger-id keyed settlement arrays (full page 001). Both are accepted; the arithmetic (debits balance credits,
     * debit_total/credit_total are their sums; the vendor's own example sends 85000/85000 for rows of 1500/1500 and
     * is refused) is {@link SandboxArithmetic#journal}.
     */
    private Prepared prepareJournal(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, ObjectNode body, Long selfId) {
        Validator v = new Validator(c);
        v.validate(body, rule.fields.values(), rule.name, selfId);
        if (!v.errors().isEmpty()) {
            v.throwIfInvalid();
        }
        ArrayNode rows = Json.array();
        String rowsField;
        if (!Json.isBlank(body.get("ledger_amount_data"))) {
            rowsField = "ledger_amount_data";
            for (JsonNode row : body.get("ledger_amount_data")) {
                ObjectNode r = Json.object();
                r.set("ledger_id", row.get("ledger_id"));
                r.set("amount", row.get("amount"));
                r.set("debit_credit_type", row.get("debit_credit_type"));
                r.put("is_manage_transaction", row.path("is_manage_transaction").asInt(0));
                rows.add(r);
            }
        } else if (!Json.isBlank(body.get("ledger_id")) || !Json.isBlank(body.get("amount"))
                || !Json.isBlank(body.get("debit_credit_type"))) {
            rowsField = "amount";
            int n = body.path("ledger_id").size();
            for (String f : List.of("ledger_id", "amount", "debit_credit_type")) {
                if (Json.isBlank(body.get(f))) {
                    v.error(f, "The " + Validator.attribute(f) + " field is required.");
                } else if (body.get(f).size() != n) {
                    v.error(f, "The " + Validator.attribute(f) + " must have one entry per ledger id (" + n + ").");
                }
            }
            v.throwIfInvalid();
            JsonNode credits = body.path("is_manage_credit_transaction");
            for (int i = 0; i < n; i++) {
                ObjectNode r = Json.object();
                long ledger = body.get("ledger_id").get(i).asLong();
                long type = body.get("debit_credit_type").get(i).asLong();
                r.put("ledger_id", ledger);
                r.set("amount", body.get("amount").get(i));
                r.put("debit_credit_type", type);
                int manage = type == 1 ? body.path("is_manage_debit_transaction").asInt(0)
                        : credits.path(String.valueOf(ledger)).path(0).asInt(0);
                r.put("is_manage_transaction", manage);
                rows.add(r);
            }
        } else {
            v.error("ledger_amount_data", "The ledger amount data field is required when ledger id is not present.");
            v.throwIfInvalid();
            return null;
        }
        if ("journal".equals(rule.arithmetic)) {
            v.arithmetic(rules.arithmetic).journal(rows, rowsField, body);
        }
        v.throwIfInvalid();
        ObjectNode canonical = body.deepCopy();
        canonical.set("journal_rows", rows);
        if (rowsField.equals("amount")) {
            canonical.set("journal_debit_settlements", keyedSettlements(body, "debit", "paid_amount"));
            canonical.set("journal_credit_settlements", keyedSettlements(body, "credit", "received_amount"));
        }
        return new Prepared(candidates.isEmpty() ? null : candidates.get(0).operation(), canonical, null, null);
    }

    /** The multipart form's {@code debit_*[<ledgerId>][]} arrays as rows. */
    private static ArrayNode keyedSettlements(ObjectNode body, String side, String amountName) {
        ArrayNode out = Json.array();
        JsonNode ledgers = body.path(side + "_ledger_id");
        Iterator<String> keys = ledgers.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            JsonNode list = ledgers.get(key);
            for (int i = 0; i < list.size(); i++) {
                ObjectNode row = Json.object();
                row.set("ledger_id", list.get(i));
                row.set("transaction_id", body.path(side + "_transaction_id").path(key).path(i));
                row.set("invoice_number", body.path(side + "_invoice_number").path(key).path(i));
                row.set("bill_type", body.path(side + "_bill_type").path(key).path(i));
                row.set(amountName, body.path(side + "_" + (side.equals("debit") ? "paid_amount" : "received_amount")).path(key).path(i));
                row.set("discount_amount", body.path(side + "_discount_amount").path(key).path(i));
                row.set("rounding_amount", body.path(side + "_rounding_amount").path(key).path(i));
                row.fields().forEachRemaining(e -> {
                    if (e.getValue().isMissingNode()) {
                        row.putNull(e.getKey());
                    }
                });
                out.add(row);
            }
        }
        return out;
    }

    private JsonNode createdData(ResourceRule rule, StoredRecord r) {
        if (rule.kind.equals("document") && rule.wrapper != null) {
            ObjectNode data = Json.object();
            data.set(rule.wrapper, r.view.deepCopy());
            data.put("transaction_id", r.id);
            data.put("e_invoice_is_create", false);
            return data;
        }
        return r.view.deepCopy();
    }

    private String createdMessage(ResourceRule rule, StoredRecord r) {
        if (rule.kind.equals("ledger")) {
            return r.view.path("action").asText() + " Created Successfully.";
        }
        return rule.message("created");
    }

    private String updatedMessage(ResourceRule rule, StoredRecord r) {
        if (rule.kind.equals("ledger")) {
            return r.view.path("action").asText() + " Updated Successfully.";
        }
        return rule.message("updated");
    }

    private static String batchMessage(ResourceRule rule) {
        return rule.messages.getOrDefault("batch-created", rule.title + "s Created Successfully.");
    }

    private JsonNode batchCreate(SandboxCompany c, ResourceRule rule, List<Endpoint> candidates, JsonNode rawBody) {
        JsonNode body = rawBody;
        if (body != null && body.isObject() && sequentialKeys(body)) {
            ArrayNode a = Json.array();
            body.forEach(a::add);
            body = a;
        }
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw SandboxApiException.invalid("body", "The request body must be a JSON array of at least one record.");
        }
        // The single create's operations (e.g. every ledger type) choose each element's type.
        List<Endpoint> single = new ArrayList<>();
        for (Endpoint e : catalogue.endpoints()) {
            if (e.resource().equals(rule.name) && e.method().equals("POST")
                    && (e.action().equals("create") || e.action().startsWith("create-"))) {
                single.add(e);
            }
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<StoredRecord> created = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                created.add(create(c, rule, single, body.get(i), null));
            } catch (SandboxApiException e) {
                if (e.status != 422) {
                    throw e;
                }
                int index = i;
                e.errors().forEach((k, msgs) -> {
                    List<String> prefixed = new ArrayList<>();
                    msgs.forEach(m -> prefixed.add(m.replace("The " + Validator.attribute(k), "The " + index + "." + Validator.attribute(k))
                            .replace("The selected " + Validator.attribute(k), "The selected " + index + "." + Validator.attribute(k))));
                    errors.put(index + "." + k, prefixed);
                });
            }
        }
        if (!errors.isEmpty()) {
            created.forEach(r -> c.remove(rule.name, r.id)); // one transaction: all or nothing
            throw SandboxApiException.invalid(errors);
        }
        ArrayNode out = Json.array();
        created.forEach(r -> out.add(r.view.deepCopy()));
        return out;
    }

    private static boolean sequentialKeys(JsonNode obj) {
        int i = 0;
        Iterator<String> it = obj.fieldNames();
        while (it.hasNext()) {
            if (!it.next().equals(String.valueOf(i++))) {
                return false;
            }
        }
        return i > 0;
    }

    /** Batch delete: the body's {@code ids} array (or a bare array of ids); the body is not documented. */
    private JsonNode batchDelete(SandboxCompany c, ResourceRule rule, JsonNode body) {
        JsonNode ids = body == null ? null : body.isArray() ? body : Json.laravelInput(body).get("ids");
        Validator v = new Validator(c);
        if (Json.isBlank(ids)) {
            v.error("ids", "The ids field is required.");
        } else if (!ids.isArray()) {
            v.error("ids", "The ids must be an array.");
        } else {
            for (int i = 0; i < ids.size(); i++) {
                Long id = Json.integer(ids.get(i));
                if (id == null) {
                    v.error("ids." + i, "The ids." + i + " must be an integer.");
                } else if (!c.exists(rule.name, id)) {
                    v.error("ids." + i, "The selected ids." + i + " is invalid.");
                }
            }
        }
        v.throwIfInvalid();
        for (int i = 0; i < ids.size(); i++) {
            refuseIfReferenced(c, rule, Json.integer(ids.get(i)), "ids." + i);
        }
        ArrayNode deleted = Json.array();
        for (JsonNode id : ids) {
            long l = Json.integer(id);
            if (c.remove(rule.name, l) != null) {
                deleted.add(l);
            }
        }
        return deleted;
    }

    /**
     * A record that another record refers to (a ledger used by a sale, a unit used by an item, …) cannot be
     * deleted: 422 naming the first record that uses it. References are the rules' {@code ref} fields.
     */
    private void refuseIfReferenced(SandboxCompany c, ResourceRule target, long id, String field) {
        for (ResourceRule owner : rules.resources.values()) {
            List<FieldRule> refs = new ArrayList<>();
            owner.fields.values().stream().filter(f -> target.name.equals(f.ref) && !"name".equals(f.refBy)).forEach(refs::add);
            owner.actions.values().forEach(a -> a.fields.values().stream()
                    .filter(f -> target.name.equals(f.ref) && !"name".equals(f.refBy)).forEach(refs::add));
            if (refs.isEmpty()) {
                continue;
            }
            for (StoredRecord r : c.collection(owner.name).values()) {
                if (owner.name.equals(target.name) && r.id == id) {
                    continue;
                }
                for (FieldRule f : refs) {
                    for (JsonNode value : Validator.valuesAt(r.body, f.segments)) {
                        Long used = Json.integer(value);
                        if (used != null && used == id) {
                            throw SandboxApiException.invalid(field, "The " + target.title.toLowerCase(java.util.Locale.ROOT) + " " + id
                                    + " is used by " + owner.title.toLowerCase(java.util.Locale.ROOT) + " " + r.id
                                    + " and cannot be deleted.");
                        }
                    }
                }
            }
        }
    }

    // =====================================================================================================
    // lists and look-ups

    private JsonNode list(SandboxCompany c, ResourceRule rule, ObjectNode rawQuery) {
        ObjectNode query = (ObjectNode) Json.laravelInput(rawQuery);
        Validator v = new Validator(c);
        List<FieldRule> q = new ArrayList<>();
        boolean transaction = rule.isTransaction();
        if (transaction) {
            q.add(queryRule("start_date", "date", true));
            q.add(queryRule("end_date", "date", true));
            q.add(queryRule("party_id", "integer", false));
            q.add(queryRule("status", "integer", false));
        }
        q.add(queryRule("limit", "integer", false));
        q.add(queryRule("skip", "integer", false));
        rule.filter.forEach((param, field) -> q.add(queryRule(param, "integer", false)));
        v.validate(query, q, rule.name, null);
        Long limit = Json.integer(query.get("limit"));
        Long skip = Json.integer(query.get("skip"));
        if (limit != null && limit < 0) {
            v.error("limit", "The limit must be at least 0.");
        }
        if (skip != null && skip < 0) {
            v.error("skip", "The skip must be at least 0.");
        }
        LocalDate start = Dates.parse(Json.text(query, "start_date"));
        LocalDate end = Dates.parse(Json.text(query, "end_date"));
        if (start != null && end != null && end.isBefore(start)) {
            v.error("end_date", "The end date must be a date after or equal to start date.");
        }
        v.throwIfInvalid();
        Long party = Json.integer(query.get("party_id"));
        ArrayNode rows = Json.array();
        long skipped = 0;
        for (StoredRecord r : c.collection(rule.name).values()) {
            if (transaction) {
                if (r.date == null || r.date.isBefore(start) || r.date.isAfter(end)) {
                    continue;
                }
                if (party != null && rule.party != null && !party.equals(r.partyId)) {
                    continue;
                }
            }
            boolean filtered = false;
            for (Map.Entry<String, String> f : rule.filter.entrySet()) {
                Long want = Json.integer(query.get(f.getKey()));
                if (want != null && !want.equals(Json.integer(r.view.get(f.getValue())))) {
                    filtered = true;
                }
            }
            if (filtered) {
                continue;
            }
            if (skip != null && skipped < skip) {
                skipped++;
                continue;
            }
            if (limit != null && rows.size() >= limit) {
                break;
            }
            rows.add(listRow(c, rule, r));
        }
        return rows;
    }

    private static FieldRule queryRule(String name, String type, boolean required) {
        return new FieldRule(name, Json.object().put("type", type).put("required", required));
    }

    private JsonNode listRow(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        ObjectNode row = Json.object();
        switch (rule.kind) {
            case "document" -> {
                row.put("transaction_id", r.id);
                row.put("party_name", ledgerName(c, r.partyId));
                putLong(row, "party_id", r.partyId);
                row.set("phone_no", nullable(r.body.get("party_phone_number")));
                row.put("invoice_number", r.view.path("full_invoice_number").asText());
                row.set("invoice_amount", amount(r.body.get("grand_total")));
                row.put("payment_status", r.view.path("payment_status").asText("Unpaid"));
                row.put("transaction_type", rule.transactionType);
                row.put("date", Dates.format(r.date));
            }
            case "journal" -> {
                row.put("id", r.id);
                row.put("company_id", c.companyId());
                row.put("voucher_number", r.number);
                row.put("date", Dates.format(r.date));
                row.set("debit_total", r.view.get("debit_total"));
                row.set("credit_total", r.view.get("credit_total"));
                row.set("narration", r.view.get("narration"));
                row.put("is_import", false);
                row.put("created_at", Dates.timestamp(r.createdAt));
                row.put("updated_at", Dates.timestamp(r.updatedAt));
            }
            case "voucher" -> {
                row.put("transaction_id", r.id);
                row.put("receipt_number", r.number);
                row.put("party_name", ledgerName(c, r.partyId));
                putLong(row, "party_id", r.partyId);
                row.set("bank_cash_ledger_id", r.body.get("bank_cash_ledger_id"));
                row.set("amount", amount(r.body.get("total_received_amount")));
                row.set("payment_mode_id", nullable(r.body.get("payment_mode_id")));
                row.set("reference_number", nullable(r.body.get("reference_number")));
                row.put("transaction_type", rule.transactionType);
                row.put("date", Dates.format(r.date));
            }
            default -> {
                return r.view.deepCopy();
            }
        }
        return row;
    }

    private static void putLong(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static JsonNode nullable(JsonNode v) {
        return v == null ? Json.F.nullNode() : v;
    }

    private static JsonNode amount(JsonNode v) {
        return Json.isMissing(v) ? Json.F.numberNode(0) : v;
    }

    private String ledgerName(SandboxCompany c, Long id) {
        StoredRecord l = id == null ? null : c.collection("ledger").get(id);
        return l == null ? null : l.view.path("name").asText();
    }

    /**
     * One more than the highest number the series has used: by any create or update so far, including records
     * since deleted (a deleted document's number is not handed out again) and numbers the client chose itself;
     * at least the configured {@code start_number}. Numbers count when they are plain integers ("7") or the
     * configured prefix + integer + suffix ("INV-7"); any other text is outside the series.
     */
    String nextNumber(SandboxCompany c, ResourceRule rule) {
        long max = c.highestNumber(rule.name);
        for (StoredRecord r : c.collection(rule.name).values()) {
            Long n = seriesNumber(c, rule, r.number);
            if (n != null) {
                max = Math.max(max, n);
            }
        }
        long start = c.configuration(rule).path("start_number").asLong(1);
        return String.valueOf(Math.max(max + 1, start));
    }

    /** The integer a document number holds in its series, or null. */
    private static Long seriesNumber(SandboxCompany c, ResourceRule rule, String number) {
        if (number == null) {
            return null;
        }
        String n = number.trim();
        ObjectNode config = c.configuration(rule);
        String prefix = config.path("prefix").asText("");
        String suffix = config.path("suffix").asText("");
        if (!Json.isIntegerString(n) && n.length() > prefix.length() + suffix.length() && n.startsWith(prefix) && n.endsWith(suffix)) {
            n = n.substring(prefix.length(), n.length() - suffix.length());
        }
        if (!n.matches("\\d{1,17}")) {
            return null;
        }
        return Long.parseLong(n);
    }

    private JsonNode duplicate(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        ObjectNode copy = r.view.deepCopy();
        copy.remove("id");
        if (rule.number != null) {
            String next = nextNumber(c, rule);
            copy.put(rule.number, next);
            if (copy.has("full_invoice_number")) {
                copy.put("full_invoice_number", fullNumber(c, rule, next));
            }
        }
        return copy;
    }

    /** Prefill for a document made from another (return, challan, sale from estimate/challan): the source body re-keyed. */
    private JsonNode derive(SandboxCompany c, ResourceRule rule, StoredRecord src, String action) {
        String targetName = rule.derive.get(action);
        if (targetName == null) {
            throw SandboxApiException.notFound("Nothing to derive for " + rule.title + ".");
        }
        ResourceRule target = rule(targetName);
        ObjectNode data = src.body.deepCopy();
        if (rule.party != null && target.party != null && !rule.party.equals(target.party)) {
            data.set(target.party, data.remove(rule.party));
        }
        if (rule.date != null && target.date != null && !rule.date.equals(target.date)) {
            data.set(target.date, data.remove(rule.date));
        }
        if (rule.number != null) {
            data.remove(rule.number);
        }
        data.put(target.number, nextNumber(c, target));
        if (rule.itemType != null) {
            JsonNode t = data.remove(rule.itemType.field);
            if (target.itemType != null && t != null && !"infer".equals(target.itemType.defaultMode)) {
                data.set(target.itemType.field, t);
            }
        }
        switch (action) {
            case "get-for-return" -> {
                if (target.fields.containsKey("original_inv_no") && "id".equals(target.fields.get("original_inv_no").type)) {
                    data.put("original_inv_no", src.id);
                } else {
                    data.put("original_inv_no", src.number);
                }
                data.put("original_inv_date", Dates.format(src.date));
            }
            case "create-challan" -> data.put("sale_transaction_id", src.id);
            default -> data.put(rule.name.equals("estimate") ? "estimate_quote_no" : "delivery_challan_no", src.id);
        }
        return data;
    }

    private JsonNode book(SandboxCompany c, ResourceRule rule, StoredRecord r, JsonNode body) {
        genericBody(body, Json.object());
        if (r.view.path("is_booked").asBoolean(false)) {
            throw SandboxApiException.invalid("id", "The " + rule.title.toLowerCase() + " has already been booked.");
        }
        r.view.put("is_booked", true);
        r.view.put("status", "Booked");
        r.updatedAt = Instant.now();
        r.view.put("updated_at", Dates.timestamp(r.updatedAt));
        return r.view.deepCopy();
    }

    /** Configuration contents are not documented: the sandbox keeps what it is sent, per document type. */
    ObjectNode defaultConfiguration(ResourceRule rule) {
        ObjectNode config = Json.object();
        config.put("prefix", rule.prefix);
        config.put("suffix", "");
        config.put("start_number", 1);
        for (String section : List.of("broker_details", "transport_details", "eway_bill_details", "other_details",
                "tcs_details", "tds_details", "payment_details")) {
            config.put("show_" + section, 1);
        }
        config.put("round_off", 1);
        return config;
    }

    private JsonNode updateConfiguration(SandboxCompany c, ResourceRule rule, String type, JsonNode rawBody) {
        ObjectNode body = requireObject(rawBody);
        Validator v = new Validator(c);
        v.validate(body, List.of(new FieldRule("start_number", "integer", false, null)), rule.name, null);
        if (type != null && !type.matches("[A-Za-z0-9_-]{1,64}")) {
            throw SandboxApiException.notFound("Unknown configuration type.");
        }
        v.throwIfInvalid();
        ObjectNode config = c.configuration(rule);
        ObjectNode target = config;
        if (type != null) {
            JsonNode section = config.get(type);
            if (section == null || !section.isObject()) {
                section = Json.object();
                config.set(type, section);
            }
            target = (ObjectNode) section;
        }
        target.setAll(body);
        return config.deepCopy();
    }

    private JsonNode checkUniqueGstin(SandboxCompany c, Long ledgerId, ObjectNode rawQuery) {
        if (ledgerId != null) {
            find(c, rule("ledger"), ledgerId);
        }
        ObjectNode query = (ObjectNode) Json.laravelInput(rawQuery);
        Validator v = new Validator(c);
        FieldRule gstin = new FieldRule("gstin", Json.object().put("type", "gstin").put("required", true));
        v.validate(query, List.of(gstin), "ledger", null);
        v.throwIfInvalid();
        String wanted = query.get("gstin").asText();
        Long usedBy = null;
        for (StoredRecord l : c.collection("ledger").values()) {
            if (ledgerId != null && l.id == ledgerId) {
                continue;
            }
            if (wanted.equals(Json.text(l.body.path("party_details"), "gstin"))) {
                usedBy = l.id;
            }
        }
        ObjectNode data = Json.object();
        data.put("gstin", wanted);
        data.put("is_unique", usedBy == null);
        putLong(data, "ledger_id", usedBy);
        return data;
    }

    private JsonNode holdingProfitRatio(SandboxCompany c, ObjectNode query) {
        genericBody(null, query);
        ArrayNode out = Json.array();
        for (StoredRecord l : c.collection("ledger").values()) {
            if ("Capital".equals(l.view.path("action").asText())) {
                ObjectNode row = Json.object();
                row.put("ledger_id", l.id);
                row.put("name", l.view.path("name").asText());
                row.set("holding_ratio", nullable(l.body.get("holding_ratio")));
                row.set("profit_ratio", nullable(l.body.get("profit_ratio")));
                out.add(row);
            }
        }
        return out;
    }

    private JsonNode taxData(SandboxCompany c, String action, ObjectNode query) {
        genericBody(null, query);
        ArrayNode out = Json.array();
        for (StoredRecord l : c.collection("ledger").values()) {
            if (action.equals(l.view.path("action").asText())) {
                ObjectNode row = Json.object();
                row.put("id", l.id);
                row.put("name", l.view.path("name").asText());
                for (String f : List.of("tax_type", "individual_huf", "for_other", "pan_not_given", "individual_bill_wise",
                        "yearly_total", "rounding_method")) {
                    row.set(f, nullable(l.body.get(f)));
                }
                out.add(row);
            }
        }
        return out;
    }

    private JsonNode itemFormDetails(SandboxCompany c, ObjectNode query) {
        genericBody(null, query);
        ObjectNode data = Json.object();
        data.set("item_groups", views(c, "item-group"));
        data.set("units", views(c, "unit"));
        data.set("gst_rates", views(c, "gst-rate"));
        data.set("cess_rates", views(c, "cess-rate"));
        ArrayNode income = Json.array();
        ArrayNode expense = Json.array();
        for (StoredRecord l : c.collection("ledger").values()) {
            String a = l.view.path("action").asText();
            if (a.equals("Income")) {
                income.add(ledgerSummary(l));
            } else if (a.equals("Expense")) {
                expense.add(ledgerSummary(l));
            }
        }
        data.set("income_ledgers", income);
        data.set("expense_ledgers", expense);
        return data;
    }

    private static ObjectNode ledgerSummary(StoredRecord l) {
        ObjectNode o = Json.object();
        o.put("id", l.id);
        o.put("name", l.view.path("name").asText());
        return o;
    }

    private static ArrayNode views(SandboxCompany c, String collection) {
        ArrayNode out = Json.array();
        c.collection(collection).values().forEach(r -> out.add(r.view.deepCopy()));
        return out;
    }

    // =====================================================================================================
    // media

    private static void collectUploads(JsonNode node, List<JsonNode> out) {
        if (node == null) {
            return;
        }
        if (FormBodies.isUpload(node)) {
            out.add(node);
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectUploads(child, out));
        }
    }

    long addMedia(SandboxCompany c, String resource, StoredRecord owner, JsonNode upload) {
        long id = c.nextId("media");
        StoredRecord m = new StoredRecord(id, Instant.now());
        ObjectNode view = Json.object();
        view.put("id", id);
        view.put("model_type", resource);
        view.put("model_id", owner.id);
        view.put("file_name", upload.path("file_name").asText());
        view.put("mime_type", upload.path("mime_type").asText());
        view.put("size", upload.path("size").asLong());
        view.put("original_url", "/storage/" + id + "/" + upload.path("file_name").asText());
        view.put("created_at", Dates.timestamp(m.createdAt));
        m.body = view;
        m.view = view;
        c.store("media", m);
        owner.view.withArray("media").add(view.deepCopy());
        return id;
    }

    private void deleteMedia(SandboxCompany c, Long id) {
        StoredRecord m = id == null ? null : c.remove("media", id);
        if (m == null) {
            throw SandboxApiException.notFound("Media not found.");
        }
        StoredRecord owner = c.collection(m.view.path("model_type").asText()).get(m.view.path("model_id").asLong());
        if (owner != null && owner.view.has("media")) {
            ArrayNode media = (ArrayNode) owner.view.get("media");
            for (int i = media.size() - 1; i >= 0; i--) {
                if (media.get(i).path("id").asLong() == id) {
                    media.remove(i);
                }
            }
        }
    }

    // =====================================================================================================
    // record views (the shapes of examples/*.response.json)

    private static String fullNumber(SandboxCompany c, ResourceRule rule, String number) {
        ObjectNode config = c.configuration(rule);
        return config.path("prefix").asText("") + number + config.path("suffix").asText("");
    }

    /** A copy for a response: DD-MM-YYYY values of date fields as ISO instants, uploads as their file name. */
    private static JsonNode responseCopy(String key, JsonNode value) {
        if (value == null) {
            return Json.F.nullNode();
        }
        if (FormBodies.isUpload(value)) {
            return Json.F.textNode(value.path("file_name").asText());
        }
        if (value.isTextual() && key != null && (key.equals("date") || key.endsWith("_date"))) {
            LocalDate d = Dates.parse(value.asText());
            return d == null ? value : Json.F.textNode(Dates.responseDate(d));
        }
        if (value.isObject()) {
            ObjectNode out = Json.object();
            value.fields().forEachRemaining(e -> out.set(e.getKey(), responseCopy(e.getKey(), e.getValue())));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = Json.array();
            value.forEach(v -> out.add(responseCopy(key, v)));
            return out;
        }
        return value;
    }

    private void stamp(ObjectNode v, StoredRecord r) {
        v.put("via_api", false);
        v.put("is_import", false);
        v.put("created_by", 1);
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
    }

    private BigDecimal gstRate(SandboxCompany c, JsonNode gstId) {
        Long id = Json.integer(gstId);
        StoredRecord g = id == null ? null : c.collection("gst-rate").get(id);
        return g == null ? null : g.view.path("tax_rate").decimalValue();
    }

    private ObjectNode documentView(SandboxCompany c, ResourceRule rule, StoredRecord r, String mode) {
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.put("company_id", c.companyId());
        v.putNull("payment_mode");
        v.putNull("payment_type_ledger_id");
        v.put("full_invoice_number", fullNumber(c, rule, r.number));
        String linesKey = mode == null ? null : rule.linesRequired != null ? rule.linesRequired
                : mode.equals("item") ? "items" : "ledgers";
        Iterator<Map.Entry<String, JsonNode>> it = b.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode val = e.getValue();
            if (val.isValueNode()) {
                v.set(k, responseCopy(k, val));
            } else if (FLATTENED_BLOCKS.contains(k) && val.isObject()) {
                val.fields().forEachRemaining(f -> {
                    if (f.getValue().isValueNode()) {
                        v.set(f.getKey(), responseCopy(f.getKey(), f.getValue()));
                    }
                });
            } else if (k.equals("shipping_address") && val.isObject()) {
                v.set("shipping_name", nullable(val.get("shipping_name")));
                v.set("shipping_gstin", nullable(val.get("shipping_gstin")));
                v.set(k, responseCopy(k, val));
            } else if (k.equals("billing_address") && val.isObject()) {
                v.set("billing_state_id", nullable(val.get("state_id")));
                v.set(k, responseCopy(k, val));
            } else if (!k.equals("items") && !k.equals("ledgers")) {
                v.set(k, responseCopy(k, val));
            }
        }
        if (rule.party != null) {
            v.put(rule.party.replace("_id", "") + "_name", ledgerName(c, r.partyId));
        }
        JsonNode period = b.path("other_details").get("credit_period");
        BigDecimal days = Json.decimal(period);
        if (days != null && r.date != null) {
            LocalDate due = b.path("other_details").path("credit_period_type").asInt(2) == 1
                    ? r.date.plusMonths(days.longValue()) : r.date.plusDays(days.longValue());
            v.put("credit_period_due_date", Dates.responseDate(due));
        } else {
            v.putNull("credit_period_due_date");
        }
        if (linesKey != null) {
            ArrayNode lines = Json.array();
            for (JsonNode line : b.withArray(linesKey)) {
                ObjectNode l = Json.object();
                l.put("id", c.nextId("line:" + rule.name));
                if (rule.lineParentKey != null) {
                    l.put(rule.lineParentKey, r.id);
                }
                line.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("rpu")) {
                        l.set(f.getKey(), responseCopy(f.getKey(), f.getValue()));
                    }
                });
                BigDecimal rate = gstRate(c, line.get("gst_id"));
                BigDecimal rpu = Json.decimal(line.get("rpu"));
                boolean withTax = line.path("with_tax").asInt(0) == 1;
                l.put("with_tax", withTax);
                if (rpu != null) {
                    BigDecimal factor = BigDecimal.ONE.add(rate == null ? BigDecimal.ZERO : rate.movePointLeft(2));
                    BigDecimal with = withTax ? rpu : rpu.multiply(factor);
                    BigDecimal without = withTax ? rpu.divide(factor, 2, RoundingMode.HALF_UP) : rpu;
                    l.set("rpu_with_gst", Json.number(with.setScale(2, RoundingMode.HALF_UP)));
                    l.set("rpu_without_gst", Json.number(without));
                }
                if (rate != null) {
                    l.set("gst_tax_percentage", Json.number(rate));
                } else {
                    l.putNull("gst_tax_percentage");
                }
                if (!l.has("total_discount_amount") || l.get("total_discount_amount").isNull()) {
                    l.put("total_discount_amount", 0);
                }
                l.put("cess_rate", 0);
                l.set("cess_amount", amount(line.get("cess")));
                l.set("taxable_value", amount(line.get("total")));
                l.put("created_at", Dates.timestamp(r.updatedAt));
                l.put("updated_at", Dates.timestamp(r.updatedAt));
                lines.add(l);
            }
            v.set(rule.lineKeys.getOrDefault(linesKey, linesKey), lines);
        }
        JsonNode grand = b.get("grand_total");
        v.set("total", amount(grand));
        v.put("payment_status", "Unpaid");
        v.set("due_amount", amount(grand));
        v.set("receipt_transaction_item", Json.array());
        v.set("journal_transaction_item", Json.array());
        v.set("media", Json.array());
        stamp(v, r);
        return v;
    }

    private ObjectNode journalView(SandboxCompany c, StoredRecord r) {
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.put("company_id", c.companyId());
        v.put("voucher_number", r.number);
        v.put("date", Dates.responseDate(r.date));
        BigDecimal debit = BigDecimal.ZERO;
        for (JsonNode row : b.get("journal_rows")) {
            if (row.get("debit_credit_type").asInt() == 1) {
                debit = debit.add(row.get("amount").decimalValue());
            }
        }
        v.set("debit_total", b.hasNonNull("debit_total") ? b.get("debit_total") : Json.number(debit));
        v.set("credit_total", b.hasNonNull("credit_total") ? b.get("credit_total") : Json.number(debit));
        v.set("narration", nullable(b.get("narration")));
        v.set("ledger_amount_data", b.get("journal_rows").deepCopy());
        v.set("debit_transactions", responseCopy(null, b.has("journal_debit_settlements") ? b.get("journal_debit_settlements")
                : b.has("debit_transactions") ? b.get("debit_transactions") : Json.array()));
        v.set("credit_transactions", responseCopy(null, b.has("journal_credit_settlements") ? b.get("journal_credit_settlements")
                : b.has("credit_transactions") ? b.get("credit_transactions") : Json.array()));
        v.set("media", Json.array());
        v.put("is_import", false);
        v.put("created_by", 1);
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        return v;
    }

    /** Receipt/payment: the partial vendor response returns the ledger ids as strings ("bank_cash_ledger_id": "3"). */
    private ObjectNode voucherView(SandboxCompany c, ResourceRule rule, StoredRecord r) {
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.put("company_id", c.companyId());
        v.put("date", Dates.responseDate(r.date));
        v.put(rule.number, r.number);
        v.put("bank_cash_ledger_id", b.path("bank_cash_ledger_id").asText());
        v.put("ledger_id", b.path("ledger_id").asText());
        v.put("ledger_name", ledgerName(c, r.partyId));
        b.fields().forEachRemaining(e -> {
            if (!v.has(e.getKey())) {
                v.set(e.getKey(), responseCopy(e.getKey(), e.getValue()));
            }
        });
        v.set("media", Json.array());
        stamp(v, r);
        return v;
    }

    private ObjectNode ledgerView(SandboxCompany c, StoredRecord r, LedgerAction a) {
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.set("name", b.get("name"));
        v.set("group_id", b.get("group_id"));
        v.put("model_type", "App\\Models\\Master\\" + a.model);
        v.put("model_id", r.id);
        v.put("company_id", c.companyId());
        ObjectNode details = Json.object();
        if (a.flag.equals("party")) {
            JsonNode p = b.path("party_details");
            JsonNode t = b.path("tax_details");
            JsonNode o = b.path("other_details");
            details.set("person_name", nullable(p.get("contact_person_name")));
            details.set("person_email", nullable(p.get("contact_person_email")));
            details.set("phone_1", nullable(p.get("contact_person_phone_1")));
            details.set("phone_2", nullable(p.get("contact_person_phone_2")));
            details.set("website", nullable(p.get("contact_person_website")));
            details.set("pan_card_number", nullable(t.get("pan")));
            details.set("entity_type", nullable(t.get("type_of_entity")));
            details.set("gstin", nullable(p.get("gstin")));
            details.set("tan", nullable(t.get("tan")));
            details.set("cin_number", nullable(t.get("cin_number")));
            details.set("gst_registration_type", nullable(t.get("gst_registration_type")));
            details.put("credit_limit", o.path("allow_credit_limit").asInt(0) == 1);
            details.set("credit_limit_amount", nullable(o.get("credit_limit")));
            details.set("credit_limit_action", nullable(o.get("credit_limit_action")));
            JsonNode period = o.get("credit_period");
            if (Json.isMissing(period)) {
                details.putNull("credit_limit_period");
            } else {
                details.put("credit_limit_period", period.asText());
            }
            details.set("credit_period_type", nullable(o.get("credit_period_type")));
            details.set("broker_master", nullable(o.get("broker")));
            details.set("brokerage", nullable(o.get("brokerage_percentage")));
            details.set("brokerage_on_value", nullable(o.get("brokerage_on_value")));
            JsonNode billing = p.path("billing_address");
            JsonNode shipping = p.path("same_as_billing_address").asInt(0) == 1 ? billing : p.path("shipping_address");
            for (String f : List.of("address_1", "address_2", "country_id", "state_id", "city_id", "pin_code")) {
                details.set("billing_address_" + f, nullable(billing.get(f)));
            }
            for (String f : List.of("address_1", "address_2", "country_id", "state_id", "city_id", "pin_code")) {
                details.set("shipping_address_" + f, nullable(shipping.get(f)));
            }
            for (String block : List.of("party_details", "tax_details", "other_details")) {
                if (b.has(block)) {
                    v.set(block, responseCopy(block, b.get(block)));
                }
            }
        } else {
            b.fields().forEachRemaining(e -> {
                if (!Set.of("action", "name", "group_id", "opening_balance_details").contains(e.getKey())) {
                    details.set(e.getKey(), responseCopy(e.getKey(), e.getValue()));
                }
            });
        }
        JsonNode opening = b.path("opening_balance_details");
        details.set("opening_balance", nullable(opening.get("opening_balance")));
        details.set("opening_balance_dr_cr", nullable(opening.get("opening_balance_dr_cr")));
        ObjectNode ledgersData = Json.object();
        ledgersData.set(a.model, details);
        v.set("ledgers_data", ledgersData);
        v.set("opening_balance", nullable(opening.get("opening_balance")));
        v.set("opening_balance_dr_cr", nullable(opening.get("opening_balance_dr_cr")));
        v.put("via_api", false);
        v.put("is_import", false);
        v.set("media", Json.array());
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        v.put("flag", a.flag);
        v.put("action", a.action);
        return v;
    }

    private ObjectNode itemView(SandboxCompany c, StoredRecord r, String mode) {
        ObjectNode b = r.body;
        ObjectNode v = Json.object();
        v.put("id", r.id);
        v.set("item_name", b.get("item_name"));
        v.set("group_id", b.get("group_id"));
        v.set("item_type", b.get("item_type"));
        v.put("model_type", "App\\Models\\Master\\" + ("service".equals(mode) ? "ItemMasterService" : "ItemMasterGoods"));
        v.put("company_id", c.companyId());
        v.set("sku", nullable(b.get("sku")));
        ArrayNode units = Json.array();
        for (String f : List.of("primary_unit_of_measurement", "secondary_unit_of_measurement")) {
            Long unit = Json.integer(b.get(f));
            if (unit != null && c.exists("unit", unit)) {
                units.add(c.collection("unit").get(unit).view.deepCopy());
            }
        }
        v.set("units_of_array", units);
        ObjectNode m = Json.object();
        m.put("id", r.id);
        m.set("unit_of_measurement", b.get("primary_unit_of_measurement"));
        m.set("secondary_unit_of_measurement", nullable(b.get("secondary_unit_of_measurement")));
        m.set("decimal_places", nullable(b.get("decimal_places")));
        BigDecimal rate = b.path("is_gst_applicable").asInt(0) == 1 ? gstRate(c, b.get("gst_tax_id")) : null;
        BigDecimal factor = BigDecimal.ONE.add(rate == null ? BigDecimal.ZERO : rate.movePointLeft(2));
        prices(m, "selling_price", b.get("sale_price"), b.path("sale_price_type").asInt(2), factor);
        m.set("sale_price_type", b.get("sale_price_type"));
        prices(m, "purchase_price", b.get("purchase_price"), b.path("purchase_price_type").asInt(2), factor);
        m.set("purchase_price_type", b.get("purchase_price_type"));
        m.set("decimal_places_for_rate", nullable(b.get("decimal_places_for_rate")));
        m.set("conversion_rate", nullable(b.get("conversion_rate")));
        m.put("is_gst_applicable", b.path("is_gst_applicable").asInt(0) == 1);
        m.set("hsn_sac_code", nullable(b.get("hsn_sac_code")));
        boolean sameDescription = b.path("is_description_same_as_item_name").asInt(0) == 1;
        m.set("description", sameDescription ? b.get("item_name") : nullable(b.get("description")));
        m.put("is_description_same_as_item_name", sameDescription);
        m.put("is_rcm_applicable", b.path("is_rcm_applicable").asInt(0) == 1);
        for (String f : List.of("gst_tax_id", "gst_cess_rate", "income_ledger_id", "expense_ledger_id", "quantity_unit", "quantity",
                "rate", "mrp", "purchase_discount_type", "discount_type", "purchase_discount_value", "opening_balance_type")) {
            m.set(f, nullable(b.get(f)));
        }
        m.set("discount_value", nullable(b.get("discount")));
        if (rate != null) {
            m.set("gst_tax_rate", Json.number(rate));
            m.set("gst_tax", c.collection("gst-rate").get(Json.integer(b.get("gst_tax_id"))).view.deepCopy());
        } else {
            m.putNull("gst_tax_rate");
            m.putNull("gst_tax");
        }
        Long cess = Json.integer(b.get("gst_cess_rate"));
        StoredRecord cessRate = cess == null ? null : c.collection("cess-rate").get(cess);
        m.set("cess_rate", cessRate == null ? Json.F.nullNode() : cessRate.view.get("rate"));
        m.set("gst_gst_cess_rate", cessRate == null ? Json.F.nullNode() : cessRate.view.deepCopy());
        m.put("via_api", 0);
        m.put("created_at", Dates.timestamp(r.createdAt));
        m.put("updated_at", Dates.timestamp(r.updatedAt));
        v.set("model", m);
        v.put("via_api", false);
        v.put("is_import", false);
        v.set("media", Json.array());
        v.put("item_image", "");
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        return v;
    }

    private static void prices(ObjectNode m, String name, JsonNode price, int type, BigDecimal factor) {
        BigDecimal p = Json.decimal(price);
        if (p == null) {
            m.putNull(name + "_with_gst");
            m.putNull(name + "_without_gst");
            return;
        }
        BigDecimal with = type == 1 ? p : p.multiply(factor);
        BigDecimal without = type == 1 ? p.divide(factor, 2, RoundingMode.HALF_UP) : p;
        m.set(name + "_with_gst", Json.number(with.setScale(2, RoundingMode.HALF_UP)));
        m.set(name + "_without_gst", Json.number(without));
    }

    private ObjectNode masterView(SandboxCompany c, StoredRecord r) {
        ObjectNode v = Json.object();
        v.put("id", r.id);
        r.body.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("id")) {
                v.set(e.getKey(), responseCopy(e.getKey(), e.getValue()));
            }
        });
        v.put("company_id", c.companyId());
        v.put("created_at", Dates.timestamp(r.createdAt));
        v.put("updated_at", Dates.timestamp(r.updatedAt));
        return v;
    }

    // =====================================================================================================
    // seed

    /** Fills a fresh company with the master data of sandbox-seed.yaml. */
    void seed(SandboxCompany c) {
        c.clear();
        JsonNode profiles = seed.get("companies");
        JsonNode profile = profiles.get((c.number() - 1) % profiles.size());
        for (JsonNode country : seed.get("countries")) {
            seedRecord(c, "country", country, null);
        }
        Map<Long, JsonNode> states = new LinkedHashMap<>();
        for (JsonNode state : seed.get("states")) {
            ObjectNode s = state.deepCopy();
            s.put("country_id", 101);
            s.put("state_code", s.get("gst_state_code").asText());
            seedRecord(c, "state", s, null);
            states.put(s.get("id").asLong(), s);
        }
        for (JsonNode city : seed.get("cities")) {
            ObjectNode s = city.deepCopy();
            s.put("country_id", 101);
            seedRecord(c, "city", s, null);
        }
        ObjectNode details = Json.object();
        details.put("id", 5L + c.number());
        details.setAll((ObjectNode) profile.deepCopy());
        JsonNode state = states.get(profile.get("state_id").asLong());
        details.put("state_name", state.get("name").asText());
        details.put("gst_state_code", state.get("gst_state_code").asText());
        details.put("country_id", 101);
        details.put("country_name", "India");
        StoredRecord city = c.collection("city").get(profile.get("city_id").asLong());
        details.put("city_name", city == null ? null : city.view.get("name").asText());
        LocalDate today = LocalDate.now(Dates.IST);
        int fyStart = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        details.put("financial_year_start_date", Dates.format(LocalDate.of(fyStart, 4, 1)));
        details.put("financial_year_end_date", Dates.format(LocalDate.of(fyStart + 1, 3, 31)));
        details.put("books_beginning_from", Dates.format(LocalDate.of(fyStart, 4, 1)));
        details.put("currency", "INR");
        c.details = details;
        for (JsonNode rate : seed.get("gstRates")) {
            seedRecord(c, "gst-rate", rate, Json.object().putNull("company_id"));
        }
        for (JsonNode rate : seed.get("cessRates")) {
            seedRecord(c, "cess-rate", rate, Json.object().putNull("company_id"));
        }
        for (JsonNode unit : seed.get("units")) {
            ObjectNode u = unit.deepCopy();
            u.put("full_name", u.get("code").asText() + "-" + u.get("name").asText());
            u.put("is_default", true);
            u.putNull("for_gst_use_name");
            u.putNull("company_id");
            seedRecord(c, "unit", u, null);
        }
        for (JsonNode group : seed.get("ledgerGroups")) {
            ObjectNode g = group.deepCopy();
            g.put("is_default", true);
            seedRecord(c, "ledger-group", g, Json.object().put("company_id", c.companyId()));
        }
        for (JsonNode group : seed.get("itemGroups")) {
            seedRecord(c, "item-group", group, Json.object().put("company_id", c.companyId()));
        }
        long classificationId = 0;
        for (JsonNode family : seed.get("classificationNatureTypes")) {
            for (JsonNode name : family.get("names")) {
                ObjectNode n = Json.object();
                n.put("id", ++classificationId);
                n.put("name", name.asText());
                n.put("type", family.get("type").asText());
                seedRecord(c, "classification-nature-type", n, null);
            }
        }
        for (JsonNode ledger : seed.get("ledgers")) {
            createRecord(c, "ledger.create-customer", ledger);
        }
    }

    private static void seedRecord(SandboxCompany c, String collection, JsonNode data, ObjectNode extra) {
        long id = data.get("id").asLong();
        StoredRecord r = new StoredRecord(id, SEEDED_AT);
        ObjectNode view = data.deepCopy();
        if (extra != null) {
            view.setAll(extra);
        }
        view.put("created_at", Dates.timestamp(SEEDED_AT));
        view.put("updated_at", Dates.timestamp(SEEDED_AT));
        r.body = view;
        r.view = view;
        c.store(collection, r);
        c.reserve(collection, id);
    }
}

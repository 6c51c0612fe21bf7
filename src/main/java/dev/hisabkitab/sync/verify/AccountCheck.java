package dev.hisabkitab.sync.verify;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.invoice.DocumentSpec;
import dev.hisabkitab.sync.business.invoice.DocumentTypes;
import dev.hisabkitab.sync.business.masters.CompanyProfile;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MasterRows;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.masters.StateInfo;
import dev.hisabkitab.sync.business.batch.MasterBatches;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.HisabKitabGateway;
import dev.hisabkitab.sync.outcome.ErrorCategory;

/**
 * First contact with a HisabKitab account, read-only ({@code verify}): calls every read endpoint the connector
 * depends on with the company's key, and says for each whether its answer is understood by the same readers the
 * connector books with, and what is missing. Only GET endpoints are called; nothing is written.
 */
@ApplicationScoped
public class AccountCheck {

    /** Receipts, payments and journals: vouchers with a series and a list, besides the trade documents. */
    private static final List<String> VOUCHERS = List.of("receipt", "payment", "journal");
    private static final DateTimeFormatter API_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final int PAGE = 100;

    @Inject
    HisabKitabGateway gateway;

    @Inject
    EndpointCatalogue catalogue;

    @Inject
    MasterBatches masterBatches;

    Clock clock = Clock.systemDefaultZone();

    /** The answer of one read endpoint. {@code understood} null: not checked (nothing to look at). */
    public record Row(String operation, String path, String httpStatus, Boolean understood, String missing) {

        /** The same answer, judged again in the light of another (e.g. the ledger list by the ledger detail). */
        Row judged(Boolean nowUnderstood, String nowMissing) {
            return new Row(operation, path, httpStatus, nowUnderstood, nowMissing);
        }
    }

    /** Every row; passed when every checked answer is understood. */
    public record Report(String company, List<Row> rows) {

        public boolean passed() {
            return rows.stream().allMatch(r -> !Boolean.FALSE.equals(r.understood()));
        }

        /** The rows as a plain-text table, then a last line saying whether the account can be booked to. */
        public String table() {
            String[] head = { "operation", "path", "HTTP", "understood", "missing" };
            int[] width = new int[head.length];
            List<String[]> cells = new ArrayList<>();
            cells.add(head);
            for (Row r : rows) {
                cells.add(new String[] { r.operation(), r.path(), r.httpStatus(),
                        r.understood() == null ? "n/a" : r.understood() ? "yes" : "NO", r.missing() });
            }
            for (String[] c : cells) {
                for (int i = 0; i < c.length - 1; i++) {
                    width[i] = Math.max(width[i], c[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] c : cells) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < c.length; i++) {
                    line.append(i < c.length - 1 ? String.format("%-" + width[i] + "s  ", c[i]) : c[i]);
                }
                out.append(line.toString().stripTrailing()).append(System.lineSeparator());
            }
            long failed = rows.stream().filter(r -> Boolean.FALSE.equals(r.understood())).count();
            out.append(failed == 0
                    ? "verify: every answer the connector needs from company " + company + " is understood"
                    : "verify: " + failed + " of " + rows.size() + " answers of company " + company
                            + " are not understood; nothing can be booked safely until they are");
            return out.append(System.lineSeparator()).toString();
        }
    }

    /** Checks every read endpoint for the company ({@code default} or a name of hisabkitab.companies.*). */
    public Report check(String company) {
        List<Row> rows = new ArrayList<>();
        CompanyProfile[] profile = new CompanyProfile[1];
        rows.add(check(company, "company.details", null, null, data -> {
            profile[0] = MasterRows.company(data == null || data.isNull() ? null : data);
            return profile[0].stateId() == 0 && profile[0].gstStateCode() == null
                    ? List.of("the company's state (state_id, billing_address_state_id, address.state_id, state.id) "
                            + "and its GSTIN: CGST + SGST cannot be told from IGST")
                    : List.of();
        }));
        List<StateInfo> states = new ArrayList<>();
        rows.add(check(company, "state.list", null, page(), rowsOf(row -> {
            if (MasterRows.id(row.get("id")) == null) {
                return "a state without a numeric id";
            }
            StateInfo s = MasterRows.state(row);
            states.add(s);
            return s.gstStateCode() == null ? "the GST state code of " + s.name() : null;
        }, "id", "name")));
        if (profile[0] != null && profile[0].stateId() == 0 && profile[0].gstStateCode() != null
                && states.stream().noneMatch(st -> profile[0].gstStateCode().equals(st.gstStateCode()))) {
            rows.set(0, rows.get(0).judged(false, "the company's state: no state_id, and GST code "
                    + profile[0].gstStateCode() + " is no state of the state list"));
        }
        long stateId = profile[0] != null && profile[0].stateId() != 0 ? profile[0].stateId()
                : states.stream().filter(s -> profile[0] != null && s.gstStateCode() != null
                        && s.gstStateCode().equals(profile[0].gstStateCode())).map(StateInfo::id).findFirst()
                        .orElse(states.isEmpty() ? 0L : states.get(0).id());
        ObjectNode cityQuery = page().put("state_id", stateId);
        rows.add(check(company, "city.list", null, cityQuery, rowsOf(row -> null, "id", "name")));
        rows.add(check(company, "country.list", null, page(), rowsOf(row -> null, "id", "name")));

        List<JsonNode> ledgers = new ArrayList<>();
        int ledgerList = rows.size();
        rows.add(check(company, "ledger.list", null, page(), rowsOf(row -> {
            ledgers.add(row);
            return null;
        }, "id", "name")));
        List<JsonNode> parties = ledgers.stream().filter(MasterRows::isParty)
                .filter(row -> MasterRows.id(row.get("id")) != null).toList();
        Optional<JsonNode> unread = parties.stream().filter(row -> !MasterRows.party(row).detailsRead()).findFirst();
        Optional<JsonNode> look = unread.or(() -> parties.stream().findFirst());
        if (look.isEmpty()) {
            rows.add(new Row("ledger.detail", path("ledger.detail", null), "-", null,
                    "no customer or supplier in the first page of ledgers: party answers not checked"));
        } else {
            JsonNode listed = look.get();
            ObjectNode target = JsonNodeFactory.instance.objectNode().put("id", MasterRows.id(listed.get("id")));
            String partyName = MasterRows.text(listed.get("name"));
            Row detail = check(company, "ledger.detail", target, null, data -> data != null && data.isObject()
                    && MasterRows.party(data).detailsRead() ? List.of()
                            : List.of("party " + partyName + ": GSTIN and addresses (looked for ledgers_data.<Model>, "
                                    + "party_details, gstin / billing_address_* at the top)"));
            if (unread.isEmpty() && !Boolean.TRUE.equals(detail.understood())) {
                // the list rows carry the details: the connector never needs the detail
                detail = detail.judged(null, "not needed (the ledger list shows GSTIN and addresses): " + detail.missing());
            }
            rows.add(detail);
            if (unread.isPresent()) {
                Row list = rows.get(ledgerList);
                rows.set(ledgerList, Boolean.TRUE.equals(detail.understood())
                        ? list.judged(list.understood(),
                                "party rows show no GSTIN/addresses: read from ledger.detail (one call per party used)")
                        : list.judged(false, "party " + MasterRows.text(unread.get().get("name")) + ": GSTIN and addresses"));
            }
        }
        rows.add(check(company, "ledger-group.list", null, page(), rowsOf(row -> nameless(row, "name", "group_name"), "id")));
        rows.add(check(company, "item.list", null, page(), rowsOf(row -> {
            if (MasterRows.id(row.get("id")) == null) {
                return "an item without a numeric id";
            }
            ItemMaster item = MasterRows.item(row);
            List<String> missing = new ArrayList<>();
            if (!item.unitRead()) {
                missing.add("unit");
            }
            if (!item.gstRateRead()) {
                missing.add("GST rate");
            }
            return missing.isEmpty() ? null : "item " + item.name() + ": " + String.join(", ", missing);
        }, "id")));
        rows.add(check(company, "item-group.list", null, page(), rowsOf(row -> nameless(row, "name", "group_name"), "id")));
        rows.add(check(company, "unit.list", null, page(),
                rowsOf(row -> MasterRows.unitNames(row).isEmpty() ? "a unit without code or name" : null, "id")));
        rows.add(check(company, "gst-rate.list", null, page(),
                rowsOf(row -> MasterRows.gstRatePercent(row) == null ? "the percent of GST rate " + row.path("id") : null, "id")));
        rows.add(check(company, "cess-rate.list", null, page(),
                rowsOf(row -> MasterRows.cessRatePercent(row) == null ? "the percent of cess rate " + row.path("id") : null, "id")));

        for (String series : series()) {
            rows.add(check(company, series + ".list", null, yearPage(), rowsOf(row -> {
                MasterRows.DocumentRow d = MasterRows.document(row);
                return d.id() == null ? "a row without transaction_id or id"
                        : d.numbers().isEmpty() ? "the number of row " + d.id() : null;
            })));
            rows.add(check(company, series + ".next-number", null, null,
                    data -> MasterRows.nextNumber(data).isPresent() ? List.of()
                            : List.of("the number (looked for data itself, next_invoice_number, invoice_number, number…)")));
        }
        rows.add(batchRow(path("ledger.batch-create", null) + ", " + path("item.batch-create", null),
                masterBatches.enabled(), masterBatches.seen()));
        return new Report(company, rows);
    }

    /**
     * The master batches' row. Their answer is undocumented, and only a batch that creates records would show it:
     * verify creates nothing, so it is not probed ({@code n/a}). The row says what this process has seen of batch
     * answers (a verify run alone has seen none) and what the connector does with one it cannot match.
     */
    static Row batchRow(String path, boolean enabled, MasterBatches.Seen seen) {
        if (!enabled) {
            return new Row(BATCH_ROW, path, "-", null,
                    "off (hisabkitab.master-batch.enabled=false): parties and items are created singly");
        }
        String sinceStart = seen.batches() == 0 ? "no batch answered since this process started"
                : seen.batches() + " batch call(s) since start: " + seen.matched() + " record(s) matched per item, "
                        + seen.unmatched() + " not matched";
        return new Row(BATCH_ROW, path, "-", null, "answer not probed (undocumented; verify creates nothing): "
                + sinceStart + ". A record the answer does not show for certain is looked up, then created singly");
    }

    static final String BATCH_ROW = "master batches";

    /** Every resource with a number series: the trade documents, then receipts, payments and journals. */
    private static List<String> series() {
        Set<String> series = new LinkedHashSet<>();
        DocumentTypes.builtIn().all().stream().map(DocumentSpec::resource).forEach(series::add);
        series.addAll(VOUCHERS);
        return List.copyOf(series);
    }

    private Row check(String company, String operation, ObjectNode target, ObjectNode query,
            Function<JsonNode, List<String>> missingOf) {
        String path = path(operation, target);
        HisabKitabGateway.Answer answer = gateway.inspect(new ApiCall(company, operation, target, query));
        String status = answer.httpStatus() == null ? "-" : String.valueOf(answer.httpStatus());
        if (answer.failure() != null) {
            return new Row(operation, path, status, false, failure(operation, answer));
        }
        List<String> missing = missingOf.apply(answer.result().data());
        return new Row(operation, path, status, missing.isEmpty(), String.join("; ", missing));
    }

    private String failure(String operation, HisabKitabGateway.Answer answer) {
        Integer status = answer.httpStatus();
        Optional<Endpoint> endpoint = catalogue.find(operation);
        if (status != null && status == 404) {
            boolean inferred = endpoint.map(e -> e.inferred().contains("path")).orElse(false);
            return (inferred ? "no such path: it is inferred, not documented; " : "no such path; ")
                    + "set hisabkitab.endpoints.\"" + operation + "\".path to the path your account uses";
        }
        if (answer.failure().category() == ErrorCategory.AUTHENTICATION) {
            return "HisabKitab refused the API key: check hisabkitab.api-key (HISABKITAB_API_KEY)";
        }
        return answer.failure().getMessage();
    }

    private String path(String operation, ObjectNode target) {
        String path = catalogue.find(operation).map(Endpoint::path).orElse("?");
        if (target != null) {
            for (var it = target.fields(); it.hasNext();) {
                var f = it.next();
                path = path.replace("{" + f.getKey() + "}", f.getValue().asText());
            }
        }
        return path;
    }

    /**
     * A list answer's check: {@code data} must be an array whose rows have the fields named; each row's own check
     * gives what is missing in it (null: nothing). The first three problems are named, with a count of the rest.
     */
    private static Function<JsonNode, List<String>> rowsOf(Function<JsonNode, String> rowCheck, String... required) {
        return data -> {
            if (data == null || !data.isArray()) {
                return List.of("a list (data is " + (data == null ? "absent" : data.getNodeType().name().toLowerCase()) + ")");
            }
            List<String> problems = new ArrayList<>();
            for (JsonNode row : data) {
                boolean complete = true;
                for (String field : required) {
                    if (MasterRows.text(row.get(field)) == null) {
                        problems.add("a row without " + field);
                        complete = false;
                    }
                }
                String problem = complete && row.isObject() ? rowCheck.apply(row) : null;
                if (problem != null) {
                    problems.add(problem);
                }
            }
            List<String> distinct = List.copyOf(new LinkedHashSet<>(problems));
            if (distinct.size() > 3) {
                List<String> firstThree = new ArrayList<>(distinct.subList(0, 3));
                firstThree.add("and " + (distinct.size() - 3) + " more");
                return firstThree;
            }
            return distinct;
        };
    }

    private static String nameless(JsonNode row, String... fields) {
        return MasterRows.names(row, fields).isEmpty() ? "a row without " + String.join(" or ", fields) : null;
    }

    private static ObjectNode page() {
        return JsonNodeFactory.instance.objectNode().put("limit", PAGE).put("skip", 0);
    }

    /** The current financial year (April to March), the window list endpoints require. */
    private ObjectNode yearPage() {
        LocalDate today = LocalDate.now(clock);
        int start = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        return page().put("limit", 5).put("start_date", LocalDate.of(start, 4, 1).format(API_DATE))
                .put("end_date", LocalDate.of(start + 1, 3, 31).format(API_DATE));
    }
}

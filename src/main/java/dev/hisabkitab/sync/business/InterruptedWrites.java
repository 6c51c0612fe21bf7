package dev.hisabkitab.sync.business;

import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiDates;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.client.HisabKitabGateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.business.NumberSequence;
import dev.hisabkitab.sync.business.invoice.DocumentSpec;
import dev.hisabkitab.sync.business.invoice.DocumentTypes;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * Creates whose answer was lost. When a create call fails in a way that leaves open whether HisabKitab booked it
 * (the connection dropped or timed out after the request was sent, or a 5xx answer), the next attempt first looks
 * the record up by its number (documents, vouchers, journals) or name (ledgers, items) and adopts it when it is
 * there, instead of sending it again and booking it twice (routes/hisabkitab-client.yaml).
 * What to look for per resource: {@code hisabkitab/created-records.yaml} and {@code document-types.yaml}.
 */
@ApplicationScoped
@Named("interruptedWrites")
public class InterruptedWrites {

    static final String RESOURCE = "hisabkitab/created-records.yaml";
    private static final Logger LOG = Logger.getLogger(InterruptedWrites.class);

    /** How a created record of one resource is found again. */
    public record Lookup(String resource, String keyField, String dateField, String listKey) {

        /** Masters (ledgers, items) are found by name on any day; documents by number on their date. */
        public boolean byName() {
            return dateField == null;
        }
    }

    private final Map<String, Lookup> lookups;
    private final EndpointCatalogue catalogue;

    @Inject
    HisabKitabGateway gateway;

    @Inject
    public InterruptedWrites(EndpointCatalogue catalogue) {
        this(catalogue, builtInLookups());
    }

    InterruptedWrites(EndpointCatalogue catalogue, Map<String, Lookup> lookups) {
        this.catalogue = catalogue;
        this.lookups = lookups;
    }

    /**
     * In a failed attempt's catch: remembers that a create may have been booked, then lets the failure go on. A
     * create refused because its number (or name) is taken by a record with the same date and amount is that
     * same record, booked by an earlier run whose answer was lost (the connector stopped after HisabKitab booked
     * it and before it recorded the completion): adopted, and the failure ends here.
     *
     * <p>Takes the exchange because it decides whether the caught failure goes on: it either throws it again (a
     * {@code setProperty} step would wrap it, and the retry policy reads it) or ends it (removes it from the exchange)
     * and sets the adopted answer ({@code hkResult}) beside the call's next state.
     */
    public void noteFailure(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApiCall call = exchange.getProperty(PipelineKeys.CALL, ApiCall.class);
        CallState state = CallState.continued(exchange.getProperty(CallState.PROPERTY, CallState.class), call);
        if (call != null && BatchOutcomeUnknown.concerns(call.operation()) && mayHaveBeenBooked(failure)) {
            // a batch is not sent again blindly: MasterBatches looks each of its records up first
            throw new BatchOutcomeUnknown(call.operation(), failure);
        }
        Optional<Lookup> lookup = call == null ? Optional.empty() : lookupFor(call);
        if (lookup.isPresent() && mayHaveBeenBooked(failure)) {
            state = state.withLookup(state.lookupReason() != null ? state.lookupReason() : LOST_ANSWER);
            exchange.setProperty(CallState.PROPERTY, state);
        }
        if (lookup.isPresent() && keyTaken(failure, lookup.get())) {
            Optional<Reply.Result> same = find(call, gateway::call, LOST_ANSWER).filter(r -> sameRecord(call.payload(), r.data()));
            if (same.isPresent()) {
                LOG.infof("A %s refused as already booked is the same record (HisabKitab id %s), booked by an earlier "
                        + "run: adopted", call.operation(), same.get().hisabkitabId());
                exchange.setProperty(PipelineKeys.RESULT, same.get());
                exchange.setProperty(CallState.PROPERTY, state.withAdopted());
                exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
                return;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A 422 whose field errors say the number (or name) field is already taken. */
    static boolean keyTaken(Throwable failure, Lookup lookup) {
        return failure instanceof EventFailure f && f.httpStatus() != null && f.httpStatus() == 422
                && f.details().stream().anyMatch(d -> d.startsWith(lookup.keyField() + ":") && d.contains("taken"));
    }

    /** The amounts a list row shows that must equal the request's for the row to be the request's record. */
    private static final Map<String, String> SAME_AMOUNTS = Map.of("grand_total", "invoice_amount",
            "total_received_amount", "amount", "debit_total", "debit_total");

    /** Whether a listed record is the one the request describes: same amounts where both show them. */
    static boolean sameRecord(JsonNode request, JsonNode row) {
        if (request == null || row == null) {
            return false;
        }
        for (Map.Entry<String, String> pair : SAME_AMOUNTS.entrySet()) {
            JsonNode a = request.get(pair.getKey());
            JsonNode b = row.get(pair.getValue());
            if (a != null && b != null && !a.isNull() && !b.isNull()) {
                try {
                    if (new java.math.BigDecimal(a.asText()).compareTo(new java.math.BigDecimal(b.asText())) != 0) {
                        return false;
                    }
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Before an attempt: after an interrupted create, adopts the record when HisabKitab has it.
     *
     * <p>Takes the exchange because a look-up that fails must both spend the attempt (the call's next state) and fail
     * the attempt with its own failure, which the retry policy reads: a {@code setProperty} step can do neither when
     * it throws.
     */
    public void adoptIfCreated(Exchange exchange) {
        ApiCall call = exchange.getProperty(PipelineKeys.CALL, ApiCall.class);
        CallState state = CallState.continued(exchange.getProperty(CallState.PROPERTY, CallState.class), call);
        if (state.lookupReason() == null) {
            return;
        }
        Optional<Reply.Result> found;
        try {
            found = find(call, gateway::call, state.lookupReason());
        } catch (RuntimeException e) {
            // still unknown whether it was booked: this try is spent, the next one looks again
            exchange.setProperty(CallState.PROPERTY, state.withAttempt());
            throw e;
        }
        // looked up once for that reason: a later look-up follows a failed send of this run (an answer lost)
        state = state.withLookup(null);
        if (found.isPresent()) {
            LOG.infof("A %s found booked in HisabKitab (id %s): adopted, not sent again (%s)", call.operation(),
                    found.get().hisabkitabId(), found.get().message());
            exchange.setProperty(PipelineKeys.RESULT, found.get());
            state = state.withAdopted();
        }
        exchange.setProperty(CallState.PROPERTY, state);
    }

    /** Why a record is adopted when a create's answer was lost in this run. */
    static final String LOST_ANSWER = "Booked by an earlier attempt whose answer was lost; found in HisabKitab";

    /**
     * The record a create call made, if HisabKitab holds one with the call's number (or name) on its date; its
     * result says {@code why} it was looked for.
     */
    public Optional<Reply.Result> find(ApiCall call, Function<ApiCall, Reply.Result> client, String why) {
        Optional<Lookup> lookup = lookupFor(call);
        if (lookup.isEmpty() || call.payload() == null) {
            return Optional.empty();
        }
        Lookup l = lookup.get();
        String key = text(call.payload().get(l.keyField()));
        if (key == null) {
            return Optional.empty();
        }
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        if (l.dateField() != null) {
            String date = ApiDates.toApiDate(text(call.payload().get(l.dateField())));
            if (date == null) {
                return Optional.empty();
            }
            query.put("start_date", date).put("end_date", date);
        }
        JsonNode rows = client.apply(new ApiCall(call.company(), l.resource() + ".list", null, query)).data();
        if (rows == null || !rows.isArray()) {
            return Optional.empty();
        }
        Optional<JsonNode> found = l.byName() ? byName(rows, l.listKey(), key)
                : byNumber(rows, l.listKey(), key, call);
        return found.map(row -> new Reply.Result(
                row.hasNonNull("transaction_id") ? row.get("transaction_id").asLong() : row.path("id").asLong(),
                l.byName() ? null : text(row.get(l.listKey())), why, row));
    }

    private static Optional<JsonNode> byName(JsonNode rows, String listKey, String name) {
        for (JsonNode row : rows) {
            String listed = text(row.get(listKey));
            if (listed != null && name.equalsIgnoreCase(listed)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /**
     * The row of the call's number: shown exactly, else shown with the company's series prefix/suffix
     * ({@code INV-} + {@code 14}). An affixed match must also show the request's amounts, and be the only one: number
     * {@code 14} is inside {@code INV-14} and {@code OLD-14} alike, and adopting the wrong one would lose a document.
     */
    private static Optional<JsonNode> byNumber(JsonNode rows, String listKey, String number, ApiCall call) {
        List<JsonNode> affixed = new ArrayList<>();
        for (JsonNode row : rows) {
            NumberSequence.Match match = NumberSequence.match(text(row.get(listKey)), number);
            if (match == NumberSequence.Match.EXACT) {
                return Optional.of(row);
            }
            if (match == NumberSequence.Match.WITH_AFFIXES && sameRecord(call.payload(), row)) {
                affixed.add(row);
            }
        }
        if (affixed.size() > 1) {
            throw EventFailure.mapping("Cannot tell which HisabKitab record is this event's " + call.operation()
                    + " number " + number + ": " + affixed.stream().map(r -> text(r.get(listKey))).toList()
                    + " all show it with the same amounts. Nothing was sent; check HisabKitab and send the event with "
                    + "the full number");
        }
        return affixed.stream().findFirst();
    }

    /**
     * The number (documents, vouchers) or name (masters) by which a create call's record is found again; empty when
     * the call is no create with a look-up ({@link #lookupFor}) or carries none.
     */
    public Optional<String> recordKey(ApiCall call) {
        return lookupFor(call).map(l -> call.payload() == null ? null : text(call.payload().get(l.keyField())));
    }

    /** The look-up for a call when it is a single create (POST {@code <resource>.create…}) of a known resource. */
    public Optional<Lookup> lookupFor(ApiCall call) {
        String operation = call.operation();
        int dot = operation.indexOf('.');
        if (dot < 0 || !operation.substring(dot + 1).startsWith("create")) {
            return Optional.empty();
        }
        boolean post = catalogue.find(operation).map(e -> "POST".equals(e.method())).orElse(false);
        return post ? Optional.ofNullable(lookups.get(operation.substring(0, dot))) : Optional.empty();
    }

    /**
     * Whether HisabKitab may have booked the request although the attempt failed: no answer after the request
     * went out (timeout, dropped connection), or a 500/502/504 (an error or a gateway losing the answer). Not when
     * the connection never opened, nor 503/408/429 (the request was not taken).
     */
    static boolean mayHaveBeenBooked(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EventFailure f && f.httpStatus() != null) {
                int status = f.httpStatus();
                return status == 500 || status == 502 || status == 504;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Lookup> builtInLookups() {
        Map<String, Lookup> lookups = new HashMap<>();
        try (InputStream in = InterruptedWrites.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            for (JsonNode r : root.get("records")) {
                lookups.put(r.get("resource").asText(), new Lookup(r.get("resource").asText(),
                        r.get("key").asText(), text(r.get("date")), r.get("listKey").asText()));
            }
            String documentListKey = root.get("documentListKey").asText();
            for (DocumentSpec spec : DocumentTypes.builtIn().all()) {
                lookups.put(spec.resource(), new Lookup(spec.resource(), spec.numberField(), spec.dateField(),
                        documentListKey));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        return Map.copyOf(lookups);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText().trim();
    }
}

package dev.hisabkitab.sync.dryrun;

import dev.hisabkitab.sync.business.masters.PlannedCreation;
import dev.hisabkitab.sync.business.masters.PlanningDirectory;

import dev.hisabkitab.sync.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.business.invoice.InvoiceMapper;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.business.DocumentNumber;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.client.ApiKeys;
import dev.hisabkitab.sync.client.ApiRequest;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.event.Outcomes;
import dev.hisabkitab.sync.outcome.Plan;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The dry run (docs/dry-run.md): an event is checked and mapped with look-ups only and answered {@code planned}
 * with the request booking would send, instead of being sent. Which events: all of them with
 * {@code hisabkitab.dry-run=true}, else those of files dropped in the inbox's {@value #FOLDER}/ folder (the
 * inbox-dry-run route marks them).
 *
 * <p>What a dry run never does: send a create, update or delete (the event's own call is {@linkplain #plannedReply
 * planned}; the masters auto-create would create are planned by {@link PlanningDirectory}); take a document number
 * (it is {@linkplain dev.hisabkitab.sync.business.DocumentNumbers#peek peeked}); record the event as completed (only
 * an {@code ok} reply is recorded), so the same events can be booked afterwards.
 */
@ApplicationScoped
@Named("dryRun")
public class DryRun {

    /** The inbox sub-folder whose files are checked, never booked. */
    public static final String FOLDER = "dry-run";

    @ConfigProperty(name = "hisabkitab.dry-run", defaultValue = "false")
    boolean everything;

    @Inject
    EndpointCatalogue catalogue;

    @Inject
    ApiKeys apiKeys;

    @Inject
    Outcomes outcomes;

    /**
     * InboxFiles, for a dropped file: whether an event or file is a dry run's — all of them with hisabkitab.dry-run,
     * else those marked so ({@code marked}: the inbox-dry-run route).
     */
    public boolean isDryRun(Boolean marked) {
        return everything || Boolean.TRUE.equals(marked);
    }

    /**
     * Step {@code dry-run-or-booking} of process-event, the first to hold the event's context: booked, or only planned
     * (hisabkitab.dry-run, or a context the inbox-dry-run route started planned).
     */
    public EventContext bookOrPlan(EventContext started) {
        EventContext event = EventContext.continued(started);
        return event.withDryRun(isDryRun(event.dryRun()));
    }

    /** Step {@code plan-only} of the inbox-dry-run route: the events of its files are planned, never booked. */
    public EventContext planOnly() {
        return EventContext.planOnly();
    }

    /**
     * Step {@code make-planned-reply}: the event's call (an {@code api.*} event's own, or the mapped business event's)
     * becomes the request the HisabKitab client would send, checked the way the client checks it (path parameters,
     * payload shape, an API key for the company), and the reply {@code planned} that shows it.
     */
    public Reply plannedReply(Envelope envelope, ApiCall call, CallState callState, DocumentNumber number,
            PlanningDirectory planning) {
        Plan.Call request = request(call, null, 0);
        apiKeys.requireKeyFor(call.company());
        List<Plan.Call> first = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String series = number == null ? null : number.series();
        if (series != null) {
            notes.add("No number in the event: booking takes the next number of HisabKitab's " + series + " series "
                    + "at that time; " + number.number() + " is its next number now (not taken)");
        }
        if (planning != null) {
            for (PlannedCreation creation : planning.planned()) {
                first.add(request(creation.call().withCompany(call.company()), creation.creates(),
                        creation.placeholderId()));
            }
            notes.addAll(planning.notes());
        }
        Plan.Totals totals = InvoiceMapper.EVENT_TYPE.equals(envelope.type()) ? invoiceTotals(request.body()) : null;
        return outcomes.planned(envelope, call, callState, new Plan(call.operation(), request.method(), request.path(),
                request.contentType(), request.body(), request.form(), totals, series, first, notes));
    }

    /** The request of a call as the HisabKitab client builds it (ApiRequest), without its headers. */
    private Plan.Call request(ApiCall call, String creates, long placeholderId) {
        Endpoint endpoint = catalogue.find(call.operation()).orElseThrow(
                () -> EventFailure.invalidEvent("type: no catalogue operation " + call.operation()));
        ApiRequest request = ApiRequest.of(endpoint, call.target(), call.payload());
        String path = request.query() == null ? request.path() : request.path() + "?" + request.query();
        JsonNode body = request.json() == null ? null : parse(request.json());
        List<Plan.Field> form = request.form() == null ? null
                : request.form().stream().map(f -> new Plan.Field(f.name(), f.value())).toList();
        String contentType = body != null || form != null ? endpoint.contentType() : null;
        return new Plan.Call(creates, placeholderId, call.operation(), request.method(), path, contentType, body, form);
    }

    /** The totals InvoiceMapper computed, read back from the fields of the body it filled with them. */
    static Plan.Totals invoiceTotals(JsonNode body) {
        if (body == null || !body.hasNonNull("grand_total")) {
            return null;
        }
        return new Plan.Totals(amount(body, "taxable_value"), amount(body, "cgst"), amount(body, "sgst"),
                amount(body, "igst"), amount(body, "cess"), amount(body, "rounding_amount"), amount(body, "grand_total"));
    }

    private static BigDecimal amount(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || !value.isNumber() ? null : value.decimalValue();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("The connector's own request body is not JSON", e);
        }
    }
}

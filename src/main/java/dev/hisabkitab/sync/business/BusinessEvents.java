package dev.hisabkitab.sync.business;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.business.masters.PlannedMasters;
import dev.hisabkitab.sync.business.masters.PlanningDirectory;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The steps of routes/business-events.yaml: a business event (docs/contract.md, "Business events") becomes the HisabKitab call that
 * books it. {@link #assignNumber} takes the next number when the document has none; {@link #map} resolves every
 * name through the company's master data (content enricher) and builds the payload. A dry run's events take
 * {@link #peekNumber} and {@link #mapWithoutCreating} instead: nothing is taken or created.
 */
@ApplicationScoped
@Named("businessEvents")
public class BusinessEvents {

    @Inject
    BusinessMappers mappers;

    @Inject
    MasterData masters;

    @Inject
    DocumentNumbers numbers;

    @Inject
    HeldNumbers heldNumbers;

    public void assignNumber(Exchange exchange) {
        Envelope envelope = envelope(exchange);
        String series = mapper(envelope).numberSeries(envelope.payload());
        if (series != null) {
            // an event read again keeps the number its earlier try recorded before sending (write-ahead intent)
            exchange.setProperty(PipelineKeys.ASSIGNED_NUMBER, heldNumbers.heldByThisEvent(exchange, series)
                    .orElseGet(() -> numbers.next(envelope.company(), series, envelope.id())));
            exchange.setProperty(PipelineKeys.NUMBER_SERIES, series);
        }
    }

    public void map(Exchange exchange) {
        Envelope envelope = envelope(exchange);
        String assigned = exchange.getProperty(PipelineKeys.ASSIGNED_NUMBER, String.class);
        exchange.setProperty(PipelineKeys.CALL, mapper(envelope)
                .map(envelope.payload(), assigned, masters.directory(envelope.company()), masters.defaults())
                .withCompany(envelope.company()));
    }

    /**
     * Dry run (docs/dry-run.md): the number {@link #assignNumber} would take, peeked at and not taken; the series is
     * noted for the plan.
     */
    public void peekNumber(Exchange exchange) {
        Envelope envelope = envelope(exchange);
        String series = mapper(envelope).numberSeries(envelope.payload());
        if (series != null) {
            exchange.setProperty(PipelineKeys.ASSIGNED_NUMBER, numbers.peek(envelope.company(), series));
            exchange.setProperty(PipelineKeys.NUMBER_SERIES, series);
        }
    }

    /**
     * Dry run: {@link #map} with look-ups only; the parties and items auto-create would create are noted for the
     * plan ({@value PipelineKeys#PLANNING}) instead of created, and so are the masters a party.upsert / item.upsert
     * creates, for the later events of the same file.
     */
    public void mapWithoutCreating(Exchange exchange) {
        Envelope envelope = envelope(exchange);
        String assigned = exchange.getProperty(PipelineKeys.ASSIGNED_NUMBER, String.class);
        PlannedMasters planned = exchange.getProperty(PipelineKeys.PLANNED_MASTERS, PlannedMasters.class);
        PlanningDirectory directory = masters.planning(envelope.company(),
                planned != null ? planned : PlannedMasters.forOneEvent(), envelope.id());
        exchange.setProperty(PipelineKeys.PLANNING, directory);
        ApiCall call = mapper(envelope).map(envelope.payload(), assigned, directory, masters.defaults())
                .withCompany(envelope.company());
        directory.mapped(envelope.type(), envelope.payload(), call);
        exchange.setProperty(PipelineKeys.CALL, call);
    }

    private BusinessMapper mapper(Envelope envelope) {
        return mappers.forType(envelope.type())
                .orElseThrow(() -> EventFailure.invalidEvent("type: no mapper for " + envelope.type()));
    }

    private static Envelope envelope(Exchange exchange) {
        return exchange.getProperty(PipelineKeys.ENVELOPE, Envelope.class);
    }
}

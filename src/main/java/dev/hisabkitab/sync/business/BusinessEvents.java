package dev.hisabkitab.sync.business;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.event.Envelope;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The steps of routes/business-events.yaml: a business event (contract §2b) becomes the HisabKitab call that
 * books it. {@link #assignNumber} takes the next number when the document has none; {@link #map} resolves every
 * name through the company's master data (content enricher) and builds the payload.
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

    public void assignNumber(Exchange exchange) {
        Envelope envelope = envelope(exchange);
        String series = mapper(envelope).numberSeries(envelope.payload());
        if (series != null) {
            exchange.setProperty(PipelineKeys.ASSIGNED_NUMBER, numbers.next(envelope.company(), series));
        }
    }

    public void map(Exchange exchange) {
        Envelope envelope = envelope(exchange);
        String assigned = exchange.getProperty(PipelineKeys.ASSIGNED_NUMBER, String.class);
        exchange.setProperty(PipelineKeys.CALL, mapper(envelope)
                .map(envelope.payload(), assigned, masters.directory(envelope.company()), masters.defaults())
                .withCompany(envelope.company()));
    }

    private BusinessMapper mapper(Envelope envelope) {
        return mappers.forType(envelope.type())
                .orElseThrow(() -> EventFailure.invalidEvent("type: no mapper for " + envelope.type()));
    }

    private static Envelope envelope(Exchange exchange) {
        return exchange.getProperty(PipelineKeys.ENVELOPE, Envelope.class);
    }
}

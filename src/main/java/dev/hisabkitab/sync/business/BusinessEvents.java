package dev.hisabkitab.sync.business;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

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

    /**
     * Step {@code assign-document-number}: the next number of the document's series when the event gives none (no
     * series: {@code null}). An event read again keeps the number its earlier try recorded before sending
     * ({@code earlier}, its write-ahead intent's), so it never books under a second number.
     */
    public DocumentNumber assignNumber(Envelope envelope, DocumentNumber earlier) {
        String series = mapper(envelope).numberSeries(envelope.payload());
        if (series == null) {
            return null;
        }
        return earlier != null && earlier.of(series) ? earlier
                : new DocumentNumber(series, numbers.next(envelope.company(), series, envelope.id()));
    }

    /** Step {@code enrich-and-map}: the call that books the event, every name resolved through the company's masters. */
    public ApiCall map(Envelope envelope, DocumentNumber number) {
        return mapper(envelope).map(envelope.payload(), numberOf(number), masters.directory(envelope.company()),
                masters.defaults()).withCompany(envelope.company());
    }

    /**
     * Dry run (docs/dry-run.md): the number {@link #assignNumber} would take, peeked at and not taken; the series is
     * kept for the plan.
     */
    public DocumentNumber peekNumber(Envelope envelope) {
        String series = mapper(envelope).numberSeries(envelope.payload());
        return series == null ? null : new DocumentNumber(series, numbers.peek(envelope.company(), series));
    }

    /**
     * Dry run: the event's planning directory, look-ups only; the parties and items auto-create would create are
     * noted in it for the plan instead of created, and so are the masters a party.upsert / item.upsert creates, for
     * the later events of the same file ({@code planned}: the file's; absent, the event's own).
     */
    public PlanningDirectory planning(Envelope envelope, PlannedMasters planned) {
        return masters.planning(envelope.company(), planned != null ? planned : PlannedMasters.forOneEvent(),
                envelope.id());
    }

    /** Dry run: {@link #map} through the planning directory, which notes the mapped call too. */
    public ApiCall mapWithoutCreating(Envelope envelope, DocumentNumber number, PlanningDirectory directory) {
        ApiCall call = mapper(envelope).map(envelope.payload(), numberOf(number), directory, masters.defaults())
                .withCompany(envelope.company());
        directory.mapped(envelope.type(), envelope.payload(), call);
        return call;
    }

    private static String numberOf(DocumentNumber number) {
        return number == null ? null : number.number();
    }

    private BusinessMapper mapper(Envelope envelope) {
        return mappers.forType(envelope.type())
                .orElseThrow(() -> EventFailure.invalidEvent("type: no mapper for " + envelope.type()));
    }
}

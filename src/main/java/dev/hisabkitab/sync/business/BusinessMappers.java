package dev.hisabkitab.sync.business;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.hisabkitab.sync.business.invoice.InvoiceMapper;
import dev.hisabkitab.sync.business.item.ItemMapper;
import dev.hisabkitab.sync.business.journal.JournalMapper;
import dev.hisabkitab.sync.business.party.PartyMapper;
import dev.hisabkitab.sync.business.payment.PaymentMapper;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;

/** The mapper of each business event type (docs/contract.md, "Business events"). */
@ApplicationScoped
public class BusinessMappers {

    private final Map<String, BusinessMapper> byType;

    @Inject
    public BusinessMappers(EndpointCatalogue catalogue) {
        this(List.of(new PartyMapper(), new ItemMapper(), new InvoiceMapper(), new PaymentMapper(),
                // the journal body follows the catalogue's content type (multipart, or JSON when overridden)
                JournalMapper.forContentType(catalogue.find("journal.create").orElseThrow().contentType())));
    }

    BusinessMappers(List<BusinessMapper> mappers) {
        this.byType = mappers.stream().collect(Collectors.toUnmodifiableMap(BusinessMapper::eventType, Function.identity()));
    }

    public Optional<BusinessMapper> forType(String eventType) {
        return Optional.ofNullable(byType.get(eventType));
    }
}

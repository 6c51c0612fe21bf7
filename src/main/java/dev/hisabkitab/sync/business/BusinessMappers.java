package dev.hisabkitab.sync.business;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hisabkitab.sync.business.invoice.InvoiceMapper;

/** The mapper of each business event type (contract §2b). */
@ApplicationScoped
public class BusinessMappers {

    private final Map<String, BusinessMapper> byType;

    public BusinessMappers() {
        this(List.of(new InvoiceMapper()));
    }

    BusinessMappers(List<BusinessMapper> mappers) {
        this.byType = mappers.stream().collect(Collectors.toUnmodifiableMap(BusinessMapper::eventType, Function.identity()));
    }

    public Optional<BusinessMapper> forType(String eventType) {
        return Optional.ofNullable(byType.get(eventType));
    }
}

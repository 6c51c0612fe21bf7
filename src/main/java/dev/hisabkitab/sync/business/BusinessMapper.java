package dev.hisabkitab.sync.business;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.client.ApiCall;

/**
 * Turns one business event's payload (docs/contract.md, "Business events", already valid against its JSON Schema) into the HisabKitab
 * call that books it. Pure: the only thing it asks is the {@link Directory} (names → ids); it never calls
 * HisabKitab itself. Failures are {@link dev.hisabkitab.sync.outcome.EventFailure#mapping} with a message a
 * bookkeeper understands.
 */
public interface BusinessMapper {

    /** The event type it maps, e.g. {@code invoice.create}. */
    String eventType();

    /**
     * The catalogue resource whose next number this event needs ({@code sale}, {@code receipt},
     * {@code journal}: the connector calls {@code <resource>.next-number}), or {@code null} when the event brings
     * its own number or the document has none.
     */
    String numberSeries(JsonNode payload);

    /**
     * The call that books the event.
     *
     * @param payload        the event's payload
     * @param assignedNumber the number HisabKitab gave for {@link #numberSeries}, or {@code null} when none was needed
     * @param directory      the company's master data
     * @param defaults       names to fall back to
     * @return the operation, path parameters and body; its company is filled in by the caller
     */
    ApiCall map(JsonNode payload, String assignedNumber, Directory directory, MappingDefaults defaults);
}

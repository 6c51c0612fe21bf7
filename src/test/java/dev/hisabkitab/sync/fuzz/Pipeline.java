package dev.hisabkitab.sync.fuzz;

import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.event.EnvelopeParser;
import dev.hisabkitab.sync.event.EventSchemas;

/**
 * The envelope parser and the schemas as the connector builds them (a class of its own so that the targets that do
 * not need them, the calculator and UTF-8 decoding, start without loading the catalogue and compiling the schemas).
 */
final class Pipeline {

    static final EndpointCatalogue CATALOGUE = EndpointCatalogue.builtIn();

    /** The parser exactly as {@code EventIntake} builds it: api.* types must be catalogue operations. */
    static final EnvelopeParser PARSER = new EnvelopeParser(type -> type.startsWith(Envelope.API_PREFIX)
            && CATALOGUE.find(type.substring(Envelope.API_PREFIX.length())).isPresent());

    static final EventSchemas SCHEMAS = new EventSchemas();

    private Pipeline() {
    }
}

package dev.hisabkitab.sync.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

class EnvelopeParserTest {

    private final EnvelopeParser parser = new EnvelopeParser(Set.of("api.sale.create-item", "api.journal.delete")::contains);

    @Test
    void readsAFullEnvelope() {
        Envelope e = parser.parse("{\"id\":\"erp-1\",\"type\":\"api.journal.delete\",\"company\":\"acme\","
                + "\"target\":{\"id\":5},\"payload\":null}");
        assertEquals("erp-1", e.id());
        assertEquals("journal.delete", e.apiOperation());
        assertEquals("acme", e.company());
        assertEquals(5, e.target().get("id").asInt());
        assertNull(e.payload());
        assertEquals("erp-1", e.original().get("id").asText());
    }

    @Test
    void companyDefaultsToDefault() {
        assertEquals(Envelope.DEFAULT_COMPANY, parser.parse("{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"payload\":{}}").company());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json at all|not valid JSON",
            "{\"id\":\"1\",|not valid JSON",
            "[1,2]|not a JSON object",
            "{\"type\":\"api.sale.create-item\",\"payload\":{}}|id: is required",
            "{\"id\":7,\"type\":\"api.sale.create-item\"}|id: must be a non-empty string",
            "{\"id\":\"1\"}|type: is required",
            "{\"id\":\"1\",\"type\":\"api.sale.explode\"}|no such operation in the endpoint catalogue",
            "{\"id\":\"1\",\"type\":\"invoice.teleport\"}|not an event type this connector knows",
            "{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"company\":\"../etc\"}|company: must be a name",
            "{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"target\":5}|target: must be an object",
            "{\"id\":\"1\",\"type\":\"api.sale.create-item\"} trailing|not valid JSON",
            "'   '|The event is empty",
            "{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"paylod\":{}}|paylod: is not a known field of the envelope",
            "{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"Payload\":{}}|known fields: id, type, company, target, payload" })
    void badEnvelopesAreInvalidEventsThatSayWhy(String text, String expected) {
        EventFailure f = assertThrows(EventFailure.class, () -> parser.parse(text));
        assertEquals(ErrorCategory.INVALID_EVENT, f.category());
        assertTrue(f.getMessage().contains(expected), f.getMessage());
    }

    @Test
    void nestingBeyondTheLimitIsRefusedAndTheLimitItselfIsFine() {
        String atLimit = "{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"payload\":"
                + "[".repeat(EnvelopeParser.MAX_NESTING - 1) + "]".repeat(EnvelopeParser.MAX_NESTING - 1) + "}";
        assertEquals("1", parser.parse(atLimit).id());
        String tooDeep = "[".repeat(EnvelopeParser.MAX_NESTING + 1) + "]".repeat(EnvelopeParser.MAX_NESTING + 1);
        EventFailure f = assertThrows(EventFailure.class, () -> parser.parse(tooDeep));
        assertEquals(ErrorCategory.INVALID_EVENT, f.category());
        assertEquals("The event's nesting depth exceeds 64 levels of objects and lists inside each other; events nest"
                + " a few levels", f.getMessage());
    }

    @Test
    void gstinCheckCharacters() {
        for (String valid : List.of("27AAPFU0939F1ZV", "29AABCT3518Q1ZS", "27AAACR5055K1Z7", "06AAKCA6445Q1Z2")) {
            assertTrue(Gstin.hasValidCheckCharacter(valid), valid);
        }
        assertFalse(Gstin.hasValidCheckCharacter("27AAPFU0939F1ZW"));
        assertFalse(Gstin.hasValidCheckCharacter("27AAPFU0939F1Z"));
        assertFalse(Gstin.hasValidCheckCharacter("27aapfu0939f1zv"));
        assertEquals('V', Gstin.checkCharacter("27AAPFU0939F1Z"));
    }

    @Test
    void parseErrorsDoNotEchoTheInput() {
        String secretish = "{\"id\": \"1\", \"apiKey\": \"s3cr3t-value\" oops}";
        EventFailure f = assertThrows(EventFailure.class, () -> parser.parse(secretish));
        assertTrue(!f.getMessage().contains("s3cr3t-value"), f.getMessage());
    }

    @Test
    void theReadablePartOfABadEnvelopeNamesTheEvent() {
        Envelope partial = EnvelopeParser.readablePart("{\"id\":\"e4\",\"type\":\"api.nope\",\"company\":7}");
        assertEquals("e4", partial.id());
        assertEquals("api.nope", partial.type());
        assertNull(partial.company());
        assertNull(EnvelopeParser.readablePart("{broken").id());
    }
}

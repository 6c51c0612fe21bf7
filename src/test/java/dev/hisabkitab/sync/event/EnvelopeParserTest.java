package dev.hisabkitab.sync.event;

import dev.hisabkitab.sync.Envelope;

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

    /**
     * Found by InvoiceMapperFuzzTest (input crash-gst-rate-7.41E+572717050): the schema validator wrote such a GST
     * rate out in full to compare it with the enum of slabs and ran out of memory (EventSchemas.validate).
     */
    @Test
    void aNumberWithAHugeExponentIsAnInvalidEventNotAnOutOfMemoryError() {
        EventFailure f = assertThrows(EventFailure.class, () -> parser.parse("{\"id\":\"1\",\"type\":\"invoice.create\","
                + "\"payload\":{\"lines\":[{\"rate\":1},{\"rate\":750,\"gstRate\":7.41E+572717050}]}}"));
        assertEquals(ErrorCategory.INVALID_EVENT, f.category());
        assertEquals("The envelope is invalid: payload.lines[1].gstRate: a number of more than 1000 digits written out"
                + " in full (an exponent such as 1E+1000000000) is not accepted", f.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1E-1000|payload.rate", "-1E+1000|payload.rate", "1.5E-2147483646|payload.rate" })
    void numbersTooLongToWriteOutAreRefusedWhereverTheyAre(String number, String path) {
        EventFailure f = assertThrows(EventFailure.class, () -> parser.parse(
                "{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"payload\":{\"rate\":" + number + "}}"));
        assertTrue(f.getMessage().contains(path + ": a number of more than 1000 digits"), f.getMessage());
        assertEquals(List.of(path + ": a number of more than 1000 digits written out in full (an exponent such as"
                + " 1E+1000000000) is not accepted"), f.details());
    }

    /**
     * Found while checking the fuzz findings, kept as EnvelopeFuzzTest's and DropFileFuzzTest's input
     * crash-exponent-out-of-range.json: the JSON reader throws a NumberFormatException (not a JsonProcessingException)
     * for a number whose scale does not fit an int, and it escaped the parser.
     */
    @ParameterizedTest
    @CsvSource({ "1.5E-2147483647", "1E+2147483649", "-7E99999999999" })
    void aNumberWhoseExponentIsOutOfRangeIsInvalidJsonNotANumberFormatException(String number) {
        EventFailure f = assertThrows(EventFailure.class, () -> parser.parse(
                "{\"id\":\"1\",\"type\":\"invoice.create\",\"payload\":{\"lines\":[{\"rate\":" + number + "}]}}"));
        assertEquals(ErrorCategory.INVALID_EVENT, f.category());
        assertEquals("The event is not valid JSON: a number cannot be read: its exponent is out of range", f.getMessage());
        assertNull(EnvelopeParser.readablePart("{\"id\":" + number + "}").id());
    }

    @Test
    void aThousandDigitsWrittenOutAreAccepted() {
        Envelope e = parser.parse("{\"id\":\"1\",\"type\":\"api.sale.create-item\",\"payload\":{\"a\":1E-999,"
                + "\"b\":1E+999,\"c\":[12.50]}}");
        assertEquals(1000, EnvelopeParser.digitsWrittenOut(e.payload().get("a").decimalValue()));
        assertEquals(1000, EnvelopeParser.digitsWrittenOut(e.payload().get("b").decimalValue()));
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

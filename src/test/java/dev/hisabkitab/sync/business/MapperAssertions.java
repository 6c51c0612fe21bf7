package dev.hisabkitab.sync.business;

import dev.hisabkitab.sync.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.support.Events;

import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/** Assertions the mapper tests share. */
public final class MapperAssertions {

    private MapperAssertions() {
    }

    /** JSON text read the way the connector reads events (decimals exact: 10.50 stays 10.50). */
    public static JsonNode json(String text) {
        return Events.json(text);
    }

    /** A test resource, e.g. an event of {@code /events/valid/}. */
    public static JsonNode resource(String path) {
        return Events.resource(path);
    }

    public static String pretty(JsonNode node) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body as written on the wire equals the expected JSON, field order and number text included
     * ({@code 500000.00} is not {@code 500000}).
     */
    public static void assertJson(String expected, JsonNode actual) {
        assertEquals(pretty(json(expected)), pretty(actual));
    }

    /** The number is written with exactly 2 decimals. */
    public static void assertAmount(String expected, JsonNode actual) {
        assertTrue(actual != null && actual.isNumber(), "not a number: " + actual);
        assertEquals(2, actual.decimalValue().scale(), "not to the paisa: " + actual);
        assertEquals(new BigDecimal(expected), actual.decimalValue());
    }

    /** The call fails with a {@code mapping} failure; returns its message. */
    public static String assertMappingFailure(Executable mapping) {
        EventFailure failure = assertThrows(EventFailure.class, mapping);
        assertEquals(ErrorCategory.MAPPING, failure.category(), failure.getMessage());
        return failure.getMessage();
    }
}

package dev.hisabkitab.sync.fuzz;

import dev.hisabkitab.sync.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * What the fuzz tests share: the valid example events, reading and writing JSON, and the
 * one property every target has: the only exception allowed is an {@link EventFailure} (a dead letter with a
 * category and a message a person can read). Anything else escaping a target (NullPointerException,
 * NumberFormatException, ArithmeticException, IndexOutOfBoundsException, StackOverflowError, OutOfMemoryError, a
 * failed assertion) is a finding.
 */
final class Fuzzing {

    /** The valid example events of src/test/resources/events/valid/, by file name (without .json). */
    static final List<String> EXAMPLES = List.of("party.upsert-customer", "party.upsert-supplier", "item.upsert-goods",
            "item.upsert-service", "invoice.create-sale", "invoice.create-sale-ledger", "invoice.create-sale-return",
            "invoice.create-income-credit-note", "invoice.create-income-debit-note", "invoice.create-estimate",
            "invoice.create-delivery-challan", "invoice.create-purchase", "invoice.create-purchase-ledger",
            "invoice.create-purchase-order", "invoice.create-purchase-return", "invoice.create-expense-credit-note",
            "invoice.create-expense-debit-note", "payment.create-received", "payment.create-paid",
            "journal.create-depreciation");

    /** With -Dfuzz.print=true each target prints the input it made (the event, the invoice) before using it. */
    static final boolean PRINT = Boolean.getBoolean("fuzz.print");

    private Fuzzing() {
    }

    /** Prints what a target made of its input, when asked to (-Dfuzz.print=true): to read a crash input. */
    static void print(String what, Object input) {
        if (PRINT) {
            System.err.println("fuzz input (" + what + "): " + input);
        }
    }

    /** The examples of one event type, e.g. {@code invoice.create}, in the order of {@link #EXAMPLES}. */
    static List<String> examplesOf(String type) {
        return EXAMPLES.stream().filter(e -> e.startsWith(type + "-")).toList();
    }

    /** A fresh copy of an example envelope. */
    static ObjectNode example(String name) {
        return (ObjectNode) json(text("/events/valid/" + name + ".json"));
    }

    static String text(String resource) {
        try (InputStream in = Fuzzing.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dead letter as the pipeline would write it: the expected category and a message worth reading. */
    static void assertDeadLetter(EventFailure failure, ErrorCategory expected) {
        check(failure.category() == expected, "expected a " + expected.code() + " failure, got " + failure.category()
                + ": " + failure.getMessage());
        check(failure.getMessage() != null && !failure.getMessage().isBlank(), "a failure without a message");
    }

    /** A violated property: fails the fuzz test with the message (an AssertionError is a finding). */
    static void check(boolean property, String message) {
        if (!property) {
            throw new AssertionError(message);
        }
    }
}

package dev.hisabkitab.sync.inbox;

import dev.hisabkitab.sync.event.SourceEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.event.EnvelopeParser;

/**
 * Splits a dropped file into the events it holds (docs/contract.md, "File drops"). Pure: file name and text in, events out.
 * A {@code .json} file holds one envelope or an array of them; {@code .ndjson}/{@code .jsonl} one envelope
 * per line (blank lines are skipped). Text that cannot be split stays one event, so it still ends as
 * exactly one dead letter that carries it; so does a file that holds no event at all (empty, only blank lines,
 * or an empty array).
 */
public final class DropFileReader {

    private DropFileReader() {
    }

    public static List<SourceEvent> events(String fileName, String text) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte order mark is not part of the JSON
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return lines(text);
        }
        return jsonDocument(text);
    }

    /** Why an inbox file with no events fails: it is still one (failed) outcome, never silence. */
    public static final String NO_EVENTS = "The file holds no events";

    private static List<SourceEvent> lines(String text) {
        List<SourceEvent> events = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                events.add(new SourceEvent("line " + (i + 1), lines[i]));
            }
        }
        if (events.isEmpty()) {
            return List.of(SourceEvent.unreadable("file", NO_EVENTS + ": it is empty or holds only blank lines"));
        }
        return events;
    }

    private static List<SourceEvent> jsonDocument(String text) {
        JsonNode node;
        try {
            node = EnvelopeParser.readEventText(text);
        } catch (JsonProcessingException | NumberFormatException e) {
            // (a number such as 1.5E-2147483647 is a NumberFormatException): the whole file is one invalid event
            return List.of(new SourceEvent("file", text));
        }
        if (node == null || !node.isArray()) {
            return List.of(new SourceEvent("file", text));
        }
        if (node.isEmpty()) {
            return List.of(SourceEvent.unreadable("file", NO_EVENTS + ": it is an empty JSON array"));
        }
        List<SourceEvent> events = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            events.add(new SourceEvent("item " + (i + 1), node.get(i).toString()));
        }
        return events;
    }
}

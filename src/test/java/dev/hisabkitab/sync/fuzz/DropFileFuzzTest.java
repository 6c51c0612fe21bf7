package dev.hisabkitab.sync.fuzz;

import static dev.hisabkitab.sync.fuzz.Fuzzing.assertDeadLetter;
import static dev.hisabkitab.sync.fuzz.Fuzzing.check;
import static dev.hisabkitab.sync.fuzz.Pipeline.PARSER;

import java.util.List;
import java.util.Locale;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.hisabkitab.sync.inbox.DropFileReader;
import dev.hisabkitab.sync.event.SourceEvent;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@link DropFileReader#events} on any file name and text, then each event it gives through the envelope parser, as
 * the inbox route does. Properties: a file always gives events (unless an NDJSON file has only blank lines), each
 * with a location and text; a {@code .json} file is one event holding the whole text, or one event per array item;
 * every event ends parsed or as an {@code invalid-event}.
 *
 * <p>Input layout (FuzzedDataProvider): the file name's choice is taken from the end of the input, the text is the
 * rest, so a seed is the file's text followed by one byte (0 {@code .json}, 1 {@code .ndjson}, 2 {@code .jsonl},
 * 3 {@code .JSON}, 4 {@code .txt}).
 */
class DropFileFuzzTest {

    private static final List<String> NAMES = List.of("events.json", "events.ndjson", "events.jsonl", "EVENTS.JSON",
            "events.txt", "a.b.NDJSON", ".jsonl");

    @FuzzTest(maxDuration = "10s")
    void events(FuzzedDataProvider data) {
        int choice = data.consumeInt(0, NAMES.size());
        String name = choice < NAMES.size() ? NAMES.get(choice) : data.consumeString(12);
        String text = data.consumeRemainingAsString();
        List<SourceEvent> events = DropFileReader.events(name, text);
        check(events != null, "no list of events");
        String lower = name.toLowerCase(Locale.ROOT);
        boolean lines = lower.endsWith(".ndjson") || lower.endsWith(".jsonl");
        if (lines) {
            check(!events.isEmpty() || text.isBlank() || text.replace("\uFEFF", "").lines().allMatch(String::isBlank),
                    "an NDJSON file with text gave no events");
        } else {
            check(!events.isEmpty() || Fuzzing.json(strip(text)).isArray(), "a JSON file gave no events");
        }
        for (SourceEvent event : events) {
            check(event.location() != null && !event.location().isBlank(), "an event without a location");
            if (event.problem() != null) {
                // a file with no event in it (empty, blank lines, an empty array) is one unreadable event that says so
                check(event.text() == null && !event.problem().isBlank() && events.size() == 1,
                        "an unreadable part beside other events, or without a reason");
                continue;
            }
            check(event.text() != null, "an event without text");
            if (lines) {
                check(!event.text().isBlank() && !event.text().contains("\n"), "an NDJSON event that is not one line");
            }
            try {
                PARSER.parse(event.text());
            } catch (EventFailure e) {
                assertDeadLetter(e, ErrorCategory.INVALID_EVENT);
            }
        }
    }

    private static String strip(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}

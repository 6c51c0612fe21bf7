package dev.hisabkitab.sync.event;

/**
 * One event read from a dropped file: its text and where it was in the file ({@code line 3} in NDJSON,
 * {@code item 2} in a JSON array, {@code file} for a whole-file event). {@code problem} says why a
 * part of a file could not even be read as text; such an event ends as an {@code invalid-event}.
 */
public record SourceEvent(String location, String text, String problem) {

    public SourceEvent(String location, String text) {
        this(location, text, null);
    }

    public static SourceEvent unreadable(String location, String problem) {
        return new SourceEvent(location, null, problem);
    }
}

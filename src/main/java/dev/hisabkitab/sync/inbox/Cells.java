package dev.hisabkitab.sync.inbox;

/** Small helpers for messages about cells. */
final class Cells {

    /** A cell's value in a message, cut short: a report never repeats a long value in full. */
    static final int QUOTED_MAX = 40;

    private Cells() {
    }

    static String quote(String value) {
        String shown = value.length() <= QUOTED_MAX ? value : value.substring(0, QUOTED_MAX) + "…";
        return '"' + shown + '"';
    }
}

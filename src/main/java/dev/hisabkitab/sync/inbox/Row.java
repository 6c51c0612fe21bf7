package dev.hisabkitab.sync.inbox;

import java.util.List;

/** One row of a CSV or Excel drop: its number as the user sees it (the header is row 1) and its cells as text. */
public record Row(long number, List<String> cells) {

    public boolean isBlank() {
        return cells.stream().allMatch(c -> c == null || c.isBlank());
    }

    public String cell(int index) {
        return index >= 0 && index < cells.size() && cells.get(index) != null ? cells.get(index).strip() : "";
    }
}

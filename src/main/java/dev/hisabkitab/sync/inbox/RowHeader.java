package dev.hisabkitab.sync.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.hisabkitab.sync.inbox.RowLayout.Column;

/**
 * The header row of a CSV or Excel drop, checked against its layout: every cell names a column of the layout (case
 * and surrounding spaces aside) or one of its {@link RowLayout#aliases() aliases}, no field twice (also not once by
 * its name and once by an alias: which of the two would count?), and every required column is there. Pure.
 */
public record RowHeader(RowLayout layout, List<Column> columns) {

    /** The header, or a {@link RowSourceException} whose message names every problem and where it is. */
    public static RowHeader read(RowLayout layout, List<String> cells) {
        List<Column> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, String> seenAs = new HashMap<>();
        Set<String> present = new LinkedHashSet<>();
        int lastNamed = -1;
        for (int i = 0; i < cells.size(); i++) {
            lastNamed = cells.get(i) == null || cells.get(i).isBlank() ? lastNamed : i;
        }
        for (int i = 0; i < cells.size(); i++) {
            String name = cells.get(i) == null ? "" : cells.get(i).strip();
            Column column = layout.column(name).orElse(null);
            columns.add(column);
            if (name.isEmpty()) {
                if (i < lastNamed) { // blank cells after the last name (trailing commas) are no columns
                    problems.add("column " + letter(i) + " has no name");
                }
            } else if (column == null) {
                List<String> fields = layout.fieldsOf(name);
                problems.add("unknown column " + Cells.quote(name) + " (column " + letter(i) + ")"
                        + (name.contains(";") || name.contains("\t") ? ": the columns must be separated by commas"
                                : fields.isEmpty() ? "" : ": its fields are the columns " + String.join(", ", fields)));
            } else if (seen.putIfAbsent(column.name(), i) != null) {
                String earlier = seenAs.get(column.name());
                problems.add(earlier.equalsIgnoreCase(name)
                        ? "column " + column.name() + " appears twice (columns " + letter(seen.get(column.name())) + " and "
                                + letter(i) + ")"
                        : "columns " + earlier + " (column " + letter(seen.get(column.name())) + ") and " + name + " (column "
                                + letter(i) + ") are the same field, " + column.name() + ": keep one of them");
            } else {
                seenAs.put(column.name(), name);
                present.add(column.name());
            }
        }
        List<String> missing = layout.requiredColumns().stream().filter(c -> !present.contains(c)).toList();
        if (!missing.isEmpty()) {
            problems.add("missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        if (!problems.isEmpty()) {
            String aliases = layout.aliases().entrySet().stream().map(a -> a.getKey() + " for " + a.getValue())
                    .collect(Collectors.joining(", "));
            throw new RowSourceException("The header row (row 1) does not fit the " + layout.kind().prefix() + " layout: "
                    + String.join("; ", problems) + ". Its columns are: " + layout.columns().stream().map(Column::name)
                            .collect(Collectors.joining(", ")) + (aliases.isEmpty() ? "" : " (also " + aliases + ")"));
        }
        return new RowHeader(layout, columns);
    }

    /** The spreadsheet letter of a 0-based column index: A, B, …, Z, AA, AB, … */
    public static String letter(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }
}

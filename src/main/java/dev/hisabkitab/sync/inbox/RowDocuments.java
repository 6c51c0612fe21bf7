package dev.hisabkitab.sync.inbox;

import dev.hisabkitab.sync.event.SourceEvent;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.hisabkitab.sync.inbox.RowLayout.Column;

/**
 * Turns the rows of a CSV or Excel drop into documents, one {@link SourceEvent} each, as they are read: rows one
 * after the other with the same {@link DropKind#groupBy} values (company included) form one document; a row whose
 * {@code number} is blank, and every row of a parties or items file, is a document of its own. Only the current
 * document's rows are held, so a file of any length is read in bounded memory.
 *
 * <p>Each document becomes an envelope of the kind's event type whose id is {@link DocumentIds#id derived} from its
 * content. A document that cannot be made (its rows disagree on a document field, it has more than
 * {@value #MAX_ROWS} rows, or its number turns up again after other documents) is an event that fails with a message
 * saying why and where; so is a file that cannot be read further ({@link RowSourceException}), after the documents
 * before the fault. Blank rows are skipped. Not thread-safe: one per file.
 */
public final class RowDocuments implements Iterator<SourceEvent> {

    /** The most rows one document may have: the schemas allow at most 1000 lines, entries or settlements. */
    public static final int MAX_ROWS = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Plain decimals only: no exponent, no thousands separators, bounded (a cell never becomes a huge number). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,15}(\\.\\d{0,10})?|\\.\\d{1,10})");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,9}");

    private final RowHeader header;
    private final Iterator<Row> rows;
    private final int[] order;
    private final int companyIndex;
    private final int numberIndex;
    private final List<Integer> keyIndexes = new ArrayList<>();
    /** Keys of the documents already made: a key seen again means the document's rows were not together. */
    private final Set<String> finished = new HashSet<>();
    private final DocumentIds ids = new DocumentIds();

    private Row ahead;
    private SourceEvent next;
    private String sourceFailure;
    /** The file could not be read further: no row after the fault is trusted. */
    private boolean sourceFailed;
    private long documents;

    public RowDocuments(RowHeader header, Iterator<Row> rows) {
        this.header = header;
        this.rows = rows;
        List<Column> columns = header.columns();
        List<Column> layout = header.layout().columns();
        // cells are read in the layout's order, not the file's, so the payload (and its id) does not depend on it
        this.order = java.util.stream.IntStream.range(0, columns.size()).boxed()
                .sorted(java.util.Comparator.comparingInt(i -> columns.get(i) == null ? Integer.MAX_VALUE
                        : layout.indexOf(columns.get(i))))
                .mapToInt(Integer::intValue).toArray();
        this.companyIndex = indexOf(RowLayout.COMPANY);
        this.numberIndex = indexOf(DropKind.NUMBER);
        for (String key : header.layout().kind().groupBy()) {
            keyIndexes.add(indexOf(key));
        }
    }

    private int indexOf(String columnName) {
        for (int i = 0; i < header.columns().size(); i++) {
            Column c = header.columns().get(i);
            if (c != null && c.name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }

    /** How many documents were made so far. */
    public long documents() {
        return documents;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readDocument();
        }
        return next != null;
    }

    @Override
    public SourceEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceEvent event = next;
        next = null;
        documents++;
        return event;
    }

    private SourceEvent readDocument() {
        Row first = ahead != null ? ahead : nextRow();
        ahead = null;
        if (first == null) {
            if (sourceFailure != null) {
                SourceEvent failure = SourceEvent.unreadable("file", sourceFailure);
                sourceFailure = null;
                return failure;
            }
            return null;
        }
        String key = key(first);
        List<Row> group = new ArrayList<>();
        group.add(first);
        long last = first.number();
        long beyond = 0;
        while (key != null) {
            Row row = nextRow();
            if (row == null) {
                break;
            }
            if (!key.equals(key(row))) {
                ahead = row;
                break;
            }
            last = row.number();
            if (group.size() < MAX_ROWS) {
                group.add(row);
            } else {
                beyond++; // counted, not kept: a runaway document does not fill the memory
            }
        }
        String where = first.number() == last ? "row " + last : "rows " + first.number() + "-" + last;
        if (key != null && !finished.add(key)) {
            return SourceEvent.unreadable(where, "The document " + describe(first) + " in " + where
                    + " already had rows earlier in the file: a document's rows must be one after the other"
                    + " (sort the file by " + String.join(" and ", header.layout().kind().groupBy()) + ")");
        }
        if (beyond > 0) {
            return SourceEvent.unreadable(where, "The document " + describe(first) + " in " + where + " has "
                    + (MAX_ROWS + beyond) + " rows; a document may have at most " + MAX_ROWS);
        }
        List<String> problems = new ArrayList<>();
        ObjectNode payload = payload(group, problems);
        if (!problems.isEmpty()) {
            return SourceEvent.unreadable(where, "The document in " + where + " cannot be read: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : ""));
        }
        String company = first.cell(companyIndex);
        ObjectNode envelope = NODES.objectNode();
        envelope.put("id", ids.id(header.layout().kind(), company, payload));
        envelope.put("type", header.layout().kind().eventType());
        if (!company.isEmpty()) {
            envelope.put("company", company);
        }
        envelope.set("payload", payload);
        return new SourceEvent(where, envelope.toString());
    }

    private Row nextRow() {
        if (sourceFailed) {
            return null;
        }
        try {
            while (rows.hasNext()) {
                Row row = rows.next();
                if (!row.isBlank()) {
                    return row;
                }
            }
        } catch (RowSourceException e) {
            sourceFailure = e.getMessage();
            sourceFailed = true;
        }
        return null;
    }

    /** The document key of a row, or null when the row is a document of its own. */
    private String key(Row row) {
        if (keyIndexes.isEmpty() || row.cell(numberIndex).isEmpty()) {
            return null;
        }
        StringBuilder key = new StringBuilder(row.cell(companyIndex));
        for (int i : keyIndexes) {
            key.append('\u0000').append(row.cell(i));
        }
        return key.toString();
    }

    private String describe(Row row) {
        StringBuilder text = new StringBuilder();
        for (String column : header.layout().kind().groupBy()) {
            String value = row.cell(indexOf(column));
            if (!value.isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(Cells.quote(value));
            }
        }
        return text.toString();
    }

    /** The payload of one document; what does not fit is added to {@code problems}. */
    ObjectNode payload(List<Row> group, List<String> problems) {
        ObjectNode payload = NODES.objectNode();
        Map<String, Row> firstSeen = new HashMap<>();
        Map<String, String> documentValues = new HashMap<>();
        for (Row row : group) {
            Map<String, ObjectNode> elements = new LinkedHashMap<>();
            for (int i : order) {
                String cell = row.cell(i);
                if (cell.isEmpty()) {
                    continue;
                }
                Column column = i < header.columns().size() ? header.columns().get(i) : null;
                if (column == null) {
                    problems.add("row " + row.number() + " has a value in column " + RowHeader.letter(i)
                            + ", which has no name in the header row");
                } else if (column.inArray()) {
                    ObjectNode element = elements.computeIfAbsent(column.array(), a -> NODES.objectNode());
                    put(element, column.path().subList(1, column.path().size()), value(column, cell));
                } else {
                    String earlier = documentValues.putIfAbsent(column.name(), cell);
                    if (earlier == null) {
                        firstSeen.put(column.name(), row);
                        if (!column.path().isEmpty()) {
                            put(payload, column.path(), value(column, cell));
                        }
                    } else if (!earlier.equals(cell)) {
                        problems.add("row " + row.number() + " has " + column.name() + " " + Cells.quote(cell)
                                + " but row " + firstSeen.get(column.name()).number() + " of the same document has "
                                + Cells.quote(earlier) + " (the other rows of a document repeat its fields or leave them blank)");
                    }
                }
            }
            for (Column column : header.layout().columns()) {
                ObjectNode element = column.inArray() ? elements.remove(column.array()) : null;
                if (element != null) {
                    payload.withArray(column.array()).add(element);
                }
            }
        }
        return payload;
    }

    private static void put(ObjectNode target, List<String> path, JsonNode value) {
        ObjectNode node = target;
        for (String field : path.subList(0, path.size() - 1)) {
            node = node.get(field) instanceof ObjectNode child ? child : node.putObject(field);
        }
        node.set(path.get(path.size() - 1), value);
    }

    /**
     * A cell as the JSON value its column takes. A cell that is not what the column takes stays text, so the schema
     * check names the field ({@code payload.lines[0].rate: must be a number}).
     */
    static JsonNode value(Column column, String cell) {
        return switch (column.type()) {
            case NUMBER -> DECIMAL.matcher(cell).matches() ? DecimalNode.valueOf(new BigDecimal(cell)) : TextNode.valueOf(cell);
            case INTEGER -> WHOLE.matcher(cell).matches() ? IntNode.valueOf(Integer.parseInt(cell))
                    : DECIMAL.matcher(cell).matches() ? DecimalNode.valueOf(new BigDecimal(cell)) : TextNode.valueOf(cell);
            case BOOLEAN -> switch (cell.toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> BooleanNode.TRUE;
                case "false", "no" -> BooleanNode.FALSE;
                default -> TextNode.valueOf(cell);
            };
            case TEXT -> TextNode.valueOf(cell);
        };
    }
}

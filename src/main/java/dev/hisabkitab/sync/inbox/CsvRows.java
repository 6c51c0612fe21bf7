package dev.hisabkitab.sync.inbox;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of a CSV file (RFC 4180: commas, double quotes, CR LF or LF), read one at a time. Row numbers are the
 * record numbers, the header being row 1, so they match the rows a spreadsheet shows (blank lines count).
 * A file that breaks the format mid-way (a stray quote) ends with a {@link RowSourceException} naming the row.
 */
public final class CsvRows implements Iterator<Row>, Closeable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long lastRow;

    public CsvRows(Reader reader) {
        try {
            this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.records = parser.iterator();
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new RowSourceException("The file is not valid CSV after row " + lastRow + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + " (a quote inside a cell must be doubled, and a quoted cell must be closed)", e);
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord record = records.next();
        lastRow = record.getRecordNumber();
        List<String> cells = new ArrayList<>(record.size());
        record.forEach(cells::add);
        return new Row(lastRow, cells);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}

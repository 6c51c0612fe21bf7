package dev.hisabkitab.sync.inbox;

import dev.hisabkitab.sync.event.SourceEvent;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A CSV or Excel file drop as a stream of documents ({@link SourceEvent}s), read as they are asked for: the file is
 * checked first (its name says its kind; a CSV is UTF-8 text with lines of bounded length; the header fits the
 * layout), and a file that fails a check is one failing event saying why, before anything is sent. Closing it
 * closes the file. {@link #fractionRead()} tells how far into the file the reading is, for progress.
 */
public final class TableDrop implements Iterator<SourceEvent>, Closeable {

    private final Iterator<SourceEvent> documents;
    private final Closeable source;
    private final CountingStream counted;
    private final long size;

    private TableDrop(Iterator<SourceEvent> documents, Closeable source, CountingStream counted, long size) {
        this.documents = documents;
        this.source = source;
        this.counted = counted;
        this.size = size;
    }

    public static TableDrop open(Path file, String name, long maxLineBytes) throws IOException {
        Optional<DropKind> kind = DropKind.ofFileName(name);
        if (kind.isEmpty()) {
            return failed("The file name " + Cells.quote(name) + " does not say what the file holds: the name of a CSV"
                    + " or Excel drop starts with " + DropKind.expectedNames() + " (e.g. invoices-2025-02.csv)");
        }
        RowLayout layout = RowLayout.of(kind.get());
        long size = Files.size(file);
        if (DropKind.isExcel(name)) {
            XlsxRows rows;
            try {
                rows = new XlsxRows(file.toFile());
            } catch (RowSourceException e) {
                return failed(e.getMessage());
            }
            return start(layout, rows, rows, null, size);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Optional<String> problem = TextCheck.problem(in, maxLineBytes);
            if (problem.isPresent()) {
                return failed(problem.get());
            }
        }
        CountingStream counted = new CountingStream(new BufferedInputStream(Files.newInputStream(file)));
        BufferedReader reader = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset(); // a UTF-8 byte order mark (Excel's "CSV UTF-8") is not part of the first column's name
        }
        CsvRows rows = new CsvRows(reader);
        return start(layout, rows, rows, counted, size);
    }

    private static TableDrop start(RowLayout layout, Iterator<Row> rows, Closeable source, CountingStream counted,
            long size) throws IOException {
        RowHeader header;
        try {
            if (!rows.hasNext()) {
                source.close();
                return failed("The file holds no rows, not even a header row");
            }
            header = RowHeader.read(layout, rows.next().cells());
        } catch (RowSourceException e) {
            source.close();
            return failed(e.getMessage());
        }
        RowDocuments documents = new RowDocuments(header, rows);
        if (!documents.hasNext()) {
            source.close();
            return failed("The file holds no rows below its header row");
        }
        return new TableDrop(documents, source, counted, size);
    }

    private static TableDrop failed(String problem) {
        return new TableDrop(List.of(SourceEvent.unreadable("file", problem)).iterator(), () -> { }, null, 0);
    }

    @Override
    public boolean hasNext() {
        return documents.hasNext();
    }

    @Override
    public SourceEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return documents.next();
    }

    /** How much of the file was read, from 0 to 1; negative when unknown (Excel: the sheet is compressed). */
    public double fractionRead() {
        return counted == null || size == 0 ? -1 : Math.min(1.0, (double) counted.count / size);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Counts the bytes read through it (buffered readers read ahead, so progress runs slightly early). */
    private static final class CountingStream extends FilterInputStream {

        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

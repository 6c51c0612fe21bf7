package dev.hisabkitab.sync.console;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.inbox.CsvRows;
import dev.hisabkitab.sync.inbox.Row;
import dev.hisabkitab.sync.inbox.XlsxRows;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The rows of a dropped file whose documents failed, in the file's own layout, ready to correct and drop again: for
 * CSV and Excel the header and the failed rows as CSV (a workbook's first sheet becomes a CSV of the same columns),
 * for NDJSON the failed lines, for a JSON array the failed elements as NDJSON. Rows are found by the report's
 * {@code source} ({@code row 4}, {@code rows 2-3}, {@code line 7}, {@code item 3}); a failure of the whole file
 * ({@code file}) gives the whole file back.
 */
public final class FailedRows {

    private static final Pattern WHERE = Pattern.compile("(rows?|line|item) (\\d+)(?:-(\\d+))?");
    /** The shared mapper: amounts are read and written as the sender wrote them (10.50 stays 10.50). */
    private static final ObjectMapper JSON = Json.mapper();

    private FailedRows() {
    }

    /** The file to download: its name and content. */
    public record Download(String name, byte[] content) {
    }

    /** The failed rows of {@code file} (named {@code name} when it was dropped), given its report's failed sources. */
    public static Download of(Path file, String name, Iterable<String> failedSources) throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        Set<Long> numbers = new TreeSet<>();
        for (String source : failedSources) {
            if (source.strip().equals("file")) {
                return new Download(failedName(name, extension(name)), Files.readAllBytes(file));
            }
            Matcher m = WHERE.matcher(source.strip());
            if (m.matches()) {
                long first = Long.parseLong(m.group(2));
                long last = m.group(3) == null ? first : Long.parseLong(m.group(3));
                for (long n = first; n <= last; n++) {
                    numbers.add(n);
                }
            }
        }
        if (lower.endsWith(".csv") || lower.endsWith(".xlsx")) {
            return new Download(failedName(name, "csv"), tableRows(file, lower.endsWith(".xlsx"), numbers));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
            return new Download(failedName(name, extension(name)), lines(text, numbers));
        }
        return new Download(failedName(name, "ndjson"), items(text, numbers));
    }

    /** {@code invoices.2026-12-07T05-40-12Z.csv} → {@code invoices-failed-rows.csv}: the layout word stays first. */
    static String failedName(String name, String extension) {
        String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        return base + "-failed-rows." + extension;
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static byte[] tableRows(Path file, boolean workbook, Set<Long> numbers) throws IOException {
        StringWriter out = new StringWriter();
        Iterator<Row> rows = workbook ? new XlsxRows(file.toFile())
                : new CsvRows(new StringReader(stripBom(Files.readString(file, StandardCharsets.UTF_8))));
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            while (rows.hasNext()) {
                Row row = rows.next();
                if (row.number() == 1 || numbers.contains(row.number())) {
                    printer.printRecord(row.cells());
                }
            }
        } finally {
            ((Closeable) rows).close();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lines(String text, Set<Long> numbers) {
        String[] lines = stripBom(text).split("\r?\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (numbers.contains((long) i + 1)) {
                out.append(lines[i]).append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] items(String text, Set<Long> numbers) {
        StringBuilder out = new StringBuilder();
        JsonNode array;
        try {
            array = JSON.readTree(stripBom(text));
        } catch (IOException | NumberFormatException e) {
            // not an array the connector could read (it failed whole): the whole file is what failed
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            for (int i = 0; array != null && array.isArray() && i < array.size(); i++) {
                if (numbers.contains((long) i + 1)) {
                    out.append(JSON.writeValueAsString(array.get(i))).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}

package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The file-drop phase's file: an invoices CSV in the layout of docs/file-drops.md, one sale of one line a row, each row
 * a document of its own (its number given). The parties are the benchmark's customers (the same keys as the Kafka
 * events, drawn at random, seeded), the items its items, 50.00 a unit at 18 % GST. The numbers grow with the row
 * ({@code <prefix>-000017} is row 17's document), so per party the file's order is the order its invoices must be
 * booked in. Also reads the connector's report of the file back.
 */
final class InvoiceFile {

    static final String HEADER = "documentType,number,date,party_name,lines_item,lines_quantity,lines_rate,lines_gstRate,roundOff,narration";

    /** The party (key index) of each document, in file order. */
    private final int[] partyOfRow;
    private final int[] itemOfRow;
    private final int[] quantityOfRow;
    private final String numberPrefix;

    InvoiceFile(int rows, int keys, int items, long seed, String numberPrefix) {
        Random random = new Random(seed);
        this.partyOfRow = new int[rows];
        this.itemOfRow = new int[rows];
        this.quantityOfRow = new int[rows];
        for (int i = 0; i < rows; i++) {
            partyOfRow[i] = random.nextInt(keys);
            itemOfRow[i] = 1 + random.nextInt(items);
            quantityOfRow[i] = 1 + random.nextInt(20);
        }
        this.numberPrefix = numberPrefix;
    }

    int rows() {
        return partyOfRow.length;
    }

    /** The party key ({@code cust-0042}) of the document in file order {@code i} (0-based). */
    String partyKey(int i) {
        return Workload.key(partyOfRow[i]);
    }

    String number(int i) {
        return String.format(Locale.ROOT, "%s-%06d", numberPrefix, i + 1);
    }

    /** Writes the file (UTF-8, header first). */
    void write(Path file) throws IOException {
        String date = LocalDate.now(ZoneId.of("Asia/Kolkata")).toString();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < rows(); i++) {
                w.write(String.join(",", "sale", number(i), date, Workload.partyName(partyOfRow[i]), Workload.itemName(itemOfRow[i]),
                        String.valueOf(quantityOfRow[i]), "50.00", "18", "true", "Benchmark file order " + number(i)));
                w.write('\n');
            }
        }
    }

    /**
     * The document in file order that a report row's {@code source} names: {@code row N} is the spreadsheet's row N
     * (the header is row 1), i.e. document N - 2; -1 when it names none.
     */
    static int documentOf(String source) {
        if (source == null || !source.startsWith("row ")) {
            return -1;
        }
        try {
            return Integer.parseInt(source.substring(4).trim()) - 2;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One row of the connector's report of a file (docs/file-drops.md). */
    record ReportRow(String source, String id, String status, String number, String errorMessage) {
    }

    /** The report's rows, in the order they were written. */
    static List<ReportRow> readReport(Path report) throws IOException {
        List<ReportRow> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(report, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                out.add(new ReportRow(rec.get("source"), rec.get("id"), rec.get("status"), rec.get("number"), rec.get("error_message")));
            }
        }
        return out;
    }
}

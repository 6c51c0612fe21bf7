package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedRowsTest {

    @TempDir
    Path folder;

    @Test
    void aCsvGivesItsHeaderAndTheFailedDocumentsRowsQuotedAsBefore() throws Exception {
        Path file = write("invoices.2026-12-07T05-40-12Z.csv", """
                documentType,number,date,party_name,lines_rate
                sale,INV-1,2025-04-01,"Sharma, Traders",100
                sale,INV-2,2025-04-01,Rathi,200
                ,,,,50
                sale,INV-3,2025-04-01,"Line
                break",300
                """);
        FailedRows.Download download = FailedRows.of(file, file.getFileName().toString(), List.of("rows 3-4", "row 5"));
        assertEquals("invoices-failed-rows.csv", download.name());
        assertEquals("documentType,number,date,party_name,lines_rate\r\n"
                + "sale,INV-2,2025-04-01,Rathi,200\r\n"
                // a first cell left blank is written "" (commons-csv, so a row of blanks is not an empty line)
                + "\"\",,,,50\r\n"
                + "sale,INV-3,2025-04-01,\"Line\nbreak\",300\r\n", text(download));
    }

    @Test
    void anNdjsonFileGivesItsFailedLines() throws Exception {
        Path file = write("events.ndjson", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n\n{\"id\":\"c\"}\n");
        FailedRows.Download download = FailedRows.of(file, "events.ndjson", List.of("line 2", "line 4"));
        assertEquals("events-failed-rows.ndjson", download.name());
        assertEquals("{\"id\":\"b\"}\n{\"id\":\"c\"}\n", text(download));
    }

    @Test
    void aJsonArrayGivesItsFailedElementsOneALine() throws Exception {
        Path file = write("batch.json", "[{\"id\": \"a\"}, {\"id\": \"b\", \"rate\": 1234567.10, \"big\": "
                + "12345678901234567.25}, 42]");
        FailedRows.Download download = FailedRows.of(file, "batch.json", List.of("item 2", "item 3"));
        assertEquals("batch-failed-rows.ndjson", download.name());
        // amounts as the sender wrote them: a corrected drop books what the first one meant to
        assertEquals("{\"id\":\"b\",\"rate\":1234567.10,\"big\":12345678901234567.25}\n42\n", text(download));
    }

    @Test
    void aFailureOfTheWholeFileGivesTheWholeFile() throws Exception {
        Path file = write("parties.csv", "not,a\nlayout,at all\n");
        FailedRows.Download download = FailedRows.of(file, "parties.csv", List.of("file"));
        assertEquals("parties-failed-rows.csv", download.name());
        assertEquals("not,a\nlayout,at all\n", text(download));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(folder.resolve(name), text);
    }

    private static String text(FailedRows.Download download) {
        return new String(download.content(), StandardCharsets.UTF_8);
    }
}

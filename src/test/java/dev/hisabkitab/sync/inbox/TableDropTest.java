package dev.hisabkitab.sync.inbox;

import dev.hisabkitab.sync.event.SourceEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.event.EnvelopeParser;
import dev.hisabkitab.sync.event.EventSchemas;
import dev.hisabkitab.sync.support.Workbooks;

/** CSV drops to documents, without Camel: real files in a temp folder, each document checked by the schemas. */
class TableDropTest {

    static final EventSchemas SCHEMAS = new EventSchemas();
    static final long MAX_LINE = 1_048_576;

    @TempDir
    Path dir;

    @Test
    void everyExampleFileIsValidDocumentsOfItsKind() throws IOException {
        for (String example : List.of("parties.csv", "items.csv", "invoices.csv", "payments.csv", "journals.csv")) {
            List<SourceEvent> documents = read(Path.of("examples", example), example);
            assertTrue(documents.size() >= 2, example + ": " + documents);
            for (SourceEvent document : documents) {
                assertNull(document.problem(), example + " " + document.location() + ": " + document.problem());
                JsonNode event = json(document);
                assertEquals(DropKind.ofFileName(example).orElseThrow().eventType(), event.get("type").asText());
                assertEquals(List.of(), SCHEMAS.validate(event.get("type").asText(), event.get("payload")),
                        example + " " + document.location());
            }
        }
    }

    @Test
    void anExcelWorkbookIsReadFromItsFirstSheetWithNumbersDatesAndBooleansAsTheColumnsTakeThem() throws IOException {
        for (String example : List.of("parties", "items", "invoices", "payments", "journals")) {
            Path xlsx = dir.resolve(example + "-book.xlsx");
            Workbooks.fromCsv(Path.of("examples", example + ".csv"), xlsx, "acme");
            List<SourceEvent> fromExcel = read(xlsx, xlsx.getFileName().toString());
            List<SourceEvent> fromCsv = read(Path.of("examples", example + ".csv"), example + ".csv");
            assertEquals(fromCsv.stream().map(SourceEvent::location).toList(),
                    fromExcel.stream().map(SourceEvent::location).toList(), example);
            for (int i = 0; i < fromExcel.size(); i++) {
                JsonNode event = json(fromExcel.get(i));
                assertEquals("acme", event.get("company").asText());
                assertEquals(List.of(), SCHEMAS.validate(event.get("type").asText(), event.get("payload")), example);
                // the same values as the CSV, numbers compared as numbers (12.50 in the CSV is 12.5 in Excel)
                assertEquals(numbersAsDecimals(json(fromCsv.get(i)).get("payload")), numbersAsDecimals(event.get("payload")),
                        example + " " + fromExcel.get(i).location());
            }
        }
        assertEquals("2025-02-11", json(read(dir.resolve("invoices-book.xlsx"), "invoices-book.xlsx").get(0))
                .at("/payload/date").asText());
    }

    @Test
    void aFileNamedXlsxThatIsNotAWorkbookIsOneFailingEvent() throws IOException {
        Path fake = write("invoices-fake.xlsx", "documentType,date\nsale,2025-01-01\n");
        List<SourceEvent> documents = read(fake, "invoices-fake.xlsx");
        assertEquals(1, documents.size());
        assertTrue(documents.get(0).problem().startsWith("The file is not an Excel workbook (.xlsx) that can be read"),
                documents.get(0).problem());
    }

    private static String numbersAsDecimals(JsonNode node) {
        return node.toString().replaceAll("(?<=[:\\[,])(-?\\d+\\.\\d*?)0+(?=[,}\\]])", "$1").replaceAll("\\.(?=[,}\\]])", "");
    }

    @Test
    void rowsWithTheSameDocumentTypeAndNumberOneAfterTheOtherAreOneDocument() throws IOException {
        List<SourceEvent> documents = read(Path.of("examples/invoices.csv"), "invoices.csv");
        assertEquals(List.of("rows 2-3", "row 4", "row 5", "row 6"), documents.stream().map(SourceEvent::location).toList());
        JsonNode first = json(documents.get(0)).get("payload");
        assertEquals(2, first.get("lines").size());
        assertEquals("Installation Service", first.at("/lines/1/item").asText());
        assertEquals(2.5, first.at("/lines/1/quantity").asDouble());
        assertEquals(1, first.get("charges").size(), "a charge only where a row gives one");
        assertEquals("Freight Charges", first.at("/charges/0/ledger").asText());
        assertTrue(first.get("roundOff").asBoolean());
        assertEquals(30, first.get("creditDays").asInt());
        assertTrue(first.get("creditDays").isInt());
        assertEquals("27AAPFU0939F1ZV", first.at("/party/gstin").asText());
    }

    @Test
    void idsComeFromTheContentSoTheSameFileGivesTheSameIdsAndACorrectedRowANewOne() throws IOException {
        String csv = Files.readString(Path.of("examples/invoices.csv"));
        List<String> ids = ids(write("invoices-a.csv", csv));
        assertEquals(ids, ids(write("invoices-copy.csv", csv)), "another name, the same documents");
        assertTrue(ids.get(0).matches("invoices-[0-9a-f]{24}"), ids.get(0));
        assertEquals(4, ids.stream().distinct().count());

        List<String> corrected = ids(write("invoices-b.csv", csv.replace("200,,12.45", "210,,12.45")));
        assertEquals(ids.get(0), corrected.get(0));
        assertNotEquals(ids.get(1), corrected.get(1), "the corrected document is a new event");
        assertEquals(ids.subList(2, 4), corrected.subList(2, 4));

        // the columns in another order are the same documents
        String reordered = "number,documentType,date,party_name,lines_item,lines_rate\n"
                + "A-1,sale,2025-02-11,Sharma Traders,Blue Pen,10\n";
        String original = "documentType,number,date,party_name,lines_item,lines_rate\n"
                + "sale,A-1,2025-02-11,Sharma Traders,Blue Pen,10\n";
        assertEquals(ids(write("invoices-c.csv", original)), ids(write("invoices-d.csv", reordered)));
    }

    @Test
    void aPaymentsFileWithTheContractsPartyColumnMakesTheSameDocumentsAsPartyName() throws IOException {
        // Once "unknown column party": the contract gives payment.create's party as a name
        String csv = Files.readString(Path.of("examples/payments.csv"));
        assertTrue(csv.startsWith("direction,number,date,party_name,party_gstin,"), csv);
        List<SourceEvent> byName = read(Path.of("examples/payments.csv"), "payments.csv");
        List<SourceEvent> byContract = read(write("payments-contract.csv", csv.replaceFirst("party_name,", "party,")),
                "payments-contract.csv");
        assertEquals(2, byContract.size(), byContract.toString());
        for (int i = 0; i < byContract.size(); i++) {
            assertNull(byContract.get(i).problem(), byContract.get(i).problem());
            JsonNode event = json(byContract.get(i));
            assertEquals(List.of(), SCHEMAS.validate("payment.create", event.get("payload")));
            assertEquals(json(byName.get(i)), event, "the same document, the same id");
        }
        assertEquals("Tata Bolts Pvt Ltd", json(byContract.get(1)).at("/payload/party/name").asText());
    }

    @Test
    void aFieldGivenByTwoColumnsIsRefusedNamingBoth() throws IOException {
        assertProblemStarts("payments-party-twice.csv", "direction,date,party,account,amount,party_name\n"
                + "received,2025-02-25,Sharma Traders,HDFC Bank,100,Sharma Traders\n",
                "The header row (row 1) does not fit the payments layout: columns party (column C) and party_name"
                        + " (column F) are the same field, party_name: keep one of them. Its columns are: direction,");
        assertTrue(read(dir.resolve("payments-party-twice.csv"), "payments-party-twice.csv").get(0).problem()
                .endsWith(", company (also party for party_name)"));
        assertProblemStarts("payments-date-twice.csv", "direction,date,party,account,amount,Date\nreceived\n",
                "The header row (row 1) does not fit the payments layout: column date appears twice (columns B and F)");
        assertProblemStarts("invoices-party.csv", "documentType,date,party,lines_item,lines_rate\nsale\n",
                "The header row (row 1) does not fit the invoices layout: unknown column \"party\" (column C): its"
                        + " fields are the columns party_name, party_gstin. Its columns are:");
    }

    @Test
    void twoEqualDocumentsWithoutANumberAreTwoDocuments() throws IOException {
        List<String> ids = ids(write("invoices-cash.csv", "documentType,date,party_name,lines_item,lines_rate\n"
                + "sale,2025-02-11,Cash Customer,Blue Pen,10\nsale,2025-02-11,Cash Customer,Blue Pen,10\n"));
        assertEquals(2, ids.stream().distinct().count(), ids.toString());
    }

    @Test
    void aDocumentWhoseRowsAreNotTogetherFailsAndSaysHowToSort() throws IOException {
        List<SourceEvent> documents = read(write("invoices-unsorted.csv", "documentType,number,date,party_name,lines_item,lines_rate\n"
                + "sale,A-1,2025-02-11,Sharma Traders,Blue Pen,10\n"
                + "sale,A-2,2025-02-11,Sharma Traders,Blue Pen,10\n"
                + "sale,A-1,2025-02-11,Sharma Traders,Steel Bolt M8,12\n"), "invoices-unsorted.csv");
        assertEquals(3, documents.size());
        assertNull(documents.get(0).problem());
        assertNull(documents.get(1).problem());
        assertEquals("row 4", documents.get(2).location());
        assertEquals("The document \"sale\" \"A-1\" in row 4 already had rows earlier in the file: a document's rows must"
                + " be one after the other (sort the file by documentType and number)", documents.get(2).problem());
    }

    @Test
    void rowsOfOneDocumentThatDisagreeOnADocumentFieldAreNamed() throws IOException {
        List<SourceEvent> documents = read(write("invoices-x.csv", "documentType,number,date,party_name,lines_item,lines_rate\n"
                + "sale,A-1,2025-02-11,Sharma Traders,Blue Pen,10\n"
                + "sale,A-1,2025-02-12,,Steel Bolt M8,12\n"), "invoices-x.csv");
        assertEquals(1, documents.size());
        assertEquals("rows 2-3", documents.get(0).location());
        assertEquals("The document in rows 2-3 cannot be read: row 3 has date \"2025-02-12\" but row 2 of the same"
                + " document has \"2025-02-11\" (the other rows of a document repeat its fields or leave them blank)",
                documents.get(0).problem());
    }

    @Test
    void cellsThatAreNotNumbersStayTextForTheSchemaToName() throws IOException {
        List<SourceEvent> documents = read(write("invoices-y.csv", "documentType,date,party_name,lines_item,lines_rate\n"
                + "sale,2025-02-11,Sharma Traders,Blue Pen,\"1,000.50\"\n"), "invoices-y.csv");
        JsonNode payload = json(documents.get(0)).get("payload");
        assertTrue(payload.at("/lines/0/rate").isTextual());
        List<String> problems = SCHEMAS.validate("invoice.create", payload);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("payload.lines[0].rate: must be a number"), problems.get(0));
    }

    @Test
    void aBomAndWindowsLineEndingsAreRead() throws IOException {
        String csv = "\uFEFF" + Files.readString(Path.of("examples/items.csv")).replace("\n", "\r\n");
        List<SourceEvent> documents = read(write("items-windows.csv", csv), "items-windows.csv");
        assertEquals(3, documents.size());
        assertEquals("Steel Bolt M8", json(documents.get(0)).at("/payload/name").asText());
        assertEquals(ids(Path.of("examples/items.csv")), ids(write("items-w2.csv", csv)));
    }

    @Test
    void badFilesAreOneFailingEventThatSaysWhatAndWhere() throws IOException {
        assertProblem("sales.csv", "a,b\n", "The file name \"sales.csv\" does not say what the file holds: the name of a"
                + " CSV or Excel drop starts with parties, items, invoices, payments or journals (e.g. invoices-2025-02.csv)");
        assertProblem("invoices-empty.csv", "", "The file is empty");
        assertProblem("invoices-header.csv", "documentType,date,party_name,lines_item,lines_rate\r\n",
                "The file holds no rows below its header row");
        assertProblemStarts("invoices-cols.csv", "documentType,date,party_name,lines_item,lines_qty,,x\nsale\n",
                "The header row (row 1) does not fit the invoices layout: unknown column \"lines_qty\" (column E);"
                        + " column F has no name; unknown column \"x\" (column G); missing column lines_rate. Its columns are:"
                        + " documentType, number, date,");
        assertProblemStarts("invoices-semicolons.csv", "documentType;date;lines_rate\nsale;2025-01-01;5\n",
                "The header row (row 1) does not fit the invoices layout: unknown column \"documentType;date;lines_rate\""
                        + " (column A): the columns must be separated by commas;");
        byte[] cp1252 = "name,kind,unit\nCaf\u00e9 Table,goods,PCS\n".getBytes(StandardCharsets.ISO_8859_1);
        assertProblem("items-1252.csv", cp1252, "The file is not UTF-8 text: line 2, byte 4 is 0xE9 (\"\u00e9\" in"
                + " Windows-1252). Save it as UTF-8 (in Excel: CSV UTF-8); a binary file cannot be read as CSV");
        byte[] zip = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0 };
        assertProblem("items-zip.csv", zip, "The file is not text: line 1, byte 6 is a NUL byte (a binary file named .csv?)");
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
        assertProblemStarts("parties-png.csv", png, "The file is not UTF-8 text: line 1, byte 1 is 0x89");
        assertProblem("journals-long.csv", ("number,date\n" + "x".repeat(2000) + "\n").getBytes(StandardCharsets.UTF_8),
                1000, "Line 2 is longer than 1000 bytes (hisabkitab.max-event-bytes); a row of a file drop may be at most that long");
    }

    @Test
    void aStrayQuoteEndsTheFileAfterTheDocumentsBeforeItWithWhere() throws IOException {
        List<SourceEvent> documents = read(write("items-quote.csv", "name,kind,unit\nBolt,goods,PCS\n\"Nut\"x,goods,PCS\n"),
                "items-quote.csv");
        assertEquals(2, documents.size(), documents.toString());
        assertNull(documents.get(0).problem());
        assertTrue(documents.get(1).problem().startsWith("The file is not valid CSV after row 2: "), documents.get(1).problem());
    }

    @Test
    void textCheckFindsTruncatedAndOverlongSequences() throws IOException {
        assertTrue(TextCheck.problem(new ByteArrayInputStream(new byte[] { 'a', (byte) 0xE2, (byte) 0x82 }), 100)
                .orElseThrow().contains("line 1, byte 2 is 0xE2"));
        assertTrue(TextCheck.problem(new ByteArrayInputStream(new byte[] { (byte) 0xC0, (byte) 0xAF }), 100)
                .orElseThrow().contains("byte 1 is 0xC0"), "an overlong /");
        assertTrue(TextCheck.problem(new ByteArrayInputStream("₹ 100, ok\r\n".getBytes(StandardCharsets.UTF_8)), 100).isEmpty());
    }

    private void assertProblem(String name, String csv, String problem) throws IOException {
        assertProblem(name, csv.getBytes(StandardCharsets.UTF_8), MAX_LINE, problem);
    }

    private void assertProblem(String name, byte[] bytes, String problem) throws IOException {
        assertProblem(name, bytes, MAX_LINE, problem);
    }

    private void assertProblem(String name, byte[] bytes, long maxLine, String problem) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        List<SourceEvent> documents = read(file, name, maxLine);
        assertEquals(List.of(SourceEvent.unreadable("file", problem)), documents);
    }

    private void assertProblemStarts(String name, String csv, String start) throws IOException {
        assertProblemStarts(name, csv.getBytes(StandardCharsets.UTF_8), start);
    }

    private void assertProblemStarts(String name, byte[] bytes, String start) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        List<SourceEvent> documents = read(file, name, MAX_LINE);
        assertEquals(1, documents.size(), documents.toString());
        assertTrue(documents.get(0).problem().startsWith(start), documents.get(0).problem());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private List<String> ids(Path file) throws IOException {
        return read(file, file.getFileName().toString()).stream().map(d -> json(d).get("id").asText()).toList();
    }

    static List<SourceEvent> read(Path file, String name) throws IOException {
        return read(file, name, MAX_LINE);
    }

    static List<SourceEvent> read(Path file, String name, long maxLine) throws IOException {
        List<SourceEvent> documents = new ArrayList<>();
        try (TableDrop drop = TableDrop.open(file, name, maxLine)) {
            drop.forEachRemaining(documents::add);
        }
        return documents;
    }

    static JsonNode json(SourceEvent document) {
        try {
            return EnvelopeParser.readEventText(document.text());
        } catch (IOException e) {
            throw new AssertionError(document.problem(), e);
        }
    }
}

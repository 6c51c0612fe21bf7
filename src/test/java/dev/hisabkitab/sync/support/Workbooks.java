package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/**
 * Excel workbooks made from CSV files the way a spreadsheet user has them: numbers as number cells, dates as date
 * cells (formatted dd-mm-yyyy), true/false as boolean cells, the rest as text; an extra sheet after the first that
 * the connector must ignore.
 */
public final class Workbooks {

    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,12}(\\.\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Workbooks() {
    }

    /** The CSV as the first sheet of a workbook, with a column {@code company} added when {@code company} is not null. */
    public static void fromCsv(Path csv, Path xlsx, String company) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("Documents");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("dd-mm-yyyy"));
            List<CSVRecord> records = CSVFormat.RFC4180.parse(reader).getRecords();
            for (int r = 0; r < records.size(); r++) {
                Row row = sheet.createRow(r);
                CSVRecord record = records.get(r);
                for (int c = 0; c < record.size(); c++) {
                    cell(row.createCell(c), record.get(c), r == 0, date);
                }
                if (company != null) {
                    row.createCell(record.size()).setCellValue(r == 0 ? "company" : company);
                }
            }
            book.createSheet("Notes").createRow(0).createCell(0).setCellValue("not read");
            try (OutputStream out = Files.newOutputStream(xlsx)) {
                book.write(out);
            }
        }
    }

    private static void cell(Cell cell, String value, boolean header, CellStyle date) {
        if (value.isEmpty()) {
            return;
        }
        if (!header && NUMBER.matcher(value).matches()) {
            cell.setCellValue(Double.parseDouble(value));
        } else if (!header && DATE.matcher(value).matches()) {
            cell.setCellValue(LocalDate.parse(value));
            cell.setCellStyle(date);
        } else if (!header && (value.equals("true") || value.equals("false"))) {
            cell.setCellValue(Boolean.parseBoolean(value));
        } else {
            cell.setCellValue(value);
        }
    }
}

package dev.hisabkitab.sync.inbox;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/**
 * The rows of the first sheet of an Excel workbook (.xlsx), pulled one at a time from the sheet's XML (StAX), so a
 * large sheet is never held in memory (the workbook's shared strings are). Cells come as the text a CSV of the
 * sheet would hold: numbers written plainly ({@code 12.5}, {@code 100}), dates as {@code YYYY-MM-DD}, true/false.
 * Row numbers are the sheet's. A file that is not a workbook fails with a {@link RowSourceException}.
 */
public final class XlsxRows implements Iterator<Row>, Closeable {

    private final OPCPackage workbook;
    private final InputStream sheet;
    private final XMLStreamReader xml;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final Map<Integer, Boolean> dateStyles = new HashMap<>();
    private Row next;
    private long lastNumber = 1;

    public XlsxRows(File file) {
        OPCPackage opened = null;
        try {
            opened = OPCPackage.open(file, PackageAccess.READ);
            XSSFReader reader = new XSSFReader(opened);
            this.strings = new ReadOnlySharedStringsTable(opened, false);
            this.styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new RowSourceException("The workbook has no sheet");
            }
            this.sheet = sheets.next();
            this.xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(sheet);
            this.workbook = opened;
        } catch (RowSourceException e) {
            revert(opened);
            throw e;
        } catch (Exception | LinkageError e) {
            revert(opened);
            throw new RowSourceException("The file is not an Excel workbook (.xlsx) that can be read: " + e.getMessage(), e);
        }
    }

    private static void revert(OPCPackage opened) {
        if (opened != null) {
            opened.revert();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = readRow();
            } catch (XMLStreamException | RuntimeException e) {
                throw new RowSourceException("The first sheet of the workbook cannot be read further: " + e.getMessage(), e);
            }
        }
        return next != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row row = next;
        next = null;
        return row;
    }

    private Row readRow() throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT && "row".equals(xml.getLocalName())) {
                String r = xml.getAttributeValue(null, "r");
                long number = r == null ? lastNumber + 1 : Long.parseLong(r.trim());
                lastNumber = number;
                List<String> cells = new ArrayList<>();
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT && "c".equals(xml.getLocalName())) {
                        int column = columnIndex(xml.getAttributeValue(null, "r"), cells.size());
                        String value = cell(xml.getAttributeValue(null, "t"), xml.getAttributeValue(null, "s"));
                        while (cells.size() < column) {
                            cells.add("");
                        }
                        cells.add(value);
                    } else if (event == XMLStreamConstants.END_ELEMENT && "row".equals(xml.getLocalName())) {
                        return new Row(number, cells);
                    }
                }
            }
        }
        return null;
    }

    /** Reads one {@code <c>} element to its end: its value as text. */
    private String cell(String type, String style) throws XMLStreamException {
        StringBuilder value = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        int depth = 1;
        String element = null;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                element = xml.getLocalName();
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                element = null;
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if ("v".equals(element)) {
                    value.append(xml.getText());
                } else if ("t".equals(element)) {
                    inline.append(xml.getText());
                }
            }
        }
        String v = value.toString();
        return switch (type == null ? "n" : type) {
            case "s" -> v.isEmpty() ? "" : strings.getItemAt(Integer.parseInt(v.trim())).getString();
            case "inlineStr" -> inline.toString();
            case "b" -> "1".equals(v.trim()) ? "true" : "false";
            case "d" -> v.length() >= 10 ? v.substring(0, 10) : v;
            case "n" -> number(v, style);
            default -> v; // str (a formula's text), e (an error such as #N/A: the schema check names the field)
        };
    }

    private String number(String v, String style) {
        if (v.isBlank()) {
            return "";
        }
        double d = Double.parseDouble(v);
        if (style != null && isDateStyle(Integer.parseInt(style)) && DateUtil.isValidExcelDate(d)) {
            return DateUtil.getLocalDateTime(d).toLocalDate().toString();
        }
        // the shortest decimal that reads back as the same double: 12.45, not 12.449999999999999
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private boolean isDateStyle(int index) {
        return dateStyles.computeIfAbsent(index, i -> {
            XSSFCellStyle style = styles.getStyleAt(i);
            return style != null && DateUtil.isADateFormat(style.getDataFormat(), style.getDataFormatString());
        });
    }

    /** The 0-based column of a cell reference such as {@code AB12}; a cell without one follows the previous. */
    static int columnIndex(String reference, int fallback) {
        if (reference == null) {
            return fallback;
        }
        int column = 0;
        for (int i = 0; i < reference.length() && Character.isLetter(reference.charAt(i)); i++) {
            column = column * 26 + (Character.toUpperCase(reference.charAt(i)) - 'A' + 1);
        }
        return column - 1;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // closing a reader over a stream we close next
        }
        sheet.close();
        workbook.revert();
    }
}

package dev.hisabkitab.sync.inbox;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a CSV or Excel file drop holds, read from the first word of its name (docs/contract.md, "File drops"): {@code parties*.csv},
 * {@code items*.csv}, {@code invoices*.csv}, {@code payments*.csv}, {@code journals*.csv} (and the same as
 * {@code .xlsx}). Each kind is one business event type; rows with the same {@code groupBy} values, one after the
 * other, form one document (a row whose {@code number} is blank is a document of its own).
 */
public enum DropKind {

    PARTIES("parties", "party.upsert", List.of()),
    ITEMS("items", "item.upsert", List.of()),
    INVOICES("invoices", "invoice.create", List.of("documentType", "number")),
    PAYMENTS("payments", "payment.create", List.of("direction", "number")),
    JOURNALS("journals", "journal.create", List.of("number"));

    /** The column whose blank value makes a row a document of its own, whatever the other key columns say. */
    public static final String NUMBER = "number";

    private final String prefix;
    private final String eventType;
    private final List<String> groupBy;

    DropKind(String prefix, String eventType, List<String> groupBy) {
        this.prefix = prefix;
        this.eventType = eventType;
        this.groupBy = groupBy;
    }

    public String prefix() {
        return prefix;
    }

    public String eventType() {
        return eventType;
    }

    public List<String> groupBy() {
        return groupBy;
    }

    /** Masters (parties, items) are what documents refer to: they are delivered first. */
    public boolean isMasters() {
        return this == PARTIES || this == ITEMS;
    }

    public static Optional<DropKind> ofFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> name.startsWith(kind.prefix)).findFirst();
    }

    /** Whether the file is a table of rows (CSV or Excel) rather than JSON events. */
    public static boolean isTable(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || isExcel(fileName);
    }

    public static boolean isExcel(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    /**
     * The order files found in the inbox at once are taken in, lower first: parties, items (what documents name),
     * invoices and JSON files, then payments and journals (which settle invoices and name parties).
     */
    public static int pickupRank(String fileName) {
        Optional<DropKind> kind = isTable(fileName) ? ofFileName(fileName) : Optional.empty();
        return kind.map(k -> switch (k) {
            case PARTIES -> 0;
            case ITEMS -> 1;
            case INVOICES -> 2;
            case PAYMENTS, JOURNALS -> 3;
        }).orElse(2);
    }

    public static String expectedNames() {
        return "parties, items, invoices, payments or journals";
    }
}

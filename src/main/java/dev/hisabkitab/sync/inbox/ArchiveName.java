package dev.hisabkitab.sync.inbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Predicate;

/**
 * The name a dropped file and its report keep in .done/ or .failed/: the file's own name while that is free, else
 * the name with the time it was finished ({@code invoices.2026-12-07T05-40-12Z.csv}, and {@code -2}, {@code -3} … should
 * that be taken too). A file dropped again under an earlier one's name so never overwrites the earlier file or its
 * report: the record of what was booked stays.
 */
public final class ArchiveName {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
            .withZone(ZoneOffset.UTC);

    private ArchiveName() {
    }

    /**
     * @param taken whether a name is taken in the folder (the file's or its report's: {@code <name>.report.csv})
     */
    public static String free(String name, Instant finished, Predicate<String> taken) {
        if (isFree(name, taken)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String stamped = stem + "." + STAMP.format(finished);
        String candidate = stamped + ext;
        for (int n = 2; !isFree(candidate, taken); n++) {
            candidate = stamped + "-" + n + ext;
        }
        return candidate;
    }

    private static boolean isFree(String name, Predicate<String> taken) {
        return !taken.test(name) && !taken.test(name + InboxFiles.REPORT_SUFFIX);
    }
}

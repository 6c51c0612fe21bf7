package dev.hisabkitab.sync.sandbox;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** The date formats of the HisabKitab API. */
final class Dates {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd-MM-uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LARAVEL_INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'.000000Z'").withZone(ZoneOffset.UTC);
    private static final Pattern DMY_SHAPE = Pattern.compile("\\d{2}-\\d{2}-\\d{4}");
    private static final Pattern ISO_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ].*)?");

    private Dates() {
    }

    /** The date of a {@code DD-MM-YYYY} string; null when it is not one (wrong shape or no such day). */
    static LocalDate parse(String s) {
        if (s == null || !DMY_SHAPE.matcher(s).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(s, DMY);
        } catch (DateTimeException e) {
            return null;
        }
    }

    static boolean hasDmyShape(String s) {
        return s != null && DMY_SHAPE.matcher(s).matches();
    }

    static boolean looksIso(String s) {
        return s != null && ISO_SHAPE.matcher(s).matches();
    }

    static String format(LocalDate d) {
        return d.format(DMY);
    }

    /** How create/detail responses carry a date: midnight IST as a UTC instant, e.g. 2024-12-26T18:30:00.000000Z. */
    static String responseDate(LocalDate d) {
        return LARAVEL_INSTANT.format(d.atStartOfDay(IST).toInstant());
    }

    /** created_at / updated_at: an ordinary UTC instant with Laravel's (zero) microseconds. */
    static String timestamp(Instant instant) {
        return LARAVEL_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The DD-MM-YYYY form of an ISO date string, for error messages. */
    static String suggestion(String iso) {
        try {
            return format(LocalDate.parse(iso.substring(0, 10)));
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return "DD-MM-YYYY";
        }
    }
}

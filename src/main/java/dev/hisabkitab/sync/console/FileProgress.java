package dev.hisabkitab.sync.console;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file the inbox is working on, as its status file ({@code <file>.progress.txt}) says, or waiting to be taken. The
 * console reads the same status file a folder-only user reads, so both always agree.
 *
 * @param file the file's name
 * @param mode {@code book} or {@code check} (the dry run)
 * @param state {@code waiting}, {@code booking} or the status file's state
 * @param done documents done, failed among them
 * @param percentRead how much of the file is read (0–100), -1 when unknown
 * @param timeLeft the status file's estimate ("3 min 2 s"), empty when it does not say
 */
public record FileProgress(String file, String mode, String state, long done, long failed, double perSecond,
        double percentRead, String timeLeft) {

    public static FileProgress waiting(String file, String mode) {
        return new FileProgress(file, mode, "waiting", 0, 0, 0, 0, "");
    }

    /** The progress a status file's text gives ({@code key: value} lines, as {@code DropProgress.statusText} writes). */
    public static FileProgress parse(String file, String mode, String statusText) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : statusText.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new FileProgress(file, mode, fields.getOrDefault("state", "booking"),
                number(fields.get("documents done")), number(fields.get("documents failed")),
                decimal(fields.get("documents a second"), 0), decimal(percent(fields.get("file read")), -1),
                fields.getOrDefault("time left", "unknown").replace("unknown", ""));
    }

    private static String percent(String value) {
        return value == null ? null : value.replace("%", "").strip();
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double decimal(String value, double unknown) {
        try {
            return value == null ? unknown : Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return unknown;
        }
    }
}

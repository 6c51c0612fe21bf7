package dev.hisabkitab.sync.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Reads a CSV file's bytes once, before any of its rows is sent, and says what makes it unreadable as text, naming
 * the line and byte: bytes that are not UTF-8 (a Windows-1252 é, a binary file named {@code .csv}), a NUL byte, a
 * line longer than the limit, no bytes at all. Streams in a small buffer: a large file is not held. Pure apart from
 * reading the stream.
 */
public final class TextCheck {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextCheck() {
    }

    public static Optional<String> problem(InputStream in, long maxLineBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long line = 1;
        long lineBytes = 0;
        long total = 0;
        int need = 0;
        int codePoint = 0;
        int min = 0;
        int lead = 0;
        long leadColumn = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                int b = buffer[i] & 0xFF;
                total++;
                if (b == '\n' && need == 0) {
                    line++;
                    lineBytes = 0;
                    continue;
                }
                lineBytes++;
                if (lineBytes > maxLineBytes) {
                    return Optional.of("Line " + line + " is longer than " + maxLineBytes
                            + " bytes (hisabkitab.max-event-bytes); a row of a file drop may be at most that long");
                }
                if (need == 0) {
                    lead = b;
                    leadColumn = lineBytes;
                    if (b == 0) {
                        return Optional.of("The file is not text: line " + line + ", byte " + lineBytes
                                + " is a NUL byte (a binary file named .csv?)");
                    } else if (b < 0x80) {
                        continue;
                    } else if ((b & 0xE0) == 0xC0) {
                        need = 1;
                        codePoint = b & 0x1F;
                        min = 0x80;
                    } else if ((b & 0xF0) == 0xE0) {
                        need = 2;
                        codePoint = b & 0x0F;
                        min = 0x800;
                    } else if ((b & 0xF8) == 0xF0) {
                        need = 3;
                        codePoint = b & 0x07;
                        min = 0x10000;
                    } else {
                        return Optional.of(notUtf8(line, lineBytes, b));
                    }
                } else if ((b & 0xC0) != 0x80) {
                    return Optional.of(notUtf8(line, leadColumn, lead));
                } else {
                    codePoint = codePoint << 6 | (b & 0x3F);
                    if (--need == 0 && (codePoint < min || codePoint > 0x10FFFF
                            || codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                        return Optional.of(notUtf8(line, leadColumn, lead));
                    }
                }
            }
        }
        if (need > 0) {
            return Optional.of(notUtf8(line, leadColumn, lead));
        }
        return total == 0 ? Optional.of("The file is empty") : Optional.empty();
    }

    private static String notUtf8(long line, long column, int b) {
        String windows = new String(new byte[] { (byte) b }, WINDOWS_1252);
        return String.format("The file is not UTF-8 text: line %d, byte %d is 0x%02X (\"%s\" in Windows-1252)."
                + " Save it as UTF-8 (in Excel: CSV UTF-8); a binary file cannot be read as CSV", line, column, b, windows);
    }
}

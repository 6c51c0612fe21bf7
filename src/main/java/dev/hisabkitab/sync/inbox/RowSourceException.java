package dev.hisabkitab.sync.inbox;

/** A CSV or Excel file that cannot be read further, with a message that says where (for the file's report). */
public class RowSourceException extends RuntimeException {

    public RowSourceException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    public RowSourceException(String message) {
        this(message, null);
    }
}

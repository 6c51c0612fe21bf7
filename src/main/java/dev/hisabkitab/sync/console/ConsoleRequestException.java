package dev.hisabkitab.sync.console;

/** A console request that cannot be done, with the HTTP status to answer and a message for the person. */
public class ConsoleRequestException extends RuntimeException {

    private final int status;

    public ConsoleRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

package dev.hisabkitab.sync.idempotency;

/** The idempotency store could not be read or written. */
public class IdempotencyStoreException extends RuntimeException {

    public IdempotencyStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public IdempotencyStoreException(String message) {
        super(message);
    }
}

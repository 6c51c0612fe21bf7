package dev.hisabkitab.sync.idempotency;

import java.util.Optional;

/**
 * The completed-events store every replica shares, when there is one (with Kafka: a compacted topic, opened by the
 * kafka package). Without one, each connector keeps its completed events in its own file.
 */
public interface SharedStore {

    /** The shared store, not yet opened; empty when none is configured. */
    Optional<IdempotencyStore> create();

    /**
     * Opening the store failed: when that is its service refusing the connector's settings (Kafka: a wrong password,
     * an untrusted certificate), true, and {@code open} is called again later until it succeeds, while the
     * application runs without taking events; false for any other failure (the start is refused).
     */
    default boolean retryWhenRefused(IdempotencyStoreException failure, Runnable open) {
        return false;
    }
}

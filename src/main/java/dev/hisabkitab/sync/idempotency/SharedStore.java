package dev.hisabkitab.sync.idempotency;

import java.util.Optional;

/**
 * The completed-events store every replica shares, when there is one (with Kafka: a compacted topic, opened by the
 * kafka package). Without one, each connector keeps its completed events in its own file.
 */
public interface SharedStore {

    /** The shared store, not yet opened; empty when none is configured. */
    Optional<IdempotencyStore> create();
}

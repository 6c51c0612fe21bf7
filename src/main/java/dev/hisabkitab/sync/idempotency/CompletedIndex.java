package dev.hisabkitab.sync.idempotency;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a store keeps its completed events (the open write-ahead intents are few and stay in the heap):
 * {@link HeapCompletedIndex} in memory, {@link RocksCompletedIndex} on disk, so that the heap does not grow with the
 * number of completed ids. Besides the events it keeps a few named values ({@link #meta}), written atomically with
 * them ({@link #apply}): e.g. the topic offsets a Kafka store has applied, its checkpoint.
 */
public interface CompletedIndex extends AutoCloseable {

    Optional<CompletedEvent> get(EventKey key);

    default boolean contains(EventKey key) {
        return get(key).isPresent();
    }

    default void put(CompletedEvent event) {
        apply(java.util.List.of(event), java.util.List.of(), Map.of());
    }

    default void remove(EventKey key) {
        apply(java.util.List.of(), java.util.List.of(key), Map.of());
    }

    /**
     * Puts, removes and sets the named values in one atomic step (all or none survive a crash); a named value mapped
     * to {@code null} is removed.
     */
    void apply(Collection<CompletedEvent> puts, Collection<EventKey> removes, Map<String, String> meta);

    /** A named value set by {@link #apply}. */
    Optional<String> meta(String name);

    /** Every named value whose name starts with {@code prefix}. */
    void forEachMeta(String prefix, java.util.function.BiConsumer<String, String> action);

    /** How many completed events it holds (exact). */
    long size();

    /**
     * The keys of the events that completed before {@code cutoff} ({@link #completedAt}), oldest first, for the
     * retention sweep.
     */
    void forEachCompletedBefore(Instant cutoff, Consumer<EventKey> action);

    /** Every event it holds (compaction of the file store). */
    void forEach(Consumer<CompletedEvent> action);

    @Override
    void close();

    /**
     * When an event completed, for retention: its {@code completedAt}, or {@code fallback} when it has none or one that
     * is not an ISO-8601 instant (such an event is kept a whole retention from when it was indexed).
     */
    static Instant completedAt(CompletedEvent event, Instant fallback) {
        String at = event.completedAt();
        if (at != null) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException e) {
                try {
                    return java.time.OffsetDateTime.parse(at).toInstant();
                } catch (DateTimeParseException ignored) {
                    // not a time: fallback
                }
            }
        }
        return fallback;
    }
}

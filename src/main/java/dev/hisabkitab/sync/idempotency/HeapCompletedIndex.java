package dev.hisabkitab.sync.idempotency;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The completed events in the heap: what both stores did before {@link RocksCompletedIndex}; nothing survives it. */
public final class HeapCompletedIndex implements CompletedIndex {

    private final Map<EventKey, CompletedEvent> events = new ConcurrentHashMap<>();
    private final Map<String, String> meta = new ConcurrentHashMap<>();

    @Override
    public Optional<CompletedEvent> get(EventKey key) {
        return Optional.ofNullable(events.get(key));
    }

    @Override
    public boolean contains(EventKey key) {
        return events.containsKey(key);
    }

    @Override
    public void put(CompletedEvent event) {
        events.put(event.key(), event);
    }

    @Override
    public void remove(EventKey key) {
        events.remove(key);
    }

    @Override
    public synchronized void apply(Collection<CompletedEvent> puts, Collection<EventKey> removes,
            Map<String, String> values) {
        puts.forEach(this::put);
        removes.forEach(this::remove);
        values.forEach((k, v) -> {
            if (v == null) {
                meta.remove(k);
            } else {
                meta.put(k, v);
            }
        });
    }

    @Override
    public Optional<String> meta(String name) {
        return Optional.ofNullable(meta.get(name));
    }

    @Override
    public void forEachMeta(String prefix, java.util.function.BiConsumer<String, String> action) {
        new java.util.TreeMap<>(meta).forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                action.accept(k, v);
            }
        });
    }

    @Override
    public long size() {
        return events.size();
    }

    @Override
    public void forEachCompletedBefore(Instant cutoff, Consumer<EventKey> action) {
        Instant now = Instant.now();
        events.values().stream()
                .map(e -> Map.entry(CompletedIndex.completedAt(e, now), e.key()))
                .filter(e -> e.getKey().isBefore(cutoff))
                .sorted(Comparator.comparing(Map.Entry::getKey))
                .forEach(e -> action.accept(e.getValue()));
    }

    @Override
    public void forEach(Consumer<CompletedEvent> action) {
        events.values().forEach(action);
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}

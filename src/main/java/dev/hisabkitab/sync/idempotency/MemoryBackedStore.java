package dev.hisabkitab.sync.idempotency;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory map both stores answer from; subclasses load it and make each record durable ({@link #write}).
 */
abstract class MemoryBackedStore implements IdempotencyStore {

    private final Map<EventKey, CompletedEvent> known = new ConcurrentHashMap<>();
    /** Keys recorded by this process whose durable write has not succeeded (yet). */
    private final Set<EventKey> notDurable = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<CompletedEvent> find(EventKey key) {
        return known(key);
    }

    @Override
    public Optional<CompletedEvent> known(EventKey key) {
        return Optional.ofNullable(known.get(key));
    }

    @Override
    public void record(CompletedEvent event) {
        // remembered first: even if the write fails, this process does not send the event again
        known.put(event.key(), event);
        notDurable.add(event.key());
        write(event);
        notDurable.remove(event.key());
    }

    @Override
    public boolean isDurable(EventKey key) {
        return known.containsKey(key) && !notDurable.contains(key);
    }

    @Override
    public int size() {
        return known.size();
    }

    /** Makes the record durable. */
    protected abstract void write(CompletedEvent event);

    /** A record read back from durable storage. */
    protected void loaded(CompletedEvent event) {
        known.put(event.key(), event);
        notDurable.remove(event.key());
    }

    /**
     * A key read from durable storage that this process knows already (most often its own record read back): now
     * durable, and not parsed again. True when it was known.
     */
    protected boolean loadedKnown(EventKey key) {
        if (!known.containsKey(key)) {
            return false;
        }
        notDurable.remove(key);
        return true;
    }

    /** A key removed from durable storage (a tombstone). */
    protected void removed(EventKey key) {
        known.remove(key);
        notDurable.remove(key);
    }

    protected Map<EventKey, CompletedEvent> known() {
        return known;
    }
}

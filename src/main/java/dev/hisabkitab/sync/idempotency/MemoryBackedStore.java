package dev.hisabkitab.sync.idempotency;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The in-memory map both stores answer from; subclasses load it and make each record durable ({@link #write}).
 */
public abstract class MemoryBackedStore implements IdempotencyStore {

    private final Map<EventKey, CompletedEvent> known = new ConcurrentHashMap<>();
    /** Write-ahead intents of events not completed (a completion removes its event's intent). */
    private final Map<EventKey, WriteIntent> intents = new ConcurrentHashMap<>();
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
        // the completion supersedes the intent (durably too: the later record of the key)
        intents.remove(event.key());
        write(event);
        notDurable.remove(event.key());
    }

    @Override
    public Optional<WriteIntent> intent(EventKey key) {
        return Optional.ofNullable(intents.get(key));
    }

    @Override
    public void recordIntent(WriteIntent intent) {
        // durable first: an intent only this process knows protects nothing across a crash
        writeIntent(intent);
        if (!known.containsKey(intent.key())) {
            intents.put(intent.key(), intent);
        }
    }

    @Override
    public Collection<WriteIntent> intents() {
        return Collections.unmodifiableCollection(intents.values());
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

    /** Makes the intent durable. */
    protected abstract void writeIntent(WriteIntent intent);

    /** A record read back from durable storage. */
    protected void loaded(CompletedEvent event) {
        known.put(event.key(), event);
        intents.remove(event.key());
        notDurable.remove(event.key());
    }

    /** An intent read back from durable storage: kept unless its event has completed. */
    protected void loaded(WriteIntent intent) {
        if (!known.containsKey(intent.key())) {
            intents.put(intent.key(), intent);
        }
    }

    /**
     * A line or record value read back: a completion or an intent. True when its key had a record already (which
     * this one makes redundant).
     *
     * @throws IllegalArgumentException when it is neither (a damaged record)
     */
    protected boolean loaded(String json) {
        JsonNode record = CompletedEvent.readRecord(json);
        if (WriteIntent.isIntent(record)) {
            WriteIntent intent = WriteIntent.fromJson(record);
            boolean held = holds(intent.key());
            loaded(intent);
            return held;
        }
        CompletedEvent event = CompletedEvent.fromJson(record);
        boolean held = holds(event.key());
        loaded(event);
        return held;
    }

    private boolean holds(EventKey key) {
        return known.containsKey(key) || intents.containsKey(key);
    }

    /** The intents of events not completed, for rewriting the records. */
    protected Map<EventKey, WriteIntent> pendingIntents() {
        return intents;
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
        intents.remove(key);
        notDurable.remove(key);
    }

    protected Map<EventKey, CompletedEvent> known() {
        return known;
    }
}

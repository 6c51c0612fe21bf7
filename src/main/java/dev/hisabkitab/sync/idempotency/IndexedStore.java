package dev.hisabkitab.sync.idempotency;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What both stores answer from; subclasses load it and make each record durable ({@link #write}). The completed
 * events are kept in a {@link CompletedIndex} (in the heap unless the subclass gives one on disk, {@link #useIndex}:
 * both stores do, {@link RocksCompletedIndex}); the write-ahead intents of events not completed, and completions whose
 * durable write has not succeeded, are few and stay in the heap.
 */
public abstract class IndexedStore implements IdempotencyStore {

    /** The index's named values holding the open intents: this prefix, then the key's text. */
    static final String INTENT = "intent/";

    private volatile CompletedIndex index = new HeapCompletedIndex();
    /** Write-ahead intents of events not completed (a completion removes its event's intent). */
    private final Map<EventKey, WriteIntent> intents = new ConcurrentHashMap<>();
    /**
     * Completions recorded by this process whose durable write has not succeeded (yet): answered from here, and kept
     * out of the index until written, so an index on disk never holds one the durable record lacks.
     */
    private final Map<EventKey, CompletedEvent> notDurable = new ConcurrentHashMap<>();

    /** Replaces the (empty) heap index by this one, before anything is loaded. */
    protected void useIndex(CompletedIndex index) {
        this.index = index;
    }

    protected CompletedIndex index() {
        return index;
    }

    @Override
    public Optional<CompletedEvent> find(EventKey key) {
        return known(key);
    }

    @Override
    public Optional<CompletedEvent> known(EventKey key) {
        CompletedEvent unwritten = notDurable.get(key);
        return unwritten != null ? Optional.of(unwritten) : index.get(key);
    }

    @Override
    public void record(CompletedEvent event) {
        // remembered first: even if the write fails, this process does not send the event again
        notDurable.put(event.key(), event);
        // the completion supersedes the intent (durably too: the later record of the key); the index drops its copy
        // of the intent only with the durable completion
        Map<String, String> intentGone = intentGone(event.key());
        intents.remove(event.key());
        write(event, written -> index.apply(List.of(event), List.of(), with(intentGone, written)));
        notDurable.remove(event.key());
    }

    @Override
    public Optional<WriteIntent> intent(EventKey key) {
        return Optional.ofNullable(intents.get(key));
    }

    @Override
    public void recordIntent(WriteIntent intent) {
        // durable first: an intent only this process knows protects nothing across a crash
        writeIntent(intent, written -> {
            if (!holdsCompletion(intent.key())) {
                // the index first: a Kafka follower that finds the intent in the heap takes it as kept
                index.apply(List.of(), List.of(), with(Map.of(INTENT + intent.key().text(), intent.toJson()), written));
                intents.put(intent.key(), intent);
            } else if (!written.isEmpty()) {
                index.apply(List.of(), List.of(), written);
            }
        });
    }

    /** Both maps of named index values in one (the second's names are the store's own: no clash). */
    private static Map<String, String> with(Map<String, String> values, Map<String, String> more) {
        if (more.isEmpty()) {
            return values;
        }
        Map<String, String> both = new HashMap<>(values);
        both.putAll(more);
        return both;
    }

    @Override
    public Collection<WriteIntent> intents() {
        return Collections.unmodifiableCollection(intents.values());
    }

    @Override
    public boolean isDurable(EventKey key) {
        return !notDurable.containsKey(key) && index.contains(key);
    }

    @Override
    public int size() {
        long durable = index.size();
        // an unwritten completion may be in the index too (its write succeeded, the map not yet cleared): rarely off by one
        return (int) Math.min(Integer.MAX_VALUE, durable + notDurable.size());
    }

    private boolean holdsCompletion(EventKey key) {
        return notDurable.containsKey(key) || index.contains(key);
    }

    /** Forgotten in chunks: the first sweep over a long-running store may find millions. */
    private static final int FORGET_CHUNK = 10_000;

    @Override
    public int forgetCompletedBefore(java.time.Instant cutoff) {
        int forgotten = 0;
        try {
            while (true) {
                List<EventKey> old = new java.util.ArrayList<>();
                try {
                    index.forEachCompletedBefore(cutoff, key -> {
                        // a completion not yet durable is not forgotten before it is written
                        if (!notDurable.containsKey(key)) {
                            old.add(key);
                        }
                        if (old.size() == FORGET_CHUNK) {
                            throw new ChunkFull();
                        }
                    });
                } catch (ChunkFull full) {
                    // forget these, then look again
                }
                if (old.isEmpty()) {
                    return forgotten;
                }
                // durably first (tombstones acknowledged): the index never forgets what the record still holds
                writeForgotten(old);
                index.apply(List.of(), old, forgetting());
                forgotten += old.size();
                if (old.size() < FORGET_CHUNK) {
                    return forgotten;
                }
            }
        } finally {
            // once for the whole sweep (the file store rewrites its file: once, not once a chunk)
            if (forgotten > 0) {
                forgottenLocally();
            }
        }
    }

    /** Ends a scan once a chunk is full. */
    private static final class ChunkFull extends RuntimeException {
        ChunkFull() {
            super(null, null, false, false);
        }
    }

    /** Makes forgetting these keys durable (before they leave the index). */
    protected abstract void writeForgotten(java.util.Collection<EventKey> keys);

    /** Named index values written with the removal of forgotten keys (the file store: its file is to be rewritten). */
    protected Map<String, String> forgetting() {
        return Map.of();
    }

    /** After a sweep's keys left the index (the file store rewrites its file without them). */
    protected void forgottenLocally() {
    }

    /** Makes the record durable. */
    protected abstract void write(CompletedEvent event);

    /** Makes the intent durable. */
    protected abstract void writeIntent(WriteIntent intent);

    /**
     * Makes the record durable, then puts it in the index through {@code thenIndex}, with the named values given to it
     * (none here). The file store does both under one lock and passes its checkpoint, the file position the index
     * then covers: no other line can come between.
     */
    protected void write(CompletedEvent event, java.util.function.Consumer<Map<String, String>> thenIndex) {
        write(event);
        thenIndex.accept(Map.of());
    }

    /** As {@link #write(CompletedEvent, java.util.function.Consumer)}, for an intent. */
    protected void writeIntent(WriteIntent intent, java.util.function.Consumer<Map<String, String>> thenIndex) {
        writeIntent(intent);
        thenIndex.accept(Map.of());
    }

    /** A record read back from durable storage. */
    protected void loaded(CompletedEvent event) {
        index.apply(List.of(event), List.of(), intentGone(event.key()));
        intents.remove(event.key());
        notDurable.remove(event.key());
    }

    /** An intent read back from durable storage: kept unless its event has completed. */
    protected void loaded(WriteIntent intent) {
        if (!holdsCompletion(intent.key())) {
            // the index first: a Kafka follower that finds the intent in the heap takes it as kept
            index.apply(List.of(), List.of(), Map.of(INTENT + intent.key().text(), intent.toJson()));
            intents.put(intent.key(), intent);
        }
    }

    /**
     * The open intents kept in the index (an index on disk that is not rebuilt from the durable record holds them: a
     * Kafka store starting from its checkpoint does not read the intents recorded before it again).
     */
    protected void loadIntentsFromIndex() {
        index.forEachMeta(INTENT, (name, json) -> {
            WriteIntent intent = WriteIntent.fromJson(CompletedEvent.readRecord(json));
            if (!index.contains(intent.key())) { // (a completion whose index write was cut short supersedes it)
                intents.put(intent.key(), intent);
            }
        });
    }

    /** The index's change that drops the key's intent, when it has one. */
    private Map<String, String> intentGone(EventKey key) {
        if (!intents.containsKey(key)) {
            return Map.of();
        }
        Map<String, String> gone = new HashMap<>();
        gone.put(INTENT + key.text(), null);
        return gone;
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

    /**
     * Lines read back one after another (a file store's start): the completions are put in the index a batch at a time
     * (a file of a million lines is read in seconds, not minutes), an intent after the completions before it. {@link
     * #flush()} before anything else reads the index.
     */
    protected final class Loading {

        private static final int BATCH = 1_000;
        private final Map<EventKey, CompletedEvent> batch = new java.util.LinkedHashMap<>();

        /** Whether a completion of the key waits in this batch. */
        public boolean has(EventKey key) {
            return batch.containsKey(key);
        }

        /** @throws IllegalArgumentException when it is neither a completion nor an intent (a damaged line) */
        public void line(String json) {
            JsonNode record = CompletedEvent.readRecord(json);
            if (WriteIntent.isIntent(record)) {
                WriteIntent intent = WriteIntent.fromJson(record);
                flush();
                loaded(intent);
                return;
            }
            CompletedEvent event = CompletedEvent.fromJson(record);
            batch.put(event.key(), event); // the later line of a key wins, as when applied one by one
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        public void flush() {
            if (batch.isEmpty()) {
                return;
            }
            Map<String, String> gone = new HashMap<>();
            batch.keySet().forEach(key -> gone.putAll(intentGone(key)));
            index.apply(batch.values(), List.of(), gone);
            batch.keySet().forEach(key -> {
                intents.remove(key);
                notDurable.remove(key);
            });
            batch.clear();
        }
    }

    /** A new batch of records read back (a subclass in another package cannot call the inner class's constructor). */
    protected Loading loading() {
        return new Loading();
    }

    private boolean holds(EventKey key) {
        return intents.containsKey(key) || holdsCompletion(key);
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
        if (index.contains(key)) {
            return true;
        }
        CompletedEvent unwritten = notDurable.remove(key);
        if (unwritten == null) {
            return false;
        }
        // its own record read back before record() had put it in the index (or whose write seemed to fail)
        Map<String, String> gone = new HashMap<>();
        gone.put(INTENT + key.text(), null);
        index.apply(List.of(unwritten), List.of(), gone);
        return true;
    }

    /** A key removed from durable storage (a tombstone). */
    protected void removed(EventKey key) {
        index.apply(List.of(), List.of(key), intentGone(key));
        intents.remove(key);
        notDurable.remove(key);
    }
}

package dev.hisabkitab.sync.idempotency;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * The idempotent consumer: for each event, either the earlier completion of its key (a duplicate), or a claim to
 * process it. At most one claim per key is held in this process at a time: an event whose key is in flight waits
 * until that claim is released, then looks again — it finds the completion (duplicate) if the other one completed,
 * or takes the claim itself if the other one failed (a dead-lettered event is tried again).
 *
 * <p>The holder of a claim records the completion ({@link #complete}) before it releases the claim, so a waiter
 * never misses it.
 */
public final class IdempotentConsumer {

    /** The right to process one key; released exactly once. */
    public static final class Claim {
        private final EventKey key;
        private final CompletableFuture<Void> released = new CompletableFuture<>();

        private Claim(EventKey key) {
            this.key = key;
        }

        public EventKey key() {
            return key;
        }

        public boolean isReleased() {
            return released.isDone();
        }
    }

    /** Either {@code earlier} (the event is a duplicate) or {@code claim} (process it) is set. */
    public record Decision(CompletedEvent earlier, Claim claim) {
        public boolean duplicate() {
            return earlier != null;
        }
    }

    private final IdempotencyStore store;
    private final ConcurrentMap<EventKey, Claim> inFlight = new ConcurrentHashMap<>();

    public IdempotentConsumer(IdempotencyStore store) {
        this.store = store;
    }

    public IdempotencyStore store() {
        return store;
    }

    /**
     * The earlier completion of the key, or a claim to process it; waits while the same key is in flight.
     *
     * @throws IdempotencyStoreException when the store cannot be read, or the wait is interrupted
     */
    public Decision claim(EventKey key) {
        return claim(key, System.nanoTime());
    }

    /**
     * Like {@link #claim(EventKey)}, for an event whose source this process owns since {@code since}
     * ({@link IdempotencyStore#find(EventKey, long)}).
     */
    public Decision claim(EventKey key, long since) {
        while (true) {
            Optional<CompletedEvent> earlier = store.find(key, since);
            if (earlier.isPresent()) {
                return new Decision(earlier.get(), null);
            }
            Claim mine = new Claim(key);
            Claim held = inFlight.putIfAbsent(key, mine);
            if (held == null) {
                // the previous holder in this process may have recorded and released between the look-up and the
                // claim (it records before it releases, so what it recorded is known here)
                Optional<CompletedEvent> meanwhile = store.known(key);
                if (meanwhile.isPresent()) {
                    release(mine);
                    return new Decision(meanwhile.get(), null);
                }
                return new Decision(null, mine);
            }
            try {
                held.released.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IdempotencyStoreException("Interrupted while waiting for the same event (" + key
                        + ") in flight", e);
            } catch (ExecutionException e) {
                // never completed exceptionally; look again
            }
        }
    }

    /** Records the completion durably, then releases the claim (also when the record fails). */
    public void complete(Claim claim, CompletedEvent completed) {
        if (!claim.key().equals(completed.key())) {
            throw new IllegalArgumentException("claim " + claim.key() + " does not match " + completed.key());
        }
        try {
            store.record(completed);
        } finally {
            release(claim);
        }
    }

    /** Gives up a claim without a completion (the event failed); a waiting event with the key then goes ahead. */
    public void release(Claim claim) {
        if (claim != null) {
            inFlight.remove(claim.key(), claim);
            claim.released.complete(null);
        }
    }

    /** Keys in flight now (for tests and diagnostics). */
    public int inFlight() {
        return inFlight.size();
    }
}

package dev.hisabkitab.sync.business.masters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One cached copy of a master list (ledgers, items, states…) of one company: loaded on first use, loaded again
 * when older than its time to live or when a name was missing from it (refresh on miss). However many events
 * ask at the same moment, one load runs and the others wait for it (single flight); and at most one load of the
 * list runs at a time, so a large list is never held twice while it is read.
 *
 * <p>A write the connector made itself either changes the copy in place ({@link #edit}: the record HisabKitab
 * answered is added to it) or makes it stale ({@link #invalidate}). A load that was already reading when the write
 * was made may not show it: an edit is applied to its copy when it finishes; after an invalidation its copy serves
 * only those already waiting for it, and a later caller waits for it to finish, then loads once more (shared).
 *
 * @param <T> the indexed form of the list; an edited one must be safe to change while others read it
 */
final class SingleFlightSnapshot<T> {

    /** A loaded copy and when it was loaded. */
    record Loaded<T>(T value, Instant loadedAt) {
    }

    private final Supplier<T> loader;
    private final Duration timeToLive;
    private final Clock clock;
    /** Held while the loader runs: one load of this list at a time. */
    private final ReentrantLock loading = new ReentrantLock();

    // guarded by this
    /** The copy new callers use: loaded, or a load that is running or waiting for its turn. */
    private CompletableFuture<Loaded<T>> current;
    /** {@code current}, when it was invalidated while reading: it is not handed to later callers. */
    private CompletableFuture<Loaded<T>> invalidatedInFlight;
    /** The load whose loader is reading now, and the edits made since it began (applied when it ends). */
    private CompletableFuture<Loaded<T>> reading;
    private final List<Consumer<T>> editsWhileReading = new ArrayList<>();

    SingleFlightSnapshot(Supplier<T> loader, Duration timeToLive, Clock clock) {
        this.loader = loader;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** The current copy, loading it first when there is none or it has expired. */
    Loaded<T> get() {
        CompletableFuture<Loaded<T>> seen;
        boolean invalidated;
        synchronized (this) {
            seen = current;
            invalidated = seen != null && seen == invalidatedInFlight;
        }
        if (seen != null && !invalidated && (!seen.isDone() || !expired(seen))) {
            return await(seen);
        }
        return loadReplacing(seen);
    }

    /**
     * A copy newer than {@code stale}: the one another caller already loaded (or is loading) since, or a fresh load.
     * Many callers missing the same name at once cause one load.
     */
    Loaded<T> refreshedSince(Loaded<T> stale) {
        CompletableFuture<Loaded<T>> seen;
        boolean invalidated;
        synchronized (this) {
            seen = current;
            invalidated = seen != null && seen == invalidatedInFlight;
        }
        if (seen != null && !invalidated && (!seen.isDone() || await(seen) != stale)) {
            return await(seen);
        }
        return loadReplacing(seen);
    }

    /** Forgets the copy: the next {@link #get} loads (after the connector wrote a record it cannot add itself). */
    synchronized void invalidate() {
        if (current != null && current.isDone()) {
            current = null;
        } else if (current != null && current == reading) {
            // the running load may have read the list before the write: later callers load again
            invalidatedInFlight = current;
        }
        // a load still waiting for its turn reads after the write: it stays
    }

    /**
     * Changes the copy in place (a record the connector created, as HisabKitab answered it): applied now to a loaded
     * copy, or when it finishes to a load that is reading; nothing when no copy is kept or the load has yet to read.
     */
    synchronized void edit(Consumer<T> change) {
        if (current == null || current == invalidatedInFlight) {
            return;
        }
        if (!current.isDone()) {
            if (current == reading) {
                editsWhileReading.add(change);
            }
            return;
        }
        if (!current.isCompletedExceptionally()) {
            change.accept(current.join().value());
        }
    }

    private Loaded<T> loadReplacing(CompletableFuture<Loaded<T>> seen) {
        CompletableFuture<Loaded<T>> mine;
        synchronized (this) {
            if (current != seen) {
                mine = null;
            } else {
                mine = new CompletableFuture<>();
                current = mine;
            }
        }
        if (mine == null) {
            return get();
        }
        loading.lock(); // an earlier load still reading (invalidated) ends first: the list is read once at a time
        try {
            synchronized (this) {
                reading = mine;
                editsWhileReading.clear();
            }
            T value = loader.get();
            Loaded<T> loaded;
            synchronized (this) {
                editsWhileReading.forEach(edit -> edit.accept(value));
                editsWhileReading.clear();
                reading = null;
                loaded = new Loaded<>(value, clock.instant());
                if (invalidatedInFlight == mine) {
                    invalidatedInFlight = null;
                    if (current == mine) {
                        current = null;
                    }
                }
            }
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException e) {
            synchronized (this) {
                reading = null;
                editsWhileReading.clear();
                if (invalidatedInFlight == mine) {
                    invalidatedInFlight = null;
                }
                if (current == mine) {
                    current = null; // a failed load is not cached: the next caller tries again
                }
            }
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.unlock();
        }
    }

    private boolean expired(CompletableFuture<Loaded<T>> done) {
        if (done.isCompletedExceptionally()) {
            return true;
        }
        return done.join().loadedAt().plus(timeToLive).isBefore(clock.instant());
    }

    /** What a future gives, or what it failed with as itself (not wrapped in a CompletionException). */
    static <V> V await(CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}

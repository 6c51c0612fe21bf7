package dev.hisabkitab.sync.business.masters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One cached copy of a master list (ledgers, items, states…) of one company: loaded on first use, loaded again
 * when older than its time to live or when a name was missing from it (refresh on miss). However many events
 * ask at the same moment, one load runs and the others wait for it (single flight).
 *
 * @param <T> the indexed form of the list
 */
final class SingleFlightSnapshot<T> {

    /** A loaded copy and when it was loaded. */
    record Loaded<T>(T value, Instant loadedAt) {
    }

    private final Supplier<T> loader;
    private final Duration timeToLive;
    private final Clock clock;
    private CompletableFuture<Loaded<T>> current;
    /** A load that was running when the list was invalidated: it may not show the write, so it is not kept. */
    private CompletableFuture<Loaded<T>> invalidatedInFlight;

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
     * A copy newer than {@code stale}: the one another caller already loaded since, or a fresh load. Many callers
     * missing the same name at once cause one load.
     */
    Loaded<T> refreshedSince(Loaded<T> stale) {
        CompletableFuture<Loaded<T>> seen;
        synchronized (this) {
            seen = current;
        }
        if (seen != null && (!seen.isDone() || await(seen) != stale)) {
            return await(seen);
        }
        return loadReplacing(seen);
    }

    /** Forgets the copy: the next {@link #get} loads (after the connector created a record itself). */
    synchronized void invalidate() {
        if (current != null && current.isDone()) {
            current = null;
        } else if (current != null) {
            // the running load may have read the list before the write: later callers load again
            invalidatedInFlight = current;
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
        try {
            Loaded<T> loaded = new Loaded<>(loader.get(), clock.instant());
            mine.complete(loaded);
            synchronized (this) {
                if (invalidatedInFlight == mine) {
                    invalidatedInFlight = null;
                    if (current == mine) {
                        current = null;
                    }
                }
            }
            return loaded;
        } catch (RuntimeException e) {
            synchronized (this) {
                if (current == mine) {
                    current = null; // a failed load is not cached: the next caller tries again
                }
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private boolean expired(CompletableFuture<Loaded<T>> done) {
        if (done.isCompletedExceptionally()) {
            return true;
        }
        return done.join().loadedAt().plus(timeToLive).isBefore(clock.instant());
    }

    private static <T> Loaded<T> await(CompletableFuture<Loaded<T>> future) {
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

package dev.hisabkitab.sync.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reorder buffer: results arrive in any order, numbered from 0, and come out in number order as soon as every
 * earlier one is in (a file's report keeps its row order while the rows finish in parallel). Holds only what arrived
 * ahead of a missing one. Not thread-safe: its owner serialises the calls.
 */
final class InOrder<T> {

    private final Map<Long, T> ahead = new HashMap<>();
    private long next;

    /** The result numbered {@code index} arrived: the results that may go out now, in order (often none). */
    List<T> arrived(long index, T result) {
        if (index < next || ahead.putIfAbsent(index, result) != null) {
            throw new IllegalArgumentException("Result " + index + " arrived twice");
        }
        List<T> ready = new ArrayList<>();
        for (T r = ahead.remove(next); r != null; r = ahead.remove(next)) {
            ready.add(r);
            next++;
        }
        return ready;
    }

    /** How many went out. */
    long released() {
        return next;
    }
}

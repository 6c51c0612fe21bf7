package dev.hisabkitab.sync.inbox;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many dropped files are being read at once ({@code hisabkitab.inbox.max-open-files}): each holds a reader
 * thread and an open file until its report is finished. A file whose turn has come starts when a slot is free, else
 * it waits in a queue (no thread, file not opened; it stays in the inbox under its marker) and starts, in the order
 * the files came, when a file gives its slot back.
 *
 * <p>A slot is asked for only once the file's {@link PickupTurns turn} has come, so a file holding one never waits
 * for another file: the master file a documents file waits for never finds the slots taken by files waiting for it.
 * Thread-safe.
 */
final class ReadingSlots {

    private final int max;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int reading;
    private int peak;

    ReadingSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("hisabkitab.inbox.max-open-files must be at least 1, not " + max);
        }
        this.max = max;
    }

    /** Runs {@code start} now when a slot is free (it then holds it), else once one is given back to it. */
    void whenFree(Runnable start) {
        synchronized (this) {
            if (reading >= max) {
                waiting.add(start);
                return;
            }
            reading++;
            peak = Math.max(peak, reading);
        }
        start.run();
    }

    /** A file is through with its slot: the next file waiting gets it. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                reading--;
                return;
            }
            // the slot passes to the next file as it is: the count stays
        }
        next.run();
    }

    /** The files still waiting, no longer to start (the connector stops: they stay in the inbox). */
    synchronized int giveUpWaiting() {
        int given = waiting.size();
        waiting.clear();
        return given;
    }

    /** Files being read now. */
    synchronized int reading() {
        return reading;
    }

    /** Files waiting for a slot. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** The most files read at once since the last {@link #resetPeak()}. */
    synchronized int peak() {
        return peak;
    }

    synchronized void resetPeak() {
        peak = reading;
    }
}

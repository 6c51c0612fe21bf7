package dev.hisabkitab.sync.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * When a file picked up from the inbox may start, now that files run side by side: after every file picked up
 * before it (in {@link InboxPickupOrder}'s order, then poll after poll) of a lower {@link DropKind#pickupRank} — the
 * masters documents name, the invoices payments settle — and a master file (parties, items) also after the master
 * files before it (two files upserting one party do so in pickup order; a party is never created twice at once).
 * Files of the same rank otherwise run at once: a small invoices file does not wait for a large one.
 *
 * <p>This keeps the rule the sequential inbox had ("masters are taken before the documents dropped with them")
 * without its cost. Thread-safe; a turn is {@link Turn#finished() finished} whatever became of its file.
 */
final class PickupTurns {

    /** A picked-up file's place: when it may start, and the signal that it is done. */
    static final class Turn {
        private final int rank;
        private final boolean masters;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private CompletableFuture<Void> mayStart = CompletableFuture.completedFuture(null);

        private Turn(int rank, boolean masters) {
            this.rank = rank;
            this.masters = masters;
        }

        /** Completes when every file it waits for is finished. */
        CompletableFuture<Void> mayStart() {
            return mayStart;
        }

        /** The file is done (or given up): the files waiting for it may start. */
        void finished() {
            done.complete(null);
        }

        /** Whether a file picked up after this one waits for it. */
        boolean holdsBack(Turn later) {
            return rank < later.rank || masters && later.masters;
        }
    }

    private final List<Turn> open = new ArrayList<>();

    /** The turn of a file just picked up (call in pickup order, on the consumer's thread). */
    synchronized Turn pickedUp(String fileName) {
        Turn turn = new Turn(DropKind.pickupRank(fileName),
                DropKind.isTable(fileName) && DropKind.ofFileName(fileName).map(DropKind::isMasters).orElse(false));
        turn.mayStart = CompletableFuture.allOf(open.stream().filter(earlier -> earlier.holdsBack(turn))
                .map(earlier -> earlier.done).toArray(CompletableFuture[]::new));
        open.add(turn);
        turn.done.whenComplete((ignored, failure) -> closed(turn));
        return turn;
    }

    /** Files picked up and not finished. */
    synchronized int open() {
        return open.size();
    }

    private synchronized void closed(Turn turn) {
        open.remove(turn);
    }
}

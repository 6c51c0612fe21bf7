package dev.hisabkitab.sync.business.batch;

import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * What became of one event's create in a master batch (step {@code create-in-batch}): created by the batch (its
 * {@code result}), or to be created singly (no result; its {@code state} says when it is looked up first). The
 * {@code call} carries the note the reply shows.
 *
 * @param call   the event's create, with a note on the batch
 * @param state  the call's state: the batch's attempts when created in it; with the reason to look it up first when
 *               the batch may have created it
 * @param result HisabKitab's record of it; null: it is created singly ({@code create-singly})
 */
public record BatchedCreate(ApiCall call, CallState state, Reply.Result result) {

    /** The exchange property that holds it. */
    public static final String PROPERTY = "hkBatchedCreate";

    public boolean created() {
        return result != null;
    }
}

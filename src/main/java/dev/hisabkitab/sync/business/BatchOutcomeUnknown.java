package dev.hisabkitab.sync.business;

/**
 * A master batch sent without a clear answer (the connection dropped or timed out after the request went out, or a
 * 500/502/504): HisabKitab may have created some or all of it. Not retried as a batch (that could book twice):
 * MasterBatches looks each element up before it creates it singly. It has no cause on purpose, so that the retry
 * policy, which retries a failure whose causes include an I/O error, does not retry it.
 */
public class BatchOutcomeUnknown extends RuntimeException {

    /** Whether an operation is a batch create ({@code ledger.batch-create}, {@code item.batch-create}). */
    public static boolean concerns(String operation) {
        return operation != null && operation.endsWith(".batch-create");
    }

    public BatchOutcomeUnknown(String operation, Throwable failure) {
        super(operation + " sent without a clear answer (" + (failure == null ? "no answer" : failure.getMessage())
                + "): it may have created some or all of its records", null, false, false);
    }
}

package dev.hisabkitab.sync;

/**
 * Names of the exchange properties that carry an event's call through the routes (routes/*.yaml use them too). The
 * rest of what the pipeline knows of an event is one immutable context each, in one property: the event's
 * ({@code event.EventContext}, {@code hkEvent}), the call's ({@code client.CallState}, {@code hkCallState}), the
 * document number's ({@code business.DocumentNumber}, {@code hkDocumentNumber}); a source's own bookkeeping is named
 * where it is kept (the Kafka lanes' {@code hkLaneRecord}, the inbox's {@code hkInboxDrop}).
 */
public final class PipelineKeys {

    /**
     * The {@link dev.hisabkitab.sync.client.ApiCall} the HisabKitab client route makes: an {@code api.*} event's own,
     * a business event's mapped one, or one of the connector's own (a look-up, a key probe).
     */
    public static final String CALL = "hkCall";
    /** HisabKitab's answer as a {@link dev.hisabkitab.sync.outcome.Reply.Result}. */
    public static final String RESULT = "hkResult";
    /** The event's {@link dev.hisabkitab.sync.outcome.Outcome}: its reply or dead letter, read by its source. */
    public static final String OUTCOME = "hkOutcome";
    /**
     * The event's {@link dev.hisabkitab.sync.event.ProcessingSlot} among those its source's lanes process at once
     * (none for an event not from the lanes: a re-drive, a console check); given back once its outcome is made.
     */
    public static final String PROCESSING_SLOT = "hkProcessingSlot";

    private PipelineKeys() {
    }
}

package dev.hisabkitab.sync.idempotency;

import dev.hisabkitab.sync.business.DocumentNumber;
import dev.hisabkitab.sync.business.HeldNumbers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import dev.hisabkitab.sync.client.CallState;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.business.InterruptedWrites;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * Write-ahead (step {@code record-write-intent} of routes/process-event.yaml): before a create or update is sent to
 * HisabKitab, its {@link WriteIntent} is made durable in the completed-events store. An event read again after a
 * crash (or sent again after a failure) finds its intent: it keeps the number the intent holds
 * ({@link WriteIntent#documentNumber}, business-events.yaml), and a create is looked up in HisabKitab by that number (masters by name) before anything
 * is sent; what is found is adopted ({@link InterruptedWrites#adoptIfCreated}), only a create proven absent is sent.
 * A number an unfinished event's intent holds is given to no other event ({@link #held}).
 */
@ApplicationScoped
@Named("writeAheadIntents")
public class WriteAheadIntents implements HeldNumbers {

    private static final Logger LOG = Logger.getLogger(WriteAheadIntents.class);

    @Inject
    CompletedEvents completedEvents;

    @Inject
    EndpointCatalogue catalogue;

    @Inject
    InterruptedWrites interruptedWrites;

    /** How a write behaves when it is sent a second time. */
    enum Kind {
        /** Not a write (a read): no intent. */
        READ,
        /** Makes a record (a second send may make a second one): looked up before it is sent again. */
        CREATE,
        /** Changes or removes a named record (a second send with the same content changes nothing more). */
        REPEATABLE
    }

    /** What kind of write an operation is: by its method (a body sent) and its action's name. */
    Kind kindOf(ApiCall call) {
        String method = catalogue.find(call.operation()).map(e -> e.method().toUpperCase(Locale.ROOT)).orElse("GET");
        if (!Set.of("POST", "PUT", "PATCH").contains(method)) {
            return Kind.READ;
        }
        String action = call.operation().substring(call.operation().indexOf('.') + 1);
        return action.startsWith("update") || action.contains("delete") ? Kind.REPEATABLE : Kind.CREATE;
    }

    /**
     * Step {@code record-write-intent}, just before the call is sent: records the intent durably, and returns the call
     * to send. When the event has an intent from an earlier try, the call says so in a note where the reply should
     * tell it (mapped to another operation now, sent again); a create that can be looked up gets none: step
     * {@link #lookUpFirst} has it looked up before it is sent.
     */
    public ApiCall recordBeforeSending(EventContext event, ApiCall call, DocumentNumber number) {
        Envelope envelope = event == null ? null : event.envelope();
        if (call == null || envelope == null) {
            return call;
        }
        Kind kind = kindOf(call);
        if (kind == Kind.READ) {
            return call;
        }
        WriteIntent earlier = event.earlierIntent();
        Optional<String> recordKey = interruptedWrites.recordKey(call);
        AfterEarlierTry after = earlier == null ? null : afterEarlierTry(call, kind, earlier, recordKey);
        if (after != null && after.note() != null) {
            // logged here only: step look-up-before-sending-again asks the same question
            if (after.checkForSecondRecord()) {
                LOG.warnf("Event %s: %s", earlier.key(), after.note());
            } else {
                LOG.infof("Event %s: %s", earlier.key(), after.note());
            }
            call = call.withNote(after.note());
        }
        WriteIntent intent = new WriteIntent(EventKey.of(envelope), call.operation(), recordKey.orElse(null),
                seriesOf(number), fingerprint(call), WriteIntent.CURRENT_RUN,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (intent.sameWrite(earlier)) {
            return call;
        }
        try {
            completedEvents.timed("intent", () -> completedEvents.store().recordIntent(intent));
        } catch (IdempotencyStoreException e) {
            throw EventFailure.unavailable(null, "Could not record the intent to send " + call.operation() + " for event "
                    + envelope.id() + " (nothing was sent): " + e.getMessage(), null, e);
        }
        return call;
    }

    /**
     * Step {@code look-up-before-sending-again}: a create an earlier try of the event sent without a recorded answer
     * is looked up in HisabKitab (in the HisabKitab attempt) before it is sent again, and adopted when found: the
     * call's state says so, with what the reply says then. Null (no state yet) when nothing is to be looked up.
     */
    public CallState lookUpFirst(EventContext event, ApiCall call) {
        WriteIntent earlier = event == null ? null : event.earlierIntent();
        String reason = call == null || earlier == null || kindOf(call) == Kind.READ ? null
                : afterEarlierTry(call, kindOf(call), earlier, interruptedWrites.recordKey(call)).lookupReason();
        return reason == null ? null : CallState.of(call, event.envelope()).withLookup(reason);
    }

    /**
     * What an event with an intent from an earlier try does before its call is sent again: sent with a note for its
     * reply (which may ask to check HisabKitab for a second record), or looked up first.
     */
    record AfterEarlierTry(String note, String lookupReason, boolean checkForSecondRecord) {
    }

    /** An event with an intent from an earlier try: what to do before its call is sent again (no side effects). */
    private AfterEarlierTry afterEarlierTry(ApiCall call, Kind kind, WriteIntent earlier, Optional<String> recordKey) {
        String when = earlier.beforeRestart() ? "before the connector restarted" : "in an earlier try of this event";
        if (!earlier.operation().equals(call.operation())) {
            // e.g. a party.upsert that created its ledger before a crash now finds it and updates it
            return new AfterEarlierTry("Sent " + earlier.operation() + " " + when + "; mapped to " + call.operation()
                    + " now (the record it looks for was found)", null, false);
        }
        if (kind == Kind.REPEATABLE) {
            return new AfterEarlierTry("Sent again: it was sent " + when + " without a recorded answer (sending the "
                    + "same " + call.operation() + " again changes nothing more)", null, false);
        }
        if (recordKey.isEmpty()) {
            // the honest limit: nothing to find the first send's record by
            return new AfterEarlierTry("Sent again: " + call.operation() + " was sent " + when + " without a recorded "
                    + "answer, and HisabKitab offers no look-up for it; check HisabKitab for a second record", null,
                    true);
        }
        // looked up (in the retried HisabKitab attempt) before anything is sent; adopted when found
        boolean byName = interruptedWrites.lookupFor(call).map(InterruptedWrites.Lookup::byName).orElse(false);
        return new AfterEarlierTry(null, (earlier.beforeRestart() ? "Adopted after restart: booked "
                : "Booked by an earlier try of this event: ") + when + " and found in HisabKitab by "
                + (byName ? "its name " : "its number ") + recordKey.get() + "; not sent again", false);
    }

    /** The numbers of a company's series held by unfinished events' intents: given to no other event. */
    @Override
    public Set<String> held(String company, String series) {
        return completedEvents.store().intents().stream()
                .filter(i -> series.equals(i.series()) && company.equals(i.key().company()) && i.number() != null)
                .map(WriteIntent::number)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String seriesOf(DocumentNumber number) {
        return number == null ? null : number.series();
    }

    /** SHA-256 of the operation, path parameters and body: tells whether a later try sends the same write. */
    static String fingerprint(ApiCall call) {
        String text = call.operation() + "\n" + call.target() + "\n" + call.payload();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}

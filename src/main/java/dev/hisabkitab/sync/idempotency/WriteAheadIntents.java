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

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.PipelineKeys;
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
     * Step {@code record-write-intent}, just before the call is sent: records the intent durably; when the event
     * has one from an earlier try, a create is looked up before it is sent (and adopted when found) or, where no
     * look-up exists, the reply says it was sent again.
     */
    public void recordBeforeSending(Exchange exchange) {
        ApiCall call = exchange.getProperty(PipelineKeys.CALL, ApiCall.class);
        Envelope envelope = exchange.getProperty(PipelineKeys.ENVELOPE, Envelope.class);
        if (call == null || envelope == null) {
            return;
        }
        Kind kind = kindOf(call);
        if (kind == Kind.READ) {
            return;
        }
        WriteIntent earlier = exchange.getProperty(PipelineKeys.EARLIER_INTENT, WriteIntent.class);
        Optional<String> recordKey = interruptedWrites.recordKey(call);
        if (earlier != null) {
            boolean byName = interruptedWrites.lookupFor(call).map(InterruptedWrites.Lookup::byName).orElse(false);
            exchange.setProperty(PipelineKeys.CALL,
                    call = afterEarlierTry(exchange, call, kind, earlier, recordKey, byName));
        }
        WriteIntent intent = new WriteIntent(EventKey.of(envelope), call.operation(), recordKey.orElse(null),
                seriesOf(exchange.getProperty(DocumentNumber.PROPERTY, DocumentNumber.class)), fingerprint(call), WriteIntent.CURRENT_RUN,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (intent.sameWrite(earlier)) {
            return;
        }
        try {
            completedEvents.store().recordIntent(intent);
        } catch (IdempotencyStoreException e) {
            throw EventFailure.unavailable(null, "Could not record the intent to send " + call.operation() + " for event "
                    + envelope.id() + " (nothing was sent): " + e.getMessage(), null, e);
        }
    }

    /** An event with an intent from an earlier try: what to do before its call is sent again. */
    private static ApiCall afterEarlierTry(Exchange exchange, ApiCall call, Kind kind, WriteIntent earlier,
            Optional<String> recordKey, boolean byName) {
        String when = earlier.beforeRestart() ? "before the connector restarted" : "in an earlier try of this event";
        if (!earlier.operation().equals(call.operation())) {
            // e.g. a party.upsert that created its ledger before a crash now finds it and updates it
            LOG.infof("Event %s sent %s %s; it is mapped to %s now", earlier.key(), earlier.operation(), when,
                    call.operation());
            return call.withNote("Sent " + earlier.operation() + " " + when + "; mapped to " + call.operation()
                    + " now (the record it looks for was found)");
        }
        if (kind == Kind.REPEATABLE) {
            return call.withNote("Sent again: it was sent " + when + " without a recorded answer (sending the same "
                    + call.operation() + " again changes nothing more)");
        }
        if (recordKey.isEmpty()) {
            // the honest limit: nothing to find the first send's record by
            LOG.warnf("Event %s: %s was sent %s without a recorded answer and HisabKitab offers no look-up for it: "
                    + "sent again, check HisabKitab for a second record", earlier.key(), call.operation(), when);
            return call.withNote("Sent again: " + call.operation() + " was sent " + when + " without a recorded answer, "
                    + "and HisabKitab offers no look-up for it; check HisabKitab for a second record");
        }
        // looked up (in the retried HisabKitab attempt) before anything is sent; adopted when found
        exchange.setProperty(PipelineKeys.INTERRUPTED_CREATE, true);
        exchange.setProperty(PipelineKeys.LOOKUP_REASON, (earlier.beforeRestart() ? "Adopted after restart: booked "
                : "Booked by an earlier try of this event: ") + when + " and found in HisabKitab by "
                + (byName ? "its name " : "its number ")
                + recordKey.get() + "; not sent again");
        return call;
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

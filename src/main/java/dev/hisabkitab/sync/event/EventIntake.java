package dev.hisabkitab.sync.event;

import dev.hisabkitab.sync.Envelope;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The first step of every event: remembers where it came from and its original text, then reads the
 * envelope. A failure here is an {@code invalid-event} that still carries the original text.
 *
 * <p>A Kafka record's value arrives as bytes and is decoded as strict UTF-8 (a byte order mark in front is
 * dropped); an event larger than {@code hisabkitab.max-event-bytes} is refused before it is decoded or parsed.
 */
@ApplicationScoped
@Named("eventIntake")
public class EventIntake {

    /** The setting that bounds one event's size, in bytes of UTF-8. */
    public static final String MAX_EVENT_BYTES = "hisabkitab.max-event-bytes";
    /** How much of an event that is too large its dead letter still shows. */
    static final int TOO_LARGE_PREFIX = 1024;
    private static final char BOM = '\uFEFF';

    private final EnvelopeParser parser;
    private final EventSchemas schemas;
    private final int maxEventBytes;

    @Inject
    public EventIntake(EndpointCatalogue catalogue, EventSchemas schemas,
            @ConfigProperty(name = MAX_EVENT_BYTES, defaultValue = "1048576") int maxEventBytes) {
        this.parser = new EnvelopeParser(type -> type.startsWith(Envelope.API_PREFIX)
                && catalogue.find(type.substring(Envelope.API_PREFIX.length())).isPresent());
        this.schemas = schemas;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Step {@code take-event}: the event's text as it arrived and where it was, before anything can fail; a text
     * that is no event (unreadable, not UTF-8, too large) is noted with why, and only its beginning kept for the dead
     * letter ({@link #read} refuses it). The body is a file's {@link SourceEvent}, a Kafka record's bytes, or text.
     */
    public EventContext take(EventContext started, Object body) {
        EventContext event = EventContext.continued(started);
        if (body instanceof SourceEvent source) {
            event = event.withSource(source.location());
            if (source.problem() != null) {
                return event.withText(null, source.problem());
            }
            int size = utf8Length(source.text());
            if (size > maxEventBytes) {
                return event.withText(DeadLetter.truncated(
                        source.text().substring(0, Math.min(source.text().length(), TOO_LARGE_PREFIX)), size),
                        tooLarge(size));
            }
            return event.withText(source.text(), null);
        }
        byte[] bytes = bytesOf(body);
        if (bytes.length > maxEventBytes) {
            return event.withText(DeadLetter.truncated(
                    new String(bytes, 0, Math.min(bytes.length, TOO_LARGE_PREFIX), StandardCharsets.UTF_8), bytes.length),
                    tooLarge(bytes.length));
        }
        String text;
        try {
            text = decodeUtf8(bytes);
        } catch (EventFailure notText) {
            return event.withText(null, notText.getMessage());
        }
        if (!text.isEmpty() && text.charAt(0) == BOM) {
            text = text.substring(1); // a UTF-8 byte order mark is not part of the JSON (RFC 8259 §8.1)
        }
        return event.withText(text, null);
    }

    /**
     * Step {@code read-envelope}: the envelope; a text that is no event or an unreadable envelope is an
     * {@code invalid-event}. An event not read from a Kafka record (a file's) is published keyed by its company.
     */
    public EventContext read(EventContext event) {
        if (event.refusal() != null) {
            throw EventFailure.invalidEvent(event.refusal());
        }
        return event.withEnvelope(parser.parse(event.rawEvent()),
                event.kafkaRecord() == null && event.recordKey() == null);
    }

    /**
     * Step {@code check-business-payload}, once the envelope is kept (its dead letter names the event): a business
     * event's payload that does not match its schema is an {@code invalid-event} listing the first problems.
     */
    public void checkPayload(Envelope envelope) {
        if (!envelope.isBusiness()) {
            return;
        }
        List<String> problems = schemas.validate(envelope.type(), envelope.payload());
        if (!problems.isEmpty()) {
            throw EventFailure.invalidEvent("The " + envelope.type() + " payload is invalid: "
                    + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                    + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more (see details)" : ""),
                    problems);
        }
    }

    /** Step {@code api-event-is-its-call}: an {@code api.*} event is its own call, its payload sent as it is. */
    public ApiCall callOf(Envelope envelope) {
        return new ApiCall(envelope.company(), envelope.apiOperation(), envelope.target(), envelope.payload());
    }

    /** A Kafka record's value as sent; any other body as its text. */
    private static byte[] bytesOf(Object body) {
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof java.io.InputStream in) {
            try (in) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String tooLarge(int bytes) {
        return "The event is " + bytes + " bytes; the connector takes events of at most " + maxEventBytes + " bytes ("
                + MAX_EVENT_BYTES + ")";
    }

    /** The length of a text in UTF-8 bytes, without encoding it. */
    public static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Strict UTF-8: bytes that are not text are an invalid event, not silently replaced characters. */
    public static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw EventFailure.invalidEvent("The event is not UTF-8 text (" + bytes.length + " bytes)");
        }
    }
}

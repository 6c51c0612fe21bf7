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

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.event.SourceEvent;
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

    public void accept(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String text;
        if (body instanceof SourceEvent event) {
            exchange.setProperty(PipelineKeys.SOURCE, event.location());
            if (event.problem() != null) {
                throw EventFailure.invalidEvent(event.problem());
            }
            text = event.text();
            int size = utf8Length(text);
            if (size > maxEventBytes) {
                exchange.setProperty(PipelineKeys.RAW_EVENT, DeadLetter.truncated(
                        text.substring(0, Math.min(text.length(), TOO_LARGE_PREFIX)), size));
                throw tooLarge(size);
            }
        } else {
            Object key = exchange.getMessage().getHeader(KafkaConstants.KEY);
            if (key != null) {
                exchange.setProperty(PipelineKeys.RECORD_KEY, key.toString());
            }
            Object partition = exchange.getMessage().getHeader(KafkaConstants.PARTITION);
            if (partition != null) {
                exchange.setProperty(PipelineKeys.SOURCE, exchange.getMessage().getHeader(KafkaConstants.TOPIC) + "/"
                        + partition + "@" + exchange.getMessage().getHeader(KafkaConstants.OFFSET));
            }
            byte[] bytes = body instanceof byte[] b ? b
                    : body == null ? new byte[0] : exchange.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8);
            if (bytes.length > maxEventBytes) {
                exchange.setProperty(PipelineKeys.RAW_EVENT, DeadLetter.truncated(
                        new String(bytes, 0, Math.min(bytes.length, TOO_LARGE_PREFIX), StandardCharsets.UTF_8), bytes.length));
                throw tooLarge(bytes.length);
            }
            text = decodeUtf8(bytes);
            if (!text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1); // a UTF-8 byte order mark is not part of the JSON (RFC 8259 §8.1)
            }
        }
        exchange.setProperty(PipelineKeys.RAW_EVENT, text);
        Envelope envelope = parser.parse(text);
        exchange.setProperty(PipelineKeys.ENVELOPE, envelope);
        if (body instanceof SourceEvent) {
            // file drops have no record key; their outcomes on Kafka are keyed by company
            exchange.setProperty(PipelineKeys.RECORD_KEY, envelope.company());
        }
        exchange.setProperty(PipelineKeys.BUSINESS_EVENT, envelope.isBusiness());
        if (envelope.isBusiness()) {
            List<String> problems = schemas.validate(envelope.type(), envelope.payload());
            if (!problems.isEmpty()) {
                throw EventFailure.invalidEvent("The " + envelope.type() + " payload is invalid: "
                        + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                        + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more (see details)" : ""),
                        problems);
            }
        } else {
            // an api.* event is its own call: the payload goes to HisabKitab as it is
            exchange.setProperty(PipelineKeys.CALL,
                    new ApiCall(envelope.company(), envelope.apiOperation(), envelope.target(), envelope.payload()));
        }
    }

    private EventFailure tooLarge(int bytes) {
        return EventFailure.invalidEvent("The event is " + bytes + " bytes; the connector takes events of at most "
                + maxEventBytes + " bytes (" + MAX_EVENT_BYTES + ")");
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

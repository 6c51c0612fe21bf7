package dev.hisabkitab.sync.event;

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

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.inbox.SourceEvent;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The first step of every event: remembers where it came from and its original text, then reads the
 * envelope. A failure here is an {@code invalid-event} that still carries the original text.
 */
@ApplicationScoped
@Named("eventIntake")
public class EventIntake {

    private final EnvelopeParser parser;
    private final EventSchemas schemas;

    @Inject
    public EventIntake(EndpointCatalogue catalogue, EventSchemas schemas) {
        this.parser = new EnvelopeParser(type -> type.startsWith(Envelope.API_PREFIX)
                && catalogue.find(type.substring(Envelope.API_PREFIX.length())).isPresent());
        this.schemas = schemas;
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
            text = body instanceof byte[] bytes ? decodeUtf8(bytes) : exchange.getMessage().getBody(String.class);
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

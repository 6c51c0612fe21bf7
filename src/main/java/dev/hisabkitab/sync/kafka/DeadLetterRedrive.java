package dev.hisabkitab.sync.kafka;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.idempotency.EventKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Re-drive: sends dead letters back through the pipeline after their cause was fixed (routes/dead-letter-redrive.yaml).
 * Reads the dead-letter topic from its beginning to its end as it is now, keeps the last dead letter of each selected
 * event (company and id), and produces each one's original envelope (same id, so idempotency holds: an event that completed since
 * answers {@code duplicate}) to the events topic with its original key. Each re-driven event gets an audit line
 * (logger {@code hisabkitab.redrive}); the answer lists what was re-driven and what was skipped, and why. Only a
 * request with the configured bearer token gets that far ({@link RedriveToken}).
 */
@ApplicationScoped
@Named("deadLetterRedrive")
public class DeadLetterRedrive {

    /** Header of a re-driven record: the dead letter it came from (topic-partition@offset). */
    public static final String REDRIVEN_FROM = "hisabkitab-redriven-from";

    private static final Logger AUDIT = Logger.getLogger("hisabkitab.redrive");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    KafkaClients clients;

    @ConfigProperty(name = "hisabkitab.topics.dlq")
    String deadLetterTopic;

    @ConfigProperty(name = "hisabkitab.topics.events")
    String eventsTopic;

    @ConfigProperty(name = RedriveToken.SETTING)
    Optional<String> token;

    private RedriveToken auth;

    @PostConstruct
    void init() {
        auth = new RedriveToken(token);
    }

    /**
     * Step {@code redrive-dead-letters}: the request's query (id / category / all) in, the JSON answer out. Takes the
     * exchange because it writes the HTTP answer itself (status, content type, body) and removes the Authorization
     * header, so that no later step, log or error dump shows the token.
     */
    public void redrive(Exchange exchange) throws Exception {
        // the check lives here, not in the route: whatever route calls this step cannot skip it
        RedriveToken.Verdict verdict = auth.check(exchange.getMessage().getHeader("Authorization", String.class));
        exchange.getMessage().removeHeader("Authorization");
        if (!verdict.allowed()) {
            AUDIT.warnf("Re-drive refused (%d): %s", verdict.status(), verdict.reason());
            if (verdict.status() == 401) {
                exchange.getMessage().setHeader("WWW-Authenticate", RedriveToken.challenge());
            }
            answer(exchange, verdict.status(), Json.mapper().createObjectNode().put("error", verdict.reason()));
            return;
        }
        DeadLetterSelection selection;
        try {
            selection = DeadLetterSelection.of(exchange.getMessage().getHeader("id", String.class),
                    exchange.getMessage().getHeader("category", String.class),
                    exchange.getMessage().getHeader("all", String.class));
        } catch (IllegalArgumentException e) {
            answer(exchange, 400, Json.mapper().createObjectNode().put("error", e.getMessage()));
            return;
        }
        answer(exchange, 200, redriveSelected(selection));
    }

    /** Re-drives the selected dead letters; the answer {@code {"redriven": [...], "skipped": [...]}}. */
    public ObjectNode redriveSelected(DeadLetterSelection selection) throws Exception {
        return redriveSelected(selection, "the re-drive endpoint");
    }

    /** One dead letter as the topic holds it: where it is and the record it is (null when not a JSON object). */
    public record StoredDeadLetter(String where, String key, JsonNode letter) {
    }

    /** Every dead letter of the topic, from its beginning to its end at the time of the call, oldest first. */
    public List<StoredDeadLetter> readAll() throws Exception {
        return deadLetters().stream().map(r -> new StoredDeadLetter(where(r), r.key(), readLetter(r.value()))).toList();
    }

    /**
     * Re-drives the selected dead letters, each audited as asked by {@code requestedBy} (a console user, or the
     * re-drive endpoint); the answer {@code {"redriven": [...], "skipped": [...]}}.
     */
    public ObjectNode redriveSelected(DeadLetterSelection selection, String requestedBy) throws Exception {
        return redriveSelected(selection::selects, requestedBy);
    }

    /**
     * Re-drives the last dead letter of each event (company and id: two companies may use one id) that
     * {@code selects} takes, audited as asked by {@code requestedBy}.
     */
    public ObjectNode redriveSelected(Predicate<JsonNode> selects, String requestedBy) throws Exception {
        Map<EventKey, ConsumerRecord<String, String>> lastById = new LinkedHashMap<>();
        ObjectNode answer = Json.mapper().createObjectNode();
        ArrayNode redriven = answer.putArray("redriven");
        ArrayNode skipped = answer.putArray("skipped");
        for (ConsumerRecord<String, String> r : deadLetters()) {
            JsonNode letter = readLetter(r.value());
            if (letter == null || !selects.test(letter)) {
                continue;
            }
            String id = letter.path("id").asText(null);
            if (id == null || id.isBlank()) {
                skipped.addObject().put("from", where(r)).put("reason", "the dead letter has no event id to keep");
                continue;
            }
            EventKey event = eventOf(letter);
            lastById.remove(event);
            lastById.put(event, r);
        }
        try (KafkaProducer<String, String> producer = clients.producer("redrive-producer", producerConfig())) {
            for (ConsumerRecord<String, String> r : lastById.values()) {
                JsonNode letter = readLetter(r.value());
                String id = letter.path("id").asText();
                String why = DeadLetterSelection.whyNotRedrivable(letter);
                if (why != null) {
                    skipped.addObject().put("id", id).put("from", where(r)).put("reason", why);
                    continue;
                }
                ProducerRecord<String, String> again = new ProducerRecord<>(eventsTopic, r.key(),
                        Json.mapper().writeValueAsString(letter.get("event")));
                again.headers().add(REDRIVEN_FROM, where(r).getBytes(StandardCharsets.UTF_8));
                producer.send(again).get(30, TimeUnit.SECONDS);
                AUDIT.infof("Re-driven: event %s (%s, company %s; dead letter %s at %s, %s) sent back to %s at %s, "
                        + "asked by %s", id, letter.path("type").asText(), letter.path("company").asText(),
                        letter.at("/error/category").asText(), where(r), letter.path("failedAt").asText(), eventsTopic,
                        Instant.now(), requestedBy);
                redriven.addObject().put("id", id).put("category", letter.at("/error/category").asText())
                        .put("from", where(r));
            }
        }
        return answer;
    }

    /** Every record of the dead-letter topic, from its beginning to its end at the time of the call. */
    private List<ConsumerRecord<String, String>> deadLetters() throws InterruptedException, ExecutionException, TimeoutException {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = clients.consumer("redrive-reader", consumerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, READ_TIMEOUT));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), READ_TIMEOUT) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the dead-letter topic " + deadLetterTopic + " was not read to its end within "
                            + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        all.add(r);
                    }
                }
            }
        }
        return all;
    }

    /** The event a dead letter is of: its company (default when it names none) and its id. */
    public static EventKey eventOf(JsonNode letter) {
        String company = letter.path("company").asText("");
        return new EventKey(company.isBlank() ? Envelope.DEFAULT_COMPANY : company, letter.path("id").asText(""));
    }

    private static JsonNode readLetter(String value) {
        try {
            JsonNode letter = value == null ? null : Json.mapper().readTree(value);
            return letter != null && letter.isObject() ? letter : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    /** The HTTP answer, written on the exchange's message (the REST endpoint sends that message back). */
    private static void answer(Exchange exchange, int status, ObjectNode body) throws Exception {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.mapper().writeValueAsString(body));
    }

    private static Map<String, Object> consumerConfig() {
        return Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    }
}

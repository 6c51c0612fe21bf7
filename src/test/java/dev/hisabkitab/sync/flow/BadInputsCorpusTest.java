package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.OperationSamples;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The bad-inputs corpus ({@code src/test/resources/bad-inputs/}, listed in its {@code index.csv}) through a real
 * Kafka broker (each file's bytes as one record value) and through the inbox (each file dropped), to the sandbox on
 * a real socket. Every bad input ends as exactly one dead letter of the expected category whose message names the
 * problem (a file that cannot be read at all is one), every good event next to it still completes, no dead letter
 * is too big for its topic, and the pipeline keeps running afterwards.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputsCorpusTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final String CORPUS = "/bad-inputs/";
    static final String KEY_PREFIX = "corpus:";
    /** Kafka's default largest record (message.max.bytes): every outcome must fit into it. */
    static final int KAFKA_DEFAULT_RECORD_LIMIT = 1_048_588;
    /** A dead letter's message is for a person: short, whatever the input was. */
    static final int MAX_MESSAGE_LENGTH = 1_000;
    static final Set<String> INBOX_SUFFIXES = Set.of(".json", ".ndjson", ".jsonl");

    /** One row of index.csv. */
    record Entry(String file, String via, String expect, int events, String message) {

        boolean viaKafka() {
            return via.equals("kafka") || via.equals("both");
        }

        boolean viaInbox() {
            return via.equals("inbox") || via.equals("both");
        }

        boolean ok() {
            return expect.equals("ok");
        }

        /** The name the file is sent under: without .template; in the inbox, with .json added unless it is taken. */
        String sentName() {
            return file.endsWith(".template") ? file.substring(0, file.length() - ".template".length()) : file;
        }

        String inboxName() {
            String name = sentName();
            return INBOX_SUFFIXES.stream().anyMatch(name.toLowerCase(Locale.ROOT)::endsWith) ? name : name + ".json";
        }

        String kafkaKey() {
            return KEY_PREFIX + file;
        }

        byte[] bytes() {
            byte[] raw = resource(CORPUS + file);
            return file.endsWith(".template") ? expand(new String(raw, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)
                    : raw;
        }

        @Override
        public String toString() {
            return file + " (" + expect + ")";
        }
    }

    static final List<Entry> CORPUS_ENTRIES = readIndex();

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    CamelContext camel;

    /** Every outcome record seen, from one consumer that stays open for the whole class. */
    static KafkaTestClient.Collector outcomes;

    @BeforeAll
    static void mastersTheMappingCasesName() {
        SandboxCompany company = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY);
        ObjectNode customer = OperationSamples.createBody("ledger.create-customer", company);
        customer.put("name", "Corpus Customer");
        company.create("ledger.create-customer", customer);
        ObjectNode item = OperationSamples.createBody("item.create-goods", company);
        item.put("item_name", "Corpus Widget");
        company.create("item.create-goods", item);
    }

    @AfterAll
    static void closeCollector() {
        if (outcomes != null) {
            outcomes.close();
            outcomes = null;
        }
    }

    static Stream<Named<Entry>> kafkaEntries() {
        return CORPUS_ENTRIES.stream().filter(Entry::viaKafka).map(e -> Named.of(e.toString(), e));
    }

    static Stream<Named<Entry>> inboxEntries() {
        return CORPUS_ENTRIES.stream().filter(Entry::viaInbox).map(e -> Named.of(e.toString(), e));
    }

    @Test
    @Order(0)
    void theCorpusCoversWhatItShould() {
        assertTrue(CORPUS_ENTRIES.stream().map(Entry::file).distinct().count() >= 50, "at least 50 bad inputs");
        for (Entry e : CORPUS_ENTRIES) {
            assertTrue(Set.of("kafka", "inbox", "both").contains(e.via()), e.toString());
            assertTrue(Set.of("invalid-event", "mapping", "ok").contains(e.expect()), e.toString());
            assertTrue(e.ok() || !e.message().isBlank(), "a dead letter must say something: " + e);
            assertNotNull(Entry.class.getResource(CORPUS + e.file()), "missing corpus file " + e.file());
        }
    }

    @Test
    @Order(1)
    void theWholeCorpusGoesToKafka() throws Exception {
        // The events topic takes records up to 32 MB, as a topic configured for big documents would: the 10 MB
        // event then reaches the connector, whose own limit (hisabkitab.max-event-bytes) must turn it away.
        try (var admin = broker.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, EVENTS),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            String.valueOf(KafkaTestClient.MAX_BYTES_RECORD)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        outcomes = kafka.collector(List.of(REPLIES, DLQ));
        kafkaEntries().map(Named::getPayload).forEach(e -> kafka.produceBytes(EVENTS, e.kafkaKey(), e.bytes()));
        // a record without a value (a tombstone) is an event too: an empty one
        kafka.produceBytes(EVENTS, KEY_PREFIX + "tombstone", null);
    }

    @ParameterizedTest(name = "kafka: {0}")
    @MethodSource("kafkaEntries")
    @Order(2)
    void eachRecordOfTheCorpusEndsAsItsOneOutcome(Entry entry) {
        List<ConsumedRecord> mine = outcomesKeyed(entry.kafkaKey());
        assertEquals(1, mine.size(), "one outcome for " + entry + ": " + mine);
        ConsumedRecord record = mine.get(0);
        assertTrue(record.value().length() < KAFKA_DEFAULT_RECORD_LIMIT, "outcome record of " + record.value().length()
                + " characters");
        JsonNode outcome = Events.json(record.value());
        if (entry.ok()) {
            assertEquals(REPLIES, record.topic(), record.value());
            // a good event of the corpus may be sent through both Kafka and the inbox: the second is a duplicate
            assertTrue(Set.of("ok", "duplicate").contains(outcome.path("status").asText()), record.value());
            return;
        }
        assertEquals(DLQ, record.topic(), abbreviate(record.value()));
        assertDeadLetter(entry, outcome);
    }

    @Test
    @Order(3)
    void aRecordWithoutAValueIsOneInvalidEvent() {
        List<ConsumedRecord> mine = outcomesKeyed(KEY_PREFIX + "tombstone");
        assertEquals(1, mine.size(), mine.toString());
        JsonNode dead = Events.json(mine.get(0).value());
        assertEquals(DLQ, mine.get(0).topic());
        assertEquals("invalid-event", dead.at("/error/category").asText(), dead.toString());
        assertTrue(dead.at("/error/message").asText().contains("empty"), dead.toString());
    }

    @ParameterizedTest(name = "inbox: {0}")
    @MethodSource("inboxEntries")
    @Order(4)
    void eachFileOfTheCorpusIsReportedWithOneFailedEvent(Entry entry) throws IOException {
        String name = entry.inboxName();
        Path tmp = SandboxResource.inbox().resolve(name + ".tmp");
        Files.write(tmp, entry.bytes());
        Files.move(tmp, SandboxResource.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);

        String folder = entry.ok() ? ".done" : ".failed";
        Path report = SandboxResource.inbox().resolve(folder).resolve(name + ".report.csv");
        Path moved = SandboxResource.inbox().resolve(folder).resolve(name);
        Path otherReport = SandboxResource.inbox().resolve(entry.ok() ? ".failed" : ".done").resolve(name + ".report.csv");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(report) && Files.exists(moved) || Files.exists(otherReport));
        assertFalse(Files.exists(otherReport), () -> "moved to the wrong folder: " + read(otherReport));
        List<List<String>> rows = csv(Files.readString(report, StandardCharsets.UTF_8));
        assertEquals(List.of("source", "id", "type", "status", "hisabkitab_id", "number", "error_category",
                "error_message"), rows.get(0));
        List<List<String>> events = rows.subList(1, rows.size());
        assertEquals(entry.events(), events.size(), "events read from " + name + ": " + events);
        List<List<String>> failed = events.stream().filter(r -> r.get(3).equals("failed")).toList();
        assertTrue(events.stream().allMatch(r -> Set.of("failed", "ok", "duplicate").contains(r.get(3))), events.toString());
        assertEquals(entry.ok() ? 0 : 1, failed.size(), "failed events of " + name + ": " + events);
        if (!entry.ok()) {
            List<String> row = failed.get(0);
            assertEquals(entry.expect(), row.get(6), row.toString());
            assertTrue(row.get(7).contains(entry.message()), "report of " + name + " should say \"" + entry.message()
                    + "\": " + abbreviate(row.get(7)));
            assertTrue(row.get(7).length() <= 2 * MAX_MESSAGE_LENGTH, "report message of " + row.get(7).length());
        }
        assertFalse(Files.exists(SandboxResource.inbox().resolve(name)), "the file left the inbox");
    }

    @Test
    @Order(5)
    void afterTheCorpusThePipelineStillRunsAndEveryEventHadExactlyOneOutcome() throws IOException {
        assertTrue(camel.getRouteController().getRouteStatus("kafka-events").isStarted());
        assertTrue(camel.getRouteController().getRouteStatus("inbox").isStarted());
        // a good event after all the bad ones, through Kafka and through the inbox
        kafka.produce(EVENTS, KEY_PREFIX + "after", Events.envelope("corpus-after-kafka", "api.sale.create-item",
                Events.saleCreateItem("CORPUS-AFTER-1")).toString());
        Path tmp = SandboxResource.inbox().resolve("after.json.tmp");
        Files.writeString(tmp, Events.envelope("corpus-after-inbox", "api.sale.create-item",
                Events.saleCreateItem("CORPUS-AFTER-2")).toString(), StandardCharsets.UTF_8);
        Files.move(tmp, SandboxResource.inbox().resolve("after.json"), StandardCopyOption.ATOMIC_MOVE);
        List<ConsumedRecord> all = outcomes.until(rs -> rs.stream().filter(r -> r.topic().equals(REPLIES))
                .map(r -> Events.json(r.value()).path("id").asText())
                .collect(Collectors.toSet()).containsAll(List.of("corpus-after-kafka", "corpus-after-inbox")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(SandboxResource.inbox().resolve(".done/after.json")));

        // exactly one outcome per record sent: no record of the corpus was retried into a second outcome
        for (Entry e : kafkaEntries().map(Named::getPayload).toList()) {
            assertEquals(1, all.stream().filter(r -> e.kafkaKey().equals(r.key())).count(), e.toString());
        }
        // every dead letter is accounted for: one per bad Kafka record, one per bad file event, the tombstone
        long expectedDead = kafkaEntries().map(Named::getPayload).filter(e -> !e.ok()).count()
                + inboxEntries().map(Named::getPayload).filter(e -> !e.ok()).count() + 1;
        long expectedReplies = kafkaEntries().map(Named::getPayload).filter(Entry::ok).count()
                + inboxEntries().map(Named::getPayload).mapToLong(e -> e.ok() ? e.events() : e.events() - 1).sum() + 2;
        List<ConsumedRecord> dead = all.stream().filter(r -> r.topic().equals(DLQ)).toList();
        List<ConsumedRecord> replies = all.stream().filter(r -> r.topic().equals(REPLIES)).toList();
        assertEquals(expectedDead, dead.size(), "dead letters");
        assertEquals(expectedReplies, replies.size(), "replies");
        assertTrue(replies.stream()
                .allMatch(r -> Set.of("ok", "duplicate").contains(Events.json(r.value()).path("status").asText())));
        assertEquals(1, SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .filter(s -> s.path("invoice_number").asText().equals("CORPUS-AFTER-1")).count());
        // nothing of the corpus was booked: its documents and parties never reached HisabKitab
        SandboxCompany company = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY);
        for (String resource : List.of("sale", "estimate", "journal", "receipt")) {
            assertTrue(company.records(resource).stream().noneMatch(r -> r.toString().contains("CORPUS-")
                    && !r.toString().contains("CORPUS-AFTER")), resource + ": " + company.records(resource));
        }
        assertTrue(company.records("ledger").stream().noneMatch(r -> r.path("name").asText().startsWith("Corpus Party")),
                "no party of the corpus was created");
    }

    // -------------------------------------------------------------------------------------------- helpers

    private static void assertDeadLetter(Entry entry, JsonNode dead) {
        String text = abbreviate(dead.toString());
        assertEquals("failed", dead.path("status").asText(), text);
        assertEquals(entry.expect(), dead.at("/error/category").asText(), text);
        String message = dead.at("/error/message").asText();
        assertTrue(message.contains(entry.message()), "dead letter of " + entry + " should say \"" + entry.message()
                + "\": " + abbreviate(message));
        assertTrue(message.length() <= MAX_MESSAGE_LENGTH, "message of " + message.length() + " characters");
        assertTrue(dead.has("event"), "the dead letter carries the event: " + text);
    }

    private List<ConsumedRecord> outcomesKeyed(String key) {
        return outcomes.until(rs -> rs.stream().anyMatch(r -> key.equals(r.key()))).stream()
                .filter(r -> key.equals(r.key())).toList();
    }

    private static List<Entry> readIndex() {
        List<Entry> entries = new ArrayList<>();
        String index = new String(resource(CORPUS + "index.csv"), StandardCharsets.UTF_8);
        List<List<String>> rows = csv(index.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n")));
        assertEquals(List.of("file", "via", "expect", "events", "message"), rows.get(0));
        for (List<String> row : rows.subList(1, rows.size())) {
            entries.add(new Entry(row.get(0), row.get(1), row.get(2), Integer.parseInt(row.get(3)), row.get(4)));
        }
        return List.copyOf(entries);
    }

    private static final Pattern REPEAT = Pattern.compile("@repeat\\((\\d+),([^)]*)\\)@");

    /** {@code @repeat(N,text)@} → text N times. */
    static String expand(String template) {
        Matcher m = REPEAT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** RFC 4180 CSV: quoted cells may hold commas, quotes (doubled) and line breaks. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    private static byte[] resource(String path) {
        try (InputStream in = BadInputsCorpusTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 1500 ? s : s.substring(0, 1500) + "... (" + s.length() + " characters)";
    }
}

package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.idempotency.CompletedEvent;
import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.kafka.KafkaIdempotencyStore;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
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
 * The idempotent consumer through the real pipeline: a real Kafka broker (the completed-events store is its compacted
 * topic) and the sandbox on a real socket. An id that completed is answered {@code duplicate} with the earlier result
 * and HisabKitab is not called again; a dead-lettered id is tried again; the same id in flight twice calls once.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class IdempotencyFlowTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final String COMPLETED = "hisabkitab.completed";

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    CompletedEvents completedEvents;

    @Inject
    ProducerTemplate producer;

    HisabKitabSandbox sandbox;

    @BeforeEach
    void sandbox() {
        sandbox = SandboxResource.sandbox();
        sandbox.faults().clear();
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    @Test
    void withKafkaTheStoreIsTheCompactedTopic() {
        KafkaIdempotencyStore store = assertInstanceOf(KafkaIdempotencyStore.class, completedEvents.store());
        assertEquals(COMPLETED, store.topic());
        assertTrue(broker.topics().contains(COMPLETED));
    }

    @Test
    void theSameIdSentAgainWithAnotherPayloadIsADuplicateWithTheFirstResultAndOneDocument() {
        kafka.produce(EVENTS, "idem", Events.envelope("idem-1", "api.sale.create-item", Events.saleCreateItem("IDEM-1"))
                .toString());
        JsonNode first = Events.json(kafka.consumeFirst(REPLIES, withId("idem-1")).value());
        assertEquals("ok", first.get("status").asText(), first.toString());
        // recorded before the reply was published: the completed topic holds it already, no waiting
        assertTrue(completedKeysNow().contains(new EventKey("default", "idem-1").text()));
        int journalBefore = sandbox.journal().size();

        kafka.produce(EVENTS, "idem", Events.envelope("idem-1", "api.sale.create-item", Events.saleCreateItem("IDEM-2"))
                .toString());
        List<ConsumedRecord> replies = kafka.consumeUntil(REPLIES,
                records -> records.stream().filter(withId("idem-1")).count() >= 2).stream().filter(withId("idem-1")).toList();
        assertEquals("idem", replies.get(1).key(), "keyed like its input");
        JsonNode second = Events.json(replies.get(1).value());

        assertEquals("duplicate", second.get("status").asText(), second.toString());
        assertEquals(first.at("/result/hisabkitabId").asLong(), second.at("/result/hisabkitabId").asLong());
        assertEquals(first.at("/result/number").asText(), second.at("/result/number").asText());
        assertEquals(first.at("/result/message").asText(), second.at("/result/message").asText());
        assertEquals(first.get("completedAt").asText(), second.get("completedAt").asText());
        assertEquals(0, second.get("attempts").asInt(), "HisabKitab was not called for the duplicate");
        assertTrue(second.path("result").path("data").isMissingNode(), "the earlier data blob is not kept");

        assertEquals(1, salesNumbered("IDEM-1"));
        assertEquals(0, salesNumbered("IDEM-2"));
        List<SandboxJournal.Entry> creates = sandbox.journal().entries("sale.create-item").stream()
                .filter(e -> e.body() != null
                        && (e.body().contains("\"IDEM-1\"") || e.body().contains("\"IDEM-2\"")))
                .toList();
        assertEquals(1, creates.size(), "one create request for the id, not " + creates.size());
        assertEquals(journalBefore, sandbox.journal().size(), "no call at all for the duplicate");
    }

    @Test
    void aDuplicateBusinessEventTakesNoNumberAndLooksNothingUp() {
        ObjectNode journal = Events.journal("idem-jv-1", "Cash moved to the bank", 1000);
        kafka.produce(EVENTS, "idem", journal.toString());
        JsonNode first = Events.json(kafka.consumeFirst(REPLIES, withId("idem-jv-1")).value());
        assertEquals("ok", first.get("status").asText(), first.toString());
        int journalBefore = sandbox.journal().size();
        int vouchersBefore = sandbox.company(SandboxResource.DEFAULT_KEY).count("journal");

        kafka.produce(EVENTS, "idem", Events.journal("idem-jv-1", "Cash moved to the bank, again", 2500).toString());
        JsonNode second = repliesWithId("idem-jv-1", 2).get(1);

        assertEquals("duplicate", second.get("status").asText(), second.toString());
        assertEquals(first.at("/result/number").asText(), second.at("/result/number").asText());
        assertEquals(first.at("/result/hisabkitabId").asLong(), second.at("/result/hisabkitabId").asLong());
        List<SandboxJournal.Entry> since = sandbox.journal().entries().subList(journalBefore, sandbox.journal().size());
        assertEquals(List.of(), since, "no next-number, no master look-up, no create");
        assertEquals(vouchersBefore, sandbox.company(SandboxResource.DEFAULT_KEY).count("journal"));
    }

    @Test
    void aDeadLetteredIdSentAgainIsTriedAgain() {
        ObjectNode refused = Events.saleCreateItem("IDEM-RETRY-BAD");
        refused.remove("customer_ledger_id");
        kafka.produce(EVENTS, "idem", Events.envelope("idem-retry", "api.sale.create-item", refused).toString());
        JsonNode dead = Events.json(kafka.consumeFirst(DLQ, withId("idem-retry")).value());
        assertEquals("rejected", dead.at("/error/category").asText(), dead.toString());

        kafka.produce(EVENTS, "idem", Events.envelope("idem-retry", "api.sale.create-item",
                Events.saleCreateItem("IDEM-RETRY")).toString());
        JsonNode reply = Events.json(kafka.consumeFirst(REPLIES, withId("idem-retry")).value());
        assertEquals("ok", reply.get("status").asText(), reply.toString());
        assertEquals(1, reply.get("attempts").asInt());
        assertEquals(1, salesNumbered("IDEM-RETRY"));
    }

    @Test
    void theSameIdOfAnotherCompanyIsAnotherEvent() {
        kafka.produce(EVENTS, "idem", Events.envelope("idem-co", "api.sale.create-item", Events.saleCreateItem("IDEM-CO-D"))
                .toString());
        ObjectNode acme = Events.envelope("idem-co", "api.sale.create-item",
                Events.saleCreateItem(SandboxResource.ACME_KEY, "IDEM-CO-A"));
        acme.put("company", "acme");
        kafka.produce(EVENTS, "idem", acme.toString());

        List<JsonNode> replies = repliesWithId("idem-co", 2);
        assertEquals(List.of("ok", "ok"), replies.stream().map(r -> r.get("status").asText()).toList());
        assertEquals(Set.of("default", "acme"), new HashSet<>(replies.stream().map(r -> r.get("company").asText()).toList()));
        assertEquals(1, salesNumbered("IDEM-CO-D"));
        assertEquals(1, sandbox.company(SandboxResource.ACME_KEY).records("sale").stream()
                .filter(s -> "IDEM-CO-A".equals(s.path("invoice_number").asText())).count());
    }

    @Test
    void theSameIdInFlightTwiceAtOnceCallsHisabKitabOnce() throws Exception {
        // slow answers keep the first call in flight while the second event arrives
        sandbox.faults().latency(Duration.ofMillis(400));
        String event = Events.envelope("idem-conc", "api.sale.create-item", Events.saleCreateItem("IDEM-CONC")).toString();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return producer.requestBody("direct:process-event", event, Outcome.class);
                }));
            }
            start.countDown();
            Map<String, Reply> byStatus = new HashMap<>();
            for (Future<Outcome> f : outcomes) {
                Reply reply = assertInstanceOf(Reply.class, f.get(60, TimeUnit.SECONDS));
                byStatus.put(reply.status(), reply);
            }
            assertEquals(Set.of("ok", "duplicate"), byStatus.keySet(), byStatus.toString());
            assertEquals(byStatus.get("ok").result().hisabkitabId(), byStatus.get("duplicate").result().hisabkitabId());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, salesNumbered("IDEM-CONC"));
        assertEquals(1, sandbox.journal().entries("sale.create-item").stream()
                .filter(e -> e.body() != null && e.body().contains("\"IDEM-CONC\"")).count());
    }

    @Test
    void theCompletedTopicHoldsSmallRecordsWithoutTheApiKeyOrHisabKitabsData() {
        kafka.produce(EVENTS, "idem", Events.envelope("idem-small", "api.gst-rate.list", null).toString());
        kafka.consumeFirst(REPLIES, withId("idem-small"));
        Map<String, String> records = completedRecordsNow();
        String value = records.get(new EventKey("default", "idem-small").text());
        assertTrue(value != null, "recorded before the reply was published: " + records.keySet());
        assertEquals("idem-small", CompletedEvent.fromJson(value).key().id());
        for (String v : records.values()) {
            assertTrue(v.length() < 600, "a small record: " + v);
            assertTrue(!v.contains("\"data\""), v);
            for (String secret : List.of(SandboxResource.DEFAULT_KEY, SandboxResource.ACME_KEY)) {
                assertTrue(!v.contains(secret), v);
            }
        }
    }


    private long salesNumbered(String number) {
        return sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .filter(s -> number.equals(s.path("invoice_number").asText())).count();
    }

    /** The replies with this id, in the order they were published (one partition per record key). */
    private List<JsonNode> repliesWithId(String id, int count) {
        return kafka.consumeUntil(REPLIES, records -> records.stream().filter(withId(id)).count() >= count).stream()
                .filter(withId(id)).map(r -> Events.json(r.value())).toList();
    }

    /** The keys of the completed topic, read up to the end offsets it has at this moment (no waiting for more). */
    private Set<String> completedKeysNow() {
        return completedRecordsNow().keySet();
    }

    /** The completed topic's records (key → value), read up to the end offsets it has at this moment. */
    private Map<String, String> completedRecordsNow() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "idem-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, String> records = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(COMPLETED).stream()
                    .map(i -> new TopicPartition(COMPLETED, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "could not read " + COMPLETED + " to its end");
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    records.put(r.key(), r.value());
                }
            }
        }
        return records;
    }

    static Predicate<ConsumedRecord> withId(String id) {
        return r -> r.value() != null && r.value().contains("\"id\":\"" + id + "\"");
    }
}

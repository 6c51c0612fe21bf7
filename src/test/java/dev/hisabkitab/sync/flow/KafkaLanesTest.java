package dev.hisabkitab.sync.flow;

import static dev.hisabkitab.sync.flow.KafkaFlowTest.withId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Per-key lanes (docs/guarantees.md, "Concurrency: per-key lanes") through a real broker and the sandbox on a real socket: events with different keys
 * are processed in parallel (the sandbox sees several calls at once, never more than max-in-flight), events with the
 * same key complete in the order given, every event once, and the offsets end committed at the end of each
 * partition (committed only once everything before is done: checked while work is open, and at the end).
 */
@QuarkusTest
@TestProfile(KafkaLanesTest.EightInFlight.class)
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = KafkaBrokerResource.TOPICS, value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"),
        @ResourceArg(name = KafkaBrokerResource.PARTITIONS, value = "3") })
class KafkaLanesTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String GROUP = "hisabkitab-sync";
    static final int MAX_IN_FLIGHT = 8;
    static final int PREPARED_AHEAD = 8;
    static final int KEYS = 16;
    static final int PER_KEY = 5;

    public static class EightInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.kafka.max-in-flight", String.valueOf(MAX_IN_FLIGHT),
                    // few read ahead: the consumer pauses and resumes its partitions during the run
                    "hisabkitab.kafka.max-buffered", "20",
                    // no company bulkhead (a fixed one of no limit): only the lanes' call places keep the calls at
                    // max-in-flight, while more events than that are prepared ahead
                    "hisabkitab.adaptive-concurrency.enabled", "false",
                    "hisabkitab.prepared-ahead", String.valueOf(PREPARED_AHEAD));
        }
    }

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @InjectKafkaBroker
    KafkaBroker broker;

    @AfterEach
    void clearFaults() {
        SandboxResource.sandbox().faults().clear();
    }

    @Test
    void differentKeysRunInParallelTheSameKeyInOrderAndOffsetsAreCommittedWithoutGaps() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        kafka.produce(EVENTS, "warmup", Events.envelope("warmup-for-lanes", "api.sale.create-item",
                Events.saleCreateItem("WARMUP-LANES")).toString());
        kafka.consumeFirst(REPLIES, withId("warmup-for-lanes"));
        sandbox.faults().latency(Duration.ofMillis(150));
        sandbox.resetPeakConcurrentRequests();
        long salesBefore = sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").size();

        // key k: events k-0 .. k-4, interleaved across keys as a busy topic would have them
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (int i = 0; i < PER_KEY; i++) {
            for (int k = 0; k < KEYS; k++) {
                String key = "party-" + k;
                String id = "lanes-" + k + "-" + i;
                given.computeIfAbsent(key, x -> new ArrayList<>()).add(id);
                kafka.produce(EVENTS, key, Events.envelope(id, "api.sale.create-item",
                        Events.saleCreateItem("LANES-" + k + "-" + i)).toString());
            }
        }
        // while events are still open, no partition's committed offset is past a record without its outcome
        List<ConsumedRecord> early = kafka.consumeUntil(REPLIES, all -> all.stream()
                .filter(r -> r.value().contains("\"id\":\"lanes-")).count() >= KEYS * PER_KEY / 4);
        assertCommittedOnlyPastDone(early);

        List<ConsumedRecord> replies = kafka.consumeUntil(REPLIES, all -> all.stream()
                .filter(r -> r.value().contains("\"id\":\"lanes-")).count() >= KEYS * PER_KEY).stream()
                .filter(r -> r.value().contains("\"id\":\"lanes-")).toList();

        Map<String, List<String>> completed = replies.stream().collect(Collectors.groupingBy(ConsumedRecord::key,
                LinkedHashMap::new, Collectors.mapping(r -> Events.json(r.value()).get("id").asText(),
                        Collectors.toList())));
        assertEquals(given, completed, "each key's events completed once each, in the order given");
        for (ConsumedRecord r : replies) {
            JsonNode body = Events.json(r.value());
            assertEquals("ok", body.get("status").asText(), body.toString());
        }
        assertEquals(salesBefore + KEYS * PER_KEY, sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").size(),
                "each event booked once");

        int peak = sandbox.peakConcurrentRequests();
        assertTrue(peak > 1, "calls for different keys overlapped (peak " + peak + ")");
        assertTrue(peak <= MAX_IN_FLIGHT, "never more than max-in-flight at once (peak " + peak + ")");

        // everything done: each partition committed to its end
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(EVENTS, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(ends, committed(admin)));
        }
    }

    /** Every committed offset has, for each record before it in its partition, an outcome. */
    private void assertCommittedOnlyPastDone(List<ConsumedRecord> repliesSoFar) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, Long> committed = committed(admin);
            // the events read back (test consumer): which offsets carry which id
            List<ConsumedRecord> events = kafka.consumeUntil(EVENTS, all -> all.size() >= 1 + KEYS * PER_KEY);
            java.util.Set<String> done = repliesSoFar.stream().map(r -> Events.json(r.value()).get("id").asText())
                    .collect(Collectors.toSet());
            // every record before a committed offset has its outcome in the same (or an earlier) transaction. Kafka
            // writes a transaction's markers to each partition on its own, so the offsets may be readable a moment
            // before the reply partition's marker is: await the outcomes (a record committed without one would
            // never get it, as it is not read again)
            Map<String, String> mustBeDone = new LinkedHashMap<>();
            for (ConsumedRecord event : events) {
                TopicPartition partition = new TopicPartition(event.topic(), event.partition());
                long point = committed.getOrDefault(partition, -1L);
                String id = Events.json(event.value()).get("id").asText();
                if (event.offset() < point && !done.contains(id)) {
                    mustBeDone.put(id, "offset " + point + " of " + partition + " committed while " + id + " (offset "
                            + event.offset() + ") had no outcome");
                }
            }
            try {
                kafka.consumeUntil(REPLIES, all -> {
                    all.forEach(r -> done.add(Events.json(r.value()).get("id").asText()));
                    return done.containsAll(mustBeDone.keySet());
                });
            } catch (AssertionError timedOut) {
                // named below: which record was committed past without its outcome
            }
            mustBeDone.forEach((id, why) -> assertTrue(done.contains(id), why));
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(EVENTS))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((OffsetAndMetadata) e.getValue()).offset()));
    }
}

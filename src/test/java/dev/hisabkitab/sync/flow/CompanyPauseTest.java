package dev.hisabkitab.sync.flow;

import static dev.hisabkitab.sync.flow.KafkaFlowTest.withId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.health.CompanyKeysReadiness;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.Health;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A refused key pauses its company (docs/contract.md, "Outcomes"): HisabKitab stops accepting company acme's key (the sandbox answers 401 to it) while
 * its events arrive from Kafka and the inbox. No dead letter: the company pauses, readiness goes DOWN naming it,
 * another key's event goes on and completes, acme's second event waits behind its first (same key), the Kafka offset
 * is not committed and the consumer stays in its group for longer than max.poll.interval.ms, the
 * dropped file stays where it is; once the key is accepted again each event completes exactly once, by itself.
 */
@QuarkusTest
@TestProfile(CompanyPauseTest.ShortPollInterval.class)
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = KafkaBrokerResource.TOPICS, value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"),
        @ResourceArg(name = KafkaBrokerResource.PARTITIONS, value = "1") })
class CompanyPauseTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final String GROUP = "hisabkitab-sync";
    /** Kafka takes a consumer's partitions away when it does not poll for this long; the pause lasts longer. */
    static final int MAX_POLL_INTERVAL_MS = 3000;
    static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    public static class ShortPollInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.kafka.max-poll-interval-ms", String.valueOf(MAX_POLL_INTERVAL_MS),
                    "hisabkitab.auth.probe-interval", PROBE_INTERVAL.toString());
        }
    }

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @InjectKafkaBroker
    KafkaBroker broker;

    @TestHTTPResource("/q/health/ready")
    URL readiness;

    @AfterEach
    void restoreKey() {
        SandboxResource.sandbox().faults().clear();
    }

    @Test
    void aRefusedKeyPausesTheCompanyWithoutDeadLettersAndItsEventsCompleteOnceWhenTheKeyWorksAgain() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        // the consumer is in its group and ready before anything is refused
        kafka.produce(EVENTS, "acme", acmeSale("pause-warmup", "PAUSE-0").toString());
        kafka.consumeFirst(REPLIES, withId("pause-warmup"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Health.get(readiness).status() == 200);
        Set<String> membersBefore = members();
        assertEquals(1, membersBefore.size(), membersBefore.toString());

        sandbox.faults().revokeKey(SandboxResource.ACME_KEY);
        RecordMetadata sent = kafka.produce(EVENTS, "acme", acmeSale("pause-kafka", "PAUSE-1").toString());
        // behind it on the same key: waits for it (order within a key)
        RecordMetadata behind = kafka.produce(EVENTS, "acme", acmeSale("pause-kafka-2", "PAUSE-3").toString());
        // another key (another company): flows while acme waits
        RecordMetadata other = kafka.produce(EVENTS, "default", Events.envelope("flows-meanwhile",
                "api.sale.create-item", Events.saleCreateItem("FLOW-1")).toString());
        drop("paused.ndjson", acmeSale("pause-file", "PAUSE-2").toString());

        // readiness DOWN, naming the company and why, never the key
        await().atMost(Duration.ofSeconds(30)).until(() -> Health.get(readiness).status() == 503);
        Health.Answer down = Health.get(readiness);
        JsonNode check = down.check(CompanyKeysReadiness.NAME);
        assertEquals("DOWN", check.get("status").asText(), down.body());
        assertTrue(check.at("/data/acme").asText().contains("refused the API key (HTTP 401)"), down.body());
        assertFalse(down.body().contains(SandboxResource.ACME_KEY), "the key is not in the health answer");

        // the other key's event completes while acme is still paused
        JsonNode flowed = Events.json(kafka.consumeFirst(REPLIES, withId("flows-meanwhile")).value());
        assertEquals("ok", flowed.get("status").asText(), flowed.toString());
        assertEquals(503, Health.get(readiness).status(), "acme still paused when the other key's reply came");

        // paused for several poll intervals: the company's details are probed with its key, again and again
        long refusedProbesNeeded = 2 * MAX_POLL_INTERVAL_MS / PROBE_INTERVAL.toMillis();
        await().atMost(Duration.ofSeconds(60)).until(() -> probes(sandbox, 401) >= refusedProbesNeeded);

        // meanwhile: no outcome, offset not committed, the same member (no rebalance), the file where it was
        List<ConsumedRecord> outcomes = kafka.consumeAtLeast(REPLIES, 1);
        assertTrue(outcomes.stream().noneMatch(withId("pause-kafka").or(withId("pause-kafka-2"))
                .or(withId("pause-file"))), outcomes.toString());
        assertTrue(kafka.consumeUntil(DLQ, r -> true).stream()
                .noneMatch(withId("pause-kafka").or(withId("pause-file"))), "no dead letter for a refused key");
        TopicPartition partition = new TopicPartition(EVENTS, sent.partition());
        // the later record of the other key is done, but the offset stays at the waiting one (no gaps)
        assertTrue(other.offset() > sent.offset() && behind.offset() > sent.offset());
        assertTrue(committed(partition) <= sent.offset(), "offset committed past the waiting event");
        assertEquals(membersBefore, members(), "the consumer stayed in its group (no rebalance)");
        Path inbox = SandboxResource.inbox();
        assertTrue(Files.exists(inbox.resolve("paused.ndjson")), "the dropped file stays in the inbox");
        assertFalse(Files.exists(inbox.resolve(".done").resolve("paused.ndjson.report.csv")));
        assertFalse(Files.exists(inbox.resolve(".failed").resolve("paused.ndjson.report.csv")));
        long salesWhilePaused = sales(sandbox);

        // the key works again: the connector goes on by itself
        sandbox.faults().restoreKey(SandboxResource.ACME_KEY);
        JsonNode reply = Events.json(kafka.consumeFirst(REPLIES, withId("pause-kafka")).value());
        assertEquals("ok", reply.get("status").asText(), reply.toString());
        assertEquals("acme", reply.get("company").asText());
        // acme's two events in the order given, after the other key's
        List<String> replyOrder = kafka.consumeUntil(REPLIES, all -> all.stream().anyMatch(withId("pause-kafka-2")))
                .stream().map(r -> Events.json(r.value()).get("id").asText())
                .filter(id -> id.startsWith("pause-kafka") || id.equals("flows-meanwhile")).toList();
        assertEquals(List.of("flows-meanwhile", "pause-kafka", "pause-kafka-2"), replyOrder);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(inbox.resolve(".done").resolve("paused.ndjson.report.csv")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Health.get(readiness).status() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(partition) > other.offset());

        assertEquals(salesWhilePaused + 3, sales(sandbox), "each waiting event booked once");
        assertEquals(1, numbered(sandbox, "PAUSE-1"));
        assertEquals(1, numbered(sandbox, "PAUSE-3"));
        assertEquals(1, numbered(sandbox, "PAUSE-2"));
        assertEquals(1, kafka.consumeAtLeast(REPLIES, 1).stream().filter(withId("pause-kafka")).count());
        assertTrue(kafka.consumeUntil(DLQ, r -> true).stream().noneMatch(withId("pause-kafka").or(withId("pause-file"))));
    }

    private static ObjectNode acmeSale(String id, String number) {
        ObjectNode event = Events.envelope(id, "api.sale.create-item",
                Events.saleCreateItem(SandboxResource.ACME_KEY, number));
        event.put("company", "acme");
        return event;
    }

    private static long probes(HisabKitabSandbox sandbox, int status) {
        return sandbox.journal().entries().stream()
                .filter(e -> "company.details".equals(e.operation()) && e.status() == status).count();
    }

    private static long sales(HisabKitabSandbox sandbox) {
        return sandbox.company(SandboxResource.ACME_KEY).records("sale").size();
    }

    private static long numbered(HisabKitabSandbox sandbox, String number) {
        return sandbox.company(SandboxResource.ACME_KEY).records("sale").stream()
                .filter(s -> number.equals(s.path("invoice_number").asText())).count();
    }

    private Set<String> members() throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members().stream()
                    .map(MemberDescription::consumerId).collect(Collectors.toSet());
        }
    }

    private long committed(TopicPartition partition) throws Exception {
        try (Admin admin = broker.admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    private static void drop(String name, String content) throws IOException {
        Path tmp = SandboxResource.inbox().resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, SandboxResource.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}

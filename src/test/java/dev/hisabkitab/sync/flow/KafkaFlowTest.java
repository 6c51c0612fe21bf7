package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * End to end through a real Kafka broker and the sandbox on a real socket. Several companies in one run:
 * {@link TwoCompaniesTest}.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class KafkaFlowTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";

    @InjectKafkaBroker
    KafkaTestClient kafka;

    HisabKitabSandbox sandbox;

    @BeforeEach
    void sandbox() {
        sandbox = SandboxResource.sandbox();
        sandbox.faults().clear();
    }

    @Test
    void aValidSaleBecomesADocumentInHisabKitabAndAReplyKeyedLikeTheInput() {
        kafka.produce(EVENTS, "acme-party-7", Events.envelope("k-sale-1", "api.sale.create-item",
                Events.saleCreateItem("KAFKA-1")).toString());

        ConsumedRecord reply = kafka.consumeFirst(REPLIES, withId("k-sale-1"));
        JsonNode body = Events.json(reply.value());
        assertEquals("acme-party-7", reply.key());
        assertEquals("ok", body.get("status").asText());
        assertEquals("api.sale.create-item", body.get("type").asText());
        assertEquals("default", body.get("company").asText());
        assertEquals(1, body.get("attempts").asInt());
        JsonNode sale = onlySaleNumbered(SandboxResource.DEFAULT_KEY, "KAFKA-1");
        assertEquals(sale.get("id").asLong(), body.at("/result/hisabkitabId").asLong());
        assertFalse(body.at("/result/number").asText().isBlank());
        assertTrue(body.at("/result/message").asText().contains("Created"), body.toString());
    }

    @Test
    void eachBadEventBecomesOneDeadLetterWithItsCategoryAndTheConsumerKeepsConsuming() {
        String key = "bad-inputs";
        kafka.produce(EVENTS, key, "{this is not json");
        kafka.produce(EVENTS, key, "{\"type\":\"api.sale.create-item\",\"payload\":{}}");
        kafka.produce(EVENTS, key, "{\"id\":\"k-unknown\",\"type\":\"api.sale.teleport\",\"payload\":{}}");
        ObjectNode refused = Events.saleCreateItem("KAFKA-BAD-1");
        refused.remove("customer_ledger_id");
        kafka.produce(EVENTS, key, Events.envelope("k-refused", "api.sale.create-item", refused).toString());
        kafka.produce(EVENTS, key, Events.envelope("k-after", "api.sale.create-item", Events.saleCreateItem("KAFKA-2"))
                .toString());

        // same key, same partition, completed in order: once the last reply is there, all earlier outcomes are too
        kafka.consumeFirst(REPLIES, withId("k-after"));
        List<JsonNode> dead = kafka.consumeAtLeast(DLQ, 1).stream().filter(r -> key.equals(r.key()))
                .map(r -> Events.json(r.value())).toList();
        assertEquals(4, dead.size(), dead.toString());

        JsonNode notJson = dead.get(0);
        assertEquals("invalid-event", notJson.at("/error/category").asText());
        assertTrue(notJson.at("/error/message").asText().contains("not valid JSON"), notJson.toString());
        assertEquals("{this is not json", notJson.get("event").asText());

        JsonNode noId = dead.get(1);
        assertEquals("invalid-event", noId.at("/error/category").asText());
        assertTrue(noId.at("/error/message").asText().contains("id: is required"), noId.toString());

        JsonNode unknownType = dead.get(2);
        assertEquals("k-unknown", unknownType.get("id").asText());
        assertEquals("invalid-event", unknownType.at("/error/category").asText());
        assertTrue(unknownType.at("/error/message").asText().contains("api.sale.teleport"), unknownType.toString());

        JsonNode rejected = dead.get(3);
        assertEquals("k-refused", rejected.get("id").asText());
        assertEquals("rejected", rejected.at("/error/category").asText());
        assertEquals(422, rejected.at("/error/httpStatus").asInt());
        assertTrue(rejected.at("/error/details").toString().contains("customer_ledger_id"), rejected.toString());
        assertEquals("k-refused", rejected.at("/event/id").asText());
        assertEquals(1, rejected.get("attempts").asInt());
        // what HisabKitab refused: the request sent, beside its answer; the earlier dead letters sent nothing
        assertEquals("sale.create-item", rejected.at("/request/operation").asText(), rejected.toString());
        assertEquals("KAFKA-BAD-1", rejected.at("/request/body/invoice_number").asText(), rejected.toString());
        assertTrue(dead.subList(0, 3).stream().allMatch(d -> d.get("request") == null), dead.toString());
        assertTrue(sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .noneMatch(s -> "KAFKA-BAD-1".equals(s.path("invoice_number").asText())));

        onlySaleNumbered(SandboxResource.DEFAULT_KEY, "KAFKA-2");
        assertEquals(1, kafka.consumeAtLeast(REPLIES, 1).stream().filter(withId("k-after")).count());
    }

    @Test
    void anUnavailableServiceIsRetriedAndTheEventStillCompletesOnce() {
        sandbox.faults().failNext(503, 502);
        kafka.produce(EVENTS, "retry", Events.envelope("k-retry", "api.sale.create-item", Events.saleCreateItem("KAFKA-3"))
                .toString());

        JsonNode reply = Events.json(kafka.consumeFirst(REPLIES, withId("k-retry")).value());
        assertEquals("ok", reply.get("status").asText());
        assertEquals(3, reply.get("attempts").asInt());
        onlySaleNumbered(SandboxResource.DEFAULT_KEY, "KAFKA-3");
    }

    @Test
    void anUnavailableServiceAfterTheRetryBudgetIsADeadLetter() {
        sandbox.faults().failNext(503, 503, 503, 503);
        kafka.produce(EVENTS, "retry", Events.envelope("k-down", "api.sale.create-item", Events.saleCreateItem("KAFKA-4"))
                .toString());

        JsonNode dead = Events.json(kafka.consumeFirst(DLQ, withId("k-down")).value());
        assertEquals("unavailable", dead.at("/error/category").asText());
        assertEquals(503, dead.at("/error/httpStatus").asInt());
        assertEquals(4, dead.get("attempts").asInt());
        assertTrue(sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .noneMatch(s -> "KAFKA-4".equals(s.path("invoice_number").asText())));
    }

    @Test
    void theApiKeyAppearsInNoOutcomeRecordNorItsHeaders() {
        kafka.produce(EVENTS, "secret", Events.envelope("k-secret", "api.gst-rate.list", null).toString());
        ObjectNode refused = Events.saleCreateItem("KAFKA-SECRET");
        refused.put("date", "2025-02-30");
        kafka.produce(EVENTS, "secret", Events.envelope("k-secret-refused", "api.sale.create-item", refused).toString());
        kafka.consumeFirst(REPLIES, withId("k-secret"));
        JsonNode dead = Events.json(kafka.consumeFirst(DLQ, withId("k-secret-refused")).value());
        assertEquals("rejected", dead.at("/error/category").asText(), dead.toString());
        for (String topic : List.of(REPLIES, DLQ)) {
            for (ConsumedRecord r : kafka.consumeAtLeast(topic, 1)) {
                for (String secret : List.of(SandboxResource.DEFAULT_KEY, SandboxResource.ACME_KEY)) {
                    assertFalse(r.value().contains(secret), r.toString());
                    assertFalse(r.headers().toString().contains(secret), r.toString());
                    assertFalse(r.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("ApiKey")), r.toString());
                }
            }
        }
    }

    private JsonNode onlySaleNumbered(String apiKey, String invoiceNumber) {
        List<JsonNode> sales = sandbox.company(apiKey).records("sale").stream()
                .filter(s -> invoiceNumber.equals(s.path("invoice_number").asText())).toList();
        assertEquals(1, sales.size(), "sales numbered " + invoiceNumber + ": " + sales);
        assertNotNull(sales.get(0).get("id"));
        return sales.get(0);
    }

    static Predicate<ConsumedRecord> withId(String id) {
        return r -> r.value() != null && r.value().contains("\"id\":\"" + id + "\"");
    }
}

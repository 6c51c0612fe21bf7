package dev.hisabkitab.sync.flow;

import static dev.hisabkitab.sync.flow.KafkaFlowTest.withId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.kafka.DeadLetterRedrive;
import dev.hisabkitab.sync.kafka.RedriveToken;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Re-driving a dead letter (docs/outcomes.md): an invoice fails (`mapping`: its item does not exist and auto-create is off); the operator adds the
 * item and re-drives the dead letter by id over HTTP. The event goes through again with its original id and key:
 * one document, one reply; re-driving it again only answers `duplicate`. Only with the re-drive token: a request
 * without it or with a wrong one is refused (401) and re-drives nothing; health and metrics need none.
 */
@QuarkusTest
@WithTestResource(DeadLetterRedriveTest.Token.class)
@WithTestResource(SandboxResource.class)
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class DeadLetterRedriveTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final String TOKEN = "c0ffee42-test-redrive-token";

    /** The re-drive token, given to the app as the Secret's environment variable would be. */
    public static class Token implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of(RedriveToken.SETTING, TOKEN);
        }

        @Override
        public void stop() {
        }
    }

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @TestHTTPResource("/hisabkitab/dead-letters/redrive")
    URL redrive;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFixedDeadLetterReDrivenByIdBecomesOneDocumentAndOneReply() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        kafka.produce(EVENTS, "acme-redrive", Events.resource("/events/valid/party.upsert-customer.json").toString());
        ObjectNode invoice = (ObjectNode) Events.resource("/events/valid/invoice.create-delivery-challan.json");
        invoice.put("id", "redrive-dc-1");
        ObjectNode payload = (ObjectNode) invoice.get("payload");
        payload.put("number", "DC-REDRIVE-1");
        ((ObjectNode) payload.get("lines").get(0)).put("item", "Redrive Widget");
        kafka.produce(EVENTS, "acme-redrive", invoice.toString());

        JsonNode dead = Events.json(kafka.consumeFirst(DLQ, withId("redrive-dc-1")).value());
        assertEquals("mapping", dead.at("/error/category").asText(), dead.toString());
        assertTrue(dead.at("/error/message").asText().contains("Redrive Widget"), dead.toString());

        // nothing is sent again without saying which
        HttpResponse<String> vague = post("", TOKEN);
        assertEquals(400, vague.statusCode(), vague.body());

        // without the token, or with a wrong one: refused, saying why, never echoing a token
        for (String token : new String[] { null, "not-the-" + TOKEN, TOKEN.substring(1) }) {
            HttpResponse<String> refused = post("?id=redrive-dc-1", token);
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals("Bearer realm=\"hisabkitab-redrive\"", refused.headers().firstValue("WWW-Authenticate").orElse(null));
            assertTrue(Events.json(refused.body()).get("error").asText().contains("Re-drive"), refused.body());
            assertFalse(refused.body().contains(TOKEN.substring(1)), refused.body());
        }
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(URI.create(redrive + "?id=redrive-dc-1"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("op:" + TOKEN).getBytes()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, basic.statusCode(), basic.body());

        // the operator fixes the cause: the item now exists in HisabKitab
        ObjectNode item = (ObjectNode) Events.resource("/events/valid/item.upsert-goods.json");
        item.put("id", "redrive-item");
        ((ObjectNode) item.get("payload")).put("name", "Redrive Widget").remove("group"); // the default group
        kafka.produce(EVENTS, "acme-redrive", item.toString());
        assertEquals("ok", Events.json(kafka.consumeFirst(REPLIES, withId("redrive-item")).value()).get("status").asText());
        // a refused request would have produced before answering, so before this item on the key's partition
        List<ConsumedRecord> before = kafka.consumeUntil(EVENTS, rs -> rs.stream().anyMatch(withId("redrive-item")));
        assertEquals(List.of(), before.stream().filter(r -> r.header(DeadLetterRedrive.REDRIVEN_FROM) != null).toList(),
                "a refused request re-drove something");

        HttpResponse<String> answer = post("?id=redrive-dc-1", TOKEN);
        assertEquals(200, answer.statusCode(), answer.body());
        ArrayNode redriven = (ArrayNode) Events.json(answer.body()).get("redriven");
        assertEquals(1, redriven.size(), answer.body());
        assertEquals("redrive-dc-1", redriven.get(0).get("id").asText());

        ConsumedRecord reply = kafka.consumeFirst(REPLIES, withId("redrive-dc-1"));
        JsonNode body = Events.json(reply.value());
        assertEquals("ok", body.get("status").asText(), body.toString());
        assertEquals("acme-redrive", reply.key(), "keyed as the original event");
        ConsumedRecord again = kafka.consumeFirst(EVENTS, r -> r.header(DeadLetterRedrive.REDRIVEN_FROM) != null);
        assertEquals("redrive-dc-1", Events.json(again.value()).get("id").asText(), "the original id is kept");
        assertEquals(1, sandbox.company(SandboxResource.ACME_KEY).records("delivery-challan").stream()
                .filter(d -> d.toString().contains("DC-REDRIVE-1")).count(), "one document");

        // re-driven once more (say, by mistake): HisabKitab is not called again
        assertEquals(200, post("?category=mapping", TOKEN).statusCode());
        kafka.consumeUntil(REPLIES, rs -> rs.stream().filter(withId("redrive-dc-1"))
                .anyMatch(r -> r.value().contains("\"duplicate\"")));
        assertEquals(1, sandbox.company(SandboxResource.ACME_KEY).records("delivery-challan").stream()
                .filter(d -> d.toString().contains("DC-REDRIVE-1")).count(), "still one document");
    }

    @Test
    void healthAndMetricsNeedNoToken() throws Exception {
        for (String path : new String[] { "/q/health/live", "/q/metrics" }) {
            HttpResponse<String> open = get(path);
            assertEquals(200, open.statusCode(), path + ": " + open.body());
        }
        // readiness answers with its checks (UP or DOWN), never an authentication challenge
        HttpResponse<String> ready = get("/q/health/ready");
        assertTrue(ready.statusCode() == 200 || ready.statusCode() == 503, ready.statusCode() + " " + ready.body());
        assertTrue(ready.body().contains("\"checks\""), ready.body());
        assertTrue(get("/q/metrics").body().contains("hisabkitab_events_in_flight"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(redrive.toURI().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String query, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(redrive + query))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A create whose answer is lost (the sandbox books it, then drops the connection) is looked up before it is sent
 * again and adopted: one reply, one document, never two.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class InterruptedWriteTest {

    @Inject
    ProducerTemplate producer;

    HisabKitabSandbox sandbox;

    @BeforeEach
    void clean() {
        sandbox = SandboxResource.sandbox();
        sandbox.faults().clear();
    }

    @Test
    void aSaleBookedBeforeTheConnectionDroppedIsAdoptedNotBookedTwice() {
        sandbox.faults().dropConnectionAfterCommit(1);
        Object outcome = producer.requestBody("direct:process-event",
                Events.envelope("iw-raw-1", "api.sale.create-item", Events.saleCreateItem("IW-1")).toString());

        Reply reply = assertInstanceOf(Reply.class, outcome, String.valueOf(outcome));
        List<JsonNode> sales = salesNumbered(SandboxResource.DEFAULT_KEY, "IW-1");
        assertEquals(1, sales.size(), "exactly one sale in HisabKitab");
        assertEquals(sales.get(0).get("id").asLong(), ((Number) reply.result().hisabkitabId()).longValue());
        assertEquals(1, reply.attempts(), "sent once; the second attempt found it");
        assertEquals(0, sandbox.faults().pendingDrops(), "the fault was used");
    }

    @Test
    void aBusinessInvoiceWhoseAnswerWasLostIsAdoptedToo() {
        SandboxCompany company = sandbox.company(SandboxResource.DEFAULT_KEY);
        ObjectNode payload = (ObjectNode) Events.json("""
                {"documentType": "sale", "number": "IW-B-1", "date": "2025-02-11",
                 "party": {"name": "Cash"},
                 "lines": [{"ledger": "Sales", "rate": 1000, "gstRate": 18}]}""");
        // the seeded "Cash" ledger is not a party: use a customer created for this test
        company.create("ledger.create-customer", Events.json("""
                {"action": "Customers", "name": "Interrupted Traders", "group_id": 18,
                 "party_details": {"gstin": "27AAICI1234A1Z1",
                                   "billing_address": {"country_id": 101, "state_id": 4008}}}"""));
        ((ObjectNode) payload.get("party")).put("name", "Interrupted Traders");
        sandbox.faults().dropConnectionAfterCommit(1);
        Object outcome = producer.requestBody("direct:process-event",
                Events.envelope("iw-biz-1", "invoice.create", payload).toString());

        Reply reply = assertInstanceOf(Reply.class, outcome, String.valueOf(outcome));
        List<JsonNode> sales = salesNumbered(SandboxResource.DEFAULT_KEY, "IW-B-1");
        assertEquals(1, sales.size(), "exactly one sale in HisabKitab");
        assertEquals(sales.get(0).get("id").asLong(), ((Number) reply.result().hisabkitabId()).longValue());
    }

    @Test
    void aCreateRefusedAsTakenByTheSameDocumentFromAnEarlierRunIsAdoptedButAnotherDocumentIsNot() {
        // an earlier run booked IW-2 and stopped before it recorded the completion: the event comes again
        ObjectNode sale = Events.saleCreateItem("IW-2");
        assertInstanceOf(Reply.class, producer.requestBody("direct:process-event",
                Events.envelope("iw-earlier-run", "api.sale.create-item", sale).toString()));
        Object again = producer.requestBody("direct:process-event",
                Events.envelope("iw-after-restart", "api.sale.create-item", sale).toString());
        Reply reply = assertInstanceOf(Reply.class, again, String.valueOf(again));
        List<JsonNode> sales = salesNumbered(SandboxResource.DEFAULT_KEY, "IW-2");
        assertEquals(1, sales.size());
        assertEquals(sales.get(0).get("id").asLong(), ((Number) reply.result().hisabkitabId()).longValue());

        // the same number on a document with another amount is another document: refused, not adopted
        ObjectNode other = Events.saleCreateItem("IW-2");
        other.put("grand_total", other.get("grand_total").decimalValue().add(java.math.BigDecimal.ONE));
        Object refused = producer.requestBody("direct:process-event",
                Events.envelope("iw-other-document", "api.sale.create-item", other).toString());
        dev.hisabkitab.sync.outcome.DeadLetter letter = assertInstanceOf(dev.hisabkitab.sync.outcome.DeadLetter.class,
                refused, String.valueOf(refused));
        assertEquals(1, salesNumbered(SandboxResource.DEFAULT_KEY, "IW-2").size());
        org.junit.jupiter.api.Assertions.assertTrue(letter.toString().contains("rejected"), letter.toString());
    }

    private List<JsonNode> salesNumbered(String key, String number) {
        return sandbox.company(key).records("sale").stream()
                .filter(s -> number.equals(s.path("invoice_number").asText())).toList();
    }
}

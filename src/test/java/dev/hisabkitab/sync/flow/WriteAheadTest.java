package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.DocumentNumbers;
import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.idempotency.WriteIntent;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Write-ahead intents through the real pipeline, with the sandbox accepting repeated numbers (HisabKitab does not
 * help): an event whose intent an earlier run recorded keeps its number and is looked up before anything is sent.
 * The crash itself (SIGKILL of the packaged connector) is CrashRecoveryIT's; here the earlier run's state is laid
 * down as a crash leaves it: the intent in the store, the document booked or not.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class WriteAheadTest {

    static final String COMPANY = "default";

    @Inject
    ProducerTemplate producer;

    @Inject
    CompletedEvents completedEvents;

    @Inject
    DocumentNumbers numbers;

    HisabKitabSandbox sandbox;

    @BeforeEach
    void noHelpFromHisabKitab() {
        sandbox = SandboxResource.sandbox();
        sandbox.faults().clear();
        sandbox.acceptRepeatedNumbers(true);
    }

    @AfterEach
    void strictAgain() {
        sandbox.acceptRepeatedNumbers(false);
    }

    @Test
    void anUnnumberedJournalBookedBeforeACrashIsAdoptedAfterTheRestartNotBookedAgain() {
        // the earlier run: the journal booked under HisabKitab's next number, then the connector died before it
        // recorded the completion (laid down as: the same event booked under another id, its intent left behind)
        Reply first = assertInstanceOf(Reply.class, process(Events.journal("wa-booked-earlier", "Rent March", 4200)));
        String number = first.result().number();
        completedEvents.store().recordIntent(intentOfAnEarlierRun("wa-crashed", number, "journal"));

        Reply reply = assertInstanceOf(Reply.class, process(Events.journal("wa-crashed", "Rent March", 4200)));

        assertEquals(Reply.OK, reply.status());
        assertEquals(number, reply.result().number(), "the number the earlier run took");
        assertEquals(first.result().hisabkitabId().toString(), reply.result().hisabkitabId().toString());
        assertTrue(reply.result().message().startsWith("Adopted after restart"), reply.result().message());
        assertEquals(1, journalsNumbered(number).size(), "one journal " + number + ", not two");
        assertTrue(completedEvents.store().intent(new EventKey(COMPANY, "wa-crashed")).isEmpty(),
                "the completion replaced the intent");
    }

    @Test
    void aNumberHeldByAnUnfinishedEventIsGivenToNoOtherAndItsOwnerBooksItOnce() {
        String held = numbers.peek(COMPANY, "journal");
        completedEvents.store().recordIntent(intentOfAnEarlierRun("wa-held", held, "journal"));

        Reply other = assertInstanceOf(Reply.class, process(Events.journal("wa-other", "Electricity", 900)));
        assertNotEquals(held, other.result().number(), "another event does not take the held number");

        Reply owner = assertInstanceOf(Reply.class, process(Events.journal("wa-held", "Water", 300)));
        assertEquals(held, owner.result().number(), "the event keeps the number its intent holds");
        assertTrue(!owner.result().message().startsWith("Adopted"), "not found, so sent: " + owner.result().message());
        List<JsonNode> journals = journalsNumbered(held);
        assertEquals(1, journals.size(), "booked once: " + journals);
        assertEquals("Water", journals.get(0).path("narration").asText(journals.get(0).toString()));
    }

    @Test
    void aSaleWithoutANumberKeepsItsNumberAcrossTheRestartAndIsNotBookedTwice() {
        Reply first = assertInstanceOf(Reply.class, process(Events.envelope("wa-sale-earlier", "api.sale.create-item",
                Events.saleCreateItem("WA-SALE-1"))));
        completedEvents.store().recordIntent(new WriteIntent(new EventKey(COMPANY, "wa-sale-crashed"),
                "sale.create-item", "WA-SALE-1", null, null, "an-earlier-run", Instant.now().toString()));

        Reply reply = assertInstanceOf(Reply.class, process(Events.envelope("wa-sale-crashed", "api.sale.create-item",
                Events.saleCreateItem("WA-SALE-1"))));

        assertEquals(first.result().hisabkitabId().toString(), reply.result().hisabkitabId().toString());
        assertTrue(reply.result().message().startsWith("Adopted after restart"), reply.result().message());
        long sales = sandbox.company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .filter(s -> "WA-SALE-1".equals(s.path("invoice_number").asText())).count();
        assertEquals(1, sales, "one sale WA-SALE-1 although HisabKitab would take it again");
    }

    private static WriteIntent intentOfAnEarlierRun(String id, String number, String series) {
        return new WriteIntent(new EventKey(COMPANY, id), "journal.create", number, series, null, "an-earlier-run",
                Instant.now().toString());
    }

    private Object process(ObjectNode event) {
        return producer.requestBody("direct:process-event", event.toString());
    }


    private List<JsonNode> journalsNumbered(String number) {
        return sandbox.company(SandboxResource.DEFAULT_KEY).records("journal").stream()
                .filter(j -> number.equals(j.path("voucher_number").asText())).toList();
    }
}

package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Dead letters page in a real browser with a real broker: an invoice naming a party HisabKitab does not have
 * fails (`mapping`); the operator reads why, creates the party, re-drives the dead letter from the page after a
 * confirmation, and the invoice is booked once; re-driving it again by mistake books nothing. A viewer sees the
 * dead letters but cannot re-drive; every re-drive is audited with the console user.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
// a broker of its own (the topics listed in another order make another resource): tests that count every dead letter
// of their broker (BadInputsCorpusTest) must not see this class's
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.dlq,hisabkitab.events,hisabkitab.replies"))
class ConsoleDeadLettersTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @TestHTTPResource("/")
    URL root;

    @Test
    void anOperatorFixesTheCauseReDrivesFromThePageAndTheInvoiceIsBookedOnce() throws Exception {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        ObjectNode invoice = (ObjectNode) Events.resource("/events/valid/invoice.create-sale-ledger.json");
        invoice.put("id", "console-redrive-1");
        ObjectNode payload = (ObjectNode) invoice.get("payload");
        payload.put("number", "CONSOLE-RD-1");
        ((ObjectNode) payload.get("party")).put("name", "Console Redrive Traders");
        ((ObjectNode) payload.get("lines").get(0)).put("ledger", "Sales"); // the company's own sales ledger
        kafka.produce(EVENTS, "acme-console", invoice.toString());
        assertEquals("mapping", Events.json(kafka.consumeFirst(DLQ, withId("console-redrive-1")).value())
                .at("/error/category").asText());

        List<String> audit = auditLines();
        try (ConsoleBrowser browser = new ConsoleBrowser(root)) {
            browser.openAs("console/#dead-letters", "operator", "operator-pass");
            String row = "#dead-letter-table tr[data-id='console-redrive-1']";
            browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(row)));
            List<String> cells = cells(browser, row);
            assertEquals(List.of("console-redrive-1", "invoice.create", "acme", "mapping"), cells.subList(2, 6));
            assertTrue(cells.get(6).contains("Console Redrive Traders"), "the message names the party: " + cells);
            assertEquals("waiting", cells.get(7));
            // the details: the event as received
            browser.driver.findElement(By.cssSelector(row + " td:nth-child(7)")).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#dead-letter-table tr.details:not([hidden])"), "CONSOLE-RD-1"));
            browser.screenshot("dead-letters");

            // the operator creates the missing party
            ObjectNode party = (ObjectNode) Events.resource("/events/valid/party.upsert-customer.json");
            party.put("id", "console-redrive-party");
            ((ObjectNode) party.get("payload")).put("name", "Console Redrive Traders");
            kafka.produce(EVENTS, "acme-console", party.toString());
            assertEquals("ok", Events.json(kafka.consumeFirst(REPLIES, withId("console-redrive-party")).value())
                    .get("status").asText());

            browser.driver.findElement(By.cssSelector(row + " input.choose")).click();
            browser.driver.findElement(By.id("redrive-chosen")).click();
            browser.wait.until(ExpectedConditions.alertIsPresent()).accept();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("redrive-result"),
                    "Re-driven: 1"));
            assertEquals("ok", Events.json(kafka.consumeFirst(REPLIES, withId("console-redrive-1")).value())
                    .get("status").asText());
            assertEquals(1, salesNumbered(sandbox, "CONSOLE-RD-1"), "one invoice");

            // the page shows it booked since; re-driving everything shown again (by mistake) books nothing more
            browser.driver.findElement(By.cssSelector("#dead-letter-filter input[name=text]")).sendKeys("CONSOLE-RD-1");
            browser.driver.findElement(By.id("apply-filter")).click();
            browser.wait.until(d -> cells(browser, row).get(7).equals("booked since"));
            browser.driver.findElement(By.id("redrive-matching")).click();
            browser.wait.until(ExpectedConditions.alertIsPresent()).accept();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("redrive-result"),
                    "Re-driven: 1"));
            kafka.consumeUntil(REPLIES, rs -> rs.stream().filter(withId("console-redrive-1"))
                    .anyMatch(r -> r.value().contains("\"duplicate\"")));
            assertEquals(1, salesNumbered(sandbox, "CONSOLE-RD-1"), "still one invoice");
        }
        assertEquals(2, audit.stream().filter(l -> l.contains("console-redrive-1")
                && l.contains("asked by console user operator")).count(), audit.toString());
    }

    @Test
    void aViewerSeesDeadLettersButCannotReDrive() throws Exception {
        ObjectNode invoice = (ObjectNode) Events.resource("/events/valid/invoice.create-sale-ledger.json");
        invoice.put("id", "console-viewer-1");
        ((ObjectNode) invoice.get("payload").get("party")).put("name", "Console Viewer Missing Party");
        kafka.produce(EVENTS, "acme-console-viewer", invoice.toString());
        kafka.consumeFirst(DLQ, withId("console-viewer-1"));

        try (ConsoleBrowser browser = new ConsoleBrowser(root)) {
            browser.openAs("console/#dead-letters", "viewer", "viewer-pass");
            String row = "#dead-letter-table tr[data-id='console-viewer-1']";
            browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(row)));
            assertFalse(browser.driver.findElement(By.id("redrive-chosen")).isDisplayed());
            assertFalse(browser.driver.findElement(By.cssSelector(row + " input.choose")).isEnabled());
            Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/console/actions/dead-letters/redrive', {method: 'POST', headers: {'X-HisabKitab-Console':"
                    + " '1'}, body: JSON.stringify([{company: 'acme', id: 'console-viewer-1'}])}).then(r => done(r.status));");
            assertEquals(403L, status);
        }
        assertTrue(kafka.consumeUntil(EVENTS, rs -> rs.stream().anyMatch(withId("console-viewer-1"))).stream()
                .filter(withId("console-viewer-1")).count() == 1, "the viewer re-drove nothing");
    }

    @Test
    void twoCompaniesDeadLettersOfOneEventIdAreReDrivenApart() throws Exception {
        for (String company : List.of("acme", "default")) {
            ObjectNode invoice = (ObjectNode) Events.resource("/events/valid/invoice.create-sale-ledger.json");
            invoice.put("id", "console-shared-1").put("company", company);
            ((ObjectNode) invoice.get("payload").get("party")).put("name", "Console Shared Missing Party");
            kafka.produce(EVENTS, company + "-console-shared", invoice.toString());
            kafka.consumeFirst(DLQ, r -> withId("console-shared-1").test(r) && r.value().contains("\"" + company + "\""));
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(root)) {
            browser.openAs("console/#dead-letters", "operator", "operator-pass");
            Object answer = browser.asyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/console/actions/dead-letters/redrive', {method: 'POST', headers: {'X-HisabKitab-Console':"
                    + " '1'}, body: JSON.stringify([{company: 'acme', id: 'console-shared-1'}])}).then(r => r.text())"
                    + ".then(done);");
            assertEquals(1, Events.json((String) answer).get("redriven").size(), (String) answer);
        }
        List<ConsumedRecord> redriven = kafka.consumeUntil(EVENTS, rs -> rs.stream()
                .anyMatch(r -> r.header(dev.hisabkitab.sync.kafka.DeadLetterRedrive.REDRIVEN_FROM) != null
                        && withId("console-shared-1").test(r))).stream()
                .filter(r -> r.header(dev.hisabkitab.sync.kafka.DeadLetterRedrive.REDRIVEN_FROM) != null
                        && withId("console-shared-1").test(r)).toList();
        assertEquals(1, redriven.size(), redriven.toString());
        assertEquals("acme", Events.json(redriven.get(0).value()).get("company").asText(), "only acme's event");
    }

    @Test
    void theCategoryFilterOffersEveryDeadLetterCategory() throws Exception {
        String page = Files.readString(Path.of("src/main/resources/META-INF/resources/console/index.html"));
        List<String> offered = new ArrayList<>();
        java.util.regex.Matcher option = java.util.regex.Pattern.compile("<option>([a-z-]+)</option>").matcher(page);
        while (option.find()) {
            offered.add(option.group(1));
        }
        assertEquals(Arrays.stream(ErrorCategory.values()).filter(ErrorCategory::deadLetterCategory)
                .map(ErrorCategory::code).toList(), offered);
    }

    @SuppressWarnings("unchecked")
    private static List<String> cells(ConsoleBrowser browser, String row) {
        return (List<String>) browser.script("return [...document.querySelector(arguments[0]).cells]"
                + ".map(c => c.innerText)", row);
    }

    private static long salesNumbered(HisabKitabSandbox sandbox, String number) {
        return sandbox.company(SandboxResource.ACME_KEY).records("sale").stream()
                .filter(d -> d.toString().contains(number)).count();
    }

    private static Predicate<ConsumedRecord> withId(String id) {
        return r -> r.value() != null && id.equals(Events.json(r.value()).path("id").asText());
    }

    /** The audit log's lines from now on (logger hisabkitab.redrive). */
    private static List<String> auditLines() {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Logger.getLogger("hisabkitab.redrive").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                Object[] parameters = record.getParameters();
                lines.add(parameters == null ? message : String.format(message, parameters));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return lines;
    }
}

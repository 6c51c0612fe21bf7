package dev.hisabkitab.sync.flow;

import dev.hisabkitab.sync.Json;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.inbox.DropReport;
import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Plan;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code hisabkitab.dry-run=true} (docs/dry-run.md): every event, whatever its source, is answered {@code planned}
 * with the request booking would send; HisabKitab (the sandbox on a real socket) gets look-ups only and nothing is
 * recorded as completed, so the same events are planned again (never {@code duplicate}). Auto-create is off.
 */
@QuarkusTest
@TestProfile(DryRunSettingTest.DryRunOn.class)
@WithTestResource(SandboxResource.class)
class DryRunSettingTest {

    public static class DryRunOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.dry-run", "true");
        }
    }

    /** The published reply schema; its $id is read from src/main/resources/schemas, never the network. */
    static final JsonSchema REPLY_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://hisabkitab.dev/sync/schemas/",
                    Path.of("src/main/resources/schemas").toAbsolutePath().toUri().toString())))
            .getSchema(SchemaLocation.of("https://hisabkitab.dev/sync/schemas/reply.schema.json"));

    @Inject
    ProducerTemplate producer;

    @Inject
    CompletedEvents completedEvents;

    @Test
    void anApiEventIsPlannedAsTheRequestItselfTwiceAndNeitherSentNorRecorded() throws Exception {
        SandboxJournal journal = SandboxResource.sandbox().journal();
        int calls = journal.size();
        int completed = completedEvents.store().size();
        ObjectNode sale = Events.saleCreateItem("DRY-API-1");
        sale.put("date", "2025-02-11");

        for (int time = 1; time <= 2; time++) {
            Reply reply = assertInstanceOf(Reply.class, process(Events.envelope("dry-api-1", "api.sale.create-item", sale)));
            assertEquals(Reply.PLANNED, reply.status(), "time " + time + ": planned again, not a duplicate");
            assertNull(reply.result());
            assertEquals(0, reply.attempts());
            Plan plan = reply.plan();
            assertEquals("sale.create-item", plan.operation());
            assertEquals("POST", plan.method());
            assertEquals("/sale-transactions", plan.path());
            assertEquals("application/json", plan.contentType());
            ObjectNode sent = sale.deepCopy().put("date", "11-02-2025");
            assertTrue(sent.equals(DryRunFileDropTest.SAME_NUMBER, plan.body()),
                    "the payload as the client sends it (ISO date converted): " + plan.body());
            assertNull(plan.totals(), "an api.* event's plan is the request itself");
            assertEquals(List.of(), plan.first());
            assertFollowsTheReplySchema(reply);
        }
        assertEquals(calls, journal.size(), "nothing was sent, not even a look-up");
        assertEquals(completed, completedEvents.store().size());
        assertTrue(SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .noneMatch(s -> "DRY-API-1".equals(s.path("invoice_number").asText())));
    }

    @Test
    void aListOperationIsPlannedWithItsQueryString() throws Exception {
        int calls = SandboxResource.sandbox().journal().size();
        Reply reply = assertInstanceOf(Reply.class, process(Events.envelope("dry-list-1", "api.sale.list",
                Events.json("{\"start_date\": \"2024-04-01\", \"end_date\": \"2025-03-31\"}"))));
        assertEquals(Reply.PLANNED, reply.status());
        assertEquals("GET", reply.plan().method());
        assertEquals("/sale-transactions?start_date=01-04-2024&end_date=31-03-2025", reply.plan().path());
        assertNull(reply.plan().body());
        assertNull(reply.plan().contentType());
        assertFollowsTheReplySchema(reply);
        assertEquals(calls, SandboxResource.sandbox().journal().size());
    }

    @Test
    void aJournalWithoutNumberIsPlannedAsItsMultipartFormWithTheSeriesNextNumberNotTaken() throws Exception {
        SandboxCompany company = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY);
        SandboxJournal journal = SandboxResource.sandbox().journal();
        int calls = journal.size();
        String next = company.nextNumber("journal");
        JsonNode payload = Events.json("""
                {"date": "2025-03-31", "narration": "Cash deposited",
                 "entries": [{"ledger": "HDFC Bank", "debit": 5000}, {"ledger": "Cash", "credit": 5000}]}
                """);

        Reply reply = assertInstanceOf(Reply.class, process(Events.envelope("dry-journal-1", "journal.create", payload)));

        Plan plan = reply.plan();
        assertEquals(Reply.PLANNED, reply.status());
        assertEquals("journal", plan.numberSeries());
        assertEquals("multipart/form-data", plan.contentType());
        assertNull(plan.body());
        assertTrue(plan.form().contains(new Plan.Field("voucher_number", next)), plan.form().toString());
        assertTrue(plan.form().contains(new Plan.Field("date", "31-03-2025")), plan.form().toString());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("journal series") && n.contains(next)), plan.notes().toString());
        assertFollowsTheReplySchema(reply);
        List<SandboxJournal.Entry> made = journal.entries().subList(calls, journal.size());
        assertTrue(made.stream().anyMatch(c -> "journal.next-number".equals(c.operation())), "peeked at");
        assertEquals(List.of(), made.stream().filter(c -> !"GET".equals(c.method())).toList());
        assertEquals(next, company.nextNumber("journal"));
    }

    @Test
    void anEventThatWouldFailIsItsUsualDeadLetter() {
        int calls = SandboxResource.sandbox().journal().size();
        JsonNode payload = Events.json("""
                {"documentType": "sale", "number": "DRY-NOPARTY-1", "date": "2025-03-31", "party": {"name": "Nobody Yet"},
                 "lines": [{"ledger": "Sales", "rate": 100}]}
                """);

        DeadLetter letter = assertInstanceOf(DeadLetter.class,
                process(Events.envelope("dry-noparty-1", "invoice.create", payload)));

        assertEquals(ErrorCategory.MAPPING, letter.error().category());
        assertTrue(letter.error().message().contains("Nobody Yet") && letter.error().message().contains("auto-create"),
                letter.error().message());
        assertEquals(List.of(), SandboxResource.sandbox().journal().entries().subList(calls,
                SandboxResource.sandbox().journal().size()).stream().filter(c -> !"GET".equals(c.method())).toList());
    }

    @Test
    void aFileInTheInboxIsPlannedToo() throws Exception {
        int completed = completedEvents.store().size();
        int calls = SandboxResource.sandbox().journal().size();
        Path inbox = SandboxResource.inbox();
        Path tmp = inbox.resolve("dry-setting.ndjson.tmp");
        Files.writeString(tmp, Events.envelope("dry-file-1", "api.sale.create-item", Events.saleCreateItem("DRY-FILE-1"))
                + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve("dry-setting.ndjson"), StandardCopyOption.ATOMIC_MOVE);

        Path report = inbox.resolve(".done/dry-setting.ndjson.report.csv");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(report) && Files.exists(inbox.resolve(".done/dry-setting.ndjson")));
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        assertEquals(DropReport.HEADER + "," + DropReport.PLAN_COLUMNS, lines.get(0));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("line 1,dry-file-1,api.sale.create-item,planned,,,,,POST,/sale-transactions,"),
                lines.get(1));
        assertTrue(lines.get(1).contains("DRY-FILE-1"), "the body: " + lines.get(1));
        assertFalse(lines.get(1).contains(SandboxResource.DEFAULT_KEY));
        assertEquals(completed, completedEvents.store().size());
        assertFalse(Files.readString(SandboxResource.completedEventsFile()).contains("dry-file-1"));
        assertEquals(calls, SandboxResource.sandbox().journal().size());
    }

    private Outcome process(JsonNode envelope) {
        return producer.requestBody("direct:process-event", envelope.toString(), Outcome.class);
    }

    /** The reply as the app writes it follows the published schema, and the API key is nowhere in it. */
    private static void assertFollowsTheReplySchema(Reply reply) throws Exception {
        String json = Json.mapper().writeValueAsString(reply);
        Set<ValidationMessage> problems = REPLY_SCHEMA.validate(Json.mapper().readTree(json));
        assertEquals(Set.of(), problems, json);
        assertFalse(json.contains(SandboxResource.DEFAULT_KEY), json);
        assertFalse(json.contains("ApiKey"), json);
    }
}

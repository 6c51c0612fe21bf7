package dev.hisabkitab.sync.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.idempotency.FileIdempotencyStore;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** End to end through the inbox folder (real files on disk) to the sandbox on a real socket; no Kafka configured. */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class InboxFlowTest {

    @Inject
    CamelContext camel;

    @Inject
    CompletedEvents completedEvents;

    @Test
    void withoutKafkaBrokersOnlyFileDropsRun() {
        assertNull(camel.getRoute("kafka-events"));
        assertNull(camel.getRoute("kafka-outcome"));
        assertTrue(camel.getRouteController().getRouteStatus("inbox").isStarted());
    }

    @Test
    void aJsonFileIsDeliveredMovedToDoneAndReported() throws Exception {
        drop("one-sale.json", Events.envelope("f-sale-1", "api.sale.create-item", Events.saleCreateItem("FILE-1")).toString());

        List<String> report = reportOf(".done", "one-sale.json");
        assertEquals(List.of("source,id,type,status,hisabkitab_id,number,error_category,error_message",
                "file,f-sale-1,api.sale.create-item,ok," + saleNumbered("FILE-1").get("id").asLong() + ","
                        + saleNumbered("FILE-1").get("full_invoice_number").asText() + ",,"), report);
        assertFalse(Files.exists(SandboxResource.inbox().resolve("one-sale.json")));
    }

    @Test
    void aJsonArrayIsOneEventPerElement() throws Exception {
        drop("two.json", "[" + Events.envelope("f-arr-1", "api.sale.create-item", Events.saleCreateItem("FILE-2"))
                + "," + Events.envelope("f-arr-2", "api.gst-rate.list", null) + "]");
        List<String> report = reportOf(".done", "two.json");
        assertEquals(3, report.size(), report.toString());
        assertTrue(report.get(1).startsWith("item 1,f-arr-1,api.sale.create-item,ok,"), report.get(1));
        assertTrue(report.get(2).startsWith("item 2,f-arr-2,api.gst-rate.list,ok,"), report.get(2));
        saleNumbered("FILE-2");
    }

    @Test
    void anNdjsonFileWithOneBadLineGoesToFailedNamingTheLineAndTheGoodLinesAreDelivered() throws Exception {
        String good1 = Events.envelope("f-nd-1", "api.sale.create-item", Events.saleCreateItem("FILE-3")).toString();
        String good3 = Events.envelope("f-nd-3", "api.sale.create-item", Events.saleCreateItem("FILE-4")).toString();
        drop("batch.ndjson", good1 + "\n{\"id\": \"f-nd-2\", \"type\": \n" + good3 + "\n");

        List<String> report = reportOf(".failed", "batch.ndjson");
        assertEquals(4, report.size(), report.toString());
        assertTrue(report.get(1).startsWith("line 1,f-nd-1,api.sale.create-item,ok,"), report.get(1));
        assertTrue(report.get(2).startsWith("line 2,,,failed,,,invalid-event,"), report.get(2));
        assertTrue(report.get(2).contains("not valid JSON"), report.get(2));
        assertTrue(report.get(3).startsWith("line 3,f-nd-3,api.sale.create-item,ok,"), report.get(3));
        saleNumbered("FILE-3");
        saleNumbered("FILE-4");
        assertTrue(Files.exists(SandboxResource.inbox().resolve(".failed/batch.ndjson")));
    }

    @Test
    void aCleanNdjsonFileGoesToDone() throws Exception {
        drop("clean.ndjson", Events.envelope("f-clean-1", "api.gst-rate.list", null) + "\r\n\r\n"
                + Events.envelope("f-clean-2", "api.sale.create-item", Events.saleCreateItem("FILE-5")) + "\r\n");
        List<String> report = reportOf(".done", "clean.ndjson");
        assertEquals(3, report.size(), report.toString());
        assertTrue(report.get(1).startsWith("line 1,f-clean-1,api.gst-rate.list,ok,"), report.get(1));
        assertTrue(report.get(2).startsWith("line 3,f-clean-2,api.sale.create-item,ok,"), report.get(2));
        saleNumbered("FILE-5");
    }

    @Test
    void anEmptyFileIsReportedAsFailed() throws Exception {
        drop("empty.json", "");
        List<String> report = reportOf(".failed", "empty.json");
        assertEquals(2, report.size(), report.toString());
        assertTrue(report.get(1).contains("invalid-event"), report.get(1));
    }

    @Test
    void aFileOfNonUtf8BytesIsOneInvalidEvent() throws Exception {
        Path tmp = SandboxResource.inbox().resolve("binary.jsonl.tmp");
        Files.write(tmp, new byte[] { (byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF });
        Files.move(tmp, SandboxResource.inbox().resolve("binary.jsonl"), StandardCopyOption.ATOMIC_MOVE);
        List<String> report = reportOf(".failed", "binary.jsonl");
        assertEquals(2, report.size(), report.toString());
        assertTrue(report.get(1).startsWith("file,,,failed,,,invalid-event,The file is not UTF-8 text"), report.get(1));
    }

    @Test
    void withoutKafkaTheCompletedEventsAreKeptInTheFile() {
        FileIdempotencyStore store = assertInstanceOf(FileIdempotencyStore.class, completedEvents.store());
        assertEquals(SandboxResource.completedEventsFile(), store.file());
    }

    @Test
    void theSameFileDroppedAgainIsReportedDuplicateRowByRowAndCreatesNothing() throws Exception {
        String content = Events.envelope("f-again-1", "api.sale.create-item", Events.saleCreateItem("FILE-AGAIN-1")) + "\n"
                + Events.envelope("f-again-2", "api.sale.create-item", Events.saleCreateItem("FILE-AGAIN-2")) + "\n"
                + Events.envelope("f-again-3", "api.gst-rate.list", null) + "\n";
        drop("again.ndjson", content);
        List<String> first = reportOf(".done", "again.ndjson");
        assertEquals(4, first.size(), first.toString());
        long sale1 = saleNumbered("FILE-AGAIN-1").get("id").asLong();
        long sale2 = saleNumbered("FILE-AGAIN-2").get("id").asLong();
        String completed = Files.readString(SandboxResource.completedEventsFile());
        for (String id : List.of("f-again-1", "f-again-2", "f-again-3")) {
            assertTrue(completed.contains("\"id\":\"" + id + "\""), "recorded: " + id);
        }
        int journalBefore = SandboxResource.sandbox().journal().size();
        int salesBefore = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).count("sale");

        // dropped again under the same name: the earlier file and its report stay, the new ones get a stamped name
        Path done = SandboxResource.inbox().resolve(".done");
        drop("again.ndjson", content);
        String again = await().atMost(Duration.ofSeconds(20)).until(() -> stampedTwin(done, "again", ".ndjson"),
                java.util.Optional::isPresent).orElseThrow();
        List<String> second = reportOf(".done", again);
        assertEquals(first, Files.readAllLines(done.resolve("again.ndjson.report.csv"), StandardCharsets.UTF_8),
                "the earlier report is kept as it was");
        assertEquals(content, Files.readString(done.resolve("again.ndjson")), "the earlier file is kept");

        assertEquals(List.of(first.get(0),
                "line 1,f-again-1,api.sale.create-item,duplicate," + sale1 + "," + saleNumbered("FILE-AGAIN-1")
                        .get("full_invoice_number").asText() + ",,",
                "line 2,f-again-2,api.sale.create-item,duplicate," + sale2 + "," + saleNumbered("FILE-AGAIN-2")
                        .get("full_invoice_number").asText() + ",,",
                first.get(3).replace(",ok,", ",duplicate,")), second);
        assertEquals(salesBefore, SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).count("sale"));
        assertEquals(journalBefore, SandboxResource.sandbox().journal().size(), "HisabKitab was not called again");
    }

    @Test
    void theSameIdTwiceInOneFileIsBookedOnceAndTheSecondRowIsADuplicate() throws Exception {
        drop("twice.ndjson", Events.envelope("f-twice", "api.sale.create-item", Events.saleCreateItem("FILE-TWICE-1")) + "\n"
                + Events.envelope("f-twice", "api.sale.create-item", Events.saleCreateItem("FILE-TWICE-2")) + "\n");
        List<String> report = reportOf(".done", "twice.ndjson");
        long id = saleNumbered("FILE-TWICE-1").get("id").asLong();
        assertTrue(report.get(1).startsWith("line 1,f-twice,api.sale.create-item,ok," + id + ","), report.get(1));
        assertTrue(report.get(2).startsWith("line 2,f-twice,api.sale.create-item,duplicate," + id + ","), report.get(2));
        assertTrue(SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .noneMatch(s -> "FILE-TWICE-2".equals(s.path("invoice_number").asText())));
    }

    /**
     * While a file is processed a status file beside it says how far it is (for a user who has only the folder); it
     * goes when the file is done.
     */
    @Test
    void aStatusFileBesideTheFileSaysHowFarItIsAndGoesWhenItIsDone() throws Exception {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            content.append(Events.envelope("f-status-" + i, "api.sale.create-item", Events.saleCreateItem("FILE-STATUS-" + i)))
                    .append('\n');
        }
        Path status = SandboxResource.inbox().resolve("status.ndjson" + dev.hisabkitab.sync.inbox.InboxFiles.STATUS_SUFFIX);
        // each call takes 300 ms: the file takes a few seconds, longer than the status file's interval (1 s)
        SandboxResource.sandbox().faults().latency(Duration.ofMillis(300));
        try {
            drop("status.ndjson", content.toString());
            String seen = await().atMost(Duration.ofSeconds(20)).until(() -> read(status),
                    s -> s.contains("documents done: ") && !s.contains("documents done: 0\n"));
            assertTrue(seen.contains("file: status.ndjson\nstate: booking\n"), seen);
            assertTrue(seen.matches("(?s).*file read: \\d+ %.*"), seen);
            assertTrue(seen.contains("documents failed: 0"), seen);
        } finally {
            SandboxResource.sandbox().faults().clear();
        }
        assertEquals(9, reportOf(".done", "status.ndjson").size());
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(status));
    }

    /** A file that fails outside its events (unreadable, disk full) is moved by the consumer's moveFailed: never over an earlier one. */
    @Test
    void aFileThatFailsOutsideItsEventsIsKeptUnderAFreeNameInFailed() throws Exception {
        Path failed = Files.createDirectories(SandboxResource.inbox().resolve(".failed"));
        Files.writeString(failed.resolve("broken.json"), "an earlier file");
        String moveFailed = camel.getRoute("inbox").getEndpoint().getEndpointUri().replaceAll(".*moveFailed=([^&]*).*", "$1");
        var exchange = new org.apache.camel.support.DefaultExchange(camel);
        exchange.getMessage().setHeader(org.apache.camel.Exchange.FILE_PATH, SandboxResource.inbox().resolve("broken.json").toString());
        String target = camel.resolveLanguage("simple").createExpression(java.net.URLDecoder.decode(moveFailed,
                StandardCharsets.UTF_8)).evaluate(exchange, String.class);
        assertTrue(target.matches("\\.failed/broken\\.\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.json"), target);
        Files.delete(failed.resolve("broken.json"));
        assertEquals(".failed/broken.json", camel.resolveLanguage("simple").createExpression(java.net.URLDecoder.decode(
                moveFailed, StandardCharsets.UTF_8)).evaluate(exchange, String.class), "its own name while free");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return "";
        }
    }

    /** The name of {@code <stem>.<time stamp><ext>} in the folder, with its report, once both are there. */
    private static java.util.Optional<String> stampedTwin(Path folder, String stem, String ext) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches(java.util.regex.Pattern.quote(stem) + "\\.\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ(-\\d+)?"
                            + java.util.regex.Pattern.quote(ext)))
                    .filter(n -> Files.exists(folder.resolve(n + ".report.csv"))).findFirst();
        }
    }

    private static void drop(String name, String content) throws IOException {
        // written under a .tmp name and renamed in, the way docs/file-drops.md tells writers to
        Path tmp = SandboxResource.inbox().resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, SandboxResource.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> reportOf(String folder, String name) throws IOException {
        Path report = SandboxResource.inbox().resolve(folder).resolve(name + ".report.csv");
        Path moved = SandboxResource.inbox().resolve(folder).resolve(name);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report) && Files.exists(moved));
        return Files.readAllLines(report, StandardCharsets.UTF_8);
    }

    private static JsonNode saleNumbered(String number) {
        List<JsonNode> sales = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY).records("sale").stream()
                .filter(s -> number.equals(s.path("invoice_number").asText())).toList();
        assertEquals(1, sales.size(), sales.toString());
        return sales.get(0);
    }
}

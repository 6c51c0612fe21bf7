package dev.hisabkitab.sync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hisabkitab.sync.event.SourceEvent;
import dev.hisabkitab.sync.inbox.TableDrop;

/**
 * The benchmark harness's own pieces without its processes: the names that keep its runs apart, the latency list,
 * the file-drop phase's file as the connector reads it, and the per-party order check.
 */
class BenchPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFirstRunKeepsTheConnectorsNamesAndALaterLatencyOrListenerGetsItsOwn() {
        RunSpec first = RunSpec.of(Listener.PLAINTEXT, 200, true);
        assertEquals("hisabkitab.events", ThroughputBench.topic(ThroughputBench.EVENTS, first));
        assertEquals("load", first.phase("load"));
        assertEquals("B", first.numberLetters());

        RunSpec later = RunSpec.of(Listener.SASL_SSL, 50, false);
        assertEquals("hisabkitab.events.sasl-ssl.l50", ThroughputBench.topic(ThroughputBench.EVENTS, later));
        assertEquals("hisabkitab-sync-sasl-ssl-l50", later.suffixed(ThroughputBench.GROUP, "-"));
        assertEquals("sasl_ssl.l50.load", later.phase("load"));
        // the collector counts outcomes by the phase it reads back from the event id
        assertEquals(later.phase("load"), Workload.phaseOf("bench-" + later.phase("load") + "-17"));
        assertEquals("S50", later.numberLetters());
        assertEquals("SASL_SSL, L = 50 ms", later.label());
    }

    @Test
    void latenciesComeFromTheListElseTheOneLatencyElse200And50() {
        assertEquals(List.of(200L, 50L), BenchConfig.latencies("200, 50,200", "75"));
        assertEquals(List.of(75L), BenchConfig.latencies(null, "75"));
        assertEquals(List.of(200L, 50L), BenchConfig.latencies(" ", null));
    }

    @Test
    void theFileIsOneInvoiceARowInTheInvoicesLayoutNumberedInFileOrder(@TempDir Path dir) throws IOException {
        InvoiceFile file = new InvoiceFile(50, 7, 3, 11L, "BF");
        Path csv = dir.resolve("invoices-bench.csv");
        file.write(csv);

        List<SourceEvent> documents = new ArrayList<>();
        try (TableDrop drop = TableDrop.open(csv, csv.getFileName().toString(), 1 << 20)) {
            drop.forEachRemaining(documents::add);
        }
        assertEquals(50, documents.size());
        for (int i = 0; i < 50; i++) {
            SourceEvent d = documents.get(i);
            assertNull(d.problem(), d.location());
            assertEquals(i, InvoiceFile.documentOf(d.location()), "row " + (i + 2) + " is document " + i);
            JsonNode event = JSON.readTree(d.text());
            assertEquals("invoice.create", event.path("type").asText());
            JsonNode payload = event.path("payload");
            assertEquals(file.number(i), payload.path("number").asText());
            assertEquals(Workload.partyName(Integer.parseInt(file.partyKey(i).substring(5))), payload.path("party").path("name").asText());
            assertEquals(1, payload.path("lines").size());
        }
    }

    @Test
    void aPartyWhoseDocumentsComeBackOutOfFileOrderIsAViolation() {
        InvoiceFile file = new InvoiceFile(40, 3, 2, 5L, "BF");
        Map<String, Integer> documentOfId = new HashMap<>();
        List<String> inOrder = new ArrayList<>();
        for (int i = 0; i < file.rows(); i++) {
            documentOfId.put("doc-" + i, i);
            inOrder.add("doc-" + i);
        }
        assertEquals(0, ThroughputBench.fileOrder(file, documentOfId, inOrder, null).violations());
        assertEquals(3, ThroughputBench.fileOrder(file, documentOfId, inOrder, null).parties());

        // the first two documents of one party swapped
        String party = file.partyKey(0);
        int second = 1;
        while (!file.partyKey(second).equals(party)) {
            second++;
        }
        List<String> swapped = new ArrayList<>(inOrder);
        swapped.set(0, "doc-" + second);
        swapped.set(second, "doc-0");
        assertEquals(1, ThroughputBench.fileOrder(file, documentOfId, swapped, null).violations());
    }
}

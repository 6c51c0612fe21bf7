package dev.hisabkitab.sync.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.Vetoed;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.event.SourceEvent;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * How a file in the lanes ends when its report or one of its rows breaks (InboxLanes, real lanes and a real Camel
 * route for the rows, without the file consumer): it still ends, and the files after it still run.
 */
class InboxLanesEndingTest {

    @TempDir
    Path inbox;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final InboxLanes lanes = new InboxLanes();
    private ReportsOnDisk files;
    /** What a row's processing does with its document, by the document's text (else it completes). */
    private final Map<String, Runnable> rowDoes = new ConcurrentHashMap<>();

    /**
     * The inbox's file work on real report files, the documents given; a file named in {@link #fullDisk} cannot write
     * past its header. Not a bean (the application's InboxFiles is the one).
     */
    @Vetoed
    static final class ReportsOnDisk extends InboxFiles {
        final Map<String, List<SourceEvent>> dropped = new ConcurrentHashMap<>();
        final List<String> fullDisk = new ArrayList<>();
        private final Path inbox;

        ReportsOnDisk(Path inbox) {
            this.inbox = inbox;
            statusInterval = Duration.ofHours(1);
            progressInterval = Duration.ofHours(1);
        }

        @Override
        public Iterator<SourceEvent> open(Exchange exchange) throws IOException {
            String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            Path report = Files.createDirectories(inbox.resolve(PROCESSING)).resolve(name + REPORT_SUFFIX);
            Writer out = Files.newBufferedWriter(report, StandardCharsets.UTF_8);
            Drop drop = new Drop(name, inbox, report, new DropReport(fullDisk.contains(name) ? new FullDisk(out) : out),
                    new DropProgress(name, System.nanoTime(), progressInterval), false);
            exchange.setProperty(DROP, drop);
            return dropped.get(name).iterator();
        }
    }

    /** A disk that filled up after the report's header: every later write fails, as on a real full disk. */
    private static final class FullDisk extends FilterWriter {
        private int lines;

        FullDisk(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            if (c == '\n' && ++lines > 1) {
                throw new IOException("No space left on device");
            }
            super.write(c);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            if (lines >= 1) {
                throw new IOException("No space left on device");
            }
            super.write(s, off, len);
        }
    }

    @BeforeEach
    void start() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(InboxLanes.ROW_ROUTE).process(e -> {
                    SourceEvent document = e.getMessage().getBody(SourceEvent.class);
                    rowDoes.getOrDefault(document.text(), () -> { }).run();
                    e.setProperty(PipelineKeys.OUTCOME,
                            new Reply(document.text(), "party.upsert", "default", Reply.OK, null, 1, "now"));
                });
            }
        });
        // a row that threw an Error leaves its exchange counted in flight: do not wait long for it at the end
        camel.getShutdownStrategy().setTimeout(2);
        camel.start();
        files = new ReportsOnDisk(inbox);
        lanes.camel = camel;
        lanes.files = files;
        lanes.maxInFlight = 2;
        lanes.maxOpenFiles = 1;
    }

    @AfterEach
    void stop() throws Exception {
        lanes.close();
        camel.close();
    }

    @Test
    void aReportThatCannotBeWrittenFailsItsFileAndTheNextFileStillRuns() throws Exception {
        files.dropped.put("parties-full.csv", documents("a", 5));
        files.dropped.put("parties-next.csv", documents("b", 2));
        files.fullDisk.add("parties-full.csv");
        // one reading slot, and a master file waits for the master file before it: the second runs only once the
        // first has ended
        Exchange full = drop("parties-full.csv");
        Exchange next = drop("parties-next.csv");

        await().atMost(Duration.ofSeconds(10)).until(() -> ended(full) && ended(next));
        assertEquals(".failed/parties-full.csv", full.getProperty(InboxFiles.ARCHIVED_AS));
        assertEquals(List.of(DropReport.HEADER), report(".failed", "parties-full.csv"), "what could be written");
        assertEquals(".done/parties-next.csv", next.getProperty(InboxFiles.ARCHIVED_AS));
        assertEquals(3, report(".done", "parties-next.csv").size());
    }

    @Test
    void anErrorFromARowIsThatRowsFailureAndItsFileStillEnds() throws Exception {
        files.dropped.put("parties-error.csv", documents("c", 4));
        rowDoes.put("c-2", () -> {
            throw new AssertionError("an Error, not an Exception");
        });
        Exchange file = drop("parties-error.csv");

        await().atMost(Duration.ofSeconds(10)).until(() -> ended(file));
        assertEquals(".failed/parties-error.csv", file.getProperty(InboxFiles.ARCHIVED_AS));
        List<String> report = report(".failed", "parties-error.csv");
        assertTrue(report.size() >= 3, "the rows before it and its own: " + report);
        assertTrue(report.get(2).startsWith("c-2,") && report.get(2).contains("failed"), report.get(2));
    }

    private final Map<Exchange, Boolean> done = new ConcurrentHashMap<>();

    private Exchange drop(String name) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, name);
        lanes.process(exchange, doneSync -> done.put(exchange, true));
        return exchange;
    }

    private boolean ended(Exchange exchange) {
        return done.containsKey(exchange);
    }

    private List<String> report(String folder, String name) throws IOException {
        return Files.readAllLines(inbox.resolve(folder).resolve(name + InboxFiles.REPORT_SUFFIX));
    }

    private static List<SourceEvent> documents(String prefix, int n) {
        List<SourceEvent> documents = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            documents.add(new SourceEvent(prefix + "-" + i, prefix + "-" + i));
        }
        return documents;
    }
}

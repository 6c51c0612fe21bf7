package dev.hisabkitab.sync.inbox;

import dev.hisabkitab.sync.event.SourceEvent;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.dryrun.DryRun;
import dev.hisabkitab.sync.event.EventIntake;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Outcome;

/**
 * The inbox flow's steps (routes/inbox.yaml): open a dropped file as a stream of events (JSON) or documents (CSV,
 * Excel), append each one's outcome to the file's report as it comes, and finish the report where the file is about
 * to move. The report grows in {@code .processing/} and moves beside the file at the end. A file of the inbox's
 * dry-run/ folder has those folders in dry-run/.
 */
@ApplicationScoped
@Named("inboxFiles")
public class InboxFiles {

    public static final String DONE = ".done";
    public static final String FAILED = ".failed";
    /** Where a file's report is written while the file is processed. */
    public static final String PROCESSING = ".processing";
    /** The dropped file's name, kept as a property because the events' processing replaces the headers. */
    static final String FILE_NAME = "hkInboxFile";
    /** The {@link Drop} being processed: its report, its source and its progress. */
    static final String DROP = "hkInboxDrop";
    private static final Logger LOG = Logger.getLogger(InboxFiles.class);

    @ConfigProperty(name = "hisabkitab.inbox", defaultValue = "./inbox")
    String inbox;

    @Inject
    DryRun dryRun;

    @ConfigProperty(name = EventIntake.MAX_EVENT_BYTES, defaultValue = "1048576")
    long maxEventBytes;

    @ConfigProperty(name = "hisabkitab.inbox.progress-interval", defaultValue = "PT10S")
    Duration progressInterval;

    /** One file in progress. */
    static final class Drop {
        final String name;
        /** The folder the file was dropped in (the inbox, or its dry-run/ folder): .done/ and .failed/ are in it. */
        final Path folder;
        final Path report;
        final DropReport rows;
        final DropProgress progress;
        Closeable source = () -> { };
        TableDrop table;

        Drop(String name, Path folder, Path report, DropReport rows, DropProgress progress) {
            this.name = name;
            this.folder = folder;
            this.report = report;
            this.rows = rows;
            this.progress = progress;
        }
    }

    /** The file's events (JSON, read whole) or documents (CSV/Excel, read as the splitter asks for them). */
    public Iterator<SourceEvent> open(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(FILE_NAME, name);
        exchange.setProperty(PipelineKeys.INBOX_FOLDER, FAILED);
        Path folder = folderOf(exchange);
        Path processing = Files.createDirectories(folder.resolve(PROCESSING));
        Path report = processing.resolve(name + ".report.csv");
        // a dry run's report also shows each plan (docs/dry-run.md)
        Drop drop = new Drop(name, folder, report, new DropReport(Files.newBufferedWriter(report, StandardCharsets.UTF_8),
                dryRun.isDryRun(exchange)), new DropProgress(name, System.nanoTime(), progressInterval));
        exchange.setProperty(DROP, drop);
        dryRun.startFile(exchange);
        if (DropKind.isTable(name)) {
            Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
            drop.table = TableDrop.open(file, name, maxEventBytes);
            drop.source = drop.table;
            LOG.infof("Inbox file %s: %d bytes of %s rows", name, Files.size(file),
                    DropKind.ofFileName(name).map(DropKind::prefix).orElse("unknown"));
            return drop.table;
        }
        return events(exchange, name).iterator();
    }

    /** The folder the file was taken from (the inbox, or its dry-run/ folder). */
    private Path folderOf(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        Path parent = path == null ? null : Path.of(path).getParent();
        return parent != null ? parent : Path.of(inbox);
    }

    private List<SourceEvent> events(Exchange exchange, String name) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        String text;
        try {
            text = EventIntake.decodeUtf8(bytes == null ? new byte[0] : bytes);
        } catch (EventFailure notText) {
            // Still one event: the pipeline turns it into one invalid-event dead letter saying why.
            return List.of(SourceEvent.unreadable("file", notText.getMessage().replace("event", "file")));
        }
        List<SourceEvent> events = DropFileReader.events(name, text);
        LOG.infof("Inbox file %s holds %d event(s)", name, events.size());
        return events;
    }

    /** After each event or document: its outcome is a row of the report, and progress is logged now and then. */
    public void report(Exchange event) {
        Drop drop = event.getProperty(DROP, Drop.class);
        drop.rows.add(event.getProperty(PipelineKeys.SOURCE, "", String.class), event.getProperty(PipelineKeys.OUTCOME, Outcome.class));
        drop.progress.documentDone(System.nanoTime(), drop.table == null ? -1 : drop.table.fractionRead())
                .ifPresent(LOG::info);
    }

    /** The report moves to .done/ when every event completed, else to .failed/; the file follows it there. */
    public void finish(Exchange exchange) throws IOException {
        Drop drop = exchange.getProperty(DROP, Drop.class);
        drop.source.close();
        drop.rows.close();
        String folder = drop.rows.allSucceeded() ? DONE : FAILED;
        Path dir = Files.createDirectories(drop.folder.resolve(folder));
        Files.move(drop.report, dir.resolve(drop.name + ".report.csv"), StandardCopyOption.REPLACE_EXISTING);
        exchange.setProperty(PipelineKeys.INBOX_FOLDER, folder);
        LOG.infof("%s; %d failed; moved to %s", drop.progress.summary(System.nanoTime()), drop.rows.failedRows(), folder);
    }
}

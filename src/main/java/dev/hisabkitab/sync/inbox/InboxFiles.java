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
import org.apache.camel.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.business.masters.PlannedMasters;
import dev.hisabkitab.sync.dryrun.DryRun;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.event.EventIntake;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Outcome;

/**
 * The inbox flow's file work (routes/inbox.yaml, called by InboxLanes): open a dropped file as a stream of events
 * (JSON) or documents (CSV, Excel), append each one's outcome to the file's report in row order, and finish the report
 * where the file is about to move. The report grows in {@code .processing/} and moves beside the file at the end. A file of the inbox's
 * dry-run/ folder has those folders in dry-run/.
 */
@ApplicationScoped
@Named("inboxFiles")
public class InboxFiles {

    public static final String DONE = ".done";
    public static final String FAILED = ".failed";
    /** Where a file's report is written while the file is processed. */
    public static final String PROCESSING = ".processing";
    /** A report's name: the file's name (as archived) and this. */
    public static final String REPORT_SUFFIX = ".report.csv";
    /** The status file's name beside the file being processed: the file's name and this (not a name the inbox takes). */
    public static final String STATUS_SUFFIX = ".progress.txt";
    /**
     * Where the file and its report go: {@code .done/} or {@code .failed/} and the name they keep there (ArchiveName),
     * for the file consumer's move (step {@code write-drop-report}).
     */
    static final String ARCHIVED_AS = "hkInboxArchivedAs";
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

    @ConfigProperty(name = "hisabkitab.inbox.status-interval", defaultValue = "PT1S")
    Duration statusInterval;

    /** One file in progress. */
    public static final class Drop {
        final String name;
        /** The folder the file was dropped in (the inbox, or its dry-run/ folder): .done/ and .failed/ are in it. */
        final Path folder;
        final Path report;
        final DropReport rows;
        final DropProgress progress;
        Closeable source = () -> { };
        TableDrop table;
        /** The events of a JSON file (read whole): how much is done is how many of them are. */
        int events = -1;
        final Path status;
        final String state;
        /** Its events are planned, not booked (a dry run): they go one after the other (InboxLanes). */
        final boolean planOnly;
        long statusWrittenNanos;

        Drop(String name, Path folder, Path report, DropReport rows, DropProgress progress, boolean dryRun) {
            this.name = name;
            this.status = folder.resolve(name + STATUS_SUFFIX);
            this.state = dryRun ? "checking (dry run: nothing is booked)" : "booking";
            this.planOnly = dryRun;
            this.folder = folder;
            this.report = report;
            this.rows = rows;
            this.progress = progress;
        }
    }

    /**
     * For InboxLanes, when the file's turn comes: the file's events (JSON, read whole) or documents (CSV/Excel, read
     * as the lanes have room for them). Takes the exchange because it reads the file's message (name, path, bytes)
     * and leaves on the file's exchange what its events (each a copy of it) and its end share: the drop being reported on, and the context
     * its events start from (a dry-run file's: plan only, with the masters its earlier events create).
     */
    public Iterator<SourceEvent> open(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        exchange.setProperty(FILE_NAME, name);
        Path folder = folderOf(path);
        Path processing = Files.createDirectories(folder.resolve(PROCESSING));
        Path report = processing.resolve(name + REPORT_SUFFIX);
        EventContext started = exchange.getProperty(EventContext.PROPERTY, EventContext.class);
        boolean planOnly = dryRun.isDryRun(started != null && started.dryRun());
        // a dry run's report also shows each plan (docs/dry-run.md)
        Drop drop = new Drop(name, folder, report, new DropReport(Files.newBufferedWriter(report, StandardCharsets.UTF_8),
                planOnly), new DropProgress(name, System.nanoTime(), progressInterval), planOnly);
        exchange.setProperty(DROP, drop);
        writeStatus(drop, System.nanoTime());
        if (planOnly) {
            // a dry run's events are planned one after the other as booking would book them: a party or item an
            // earlier event creates is found by the later ones
            exchange.setProperty(EventContext.PROPERTY,
                    EventContext.continued(started).withDryRun(true).withPlannedMasters(PlannedMasters.forFile()));
        }
        if (DropKind.isTable(name)) {
            Path file = Path.of(path);
            drop.table = TableDrop.open(file, name, maxEventBytes);
            drop.source = drop.table;
            LOG.infof("Inbox file %s: %d bytes of %s rows", name, Files.size(file),
                    DropKind.ofFileName(name).map(DropKind::prefix).orElse("unknown"));
            return drop.table;
        }
        List<SourceEvent> events = events(exchange.getMessage().getBody(byte[].class), name);
        drop.events = events.size();
        return events.iterator();
    }

    /**
     * The name a file that failed outside its events (an unreadable file, a full disk) keeps in .failed/: its own
     * while free, never an earlier file's (the file consumer's moveFailed).
     */
    public String failedArchiveName(@Header(Exchange.FILE_PATH) String path) {
        Path file = Path.of(path);
        Path failed = (file.getParent() == null ? Path.of(inbox) : file.getParent()).resolve(FAILED);
        return ArchiveName.free(file.getFileName().toString(), java.time.Instant.now(), n -> Files.exists(failed.resolve(n)));
    }

    /** The folder the file was taken from (the inbox, or its dry-run/ folder). */
    private Path folderOf(String path) {
        Path parent = path == null ? null : Path.of(path).getParent();
        return parent != null ? parent : Path.of(inbox);
    }

    private List<SourceEvent> events(byte[] bytes, String name) {
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

    /**
     * After each event or document, in file order (InboxLanes): its outcome is a row of the report (at the event's
     * place in the file), and progress is logged now and then. Not thread-safe: one caller at a time per drop.
     */
    public void report(Drop drop, EventContext event, Outcome outcome) {
        drop.rows.add(event == null || event.source() == null ? "" : event.source(), outcome);
        counted(drop, outcome != null && outcome.failed());
    }

    /**
     * An event or document that ended without an outcome (its processing threw, e.g. its outcome could not be
     * published): a failed row saying why, so the report still has a row for it and the file goes to .failed/.
     */
    public void reportUnfinished(Drop drop, String source, String why) {
        drop.rows.addUnfinished(source, why);
        counted(drop, true);
    }

    private void counted(Drop drop, boolean failed) {
        long now = System.nanoTime();
        drop.progress.documentDone(now, fractionRead(drop), failed).ifPresent(LOG::info);
        if (now - drop.statusWrittenNanos >= statusInterval.toNanos()) {
            writeStatus(drop, now);
        }
    }

    /** How much of the file is read: of a table, its bytes; of a JSON file, its events done; -1 when unknown. */
    private static double fractionRead(Drop drop) {
        if (drop.table != null) {
            return drop.table.fractionRead();
        }
        return drop.events > 0 ? (double) drop.progress.done() / drop.events : -1;
    }

    /**
     * The status file beside the file being processed (what a folder-only user sees), replaced whole so a reader never
     * sees half of it. A failure to write it is logged, never a reason to stop booking.
     */
    private void writeStatus(Drop drop, long nowNanos) {
        drop.statusWrittenNanos = nowNanos;
        try {
            Path next = drop.report.resolveSibling(drop.name + STATUS_SUFFIX + ".tmp");
            Files.writeString(next, drop.progress.statusText(nowNanos, java.time.Instant.now(), drop.state));
            Files.move(next, drop.status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("Cannot write the status file %s: %s", drop.status, e.toString());
        }
    }

    /**
     * A file that ends without {@link #finish}ing (left for the next start, or its finish failed): its source and its
     * report are closed, quietly (the report may be what failed).
     */
    void close(Drop drop) {
        for (Closeable c : List.of(drop.source, drop.rows)) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("Closing %s of inbox file %s: %s", c, drop.name, e);
            }
        }
    }

    /**
     * When every event has its row: the report moves to .done/ when every event completed and the file was read to
     * its end ({@code readWhole}), else to .failed/; the file follows it there, under the name returned
     * ({@code .done/<name>}), which the file consumer's move reads.
     */
    public String finish(Drop drop, boolean readWhole) throws IOException {
        drop.source.close();
        drop.rows.close();
        String folder = readWhole && drop.rows.allSucceeded() ? DONE : FAILED;
        Path dir = Files.createDirectories(drop.folder.resolve(folder));
        String archivedAs = ArchiveName.free(drop.name, java.time.Instant.now(), n -> Files.exists(dir.resolve(n)));
        Files.move(drop.report, dir.resolve(archivedAs + REPORT_SUFFIX));
        Files.deleteIfExists(drop.status);
        if (!archivedAs.equals(drop.name)) {
            LOG.infof("%s/%s was taken by an earlier file: this one and its report are kept as %s", folder, drop.name,
                    archivedAs);
        }
        LOG.infof("%s; %d failed; moved to %s", drop.progress.summary(System.nanoTime()), drop.rows.failedRows(), folder);
        return folder + "/" + archivedAs;
    }
}

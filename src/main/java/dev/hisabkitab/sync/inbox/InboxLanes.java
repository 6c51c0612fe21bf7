package dev.hisabkitab.sync.inbox;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.KeyLanes;
import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.event.ProcessingPlaces;
import dev.hisabkitab.sync.event.ProcessingSlot;
import dev.hisabkitab.sync.event.SourceEvent;
import dev.hisabkitab.sync.outcome.Outcome;

/**
 * Dropped files side by side, their rows in per-key lanes (step {@code rows-in-key-lanes} of routes/inbox.yaml).
 *
 * <p>The file consumer hands each file over and goes on (this is an asynchronous processor: the file's exchange
 * completes, and the consumer moves the file to .done/ or .failed/, only when every row has its outcome). A file
 * waits for its {@link PickupTurns turn} (masters before the documents picked up with or after them), then for one of
 * the {@code hisabkitab.inbox.max-open-files} {@link ReadingSlots reading slots} (in a queue, without a thread, the
 * file not yet opened and still in the inbox under its marker), then a reader thread reads it row by row and hands each document to its lane ({@link KeyLanes}, key {@link RowLane}: a party's
 * documents in file order); the lanes send them through {@code direct:inbox-row}, at most
 * {@code hisabkitab.inbox.max-in-flight} calling HisabKitab at once across all files and up to
 * {@code hisabkitab.prepared-ahead} more prepared meanwhile ({@link ProcessingPlaces}: a {@link ProcessingSlot} each,
 * until the outcome is made; the lane then waits for the outcome's acknowledged writes without a slot). Outcomes finish in any
 * order; each file's {@link InOrder reorder buffer} writes them to its report in row order as soon as every earlier
 * row's is in, and a file reads at most {@value #WINDOW_PER_SLOT} × max-in-flight rows ahead of its report.
 *
 * <p>A dry-run file's documents, and a JSON file's events, go in one lane, in file order: a dry run's later documents
 * must see the parties and items its earlier ones plan to create (EventContext.plannedMasters), and a JSON file's
 * events may be of any type ({@code api.*} calls too) whose dependencies cannot be read from them. Such files still
 * run beside the others.
 *
 * <p>Crash safety is the events' own: a completed id is answered {@code duplicate}, so a file read again after a
 * crash books nothing twice whatever order its rows finished in.
 */
@ApplicationScoped
@Named("inboxLanes")
public class InboxLanes implements AsyncProcessor {

    /** Where each document goes: process-event, then its outcome to Kafka when configured (routes/inbox.yaml). */
    static final String ROW_ROUTE = "direct:inbox-row";
    /** How many rows a file may read ahead of its report, per row processed at once. */
    static final int WINDOW_PER_SLOT = 16;
    private static final Logger LOG = Logger.getLogger(InboxLanes.class);

    @Inject
    CamelContext camel;

    @Inject
    InboxFiles files;

    @ConfigProperty(name = "hisabkitab.inbox.max-in-flight", defaultValue = "64")
    int maxInFlight;

    @ConfigProperty(name = "hisabkitab.prepared-ahead", defaultValue = "32")
    int preparedAhead;

    @ConfigProperty(name = "hisabkitab.inbox.max-open-files", defaultValue = "8")
    int maxOpenFiles;

    private final PickupTurns turns = new PickupTurns();
    private volatile boolean closed;
    private ExecutorService readers;
    private ReadingSlots slots;
    private ExecutorService workers;
    private KeyLanes lanes;
    private ProcessingPlaces places;
    private ProducerTemplate producer;

    /** One row's end: its context and outcome, or why it has none. */
    private record RowEnd(String source, EventContext event, Outcome outcome, Throwable failure) {
    }

    /** A file being read and processed: its drop, the rows read, the outcomes waiting for an earlier row's. */
    private final class LaneFile {
        final Exchange exchange;
        final AsyncCallback done;
        final InboxFiles.Drop drop;
        final PickupTurns.Turn turn;
        final Semaphore window = new Semaphore(WINDOW_PER_SLOT * maxInFlight);
        final InOrder<RowEnd> order = new InOrder<>();
        long read = -1;
        boolean readWhole = true;
        /** A row ended without an outcome while the connector stops: the file stays for the next start. */
        boolean leftForNextStart;
        /** A report row could not be written (a full disk, its folder removed): the file goes to .failed/. */
        boolean reportBroken;
        volatile boolean stopReading;

        LaneFile(Exchange exchange, AsyncCallback done, InboxFiles.Drop drop, PickupTurns.Turn turn) {
            this.exchange = exchange;
            this.done = done;
            this.drop = drop;
            this.turn = turn;
        }

        /** A row's end, from its lane: written with every row it held back, in row order. */
        void ended(long row, RowEnd end) {
            try {
                synchronized (this) {
                    for (RowEnd ready : order.arrived(row, end)) {
                        write(ready);
                        window.release();
                    }
                }
            } finally {
                // whatever happened above, the file's last row must still end the file (else it never completes)
                finishWhenComplete();
            }
        }

        /** A row into the report; a report that cannot be written fails the file, never the rows after it. */
        private void write(RowEnd end) {
            try {
                writeRow(end);
            } catch (RuntimeException e) {
                if (!reportBroken) {
                    LOG.errorf(e, "The report of inbox file %s cannot be written; the file goes to %s with what was"
                            + " written", drop.name, InboxFiles.FAILED);
                }
                reportBroken = true;
                stopReading = true;
            }
        }

        private void writeRow(RowEnd end) {
            if (end.failure() == null) {
                files.report(drop, end.event(), end.outcome());
                return;
            }
            if (stopping()) {
                leftForNextStart = true;
            }
            // like the sequential inbox, a row that threw stops the file: what was read still gets its rows
            stopReading = true;
            files.reportUnfinished(drop, end.source(), "Not completed: " + end.failure().getMessage());
        }

        /**
         * The reader is through: {@code rows} were handed out; {@code whole}: to the file's end; {@code interrupted}:
         * the connector stops.
         */
        void allRead(long rows, boolean whole, boolean interrupted) {
            synchronized (this) {
                read = rows;
                readWhole &= whole;
                leftForNextStart |= interrupted;
            }
            finishWhenComplete();
        }

        private void finishWhenComplete() {
            boolean left;
            boolean whole;
            synchronized (this) {
                if (read < 0 || order.released() < read) {
                    return;
                }
                read = Long.MAX_VALUE; // once
                left = leftForNextStart;
                whole = readWhole && !reportBroken;
            }
            finishFile(this, left, whole);
        }
    }

    /** Takes a file from the file consumer (its thread, in pickup order) and returns at once. */
    @Override
    public boolean process(Exchange exchange, AsyncCallback done) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        EventContext started = exchange.getProperty(EventContext.PROPERTY, EventContext.class);
        // a dry-run file plans against HisabKitab as it is and sees no other file's plan: it waits for no turn
        PickupTurns.Turn turn = started != null && started.dryRun() ? null : turns.pickedUp(name);
        CompletableFuture<Void> mayStart = turn == null ? CompletableFuture.completedFuture(null) : turn.mayStart();
        // its slot only once its turn has come: a file holding a slot never waits for another file
        mayStart.whenComplete((ignored, failure) -> slots().whenFree(() -> {
            try {
                readers().execute(() -> read(exchange, done, turn));
            } catch (RejectedExecutionException e) {
                // the connector stops: the file was not begun and stays in the inbox (its exchange is left
                // uncompleted, as for the files still waiting for a slot); the files after it are not held back
                LOG.infof("Inbox file %s not begun: the connector stops", name);
                ended(turn);
            }
        }));
        return false;
    }

    /** Camel calls the asynchronous form; this one waits, for a caller that cannot. */
    @Override
    public void process(Exchange exchange) throws Exception {
        processAsync(exchange).join();
    }

    @Override
    public CompletableFuture<Exchange> processAsync(Exchange exchange) {
        CompletableFuture<Exchange> f = new CompletableFuture<>();
        process(exchange, doneSync -> f.complete(exchange));
        return f;
    }

    /** On a reader thread: the file's rows, one by one, each to its lane. */
    private void read(Exchange exchange, AsyncCallback done, PickupTurns.Turn turn) {
        Iterator<SourceEvent> events;
        try {
            events = files.open(exchange);
        } catch (Exception | LinkageError e) {
            // nothing was handed out: the file consumer moves the file to .failed/ (its moveFailed)
            InboxFiles.Drop begun = exchange.getProperty(InboxFiles.DROP, InboxFiles.Drop.class);
            if (begun != null) {
                // its report was begun before the file proved unreadable: not left open
                files.close(begun);
            }
            exchange.setException(e);
            ended(turn);
            done.done(false);
            return;
        }
        InboxFiles.Drop drop = exchange.getProperty(InboxFiles.DROP, InboxFiles.Drop.class);
        LaneFile file = new LaneFile(exchange, done, drop, turn);
        boolean oneLane = drop.planOnly || drop.table == null;
        long rows = 0;
        boolean whole = false;
        boolean interrupted = false;
        try {
            while (!file.stopReading) {
                file.window.acquire();
                if (!events.hasNext()) {
                    file.window.release();
                    whole = true;
                    break;
                }
                SourceEvent document = events.next();
                long row = rows++;
                Exchange event = exchange.copy();
                event.getMessage().setBody(document);
                Object key = oneLane ? file : List.of(file, RowLane.keyOf(document).<Object>map(k -> k).orElse(row));
                lanes().submit(key, () -> file.ended(row, process(document, event)));
            }
        } catch (InterruptedException e) {
            LOG.infof("Reading inbox file %s was interrupted after %d document(s)", drop.name, rows);
            interrupted = true;
        } catch (RuntimeException | Error e) {
            // a file that cannot be read further: the documents read get their rows, the file goes to .failed/
            LOG.errorf(e, "Inbox file %s could not be read after %d document(s); it goes to %s", drop.name, rows,
                    InboxFiles.FAILED);
        }
        file.allRead(rows, whole, interrupted);
    }

    /**
     * In the document's lane: through process-event, holding a processing slot until its outcome is made (then its
     * lane only waits for the outcome's acknowledged writes); its outcome, or why it has none.
     */
    private RowEnd process(SourceEvent document, Exchange event) {
        Throwable failure;
        ProcessingSlot slot = null;
        try {
            slot = places().take();
            event.setProperty(PipelineKeys.PROCESSING_SLOT, slot);
            producer().send(ROW_ROUTE, event);
            failure = event.getException();
        } catch (Throwable e) {
            // even an Error is this row's failure: a row that never arrives would hold back every later row
            failure = e;
        } finally {
            if (slot != null) {
                slot.release();
            }
        }
        return new RowEnd(document.location(), event.getProperty(EventContext.PROPERTY, EventContext.class),
                event.getProperty(PipelineKeys.OUTCOME, Outcome.class), failure);
    }

    /** Every row has its report row: the report and then the file move to .done/ or .failed/. */
    private void finishFile(LaneFile file, boolean leftForNextStart, boolean readWhole) {
        try {
            if (leftForNextStart) {
                // as a stop in the middle of a file always did: it stays in the inbox, its report is begun anew.
                // Its exchange is left uncompleted, as a file not begun: completed, the file consumer would move it
                // (to .failed/ when failed, else to the move's name, which it has none of)
                files.close(file.drop);
                LOG.infof("Inbox file %s is left for the next start (the connector stops)", file.drop.name);
                return;
            }
            file.exchange.setProperty(InboxFiles.ARCHIVED_AS, files.finish(file.drop, readWhole));
        } catch (Exception | Error e) {
            // the file consumer moves the file to .failed/ (its moveFailed); the report stays in .processing/
            files.close(file.drop);
            file.exchange.setException(e);
        } finally {
            ended(file.turn);
        }
        if (!leftForNextStart) {
            file.done.done(false);
        }
    }

    /** A file is through (done, failed or left for the next start): its slot and its turn are given back. */
    private void ended(PickupTurns.Turn turn) {
        slots().release();
        if (turn != null) {
            turn.finished();
        }
    }

    private boolean stopping() {
        return closed || camel.isStopping() || camel.isStopped();
    }

    private synchronized KeyLanes lanes() {
        if (lanes == null) {
            // a thread per place (a processing slot each), as many again whose lane waits for its outcome's
            // acknowledged writes (completion, Kafka) holding no slot
            workers = Executors.newFixedThreadPool(places().threads(), KeyLanes.threads("hisabkitab-inbox-lane-"));
            lanes = new KeyLanes(workers);
        }
        return lanes;
    }

    private synchronized ProcessingPlaces places() {
        if (places == null) {
            places = new ProcessingPlaces(maxInFlight, preparedAhead);
        }
        return places;
    }

    private synchronized ReadingSlots slots() {
        if (slots == null) {
            slots = new ReadingSlots(maxOpenFiles);
        }
        return slots;
    }

    /** The most files read at once since {@link #resetPeakFilesReading()} (at most max-open-files). */
    public int peakFilesReading() {
        return slots().peak();
    }

    public void resetPeakFilesReading() {
        slots().resetPeak();
    }

    private synchronized ExecutorService readers() {
        if (closed) {
            throw new RejectedExecutionException("The connector stops");
        }
        if (readers == null) {
            // a thread per file being read, at most max-open-files (it mostly waits for room in its window)
            readers = Executors.newCachedThreadPool(KeyLanes.threads("hisabkitab-inbox-file-"));
        }
        return readers;
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (slots != null && slots.giveUpWaiting() > 0) {
            // not begun: they stay in the inbox for the next start
            LOG.info("Inbox files waiting for a reading slot are left for the next start (the connector stops)");
        }
        if (readers != null) {
            readers.shutdownNow();
        }
        if (workers != null) {
            workers.shutdown();
        }
    }
}

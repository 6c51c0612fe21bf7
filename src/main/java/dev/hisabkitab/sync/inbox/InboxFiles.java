package dev.hisabkitab.sync.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.event.EventIntake;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Outcome;

/**
 * The inbox flow's steps (routes/inbox.yaml): read a dropped file into events, gather each event's
 * outcome (the splitter's aggregator), and write the file's report where the file is about to move.
 */
@ApplicationScoped
@Named("inboxFiles")
public class InboxFiles implements AggregationStrategy {

    public static final String DONE = ".done";
    public static final String FAILED = ".failed";
    /** The dropped file's name, kept as a property because the events' processing replaces the headers. */
    static final String FILE_NAME = "hkInboxFile";
    private static final Logger LOG = Logger.getLogger(InboxFiles.class);

    @ConfigProperty(name = "hisabkitab.inbox", defaultValue = "./inbox")
    String inbox;

    public List<SourceEvent> events(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(FILE_NAME, name);
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(PipelineKeys.INBOX_FOLDER, FAILED);
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

    /** Aggregator of the splitter: collects every event's outcome into the file's report. */
    @Override
    public Exchange aggregate(Exchange report, Exchange event) {
        Exchange target = report == null ? event : report;
        DropReport rows = report == null ? new DropReport() : report.getMessage().getBody(DropReport.class);
        target.getMessage().setBody(rows);
        Outcome outcome = event.getProperty(PipelineKeys.OUTCOME, Outcome.class);
        rows.add(event.getProperty(PipelineKeys.SOURCE, "", String.class), outcome);
        return target;
    }

    public void writeReport(Exchange exchange) throws IOException {
        String name = exchange.getProperty(FILE_NAME, String.class);
        // No events at all (an empty file): the splitter leaves its input, and the report says so.
        DropReport report = exchange.getMessage().getBody() instanceof DropReport r ? r : new DropReport();
        String folder = report.allSucceeded() ? DONE : FAILED;
        Path dir = Path.of(inbox).resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".report.csv"), report.toCsv(), StandardCharsets.UTF_8);
        exchange.setProperty(PipelineKeys.INBOX_FOLDER, folder);
        LOG.infof("Inbox file %s: %d event(s), moved to %s", name, report.rows().size(), folder);
    }
}

package dev.hisabkitab.sync.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Gauge {@value #BACKLOG}: the files waiting in the inbox, those whose name the inbox route takes
 * ({@code hisabkitab.inbox.include}; files still written under a {@code .tmp} name and the .done/.failed folders do
 * not count). Counted when scraped.
 */
@ApplicationScoped
public class InboxBacklog {

    public static final String BACKLOG = "hisabkitab.inbox.backlog";

    @ConfigProperty(name = "hisabkitab.inbox")
    Path inbox;

    @ConfigProperty(name = "hisabkitab.inbox.include")
    Pattern taken;

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauges.register(registry, BACKLOG, Tags.empty(), "Files waiting in the inbox", this, InboxBacklog::waitingFiles);
    }

    double waitingFiles() {
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(name -> taken.matcher(name).matches()).count();
        } catch (IOException e) {
            return Double.NaN; // unknown this time; Prometheus shows the gap
        }
    }
}

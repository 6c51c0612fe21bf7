package dev.hisabkitab.sync.console;

import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.kafka.DeadLetterRedrive;
import dev.hisabkitab.sync.kafka.DeadLetterSelection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.auth.User;

/**
 * The console's Dead letters page over the dead-letter topic: the last dead letter of each event, newest first,
 * filtered, each with whether its event has completed since (re-driven, or sent again by its source); and re-drive of
 * the chosen ones through {@link DeadLetterRedrive}, audited with the console user who asked. Dead letters live on
 * Kafka: without {@code kafka.brokers} the page says so (a file's failed documents are in its report).
 */
@ApplicationScoped
@Named("consoleDeadLetters")
public class ConsoleDeadLetters {

    /** The most dead letters one page lists (the newest); a filter narrows what they are taken from. */
    static final int MOST_LISTED = 500;
    static final String USER_HEADER = "CamelVertxPlatformHttpAuthenticatedUser";

    @ConfigProperty(name = "kafka.brokers")
    Optional<String> brokers;

    @Inject
    DeadLetterRedrive redrive;

    @Inject
    CompletedEvents completedEvents;

    /** One dead letter as the page shows it. */
    public record Listed(String where, boolean completedSince, JsonNode letter) {
    }

    /** The page: whether dead letters are kept (Kafka on), how many matched, and the newest of them. */
    public record Page(boolean kafka, int matching, List<Listed> deadLetters) {
    }

    public Page list(@Header("category") String category, @Header("company") String company,
            @Header("type") String type, @Header("since") String since, @Header("text") String text) throws Exception {
        if (brokers.filter(b -> !b.isBlank()).isEmpty()) {
            return new Page(false, 0, List.of());
        }
        DeadLetterFilter filter = new DeadLetterFilter(category, company, type, since, text);
        Map<EventKey, DeadLetterRedrive.StoredDeadLetter> lastByEvent = new LinkedHashMap<>();
        for (DeadLetterRedrive.StoredDeadLetter stored : redrive.readAll()) {
            JsonNode letter = stored.letter();
            if (letter != null && filter.matches(letter)) {
                EventKey key = keyOf(letter);
                lastByEvent.remove(key);
                lastByEvent.put(key, stored);
            }
        }
        List<DeadLetterRedrive.StoredDeadLetter> newestFirst = new ArrayList<>(lastByEvent.values());
        Collections.reverse(newestFirst);
        List<Listed> listed = newestFirst.stream().limit(MOST_LISTED)
                .map(s -> new Listed(s.where(), completedSince(s.letter()), s.letter())).toList();
        return new Page(true, lastByEvent.size(), listed);
    }

    /** Re-drives the dead letters of these event ids (comma-separated), audited with the user who asked. */
    public ObjectNode redrive(@Header("ids") String ids, @Header(USER_HEADER) User user) throws Exception {
        if (brokers.filter(b -> !b.isBlank()).isEmpty()) {
            throw new ConsoleRequestException(409, "Dead letters are kept on Kafka: kafka.brokers is not set");
        }
        DeadLetterSelection selection;
        try {
            selection = DeadLetterSelection.of(ids, null, null);
        } catch (IllegalArgumentException e) {
            throw new ConsoleRequestException(400, "Choose the dead letters to re-drive");
        }
        return redrive.redriveSelected(selection, "console user " + userName(user));
    }

    private boolean completedSince(JsonNode letter) {
        return !letter.path("id").asText("").isBlank() && completedEvents.store().find(keyOf(letter)).isPresent();
    }

    private static EventKey keyOf(JsonNode letter) {
        String id = letter.path("id").asText("");
        if (id.isBlank()) {
            return new EventKey(letter.path("company").asText("default"), "(no id) " + letter.path("failedAt").asText());
        }
        return new EventKey(letter.path("company").asText("default"), id);
    }

    static String userName(User user) {
        if (user instanceof QuarkusHttpUser quarkus && quarkus.getSecurityIdentity() != null) {
            return quarkus.getSecurityIdentity().getPrincipal().getName();
        }
        return "(unknown)";
    }
}

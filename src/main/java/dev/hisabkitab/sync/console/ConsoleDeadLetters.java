package dev.hisabkitab.sync.console;

import dev.hisabkitab.sync.idempotency.CompletedEvents;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.kafka.DeadLetterRedrive;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        // the last dead letter of each event first, then the filter: an event is shown by why it failed last
        Map<EventKey, DeadLetterRedrive.StoredDeadLetter> lastByEvent = new LinkedHashMap<>();
        for (DeadLetterRedrive.StoredDeadLetter stored : redrive.readAll()) {
            if (stored.letter() != null) {
                EventKey key = keyOf(stored);
                lastByEvent.remove(key);
                lastByEvent.put(key, stored);
            }
        }
        DeadLetterFilter filter = new DeadLetterFilter(category, company, type, since, text);
        List<DeadLetterRedrive.StoredDeadLetter> newestFirst = new ArrayList<>(lastByEvent.values().stream()
                .filter(s -> filter.matches(s.letter())).toList());
        Collections.reverse(newestFirst);
        List<Listed> listed = newestFirst.stream().limit(MOST_LISTED)
                .map(s -> new Listed(s.where(), completedSince(s.letter()), s.letter())).toList();
        return new Page(true, newestFirst.size(), listed);
    }

    /**
     * Re-drives the dead letters of the chosen events (the body: a JSON array of {@code {"company", "id"}}; two
     * companies may use one id), audited with the user who asked.
     */
    public ObjectNode redrive(String chosen, @Header(USER_HEADER) User user) throws Exception {
        if (brokers.filter(b -> !b.isBlank()).isEmpty()) {
            throw new ConsoleRequestException(409, "Dead letters are kept on Kafka: kafka.brokers is not set");
        }
        Set<EventKey> events = chosenEvents(chosen);
        return redrive.redriveSelected(letter -> events.contains(DeadLetterRedrive.eventOf(letter)),
                "console user " + userName(user));
    }

    /** The events a re-drive request names; refused when it names none or is not the page's JSON. */
    static Set<EventKey> chosenEvents(String chosen) {
        Set<EventKey> events = new LinkedHashSet<>();
        try {
            JsonNode list = chosen == null || chosen.isBlank() ? null : Json.mapper().readTree(chosen);
            for (JsonNode event : list == null || !list.isArray() ? List.<JsonNode>of() : list) {
                String id = event.path("id").asText("");
                if (!id.isBlank()) {
                    String company = event.path("company").asText("");
                    events.add(new EventKey(company.isBlank() ? Envelope.DEFAULT_COMPANY : company, id));
                }
            }
        } catch (IOException e) {
            throw new ConsoleRequestException(400, "Choose the dead letters to re-drive (a JSON list of company and id)");
        }
        if (events.isEmpty()) {
            throw new ConsoleRequestException(400, "Choose the dead letters to re-drive");
        }
        return events;
    }

    private boolean completedSince(JsonNode letter) {
        return !letter.path("id").asText("").isBlank()
                && completedEvents.store().find(DeadLetterRedrive.eventOf(letter)).isPresent();
    }

    /** An event's key; a dead letter without an id is its own event (by where it is). */
    private static EventKey keyOf(DeadLetterRedrive.StoredDeadLetter stored) {
        EventKey event = DeadLetterRedrive.eventOf(stored.letter());
        return event.id().isBlank() ? new EventKey(event.company(), "(no id) " + stored.where()) : event;
    }

    static String userName(User user) {
        if (user instanceof QuarkusHttpUser quarkus && quarkus.getSecurityIdentity() != null) {
            return quarkus.getSecurityIdentity().getPrincipal().getName();
        }
        return "(unknown)";
    }
}

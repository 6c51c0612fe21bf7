package dev.hisabkitab.sync.console;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.outcome.Causes;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.jboss.logging.Logger;

/** How the console's API answers: JSON in the shared mapper's shape, and a refused request as its message. */
@ApplicationScoped
@Named("consoleAnswers")
public class ConsoleAnswers {

    private static final Logger LOG = Logger.getLogger(ConsoleAnswers.class);

    public String json(Object value) throws JsonProcessingException {
        return Json.mapper().writeValueAsString(value);
    }

    /** The status a failure is answered with: a refused request's own, else 500. */
    public int status(Exception failure) {
        return refusal(failure).map(ConsoleRequestException::status).orElse(500);
    }

    /** A failure's answer: a refused request's message; any other failure without its details (logged instead). */
    public String problem(Exception failure) throws JsonProcessingException {
        Optional<ConsoleRequestException> refused = refusal(failure);
        if (refused.isEmpty()) {
            LOG.warn("Console request failed", failure);
        }
        return json(Map.of("problem", refused.map(Exception::getMessage)
                .orElse("The console could not do that: see the connector's log")));
    }

    /** The refusal behind a failure (a bean step's own failure arrives wrapped in Camel's expression exception). */
    static Optional<ConsoleRequestException> refusal(Throwable failure) {
        return Optional.ofNullable(Causes.first(failure, ConsoleRequestException.class));
    }
}

package dev.hisabkitab.sync.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The HisabKitab client for Java code (the master-data look-ups, next numbers, creating a missing party): the
 * same route as every event's call ({@code direct:hisabkitab-call}), so the same retries, timeouts and key
 * handling apply. A failure comes back as the {@link EventFailure} the route ended with.
 */
@ApplicationScoped
public class HisabKitabGateway {

    static final String CLIENT_ROUTE = "direct:hisabkitab-call";

    @Inject
    ProducerTemplate producer;

    /** Calls the operation and returns HisabKitab's answer; throws the failure when it did not succeed. */
    public Reply.Result call(ApiCall call) {
        Exchange done = producer.send(CLIENT_ROUTE, exchange -> exchange.setProperty(PipelineKeys.CALL, call));
        Throwable failure = RetryPolicy.explained(done, done.getException());
        if (failure instanceof EventFailure eventFailure) {
            throw eventFailure;
        }
        if (failure != null) {
            throw EventFailure.unavailable(null, "HisabKitab " + call.operation() + " failed: " + failure.getMessage(),
                    null, failure);
        }
        return done.getProperty(PipelineKeys.RESULT, Reply.Result.class);
    }
}

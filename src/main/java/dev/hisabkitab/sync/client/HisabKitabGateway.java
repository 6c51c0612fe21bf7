package dev.hisabkitab.sync.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.EventLeftUnfinished;
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
        return send(call, false);
    }

    /**
     * Calls the operation to learn whether HisabKitab accepts the company's key again (CompanyPauses): not held back
     * while the company is paused, and a refusal is not retried.
     */
    public Reply.Result probe(ApiCall call) {
        return send(call, true);
    }

    private Reply.Result send(ApiCall call, boolean keyProbe) {
        Exchange done = producer.send(CLIENT_ROUTE, exchange -> {
            exchange.setProperty(PipelineKeys.CALL, call);
            exchange.setProperty(PipelineKeys.KEY_PROBE, keyProbe);
        });
        Throwable failure = RetryPolicy.explained(done, done.getException());
        if (failure instanceof EventFailure eventFailure) {
            throw eventFailure;
        }
        if (failure instanceof EventLeftUnfinished unfinished) {
            throw unfinished;
        }
        if (failure != null) {
            throw EventFailure.unavailable(null, "HisabKitab " + call.operation() + " failed: " + failure.getMessage(),
                    null, failure);
        }
        return done.getProperty(PipelineKeys.RESULT, Reply.Result.class);
    }
}

package dev.hisabkitab.sync.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.outcome.Causes;
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

    /** HisabKitab's answer to a call and how many attempts the call took (its retries included). */
    public record Attempted(Reply.Result result, int attempts) {
    }

    /** Calls the operation (a master batch: MasterBatches) and returns the answer with its attempts; throws the failure. */
    public Attempted callCounted(ApiCall call) {
        Exchange done = sent(call, false);
        Reply.Result result = result(call, done);
        CallState state = done.getProperty(CallState.PROPERTY, CallState.class);
        return new Attempted(result, state == null ? 1 : state.attempts());
    }

    /**
     * Calls the operation to learn whether HisabKitab accepts the company's key again (CompanyPauses): not held back
     * while the company is paused, and a refusal is not retried.
     */
    public Reply.Result probe(ApiCall call) {
        return send(call, true);
    }

    /** What one call came back with: the HTTP status (null when no answer came), the result or the failure. */
    public record Answer(Integer httpStatus, Reply.Result result, EventFailure failure) {
    }

    /**
     * Calls the operation once for a check ({@code verify}): not held back while the company is paused, a refused key
     * not retried, and the answer's HTTP status kept beside its result or failure (never thrown).
     */
    public Answer inspect(ApiCall call) {
        Exchange done = sent(call, true);
        Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        try {
            return new Answer(status, result(call, done), null);
        } catch (EventFailure e) {
            return new Answer(e.httpStatus() != null ? e.httpStatus() : status, null, e);
        } catch (EventLeftUnfinished e) {
            return new Answer(null, null, EventFailure.unavailable(null, e.getMessage(), null, e));
        }
    }

    private Reply.Result send(ApiCall call, boolean keyProbe) {
        return result(call, sent(call, keyProbe));
    }

    /** The exchange the client route ended with: the gateway reads its answer and failure from it. */
    private Exchange sent(ApiCall call, boolean keyProbe) {
        return producer.send(CLIENT_ROUTE, exchange -> {
            exchange.setProperty(PipelineKeys.CALL, call);
            exchange.setProperty(CallState.PROPERTY, keyProbe ? CallState.probeOf(call) : CallState.of(call));
        });
    }

    /** The answer the client route ended with, or the failure it ended with, thrown. */
    private static Reply.Result result(ApiCall call, Exchange done) {
        Throwable failure = RetryPolicy.explained(done.getProperty(CallState.PROPERTY, CallState.class), done.getException());
        if (failure instanceof EventFailure eventFailure) {
            throw eventFailure;
        }
        if (failure instanceof EventLeftUnfinished unfinished) {
            throw unfinished;
        }
        if (failure != null) {
            throw EventFailure.unavailable(null, "HisabKitab " + call.operation() + " failed: " + Causes.described(failure),
                    null, failure);
        }
        return done.getProperty(PipelineKeys.RESULT, Reply.Result.class);
    }
}

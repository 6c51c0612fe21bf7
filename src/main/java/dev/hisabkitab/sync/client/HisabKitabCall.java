package dev.hisabkitab.sync.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.language.bean.RuntimeBeanExpressionException;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.PipelineKeys;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The HisabKitab client's steps around the HTTP call (routes/hisabkitab-client.yaml): {@link #begin} gives the call
 * its {@link CallState}, {@link #prepare} turns the exchange's {@link ApiCall} (property {@value PipelineKeys#CALL})
 * into the request for its catalogue operation, {@link #attempted} counts it, {@link #read} turns the answer into a
 * result or a failure.
 */
@ApplicationScoped
@Named("hisabkitabCall")
public class HisabKitabCall {

    /** The header HisabKitab reads the key from; only {@link ApiKeyInterceptor} ever sets it. */
    public static final String API_KEY_HEADER = "ApiKey";
    public static final String RETRY_AFTER_HEADER = "Retry-After";
    private static final ContentType FORM_TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

    @Inject
    EndpointCatalogue catalogue;

    @Inject
    ApiKeys apiKeys;

    /**
     * Step {@code start-call}: the state the call goes on with (a probe's, a create's to be looked up first), else a
     * new one; an event's call is named after its event in the log.
     */
    public CallState begin(ApiCall call, CallState earlier, Envelope envelope) {
        CallState state = CallState.continued(earlier, call);
        return state.event() == null && envelope != null ? state.withEvent(CallState.describe(envelope)) : state;
    }

    /**
     * Step {@code build-request}. Takes the exchange because it writes the HTTP request message itself (headers, body)
     * that camel-http sends: no bound argument can stand for the message.
     */
    public void prepare(Exchange exchange) {
        ApiCall call = exchange.getProperty(PipelineKeys.CALL, ApiCall.class);
        Endpoint endpoint = catalogue.find(call.operation()).orElseThrow(
                () -> EventFailure.invalidEvent("type: no catalogue operation " + call.operation()));
        ApiRequest request = ApiRequest.of(endpoint, call.target(), call.payload());
        apiKeys.requireKeyFor(call.company());

        var message = exchange.getMessage();
        // Only what HisabKitab should see goes out as HTTP headers: no Kafka or file headers.
        message.getHeaders().clear();
        // as the enum camel-http reads: a String would go through Camel's type converters on every call
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(request.method()));
        message.setHeader(Exchange.HTTP_PATH, request.path());
        if (request.query() != null) {
            message.setHeader(Exchange.HTTP_QUERY, request.query());
        }
        message.setHeader("Accept", "application/json");
        if (request.json() != null) {
            message.setBody(new StringEntity(request.json(), ContentType.APPLICATION_JSON));
        } else if (request.form() != null) {
            MultipartEntityBuilder form = MultipartEntityBuilder.create().setCharset(StandardCharsets.UTF_8);
            request.form().forEach(f -> form.addTextBody(f.name(), f.value(), FORM_TEXT));
            message.setBody(form.build());
        } else {
            message.setBody(null);
        }
        // The company, not its key: the HTTP client puts the key on as the request leaves (ApiKeyInterceptor),
        // so the key is never in the exchange, where tracers and error dumps would show it.
        message.setHeader(ApiKeyInterceptor.COMPANY_HEADER, call.company());
    }

    /** Step {@code count-attempt}: the request is built and about to leave. */
    public CallState attempted(CallState call) {
        return call.withAttempt();
    }

    /**
     * Step {@code unwrap-step-failure}: the failure a step threw. A step that sets a property with a bean method
     * ({@code setProperty … method}) gets what the bean threw wrapped in a {@link RuntimeBeanExpressionException}; the
     * retry policy, the breaker and the dead letter read the bean's own failure.
     */
    public Throwable failureOf(Throwable caught) {
        Throwable failure = caught;
        while (failure instanceof RuntimeBeanExpressionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    /** Step {@code read-response}: HisabKitab's answer (status, body, Retry-After header) as a result, or the failure. */
    public Reply.Result read(Integer status, String body, String retryAfterHeader) {
        Duration retryAfter = RetryAfter.parse(retryAfterHeader, Instant.now()).orElse(null);
        return ApiResponse.read(status == null ? 0 : status, body, retryAfter);
    }
}

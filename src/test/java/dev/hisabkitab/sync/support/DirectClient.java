package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiRequest;
import dev.hisabkitab.sync.client.ApiResponse;
import dev.hisabkitab.sync.client.FormFields;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The connector's request building and answer reading (ApiRequest, ApiResponse) over plain java.net.http, without
 * Camel: a HisabKitab client for tests of code that takes a {@code Function<ApiCall, Reply.Result>}. Real HTTP on a
 * real socket to the sandbox; counts calls per operation.
 */
public final class DirectClient implements Function<ApiCall, Reply.Result> {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final EndpointCatalogue CATALOGUE = EndpointCatalogue.builtIn();

    private final String baseUrl;
    private final Function<String, String> keyOfCompany;
    private final java.util.Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

    public DirectClient(String baseUrl, Function<String, String> keyOfCompany) {
        this.baseUrl = baseUrl;
        this.keyOfCompany = keyOfCompany;
    }

    /** How many times the operation was called. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    @Override
    public Reply.Result apply(ApiCall call) {
        calls.computeIfAbsent(call.operation(), k -> new AtomicInteger()).incrementAndGet();
        Endpoint endpoint = CATALOGUE.find(call.operation()).orElseThrow();
        ApiRequest request = ApiRequest.of(endpoint, call.target(), call.payload());
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create(baseUrl + request.path() + (request.query() == null ? "" : "?" + request.query())))
                .timeout(Duration.ofSeconds(30)).header("ApiKey", keyOfCompany.apply(call.company()))
                .header("Accept", "application/json");
        if (request.json() != null) {
            b.header("Content-Type", "application/json").method(request.method(),
                    HttpRequest.BodyPublishers.ofString(request.json()));
        } else if (request.form() != null) {
            String boundary = "----direct" + UUID.randomUUID();
            StringBuilder body = new StringBuilder();
            for (FormFields.Field f : request.form()) {
                body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                        .append(f.name()).append("\"\r\n\r\n").append(f.value()).append("\r\n");
            }
            body.append("--").append(boundary).append("--\r\n");
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary).method(request.method(),
                    HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return ApiResponse.read(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.hisabkitab.sync.business;

import dev.hisabkitab.sync.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiRequest;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxClient;
import dev.hisabkitab.sync.sandbox.SandboxCompany;

/**
 * A HisabKitab sandbox for mapper tests, and what the connector's client does with a mapped {@link ApiCall}: the
 * catalogue's endpoint, {@link ApiRequest} (JSON body or multipart form fields, encoded as
 * {@code HisabKitabCall} encodes them), sent over HTTP.
 */
public final class SandboxCalls implements AutoCloseable {

    public static final EndpointCatalogue CATALOGUE = EndpointCatalogue.builtIn();

    private final String key = "mapper-test-" + UUID.randomUUID();
    private final EndpointCatalogue catalogue;
    private final HisabKitabSandbox sandbox;
    private final SandboxClient client;

    /** A sandbox, and calls made as the shipped catalogue says. */
    public SandboxCalls() {
        this(CATALOGUE);
    }

    /** A sandbox, and calls made as this catalogue (e.g. one with a content-type override) says. */
    public SandboxCalls(EndpointCatalogue catalogue) {
        this.catalogue = catalogue;
        this.sandbox = HisabKitabSandbox.start(0, new LinkedHashSet<>(List.of(key)), catalogue);
        this.client = new SandboxClient(sandbox.baseUrl());
    }

    public SandboxCompany company() {
        return sandbox.company(key);
    }

    /**
     * An in-memory directory whose ids are the sandbox company's seeded ids (ledgers Cash = 1 … IGST = 10, ledger
     * groups, item group General, units, GST rates), plus the seeded cities the mapper tests' addresses use.
     */
    public static InMemoryDirectory directory() {
        return new InMemoryDirectory().withCity("Mumbai", 4008, 133024).withCity("Pune", 4008, 133351)
                .withCity("Bengaluru", 4026, 131517);
    }

    /** The answer to the call. */
    public HttpResponse<String> send(ApiCall call) {
        Endpoint endpoint = catalogue.find(call.operation()).orElseThrow();
        ApiRequest request = ApiRequest.of(endpoint, call.target(), call.payload());
        String path = request.path() + (request.query() == null ? "" : "?" + request.query());
        try {
            if (request.json() != null) {
                return client.send(request.method(), path, key, "application/json",
                        request.json().getBytes(StandardCharsets.UTF_8));
            }
            if (request.form() != null) {
                MultipartEntityBuilder form = MultipartEntityBuilder.create().setCharset(StandardCharsets.UTF_8);
                request.form().forEach(f -> form.addTextBody(f.name(), f.value(),
                        ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
                HttpEntity entity = form.build();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                entity.writeTo(bytes);
                return client.send(request.method(), path, key, entity.getContentType(), bytes.toByteArray());
            }
            return client.send(request.method(), path, key, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code data} of the answer, asserting HisabKitab accepted the call (200, success true). */
    public JsonNode accepted(ApiCall call) {
        HttpResponse<String> r = send(call);
        JsonNode body = json(r);
        assertEquals(200, r.statusCode(), () -> call.operation() + " was refused: " + r.body());
        assertTrue(body.path("success").asBoolean(false), r.body());
        return body.get("data");
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}

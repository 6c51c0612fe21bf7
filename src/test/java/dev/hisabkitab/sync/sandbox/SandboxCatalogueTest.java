package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;

/** Every catalogue operation, sent as its sample, is answered 2xx with success true, as that operation. */
class SandboxCatalogueTest {

    private static final String KEY = "catalogue-test-key";
    private static HisabKitabSandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = HisabKitabSandbox.start(0, Set.of(KEY));
        client = new SandboxClient(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Stream<Named<Endpoint>> operations() {
        return EndpointCatalogue.builtIn().endpoints().stream().map(e -> Named.of(e.operation(), e));
    }

    @Test
    void theCatalogueHas240Operations() {
        assertEquals(240, operations().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void everyOperationAcceptsItsSample(Endpoint endpoint) throws Exception {
        OperationSamples.Sample sample = OperationSamples.sampleFor(endpoint, sandbox);
        int before = sandbox.journal().size();
        HttpResponse<String> response = client.send(sample, KEY);
        String context = endpoint.operation() + " " + endpoint.method() + " " + sample.path() + " payload " + sample.payload()
                + " → " + response.statusCode() + " " + response.body();
        assertTrue(response.statusCode() >= 200 && response.statusCode() < 300, context);
        JsonNode body = SandboxClient.json(response);
        assertTrue(body.path("success").asBoolean(false), context);
        assertTrue(body.has("data") && body.has("message"), context);
        List<SandboxJournal.Entry> entries = sandbox.journal().entries();
        assertEquals(before + 1, entries.size());
        assertEquals(endpoint.operation(), entries.get(entries.size() - 1).operation(), "answered as another operation: " + context);
    }
}

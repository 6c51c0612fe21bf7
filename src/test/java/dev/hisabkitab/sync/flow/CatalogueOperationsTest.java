package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.OperationSamples;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every operation of the catalogue, called once through the connector (envelope → client → real HTTP)
 * against the sandbox, with a valid request (the vendor examples where they exist): each must end as
 * a reply, the sandbox must have seen exactly the catalogue's method and path, with the key.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class CatalogueOperationsTest {

    @Inject
    ProducerTemplate producer;

    static Stream<Endpoint> operations() {
        return EndpointCatalogue.builtIn().endpoints().stream();
    }

    @ParameterizedTest(name = "{index} api.{0}")
    @MethodSource("operations")
    void everyOperationIsAnsweredWithoutAClientSideError(Endpoint endpoint) {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        OperationSamples.Sample sample = OperationSamples.sampleFor(endpoint, sandbox.company(SandboxResource.DEFAULT_KEY));
        ObjectNode event = Events.envelope("op-" + endpoint.ref(), "api." + endpoint.operation(), sample.payload());
        if (!sample.pathParameters().isEmpty()) {
            ObjectNode target = event.putObject("target");
            sample.pathParameters().forEach(target::put);
        }
        int before = sandbox.journal().size();

        Outcome outcome = producer.requestBody("direct:process-event", event.toString(), Outcome.class);

        assertInstanceOf(Reply.class, outcome, () -> String.valueOf(outcome));
        assertEquals("ok", outcome.status());
        assertEquals(1, outcome.attempts());
        List<SandboxJournal.Entry> calls = sandbox.journal().entries().subList(before, sandbox.journal().size());
        assertEquals(1, calls.size(), calls.toString());
        assertEquals(endpoint.method(), calls.get(0).method());
        assertEquals(HisabKitabSandbox.BASE_PATH + sample.path(), calls.get(0).path());
        assertEquals(true, calls.get(0).apiKeyPresent());
        assertEquals(endpoint.operation(), calls.get(0).operation(), "the sandbox answered it as another operation");
    }
}

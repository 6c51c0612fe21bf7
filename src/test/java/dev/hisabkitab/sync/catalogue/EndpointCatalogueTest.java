package dev.hisabkitab.sync.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class EndpointCatalogueTest {

    private final EndpointCatalogue catalogue = EndpointCatalogue.builtIn();

    @Test
    void holdsOneEntryForEveryEndpointRowOfTheReference() {
        List<Integer> refs = catalogue.endpoints().stream().map(Endpoint::ref).toList();
        assertEquals(IntStream.rangeClosed(2, 241).boxed().toList(), refs);
    }

    @Test
    void everyEntryIsWellFormed() {
        Set<String> seen = new HashSet<>();
        for (Endpoint e : catalogue.endpoints()) {
            assertTrue(e.operation().matches("[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*"), e.operation());
            assertTrue(seen.add(e.operation()), "twice: " + e.operation());
            assertTrue(Set.of("GET", "POST", "DELETE").contains(e.method()), e.operation() + " " + e.method());
            assertTrue(e.path().startsWith("/") && !e.path().contains("third-party"), e.operation() + " " + e.path());
            assertTrue(Set.of(Endpoint.JSON, Endpoint.MULTIPART, Endpoint.NONE).contains(e.contentType()), e.operation());
            assertEquals(e.method().equals("GET") || e.method().equals("DELETE"), !e.sendsBody(), e.operation());
            assertTrue(Set.of("full page", "partial page", "public client", "inferred", "unknown").contains(e.confidence()),
                    e.operation() + " " + e.confidence());
            assertTrue(Set.of("path", "method", "contentType").containsAll(e.inferred()), e.operation());
        }
    }

    @Test
    void documentedEndpointsKeepTheReferencePaths() {
        assertEndpoint("ledger.create-customer", "POST", "/ledgers", Endpoint.JSON, "full page", false);
        assertEndpoint("ledger.batch-create", "POST", "/batch/ledgers", Endpoint.JSON, "partial page", false);
        assertEndpoint("item.update", "POST", "/items/{id}", Endpoint.JSON, "partial page", false);
        assertEndpoint("sale.create-item", "POST", "/sale-transactions", Endpoint.JSON, "full page", false);
        assertEndpoint("sale.next-number", "GET", "/sale-transactions/next-invoice-number", Endpoint.NONE, "public client", false);
        assertEndpoint("sale.list", "GET", "/sale-transactions", Endpoint.NONE, "partial page", false);
        assertEndpoint("expense-debit-note.list", "GET", "/expense-debit-note", Endpoint.NONE, "partial page", false);
        assertEndpoint("journal.create", "POST", "/journal-transactions", Endpoint.MULTIPART, "full page", false);
        assertEndpoint("journal.update", "POST", "/journal-transactions/{id}", Endpoint.JSON, "partial page", false);
        assertEndpoint("payment.create", "POST", "/payment-transactions", Endpoint.JSON, "partial page", false);
    }

    @Test
    void pathsTheReferenceDoesNotGiveAreInferredAndSaySo() {
        assertEndpoint("journal.delete", "DELETE", "/journal-transactions/{id}", Endpoint.NONE, "unknown", true);
        assertEndpoint("sale.update", "POST", "/sale-transactions/{id}", Endpoint.JSON, "unknown", true);
        assertEndpoint("gst-rate.list", "GET", "/gst-rates", Endpoint.NONE, "unknown", true);
        assertEndpoint("receipt.update", "POST", "/receipt-transactions/{id}", Endpoint.MULTIPART, "partial page", true);
        // the ledger types share the customer ledger's documented URL, the reference marks them inferred
        assertEndpoint("ledger.create-supplier", "POST", "/ledgers", Endpoint.JSON, "inferred", true);
    }

    @Test
    void namesFromTheContractResolveIncludingAliases() {
        for (String op : List.of("ledger.create", "sale.create-item", "sale.next-number", "journal.delete",
                "gst-rate.list", "journal.create", "receipt.delete", "item.create")) {
            assertTrue(catalogue.find(op).isPresent(), op);
        }
        assertEquals("ledger.create-customer", catalogue.find("ledger.create").orElseThrow().operation());
        assertEquals(240 + 2, catalogue.operationNames().size());
    }

    @Test
    void overridesReplaceOnlyTheNamedAttributes() {
        EndpointCatalogue patched = EndpointCatalogue.builtIn(Map.of(
                "sale.delete", Map.of("path", "/sale-transactions/{id}/delete", "method", "post"),
                "ledger.create", Map.of("content-type", Endpoint.MULTIPART)));
        Endpoint delete = patched.find("sale.delete").orElseThrow();
        assertEquals("/sale-transactions/{id}/delete", delete.path());
        assertEquals("POST", delete.method());
        assertEquals(Endpoint.MULTIPART, patched.find("ledger.create-customer").orElseThrow().contentType());
        assertEquals(catalogue.find("sale.list"), patched.find("sale.list"));
        assertEquals(240, patched.endpoints().size());
    }

    @Test
    void overridesOfAnOperationAndItsAliasBothApply() {
        EndpointCatalogue patched = EndpointCatalogue.builtIn(Map.of(
                "ledger.create", Map.of("path", "/parties"),
                "ledger.create-customer", Map.of("content-type", Endpoint.MULTIPART)));
        Endpoint customer = patched.find("ledger.create-customer").orElseThrow();
        assertEquals("/parties", customer.path());
        assertEquals(Endpoint.MULTIPART, customer.contentType());
    }

    @Test
    void anOverrideOfAnUnknownOperationOrAttributeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> EndpointCatalogue.builtIn(Map.of("sale.list", Map.of("content-type", "application/jsn"))));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> EndpointCatalogue.builtIn(Map.of("sale.explode", Map.of("path", "/x"))));
        assertTrue(unknown.getMessage().contains("sale.explode"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EndpointCatalogue.builtIn(Map.of("sale.list", Map.of("confidence", "full page"))));
    }

    @Test
    void overridesAreReadFromQuotedAndPlainPropertyNames() {
        Map<String, String> props = Map.of(
                "hisabkitab.endpoints.\"sale.delete\".path", "/a/{id}",
                "hisabkitab.endpoints.journal.create.content-type", "application/json",
                "hisabkitab.base-url", "http://x");
        Map<String, Map<String, String>> overrides = CatalogueConfig.overrides(props.keySet(), props::get);
        assertEquals(Map.of("sale.delete", Map.of("path", "/a/{id}"),
                "journal.create", Map.of("content-type", "application/json")), overrides);
    }

    private void assertEndpoint(String op, String method, String path, String contentType, String confidence,
            boolean pathInferred) {
        Endpoint e = catalogue.find(op).orElseThrow(() -> new AssertionError("missing " + op));
        assertEquals(method, e.method(), op);
        assertEquals(path, e.path(), op);
        assertEquals(contentType, e.contentType(), op);
        assertEquals(confidence, e.confidence(), op);
        assertEquals(pathInferred, e.inferred().contains("path"), op + " inferred " + e.inferred());
    }
}

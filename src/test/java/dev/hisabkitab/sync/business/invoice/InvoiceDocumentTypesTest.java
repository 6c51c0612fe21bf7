package dev.hisabkitab.sync.business.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.hisabkitab.sync.business.gst.DocumentType;
import dev.hisabkitab.sync.business.gst.NatureOfSupply;
import dev.hisabkitab.sync.business.gst.TaxTreatment;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.Mode;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.Variant;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;

/**
 * document-types.yaml agrees with the endpoint catalogue (operations), the sandbox's field rules (field names,
 * blocks) and the sandbox seed (classification labels): the places the same facts are written down.
 */
class InvoiceDocumentTypesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode rules;
    private static Set<String> natureLabels;

    @BeforeAll
    static void read() throws IOException {
        rules = yaml("hisabkitab/sandbox-rules.yaml");
        natureLabels = new HashSet<>();
        for (JsonNode family : yaml("hisabkitab/sandbox-seed.yaml").path("classificationNatureTypes")) {
            family.path("names").forEach(n -> natureLabels.add(n.asText()));
        }
    }

    private static JsonNode yaml(String resource) throws IOException {
        try (InputStream in = InvoiceDocumentTypesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return YAML.readTree(in);
        }
    }

    private final DocumentTypes types = DocumentTypes.builtIn();

    @Test
    void oneSpecPerDocumentTypeOnTheRightSide() {
        assertEquals(DocumentType.values().length, types.all().size());
        for (DocumentType t : DocumentType.values()) {
            DocumentSpec spec = types.find(t.eventName()).orElseThrow(() -> new AssertionError(t.eventName()));
            assertEquals(t.side() == DocumentType.Side.SALES, spec.salesSide(), t.eventName());
        }
        assertTrue(types.find(" Sale-Return ").isPresent());
        assertTrue(types.find("invoice").isEmpty());
    }

    @Test
    void operationsAreCatalogueOperationsOfTheDocumentsResource() {
        EndpointCatalogue catalogue = EndpointCatalogue.builtIn();
        for (DocumentSpec spec : types.all()) {
            assertTrue(catalogue.find(spec.resource() + ".next-number").isPresent(), spec.resource());
            for (Mode mode : Mode.values()) {
                Variant v = spec.variant(mode).orElse(null);
                if (v == null) {
                    continue;
                }
                Endpoint e = catalogue.find(v.operation()).orElseThrow(() -> new AssertionError(v.operation()));
                assertEquals(spec.resource(), e.resource(), v.operation());
                assertEquals("POST", e.method(), v.operation());
                assertEquals(Endpoint.JSON, e.contentType(), v.operation());
                assertEquals(mode == Mode.ITEM ? "items" : "ledgers", v.lines(), v.operation());
                if (spec.modes().size() == 2) {
                    assertEquals(mode == Mode.ITEM ? "create-item" : "create-accounting", e.action());
                }
            }
        }
    }

    @Test
    void fieldNamesAndBlocksAreTheSandboxRules() {
        for (DocumentSpec spec : types.all()) {
            String where = spec.documentType();
            JsonNode r = rules.path("resources").path(spec.resource());
            assertEquals("document", r.path("kind").asText(), where);
            assertEquals(r.path("number").asText(), spec.numberField(), where);
            assertEquals(r.path("date").asText(), spec.dateField(), where);
            assertEquals(r.path("party").asText(), spec.partyField(), where);
            List<String> use = YAML.convertValue(r.path("use"), YAML.getTypeFactory().constructCollectionType(List.class, String.class));
            JsonNode itemType = r.path("itemType");
            if (spec.itemType() != null) {
                assertEquals(itemType.path("field").asText(), spec.itemType().field(), where);
                assertEquals(itemType.path("item").asInt(), spec.itemType().item(), where);
                assertEquals(itemType.path("accounting").asInt(), spec.itemType().accounting(), where);
            } else {
                // no type field is sent: the sandbox must tell the mode from the lines
                assertTrue(itemType.isMissingNode() || "infer".equals(itemType.path("default").asText()), where);
            }
            assertEquals(use.contains("ledgerLines"), spec.variant(Mode.ACCOUNTING).isPresent(), where);
            assertTrue(use.contains("itemLines") && spec.variant(Mode.ITEM).isPresent(), where);
            assertEquals(use.contains("payments"), spec.payments(), where);
            assertEquals(use.contains("otherDetails"), spec.otherDetails(), where);
            assertEquals(use.contains("taxDeductions"), spec.emptyBlocks().containsKey("tcs_details"), where);
            assertEquals(use.contains("taxDeductions"), spec.emptyBlocks().containsKey("tds_details"), where);
            assertEquals(use.contains("eway"), spec.emptyBlocks().containsKey("eway_bill_details"), where);
            assertEquals(use.contains("broker"), spec.emptyBlocks().containsKey("broker_details"), where);
            assertEquals(use.contains("transport"), spec.emptyBlocks().containsKey("transport_details"), where);
            assertNotNull(rules.path("blocks").path("charges").get("additional_charges.*." + spec.chargeTotalField()), where);
            if (spec.originalInvoice() != null) {
                JsonNode number = field(r, use, spec.originalInvoice().numberField());
                assertNotNull(number, where);
                assertNotNull(field(r, use, spec.originalInvoice().dateField()), where);
                assertEquals(spec.originalInvoice().byPurchaseId(), "purchase".equals(number.path("ref").asText()), where);
            } else {
                assertNull(field(r, use, "original_inv_no"), where);
            }
            if (spec.supplierBill() != null) {
                assertNotNull(field(r, use, spec.supplierBill().numberField()), where);
                assertNotNull(field(r, use, spec.supplierBill().dateField()), where);
            }
            if (spec.variant(Mode.ACCOUNTING).isEmpty()) {
                assertEquals("items", r.path("linesRequired").asText(), where);
                assertFalse(spec.accountingRefused().isBlank(), where);
            }
        }
    }

    @Test
    void natureFamiliesGiveLabelsTheCompanyKnows() {
        for (DocumentSpec spec : types.all()) {
            for (boolean interstate : new boolean[] {false, true}) {
                String label = NatureOfSupply.label(spec.natureFamily(), interstate, TaxTreatment.TAXABLE);
                assertTrue(natureLabels.contains(label), spec.documentType() + ": " + label);
            }
        }
    }

    /** The rule of a top-level field of a resource: its own fields or one of the blocks it uses. */
    private static JsonNode field(JsonNode resource, List<String> use, String name) {
        JsonNode own = resource.path("fields").get(name);
        if (own != null) {
            return own;
        }
        for (String block : use) {
            JsonNode f = rules.path("blocks").path(block).get(name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}

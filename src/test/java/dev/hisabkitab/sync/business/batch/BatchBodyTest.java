package dev.hisabkitab.sync.business.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.client.ApiCall;

/** The batch body on HisabKitab's documented batch request examples (src/test/resources/samples). */
class BatchBodyTest {

    static JsonNode sample(String name) throws IOException {
        try (InputStream in = BatchBodyTest.class.getResourceAsStream("/samples/" + name)) {
            return Json.mapper().readTree(in);
        }
    }

    @Test
    void singleCreatesOfTheDocumentedLedgerBatchMakeExactlyItsBody() throws IOException {
        JsonNode documented = sample("ledger-batch-create.request.json");
        List<ApiCall> creates = new ArrayList<>();
        String[] operations = { "ledger.create-customer", "ledger.create-taxes-tds", "ledger.create-secured-loan" };
        for (int i = 0; i < documented.size(); i++) {
            creates.add(new ApiCall("acme", operations[i], null, documented.get(i).deepCopy()));
        }
        ApiCall batch = BatchBody.of("acme", creates);
        assertEquals("ledger.batch-create", batch.operation());
        assertEquals("acme", batch.company());
        assertEquals(documented, batch.payload(), "the array of single bodies, in order");
        assertEquals(3, BatchBody.elements(batch).size());
    }

    @Test
    void singleCreatesOfTheDocumentedItemBatchMakeExactlyItsBody() throws IOException {
        JsonNode documented = sample("item-batch-create.request.json");
        ApiCall batch = BatchBody.of("default", List.of(
                new ApiCall("default", "item.create-goods", null, documented.get(0)),
                new ApiCall("default", "item.create-service", null, documented.get(1))));
        assertEquals("item.batch-create", batch.operation());
        assertEquals(documented, batch.payload());
    }

    @Test
    void onlyMasterCreatesHaveABatch() {
        assertEquals("ledger.batch-create", BatchBody.batchOperationOf("ledger.create-supplier"));
        assertEquals("item.batch-create", BatchBody.batchOperationOf("item.create-service"));
        assertNull(BatchBody.batchOperationOf("ledger.update"));
        assertNull(BatchBody.batchOperationOf("item.list"));
        assertNull(BatchBody.batchOperationOf("sale.create-item"));
        assertNull(BatchBody.batchOperationOf("ledger.batch-create"));
        assertNull(BatchBody.batchOperationOf(null));
    }

    @Test
    void aBatchHoldsOneResourceOnly() {
        ObjectNode body = Json.mapper().createObjectNode().put("name", "x");
        assertThrows(IllegalArgumentException.class, () -> BatchBody.of("default", List.of(
                new ApiCall("default", "ledger.create-customer", null, body),
                new ApiCall("default", "item.create-goods", null, body))));
        assertThrows(IllegalArgumentException.class, () -> BatchBody.of("default", List.of()));
    }
}

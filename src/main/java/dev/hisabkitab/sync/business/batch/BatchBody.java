package dev.hisabkitab.sync.business.batch;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.hisabkitab.sync.client.ApiCall;

/**
 * The request of a master batch: single creates of one company and one resource become one call of the resource's
 * batch endpoint ({@code POST /batch/ledgers}, {@code /batch/items}), whose body is a JSON array of the single
 * creates' bodies in their order (HisabKitab's batch examples: each element shaped like a single Create Ledger /
 * Create Item body, the ledger type chosen by each element's {@code action}, the item type by its {@code item_type}).
 */
public final class BatchBody {

    /** The resources whose creates are batched: the masters party.upsert and item.upsert create. */
    static final Set<String> RESOURCES = Set.of("ledger", "item");
    static final String BATCH_ACTION = "batch-create";

    private BatchBody() {
    }

    /**
     * The batch operation a single create joins: {@code ledger.create-customer} → {@code ledger.batch-create},
     * {@code item.create-goods} → {@code item.batch-create}; null for any other operation (updates, documents).
     */
    public static String batchOperationOf(String operation) {
        if (operation == null) {
            return null;
        }
        int dot = operation.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String resource = operation.substring(0, dot);
        String action = operation.substring(dot + 1);
        boolean create = action.equals("create") || action.startsWith("create-");
        return create && RESOURCES.contains(resource) ? resource + "." + BATCH_ACTION : null;
    }

    /** The batch call of these single creates (same company and resource), bodies in order. */
    public static ApiCall of(String company, List<ApiCall> creates) {
        if (creates.isEmpty()) {
            throw new IllegalArgumentException("a batch of no creates");
        }
        String operation = batchOperationOf(creates.get(0).operation());
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        for (ApiCall create : creates) {
            if (!operation.equals(batchOperationOf(create.operation()))) {
                throw new IllegalArgumentException(create.operation() + " does not belong in a " + operation);
            }
            body.add(create.payload() == null ? JsonNodeFactory.instance.objectNode() : create.payload().deepCopy());
        }
        return new ApiCall(company, operation, null, body);
    }

    /** The bodies of a batch call, in order. */
    public static List<JsonNode> elements(ApiCall batch) {
        return batch.payload() == null ? List.of() : java.util.stream.StreamSupport.stream(batch.payload().spliterator(), false).toList();
    }
}

package dev.hisabkitab.sync.contract;

import dev.hisabkitab.sync.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.Plan;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * docs/asyncapi.yaml names the topics the app really uses, every schema it references exists and is valid, its
 * examples follow those schemas, and so do the replies and dead letters the app writes (its own records, serialized
 * as the app serializes them).
 */
class AsyncApiTest {

    static final Path DOC = Path.of("docs/asyncapi.yaml");
    /** The schemas refer to each other by their $id: read those from src/main/resources/schemas, never the network. */
    static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://hisabkitab.dev/sync/schemas/",
                    Path.of("src/main/resources/schemas").toAbsolutePath().toUri().toString())));

    final JsonNode asyncApi = read();

    @Test
    void channelsAreTheTopicsOfApplicationProperties() throws IOException {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            settings.load(in);
        }
        assertEquals("3.0.0", asyncApi.path("asyncapi").asText());
        Map<String, String> channelSetting = Map.of("events", "hisabkitab.topics.events",
                "replies", "hisabkitab.topics.replies", "deadLetters", "hisabkitab.topics.dlq");
        Set<String> channels = new TreeSet<>();
        asyncApi.path("channels").fieldNames().forEachRemaining(channels::add);
        assertEquals(new TreeSet<>(channelSetting.keySet()), channels);
        channelSetting.forEach((channel, setting) -> assertEquals(settings.getProperty(setting),
                asyncApi.at("/channels/" + channel + "/address").asText(), channel));
        assertTrue(asyncApi.at("/channels/events/description").asText()
                .contains(settings.getProperty("hisabkitab.kafka.group-id")));
    }

    @Test
    void eachMessageReferencesAnExistingJsonSchemaAndItsExamplesFollowIt() {
        List<String> problems = new java.util.ArrayList<>();
        asyncApi.at("/components/messages").fields().forEachRemaining(message -> {
            JsonSchema schema = schemaOf(message.getValue());
            JsonNode examples = message.getValue().path("examples");
            assertTrue(examples.size() > 0, message.getKey() + " has an example");
            examples.forEach(e -> schema.validate(e.path("payload"))
                    .forEach(m -> problems.add(message.getKey() + ": " + m.getMessage())));
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void theRepliesAndDeadLettersTheAppWritesFollowThePublishedSchemas() throws Exception {
        JsonNode data = Json.mapper().readTree("{\"id\": 3}");
        List<Object> replies = List.of(
                new Reply("e-1", "invoice.create", "acme", Reply.OK, new Reply.Result(3, "Bill-3", "Created", data), 1,
                        "2025-02-11T11:09:39Z"),
                new Reply("e-1", "invoice.create", "acme", Reply.DUPLICATE, new Reply.Result(3, null, "Created", null), 0,
                        "2025-02-11T11:09:39Z"),
                new Reply("e-1", "invoice.create", "acme", Reply.PLANNED, null, new Plan("sale.create-item", "POST",
                        "/sale-transactions/create-item", "application/json", data,
                        null, new Plan.Totals(new BigDecimal("1000.00"), new BigDecimal("90.00"), new BigDecimal("90.00"),
                                new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("0.00"),
                                new BigDecimal("1180.00")), "sale",
                        List.of(new Plan.Call("party \"New Traders\" (customer)", -1, "ledger.create-customer", "POST",
                                "/ledgers/customer", "application/json", data, null)), List.of("a note")),
                        0, "2025-02-11T11:09:39Z", List.of()),
                new Reply("e-3", "api.journal.create", "acme", Reply.PLANNED, null, new Plan("journal.create", "POST",
                        "/journals", "multipart/form-data", null, List.of(new Plan.Field("voucher_number", "6")), null,
                        null, List.of(), List.of()), 0, "2025-02-11T11:09:39Z", List.of()),
                new Reply("e-4", "api.sale.list", "acme", Reply.PLANNED, null, new Plan("sale.list", "GET",
                        "/sale-transactions?start_date=01-04-2024", null, null, null, null, null, null, null), 0,
                        "2025-02-11T11:09:39Z", List.of()));
        List<Object> deadLetters = List.of(
                new DeadLetter("e-2", "api.sale.create-item", "default", DeadLetter.FAILED,
                        new DeadLetter.Error(ErrorCategory.REJECTED, "refused", 422, data, List.of("date: invalid")), 1,
                        "2025-02-11T11:09:40Z", data),
                new DeadLetter(null, null, null, DeadLetter.FAILED,
                        new DeadLetter.Error(ErrorCategory.INVALID_EVENT, "not JSON", null, null, List.of()), 0,
                        "2025-02-11T11:09:40Z", "{not json"));
        assertFollows("reply", replies);
        // a planned reply carries its plan and no result; no other reply has a plan
        JsonSchema reply = schemaOf(asyncApi.at("/components/messages/reply"));
        Plan plan = new Plan("sale.list", "GET", "/sale-transactions", null, null, null, null, null, null, null);
        for (Reply wrong : List.of(new Reply("e", "t", "c", Reply.PLANNED, null, 0, "2025-02-11T11:09:39Z"),
                new Reply("e", "t", "c", Reply.PLANNED, new Reply.Result(3, null, "m", null), plan, 0, "2025-02-11T11:09:39Z", List.of()),
                new Reply("e", "t", "c", Reply.OK, new Reply.Result(3, null, "m", null), plan, 1, "2025-02-11T11:09:39Z", List.of()))) {
            JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(wrong));
            assertFalse(reply.validate(json).isEmpty(), json.toString());
        }
        assertFollows("deadLetter", deadLetters);
        // every dead-letter category of the app is one the contract lists
        JsonSchema deadLetter = schemaOf(asyncApi.at("/components/messages/deadLetter"));
        for (ErrorCategory category : ErrorCategory.values()) {
            if (category.deadLetterCategory()) {
                assertFollows("deadLetter", List.of(new DeadLetter("e", "t", "c", DeadLetter.FAILED,
                        new DeadLetter.Error(category, "m", null, null, List.of()), 0, "2025-02-11T11:09:40Z", null)));
            }
        }
        assertTrue(deadLetter != null);
    }

    private void assertFollows(String message, List<Object> records) throws Exception {
        JsonSchema schema = schemaOf(asyncApi.at("/components/messages/" + message));
        for (Object record : records) {
            JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(record));
            Set<ValidationMessage> problems = schema.validate(json);
            assertEquals(Set.of(), problems, json.toString());
        }
    }

    private static JsonSchema schemaOf(JsonNode message) {
        assertEquals("application/schema+json;version=draft-2020-12", message.at("/payload/schemaFormat").asText());
        Path file = DOC.getParent().resolve(message.at("/payload/schema/$ref").asText()).normalize();
        assertTrue(Files.isRegularFile(file), file + " exists");
        try {
            JsonNode schema = Json.mapper().readTree(file.toFile());
            // the referenced file is itself a valid 2020-12 schema
            Set<ValidationMessage> meta = SCHEMAS.getSchema(SchemaLocation.META).validate(schema);
            assertEquals(Set.of(), meta, file.toString());
            return SCHEMAS.getSchema(schema);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(DOC.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class SchemaLocation {
        static final com.networknt.schema.SchemaLocation META = com.networknt.schema.SchemaLocation
                .of("https://json-schema.org/draft/2020-12/schema");
    }
}

package dev.hisabkitab.sync.event;

import dev.hisabkitab.sync.Envelope;

import dev.hisabkitab.sync.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

class EventSchemasTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static final EventSchemas SCHEMAS = new EventSchemas();
    private static final String DATE = "must be a real date written YYYY-MM-DD, e.g. 2025-02-11";
    private static final String GSTIN = "must be a 15-character GSTIN, e.g. 27AAPFU0939F1ZV: state code"
            + " (01-38, 97 or 99), the 10-character PAN, entity number, Z and a check character";

    // ---------------------------------------------------------------------------------------------------
    // Valid examples

    static Stream<Path> validExamples() throws IOException, URISyntaxException {
        Path dir = Path.of(EventSchemasTest.class.getResource("/events/valid").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void everyValidExamplePasses(Path file) throws IOException {
        JsonNode envelope = JSON.readTree(file.toFile());
        String type = envelope.get("type").asText();
        assertTrue(file.getFileName().toString().startsWith(type + "-"), "file name starts with its type: " + file);
        assertEquals(List.of(), SCHEMAS.validate(type, envelope.get("payload")), file.toString());
        assertEquals(List.of(), SCHEMAS.validateEnvelope(envelope), file.toString());
    }

    @Test
    void theValidExamplesCoverEveryTypeAndDocumentType() throws Exception {
        Set<String> types = new TreeSet<>();
        Map<String, Set<String>> lineKinds = new TreeMap<>();
        Set<String> directions = new TreeSet<>();
        Set<String> roles = new TreeSet<>();
        Set<String> kinds = new TreeSet<>();
        for (Path file : validExamples().toList()) {
            JsonNode e = JSON.readTree(file.toFile());
            JsonNode p = e.get("payload");
            types.add(e.get("type").asText());
            switch (e.get("type").asText()) {
                case "invoice.create" -> p.get("lines").forEach(line -> lineKinds
                        .computeIfAbsent(p.get("documentType").asText(), k -> new TreeSet<>())
                        .add(line.has("item") ? "item" : "ledger"));
                case "payment.create" -> directions.add(p.get("direction").asText()
                        + (p.has("settle") ? "+settle" : ""));
                case "party.upsert" -> roles.add(p.get("role").asText()
                        + (p.has("billingAddress") && p.has("shippingAddress") ? "+addresses" : ""));
                case "item.upsert" -> kinds.add(p.get("kind").asText());
                default -> { }
            }
        }
        assertEquals(new TreeSet<>(Envelope.BUSINESS_TYPES), types);
        JsonNode documentTypes = SCHEMAS.schemaDocument("invoice.create").at("/properties/documentType/enum");
        assertEquals(11, documentTypes.size());
        documentTypes.forEach(t -> assertTrue(lineKinds.getOrDefault(t.asText(), Set.of()).contains("item"),
                "an item-line example of " + t));
        assertTrue(lineKinds.get("sale").contains("ledger"));
        assertTrue(lineKinds.get("purchase").contains("ledger"));
        assertEquals(Set.of("received+settle", "paid"), directions);
        assertEquals(Set.of("customer+addresses", "supplier"), roles);
        assertEquals(Set.of("goods", "service"), kinds);
    }

    // ---------------------------------------------------------------------------------------------------
    // Invalid payloads: each names the failing field by path, in plain English

    static Stream<Arguments> invalidPayloads() {
        return Stream.of(
                // missing required fields
                bad("invoice.create-sale", p -> p.remove("date"), "payload.date: is required"),
                bad("invoice.create-sale", p -> line(p, 1).remove("rate"), "payload.lines[1].rate: is required"),
                bad("party.upsert-supplier", p -> p.remove("billingAddress"), "payload.billingAddress: is required"),
                bad("party.upsert-customer", p -> ((ObjectNode) p.get("billingAddress")).remove("pincode"),
                        "payload.billingAddress.pincode: is required"),
                bad("payment.create-paid", p -> p.remove("account"), "payload.account: is required"),
                bad("journal.create-depreciation", p -> ((ObjectNode) p.get("entries").get(1)).remove("ledger"),
                        "payload.entries[1].ledger: is required"),
                bad("invoice.create-sale", p -> p.set("originalInvoice", obj("{\"number\":\"INV-1\"}")),
                        "payload.originalInvoice.date: is required"),
                // wrong types
                bad("invoice.create-sale", p -> lines(p).add(obj("{\"item\":\"Nut M8\",\"rate\":\"12.50\"}")),
                        "payload.lines[2].rate: must be a number, not text in quotes (write 100.50, not \"100.50\")"),
                bad("payment.create-paid", p -> p.put("amount", "9735"),
                        "payload.amount: must be a number, not text in quotes (write 100.50, not \"100.50\")"),
                bad("party.upsert-customer", p -> p.put("creditDays", 30.5), "payload.creditDays: must be a whole number"),
                bad("item.upsert-goods", p -> p.put("pricesIncludeTax", "no"), "payload.pricesIncludeTax: must be true or false"),
                bad("invoice.create-sale", p -> p.put("lines", "Steel Bolt M8"), "payload.lines: must be a list"),
                bad("payment.create-paid", p -> p.put("party", 42), "payload.party: must be text or an object"),
                bad("party.upsert-customer", p -> p.putNull("gstin"),
                        "payload.gstin: must be text, not null (leave an optional field out instead)"),
                bad("party.upsert-customer", p -> p.put("billingAddress", "14, Laxmi Road, Pune"),
                        "payload.billingAddress: must be an object"),
                // enums
                bad("party.upsert-customer", p -> p.put("role", "client"), "payload.role: must be one of: customer, supplier"),
                bad("item.upsert-goods", p -> p.put("kind", "product"), "payload.kind: must be one of: goods, service"),
                bad("invoice.create-sale", p -> p.put("documentType", "invoice"),
                        "payload.documentType: must be one of: sale, sale-return, income-debit-note, income-credit-note,"
                                + " estimate, delivery-challan, purchase, purchase-return, expense-debit-note,"
                                + " expense-credit-note, purchase-order"),
                bad("payment.create-paid", p -> p.put("direction", "out"), "payload.direction: must be one of: received, paid"),
                bad("party.upsert-customer", p -> ((ObjectNode) p.get("openingBalance")).put("side", "dr"),
                        "payload.openingBalance.side: must be one of: debit, credit"),
                bad("item.upsert-goods", p -> p.put("gstRate", 17),
                        "payload.gstRate: must be one of: 0, 0.1, 0.25, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40"),
                // ISO dates
                bad("invoice.create-sale", p -> p.put("date", "2025-13-01"), "payload.date: " + DATE),
                bad("invoice.create-sale", p -> p.put("date", "11-02-2025"), "payload.date: " + DATE),
                bad("invoice.create-sale", p -> p.put("date", "2025-02-30"), "payload.date: " + DATE),
                bad("invoice.create-sale", p -> p.put("date", "2025-02-11\n"), "payload.date: " + DATE),
                bad("invoice.create-sale", p -> p.put("poDate", "2025-2-1"), "payload.poDate: " + DATE),
                bad("journal.create-depreciation", p -> p.put("date", "2025-03-31T00:00:00Z"), "payload.date: " + DATE),
                // GSTIN, PAN, PIN code, HSN/SAC, phone, e-mail: the forms Indian law, India Post and RFC 5322 impose
                bad("party.upsert-customer", p -> p.put("gstin", "27AAPFU0939F1Z"), "payload.gstin: " + GSTIN),
                bad("party.upsert-customer", p -> p.put("gstin", "27AAPFU0939F1Z V"), "payload.gstin: " + GSTIN),
                bad("party.upsert-customer", p -> p.put("gstin", "27aapfu0939f1zw"),
                        "payload.gstin: has a wrong check character (the 15th): this is not a valid GSTIN;"
                                + " check it for a typing error"),
                bad("party.upsert-customer", p -> p.put("gstin", "40AAPFU0939F1ZV"), "payload.gstin: " + GSTIN),
                bad("party.upsert-customer", p -> p.put("gstin", "27AAPFU0939F1ZV\n"), "payload.gstin: " + GSTIN),
                bad("invoice.create-sale", p -> ((ObjectNode) p.get("party")).put("gstin", "27AAPFU0939F1AV"),
                        "payload.party.gstin: " + GSTIN),
                // in a GSTIN's form, but its check character is not the one its first 14 characters call for
                bad("party.upsert-customer", p -> p.put("gstin", "27AAPFU0939F1ZW"),
                        "payload.gstin: has a wrong check character (the 15th): this is not a valid GSTIN;"
                                + " check it for a typing error"),
                bad("invoice.create-sale", p -> ((ObjectNode) p.get("party")).put("gstin", "27AAPFU0939F2ZV"),
                        "payload.party.gstin: has a wrong check character (the 15th): this is not a valid GSTIN;"
                                + " check it for a typing error"),
                bad("party.upsert-customer", p -> p.put("pan", "AAPFU0939"),
                        "payload.pan: must be a 10-character PAN: 5 letters, 4 digits and a letter, e.g. AAPFU0939F"),
                bad("party.upsert-customer", p -> p.put("pan", "AAPF10939F"),
                        "payload.pan: must be a 10-character PAN: 5 letters, 4 digits and a letter, e.g. AAPFU0939F"),
                bad("party.upsert-customer", p -> ((ObjectNode) p.get("billingAddress")).put("pincode", "41100"),
                        "payload.billingAddress.pincode: must be a 6-digit PIN code written as text, e.g. \"411001\""),
                bad("party.upsert-customer", p -> ((ObjectNode) p.get("billingAddress")).put("pincode", "011001"),
                        "payload.billingAddress.pincode: must be a 6-digit PIN code written as text, e.g. \"411001\""),
                bad("party.upsert-customer", p -> ((ObjectNode) p.get("billingAddress")).put("pincode", "411 001"),
                        "payload.billingAddress.pincode: must be a 6-digit PIN code written as text, e.g. \"411001\""),
                bad("item.upsert-service", p -> p.put("hsnSac", "7318"),
                        "payload.hsnSac: must be a SAC code for services: 4 or 6 digits starting with 99 written as text, e.g. \"998314\""),
                bad("item.upsert-service", p -> p.put("hsnSac", "99831"),
                        "payload.hsnSac: must be a SAC code for services: 4 or 6 digits starting with 99 written as text, e.g. \"998314\""),
                bad("item.upsert-goods", p -> p.put("hsnSac", "99871"),
                        "payload.hsnSac: must be an HSN code for goods: 4, 6 or 8 digits written as text, not starting with 99, e.g. \"73181500\""),
                bad("party.upsert-customer", p -> p.put("phone", " \t "), "payload.phone: must not be blank"),
                bad("party.upsert-customer", p -> p.put("phone", "9".repeat(101)),
                        "payload.phone: is too long: at most 100 characters allowed, it has 101"),
                bad("party.upsert-customer", p -> p.put("email", "accounts at sharma"),
                        "payload.email: must be an e-mail address such as accounts@example.in (at most 254 characters):"
                                + " a name, @ and a domain, without spaces and without two dots in a row"),
                // amounts
                bad("payment.create-paid", p -> p.put("amount", -5), "payload.amount: must be more than zero"),
                bad("payment.create-paid", p -> p.put("amount", 0), "payload.amount: must be more than zero"),
                bad("invoice.create-sale", p -> ((ObjectNode) p.get("charges").get(0)).put("amount", -250),
                        "payload.charges[0].amount: must not be negative"),
                bad("invoice.create-sale", p -> line(p, 0).put("rate", -12.5), "payload.lines[0].rate: must not be negative"),
                bad("party.upsert-customer", p -> ((ObjectNode) p.get("openingBalance")).put("amount", -1),
                        "payload.openingBalance.amount: must not be negative"),
                bad("journal.create-depreciation", p -> ((ObjectNode) p.get("entries").get(0)).put("debit", 100.005),
                        "payload.entries[0].debit: must have at most 2 decimal places (whole paise)"),
                bad("invoice.create-sale", p -> line(p, 0).put("discountPercent", 120),
                        "payload.lines[0].discountPercent: must be at most 100"),
                bad("invoice.create-sale", p -> line(p, 0).put("quantity", 0),
                        "payload.lines[0].quantity: must be more than zero"),
                bad("payment.create-paid", p -> p.put("amount", new java.math.BigDecimal("1e15")),
                        "payload.amount: must be at most 999999999999.99"),
                // item xor ledger, debit xor credit, one kind of lines
                bad("invoice.create-sale", p -> line(p, 0).put("ledger", "Sales"),
                        "payload.lines[0]: must have either item or ledger, not both"),
                bad("invoice.create-sale", p -> line(p, 1).remove("item"), "payload.lines[1]: must have either item or ledger"),
                bad("invoice.create-sale", p -> lines(p).add(obj("{\"ledger\":\"Sales\",\"rate\":100}")),
                        "payload.lines: must not mix item lines and ledger lines: a document is either an item invoice or an accounting invoice"),
                bad("journal.create-depreciation", p -> ((ObjectNode) p.get("entries").get(0)).put("credit", 85000),
                        "payload.entries[0]: must have either debit or credit, not both"),
                bad("journal.create-depreciation", p -> ((ObjectNode) p.get("entries").get(1)).remove("credit"),
                        "payload.entries[1]: must have either debit or credit"),
                bad("journal.create-depreciation", p -> ((ArrayNode) p.get("entries")).remove(1),
                        "payload.entries: must have at least 2 entries"),
                bad("invoice.create-sale", p -> lines(p).removeAll(), "payload.lines: must not be empty"),
                bad("invoice.create-sale", p -> p.set("party", obj("{}")), "payload.party: needs a name or a gstin (or both)"),
                // names: blank, too long
                bad("party.upsert-customer", p -> p.put("name", "   "), "payload.name: must not be blank"),
                // found by JournalMapperFuzzTest (input crash-ledger-of-nul-characters): "\u0000\u0000\u0000" passed
                // "\S" but trimmed to no name at all, and the directory's message threw a NullPointerException
                bad("journal.create-depreciation", p -> ((ObjectNode) p.get("entries").get(1)).put("ledger", "\u0000\u0000\u0000"),
                        "payload.entries[1].ledger: must not be blank"),
                bad("party.upsert-customer", p -> p.put("name", " \t\u001f\u0001 "), "payload.name: must not be blank"),
                bad("invoice.create-sale", p -> p.put("number", "\u0007"), "payload.number: must not be blank"),
                // found by JournalMapperFuzzTest (input crash-2e3551bb…): a number of spaces of another script passed
                // the pattern's \s but was blank to the mapper, which then had no number at all
                bad("journal.create-depreciation", p -> p.put("number", "\u2003\u3000"), "payload.number: must not be blank"),
                bad("invoice.create-sale", p -> p.put("number", "\u00a0"), "payload.number: must not be blank"),
                bad("party.upsert-customer", p -> p.put("name", "A".repeat(10_000)),
                        "payload.name: is too long: at most 200 characters allowed, it has 10000"),
                bad("journal.create-depreciation", p -> p.put("narration", "x".repeat(2001)),
                        "payload.narration: is too long: at most 2000 characters allowed, it has 2001"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("invalidPayloads")
    void invalidPayloadsNameTheFieldAndSayWhatIsWrong(String example, JsonNode payload, String expected) {
        String type = example.substring(0, example.indexOf('-'));
        assertEquals(List.of(expected), SCHEMAS.validate(type, payload));
    }

    // ---------------------------------------------------------------------------------------------------
    // Valid business data in forms no authority forbids: each was refused once, or would be by a rule of our own

    static Stream<Arguments> formsNoAuthorityForbids() {
        return Stream.of(
                good("party.upsert-customer", p -> p.put("email", "accounts@traders.example")),
                good("party.upsert-customer", p -> p.put("email", "info@बैंक.भारत")),
                good("party.upsert-customer", p -> p.put("email", "a.b+tag@sub.example.co.in")),
                // HisabKitab imposes no format on a phone
                good("party.upsert-customer", p -> p.put("phone", "+91-98765-43210")),
                good("party.upsert-customer", p -> p.put("phone", "(020) 2445 1234")),
                good("party.upsert-customer", p -> p.put("phone", "+44 20 7946 0958")),
                good("party.upsert-customer", p -> p.put("phone", "98765 43210 ext. 12")),
                good("party.upsert-customer", p -> p.put("phone", "112")),
                // names in any script, with punctuation
                good("party.upsert-customer", p -> p.put("name", "M/s. Shree Ganesh & Sons (P) Ltd.")),
                good("party.upsert-customer", p -> p.put("name", "श्री गणेश ट्रेडर्स")),
                good("party.upsert-customer", p -> p.put("name", "D'Souza Bros. – Goa")),
                good("invoice.create-sale", p -> ((ObjectNode) p.get("party")).put("name", "ಕನ್ನಡ ಸ್ಟೋರ್ಸ್")),
                good("item.upsert-goods", p -> p.put("name", "Bolt 8×40 mm, zinc-plated (100/box)")),
                // a GSTIN or PAN typed in small letters is the same number; a PAN's 4th letter is the department's
                good("party.upsert-customer", p -> p.put("gstin", "27aapfu0939f1zv").put("pan", "aapfu0939f")),
                good("invoice.create-sale", p -> ((ObjectNode) p.get("party")).put("gstin", "27aapfu0939f1zv")),
                good("party.upsert-supplier", p -> p.put("pan", "AAAEA1234B")),
                // a service's SAC heading of 4 digits is what a small business prints
                good("item.upsert-service", p -> p.put("hsnSac", "9983")),
                good("party.upsert-customer", p -> ((ObjectNode) p.get("billingAddress")).put("city", "Navi Mumbai (CBD Belapur)")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("formsNoAuthorityForbids")
    void validBusinessDataIsTaken(String example, JsonNode payload) {
        String type = example.substring(0, example.indexOf('-'));
        assertEquals(List.of(), SCHEMAS.validate(type, payload));
    }

    @Test
    void anUnknownFieldIsReportedWithTheKnownOnes() {
        ObjectNode p = payload("journal.create-depreciation");
        p.put("narations", "typo");
        ((ObjectNode) p.get("entries").get(0)).put("amount", 5);
        assertEquals(List.of(
                "payload.entries[0].amount: is not a known field here; check the spelling (known fields: ledger, debit, credit)",
                "payload.narations: is not a known field here; check the spelling (known fields: number, date, narration, entries)"),
                SCHEMAS.validate("journal.create", p));
    }

    @Test
    void problemsComeInPathOrderWithIndexesComparedAsNumbers() {
        ObjectNode p = payload("invoice.create-sale");
        for (int i = 0; i < 10; i++) {
            lines(p).add(obj("{\"item\":\"Nut\",\"rate\":1}"));
        }
        line(p, 11).remove("rate");
        line(p, 2).put("rate", "1");
        p.put("date", "11-02-2025");
        p.remove("party");
        assertEquals(List.of(
                "payload.date: " + DATE,
                "payload.lines[2].rate: must be a number, not text in quotes (write 100.50, not \"100.50\")",
                "payload.lines[11].rate: is required",
                "payload.party: is required"), SCHEMAS.validate("invoice.create", p));
        assertEquals(SCHEMAS.validate("invoice.create", p), SCHEMAS.validate("invoice.create", p.deepCopy()));
    }

    @Test
    void aThousandBadLinesGiveAShortList() {
        ObjectNode p = payload("invoice.create-sale");
        lines(p).removeAll();
        for (int i = 0; i < 1000; i++) {
            lines(p).add(obj("{\"item\":\"Nut\"}"));
        }
        List<String> problems = SCHEMAS.validate("invoice.create", p);
        assertEquals(EventSchemas.MAX_PROBLEMS, problems.size());
        assertEquals("payload.lines[0].rate: is required", problems.get(0));
        assertEquals("(and 901 more problems)", problems.get(problems.size() - 1));
    }

    @Test
    void aForeignAddressTakesItsOwnPostalCode() {
        ObjectNode p = payload("party.upsert-supplier");
        p.remove("gstin");
        p.set("billingAddress", obj("{\"line1\":\"Office 12, Sheikh Zayed Road\",\"city\":\"Dubai\",\"state\":\"Dubai\","
                + "\"pincode\":\"00000\",\"country\":\"United Arab Emirates\"}"));
        assertEquals(List.of(), SCHEMAS.validate("party.upsert", p));
        ((ObjectNode) p.get("billingAddress")).put("country", "india");
        assertEquals(List.of("payload.billingAddress.pincode: must be a 6-digit PIN code written as text, e.g. \"411001\""),
                SCHEMAS.validate("party.upsert", p));
    }

    @Test
    void numbersAreComparedByValueNotByHowTheyAreWritten() throws IOException {
        ObjectNode p = payload("item.upsert-goods");
        p.set("gstRate", JSON.readTree("18.00"));
        assertEquals(List.of(), SCHEMAS.validate("item.upsert", p));
        p.set("gstRate", JSON.readTree("0.10"));
        assertEquals(List.of(), SCHEMAS.validate("item.upsert", p));
        // a payload parsed elsewhere with doubles behaves the same
        JsonNode doubles = new ObjectMapper().readTree("{\"name\":\"x\",\"kind\":\"goods\",\"unit\":\"PCS\",\"gstRate\":7.5,"
                + "\"salePrice\":1180.07}");
        assertEquals(List.of(), SCHEMAS.validate("item.upsert", doubles));
    }

    @Test
    void aMissingOrNonObjectPayloadIsReportedAtPayload() {
        assertEquals(List.of("payload: is required"), SCHEMAS.validate("journal.create", null));
        assertEquals(List.of("payload: is required"), SCHEMAS.validate("journal.create", JSON.nullNode()));
        assertEquals(List.of("payload: must be an object"), SCHEMAS.validate("journal.create", JSON.createArrayNode()));
    }

    @Test
    void rawApiPayloadsAreLeftToTheApiAndUnknownTypesAreAProgrammingError() {
        assertEquals(List.of(), SCHEMAS.validate("api.sale.create-item", obj("{\"anything\":1}")));
        assertTrue(SCHEMAS.hasPayloadSchema("invoice.create"));
        assertTrue(!SCHEMAS.hasPayloadSchema("api.sale.create-item"));
        assertThrows(IllegalArgumentException.class, () -> SCHEMAS.validate("invoice.teleport", obj("{}")));
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        List<Path> files = validExamples().toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
            List<List<String>> expected = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                ObjectNode envelope = (ObjectNode) JSON.readTree(files.get(i % files.size()).toFile());
                ObjectNode payload = (ObjectNode) envelope.get("payload");
                if (i % 2 == 0 && payload.has("date")) {
                    payload.put("date", "31-12-2025");
                    expected.add(List.of("payload.date: " + DATE));
                } else {
                    expected.add(List.of());
                }
                results.add(pool.submit(() -> SCHEMAS.validateEnvelope(envelope)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(expected.get(i), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Envelope

    @Test
    void theEnvelopeSchemaCatchesAMissingIdAndType() {
        assertEquals(List.of("id: is required", "type: is required"), SCHEMAS.validateEnvelope(obj("{\"payload\":{}}")));
        assertEquals(List.of("id: must not be blank"),
                SCHEMAS.validateEnvelope(obj("{\"id\":\"  \",\"type\":\"api.gst-rate.list\"}")));
        assertEquals(List.of("id: must be text"), SCHEMAS.validateEnvelope(obj("{\"id\":7,\"type\":\"api.gst-rate.list\"}")));
        assertEquals(List.of("event: must be an object"), SCHEMAS.validateEnvelope(JSON.createArrayNode()));
        assertEquals(List.of("type: must be text"), SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":5}")));
    }

    @Test
    void theEnvelopeSchemaChecksTypeCompanyTargetAndUnknownFields() {
        assertEquals(List.of("type: must be api.<operation> or one of party.upsert, item.upsert, invoice.create,"
                + " payment.create, journal.create"),
                SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":\"invoice.teleport\",\"payload\":{}}")));
        assertEquals(List.of("company: must be a company name of letters, digits, '-' or '_' (at most 64)"),
                SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":\"api.gst-rate.list\",\"company\":\"../etc\"}")));
        assertEquals(List.of("target: must be an object"),
                SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":\"api.journal.delete\",\"target\":5}")));
        assertEquals(List.of("paylod: is not a known field here; check the spelling (known fields: id, type, company, target, payload)"),
                SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":\"api.ledger.create\",\"paylod\":{}}")));
    }

    @Test
    void aBusinessTypeNeedsAPayloadThatMatchesItsSchema() {
        assertEquals(List.of("payload: is required"),
                SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":\"journal.create\"}")));
        ObjectNode envelope = example("invoice.create-sale");
        ((ObjectNode) envelope.get("payload")).put("date", "2025-13-01");
        line((ObjectNode) envelope.get("payload"), 0).put("ledger", "Sales");
        assertEquals(List.of("payload.date: " + DATE, "payload.lines[0]: must have either item or ledger, not both"),
                SCHEMAS.validateEnvelope(envelope));
        // raw API operations carry the body as the API documents it; HisabKitab checks it
        assertEquals(List.of(), SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":\"api.sale.create-item\","
                + "\"target\":{\"id\":3},\"payload\":{\"voucher_date\":\"11-02-2025\"}}")));
        assertEquals(List.of(), SCHEMAS.validateEnvelope(obj("{\"id\":\"1\",\"type\":\"api.gst-rate.list\"}")));
    }

    // ---------------------------------------------------------------------------------------------------
    // The schema files themselves

    @Test
    void theSchemaFilesAreValidDraft202012AndDescribeEveryProperty() throws IOException {
        JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String file : EventSchemas.FILES) {
            JsonNode schema;
            try (InputStream in = getClass().getResourceAsStream("/schemas/" + file)) {
                schema = JSON.readTree(in);
            }
            Set<ValidationMessage> problems = meta.validate(schema);
            assertEquals(Set.of(), problems, file);
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText(), file);
            assertEquals(EventSchemas.BASE_IRI + file, schema.get("$id").asText(), file);
            assertTrue(schema.hasNonNull("description"), file);
            List<String> undescribed = new ArrayList<>();
            collectUndescribed(schema, "#", undescribed);
            assertEquals(List.of(), undescribed, file + ": properties without a description");
        }
    }

    @Test
    void payloadObjectsRefuseUnknownFields() {
        for (String type : Envelope.BUSINESS_TYPES) {
            List<String> open = new ArrayList<>();
            collectOpenObjects(SCHEMAS.schemaDocument(type), "#", open);
            collectOpenObjects(SCHEMAS.schemaDocument("common"), "#", open);
            assertEquals(List.of(), open, type + ": objects without additionalProperties false");
        }
    }

    @Test
    void dollarMatchesOnlyAtTheVeryEndAsInEcmaScript() {
        assertEquals("^[0-9]{6}\\z", EventSchemas.strictEnd("^[0-9]{6}$"));
        assertEquals("^a\\$b[$]\\z", EventSchemas.strictEnd("^a\\$b[$]$"));
        assertTrue(EventSchemas.ECMA_ANCHORED.getRegularExpression("^[0-9]{6}$").matches("411001"));
        assertTrue(!EventSchemas.ECMA_ANCHORED.getRegularExpression("^[0-9]{6}$").matches("411001\n"));
        assertTrue(EventSchemas.ECMA_ANCHORED.getRegularExpression("\\S").matches("  x "));
        assertTrue(EventSchemas.ECMA_ANCHORED.getRegularExpression("[^\\s\\u0000-\\u001f]").matches("\u0000 x\t"));
        assertTrue(!EventSchemas.ECMA_ANCHORED.getRegularExpression("[^\\s\\u0000-\\u001f]").matches("\u0000 \u001f\t"));
    }

    private static void collectUndescribed(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()
                    && !at.endsWith("/if") && !at.endsWith("/then") && !at.endsWith("/else")) {
                properties.fields().forEachRemaining(e -> {
                    if (!e.getValue().hasNonNull("description")) {
                        out.add(at + "/properties/" + e.getKey());
                    }
                });
            }
            node.fields().forEachRemaining(e -> collectUndescribed(e.getValue(), at + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndescribed(node.get(i), at + "/" + i, out);
            }
        }
    }

    private static void collectOpenObjects(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            if ("object".equals(node.path("type").asText()) && node.has("properties")
                    && !node.path("additionalProperties").isBoolean()) {
                out.add(at);
            }
            node.fields().forEachRemaining(e -> collectOpenObjects(e.getValue(), at + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectOpenObjects(node.get(i), at + "/" + i, out);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private static Arguments good(String example, Consumer<ObjectNode> change) {
        ObjectNode p = payload(example);
        change.accept(p);
        return Arguments.of(example, p);
    }

    private static Arguments bad(String example, Consumer<ObjectNode> change, String expected) {
        ObjectNode p = payload(example);
        change.accept(p);
        return Arguments.of(example, p, expected);
    }

    private static ObjectNode example(String name) {
        try (InputStream in = EventSchemasTest.class.getResourceAsStream("/events/valid/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static ObjectNode payload(String example) {
        return (ObjectNode) example(example).get("payload");
    }

    private static ArrayNode lines(ObjectNode p) {
        return (ArrayNode) p.get("lines");
    }

    private static ObjectNode line(ObjectNode p, int i) {
        return (ObjectNode) p.get("lines").get(i);
    }

    private static ObjectNode obj(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}

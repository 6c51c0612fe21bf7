package dev.hisabkitab.sync.flow;

import static dev.hisabkitab.sync.flow.KafkaFlowTest.withId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.sandbox.SandboxJournal;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.InjectKafkaBroker;
import dev.hisabkitab.sync.support.KafkaBrokerResource;
import dev.hisabkitab.sync.support.KafkaTestClient;
import dev.hisabkitab.sync.support.KafkaTestClient.ConsumedRecord;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Several companies in one run (docs/contract.md, "The envelope": {@code company}): each event's {@code company} selects the key
 * configured as {@code hisabkitab.companies.<name>.api-key}, and the sandbox, which keeps one company per key and
 * authenticates every call by its key, shows where each document went and with which key each call came. Company
 * {@code acme} and {@code bharat} (a key made up for this run) get interleaved events with the same document
 * numbers; an event for a company without a key is a {@code mapping} dead letter naming it.
 */
@QuarkusTest
@WithTestResource(value = SandboxResource.class, initArgs = @ResourceArg(name = SandboxResource.COMPANIES, value = "bharat"))
@WithTestResource(value = KafkaBrokerResource.class, initArgs = @ResourceArg(name = KafkaBrokerResource.TOPICS,
        value = "hisabkitab.events,hisabkitab.replies,hisabkitab.dlq"))
class TwoCompaniesTest {

    static final String EVENTS = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final List<String> COMPANIES = List.of("acme", "bharat");
    static final int SALES_EACH = 5;

    @InjectKafkaBroker
    KafkaTestClient kafka;

    @Test
    void eachCompanysEventsAreBookedInItsOwnCompanyWithItsOwnKeyAndAnUnknownCompanyIsAMappingDeadLetter() {
        HisabKitabSandbox sandbox = SandboxResource.sandbox();
        sandbox.reset();
        Map<String, SandboxCompany> companies = new LinkedHashMap<>();
        COMPANIES.forEach(c -> companies.put(c, sandbox.company(SandboxResource.keyOf(c))));
        SandboxCompany defaultCompany = sandbox.company(SandboxResource.DEFAULT_KEY);
        assertEquals(3, Set.of(defaultCompany.companyId(), companies.get("acme").companyId(),
                companies.get("bharat").companyId()).size(), "three sandbox companies");

        // Interleaved: acme's and bharat's sale number i share a record key (one partition, one after the other);
        // different numbers are on other keys and run at the same time. The party of the same name is created in
        // both, each from its own company's master data.
        Map<String, String> companyOfEvent = new LinkedHashMap<>();
        for (int i = 1; i <= SALES_EACH; i++) {
            for (String company : COMPANIES) {
                String id = company + "-sale-" + i;
                ObjectNode sale = Events.saleCreateItem(SandboxResource.keyOf(company), "TWO-" + i);
                sale.with("other_details").put("po_no", id); // marks the request in the sandbox's journal
                produce("TWO-" + i, id, "api.sale.create-item", company, sale);
                companyOfEvent.put(id, company);
            }
            if (i == 3) {
                produce("TWO-3", "nobody-sale", "api.sale.create-item", "nobody", Events.saleCreateItem("TWO-3"));
            }
        }
        for (String company : COMPANIES) {
            JsonNode party = Events.resource("/events/valid/party.upsert-customer.json").get("payload");
            produce("party", company + "-party", "party.upsert", company, party);
            companyOfEvent.put(company + "-party", company);
        }

        List<ConsumedRecord> outcomes = kafka.consumeUntil(List.of(REPLIES, DLQ), records -> companyOfEvent.keySet()
                .stream().allMatch(id -> records.stream().anyMatch(withId(id)))
                && records.stream().anyMatch(withId("nobody-sale")));

        // one ok reply per event, naming its company, for the document stored in that company
        for (Map.Entry<String, String> e : companyOfEvent.entrySet()) {
            List<ConsumedRecord> mine = outcomes.stream().filter(withId(e.getKey())).toList();
            assertEquals(1, mine.size(), mine.toString());
            assertEquals(REPLIES, mine.get(0).topic(), mine.toString());
            JsonNode reply = Events.json(mine.get(0).value());
            assertEquals("ok", reply.get("status").asText(), reply.toString());
            assertEquals(e.getValue(), reply.get("company").asText(), reply.toString());
            String resource = e.getKey().endsWith("-party") ? "ledger" : "sale";
            JsonNode booked = companies.get(e.getValue()).record(resource, reply.at("/result/hisabkitabId").asLong())
                    .orElseThrow(() -> new AssertionError("not in " + e.getValue() + ": " + reply));
            assertEquals(companies.get(e.getValue()).companyId(), booked.get("company_id").asLong(), booked.toString());
            if (resource.equals("sale")) {
                assertEquals(e.getKey(), booked.get("po_no").asText(), booked.toString());
            }
        }

        // each company holds exactly its own documents: TWO-1..5 once, each from its own events, and one party
        for (String company : COMPANIES) {
            List<JsonNode> sales = companies.get(company).records("sale").stream()
                    .filter(s -> s.path("invoice_number").asText().startsWith("TWO-")).toList();
            assertEquals(SALES_EACH, sales.size(), company + ": " + sales);
            for (JsonNode sale : sales) {
                assertTrue(sale.get("po_no").asText().startsWith(company + "-sale-"), company + " holds " + sale);
            }
            assertEquals(SALES_EACH, sales.stream().map(s -> s.get("invoice_number").asText()).distinct().count());
            assertEquals(1, ledgersNamed(companies.get(company), "Sharma Traders"), company);
        }
        assertTrue(defaultCompany.records("sale").stream().noneMatch(s -> s.path("invoice_number").asText().startsWith("TWO-")),
                "company default holds none of them");
        assertEquals(0, ledgersNamed(defaultCompany, "Sharma Traders"));

        // every call carried a key the sandbox accepted, and each sale's create carried its own company's key
        List<SandboxJournal.Entry> calls = sandbox.journal().entries();
        assertFalse(calls.isEmpty());
        for (SandboxJournal.Entry call : calls) {
            assertTrue(call.apiKeyPresent() && call.company() != null && call.status() < 400, call.toString());
            assertFalse(call.apiKeySha256().equals(defaultCompany.apiKeyHash()), "company default's key used: " + call);
        }
        Map<String, List<String>> keyHashesOfEvent = new LinkedHashMap<>();
        for (SandboxJournal.Entry create : sandbox.journal().entries("sale.create-item")) {
            companyOfEvent.keySet().stream().filter(id -> create.body().contains("\"" + id + "\""))
                    .forEach(id -> keyHashesOfEvent.computeIfAbsent(id, k -> new ArrayList<>()).add(create.apiKeySha256()));
        }
        for (Map.Entry<String, String> e : companyOfEvent.entrySet()) {
            if (e.getKey().contains("-sale-")) {
                assertEquals(List.of(companies.get(e.getValue()).apiKeyHash()), keyHashesOfEvent.get(e.getKey()),
                        "the key of the create of " + e.getKey());
            }
        }
        Map<String, Long> partyCreatesByCompany = sandbox.journal().entries("ledger.create-customer").stream()
                .collect(Collectors.groupingBy(SandboxJournal.Entry::company, Collectors.counting()));
        assertEquals(Map.of(companies.get("acme").name(), 1L, companies.get("bharat").name(), 1L), partyCreatesByCompany);

        // the unknown company: a mapping dead letter naming it and the setting to add; nothing sent for it
        List<ConsumedRecord> nobody = outcomes.stream().filter(withId("nobody-sale")).toList();
        assertEquals(1, nobody.size(), nobody.toString());
        assertEquals(DLQ, nobody.get(0).topic());
        JsonNode dead = Events.json(nobody.get(0).value());
        assertEquals("mapping", dead.at("/error/category").asText(), dead.toString());
        assertEquals("nobody", dead.get("company").asText(), dead.toString());
        assertTrue(dead.at("/error/message").asText().contains("'nobody'"), dead.toString());
        assertTrue(dead.at("/error/message").asText().contains("hisabkitab.companies.nobody.api-key"), dead.toString());
        assertEquals("nobody-sale", dead.at("/event/id").asText(), dead.toString());
        assertEquals(SALES_EACH * COMPANIES.size(), sandbox.journal().entries("sale.create-item").size(),
                "one create per company's sale, none for nobody");

        // no key in any outcome record, its key or its headers
        List<String> keys = List.of(SandboxResource.DEFAULT_KEY, SandboxResource.keyOf("acme"), SandboxResource.keyOf("bharat"));
        for (ConsumedRecord r : outcomes) {
            for (String key : keys) {
                assertFalse(r.value().contains(key), r.toString());
                assertFalse(String.valueOf(r.key()).contains(key), r.toString());
                assertFalse(r.headers().toString().contains(key), r.toString());
            }
            assertTrue(r.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("ApiKey")), r.toString());
        }
    }

    private void produce(String recordKey, String id, String type, String company, JsonNode payload) {
        ObjectNode event = Events.envelope(id, type, payload);
        event.put("company", company);
        kafka.produce(EVENTS, recordKey, event.toString());
    }

    private static long ledgersNamed(SandboxCompany company, String name) {
        return company.records("ledger").stream().filter(l -> name.equals(l.path("name").asText())).count();
    }
}

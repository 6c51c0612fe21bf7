package dev.hisabkitab.sync.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.outcome.DeadLetter;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.SandboxResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Many events in flight at once through the real pipeline (direct:process-event from many threads) to the
 * sandbox: a new party needed by 100 invoices is created once, and 100 invoices without numbers get 100 distinct
 * numbers from HisabKitab's series.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@TestProfile(ConcurrentDocumentsTest.AutoCreate.class)
class ConcurrentDocumentsTest {

    public static class AutoCreate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hisabkitab.auto-create", "true");
        }
    }

    static final int EVENTS = 100;

    @Inject
    ProducerTemplate producer;

    @Test
    void hundredUnnumberedInvoicesForOneNewPartyMakeOnePartyAndHundredDistinctNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Object>> outcomes = new ArrayList<>();
        try {
            for (int i = 1; i <= EVENTS; i++) {
                String event = invoice("conc-" + i).toString();
                outcomes.add(pool.submit(() -> producer.requestBody("direct:process-event", event)));
            }
            Set<String> numbers = new HashSet<>();
            for (Future<Object> f : outcomes) {
                Outcome outcome = (Outcome) f.get(120, TimeUnit.SECONDS);
                assertTrue(outcome instanceof Reply, "every invoice is booked: " + outcome);
                numbers.add(((Reply) outcome).result().number());
            }
            assertEquals(EVENTS, numbers.size(), "distinct numbers: " + numbers);
        } finally {
            pool.shutdownNow();
        }
        SandboxCompany company = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY);
        long parties = company.records("ledger").stream()
                .filter(l -> "Naya Kirana Stores".equals(l.path("name").asText())).count();
        assertEquals(1, parties, "exactly one party ledger");
        assertEquals(EVENTS, company.records("sale").stream()
                .filter(sale -> !sale.path("invoice_number").asText().startsWith("WALKIN")).count());
        long items = company.records("item").stream()
                .filter(i -> "Basmati Rice 5kg".equals(i.path("item_name").asText())).count();
        assertEquals(1, items, "exactly one item");
    }

    /**
     * A new party with neither GSTIN nor place of supply: creating it would record a guessed state on its ledger (the
     * company's), which every later document would read as the party's. A mapping dead letter instead, nothing created.
     */
    @Test
    void aNewPartyWithoutGstinOrPlaceOfSupplyIsNotCreatedWithAGuessedState() {
        ObjectNode payload = (ObjectNode) Events.json("""
                {"documentType": "sale", "number": "WALKIN-1", "date": "2025-02-11", "party": {"name": "Walk-in Ramesh"},
                 "lines": [{"item": "Basmati Rice 5kg", "quantity": 1, "rate": 450, "gstRate": 5}]}""");
        Outcome outcome = (Outcome) producer.requestBody("direct:process-event",
                Events.envelope("walkin-1", "invoice.create", payload).toString());
        DeadLetter letter = assertInstanceOf(DeadLetter.class, outcome);
        assertEquals(ErrorCategory.MAPPING, letter.error().category());
        assertTrue(letter.error().message().contains("placeOfSupply"), letter.error().message());
        SandboxCompany company = SandboxResource.sandbox().company(SandboxResource.DEFAULT_KEY);
        assertTrue(company.records("ledger").stream().noneMatch(l -> "Walk-in Ramesh".equals(l.path("name").asText())));

        payload.put("placeOfSupply", "Karnataka").put("number", "WALKIN-2");
        Outcome booked = (Outcome) producer.requestBody("direct:process-event",
                Events.envelope("walkin-2", "invoice.create", payload).toString());
        assertInstanceOf(Reply.class, booked, "with the place of supply it is created and booked: " + booked);
    }

    private static ObjectNode invoice(String id) {
        ObjectNode payload = (ObjectNode) Events.json("""
                {"documentType": "sale", "date": "2025-02-11",
                 "party": {"name": "Naya Kirana Stores", "gstin": "29AAHCN1234F1ZM"},
                 "lines": [{"item": "Basmati Rice 5kg", "quantity": 3, "rate": 450, "gstRate": 5}],
                 "roundOff": true}""");
        return Events.envelope(id, "invoice.create", payload);
    }
}

package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CompanyBulkheadsTest {

    private final CompanyBulkheads bulkheads = new CompanyBulkheads(c -> Map.of("acme", 2).getOrDefault(c, 0));

    @Test
    void aCompanyAtItsLimitWaitsUntilOneOfItsCallsEnds() throws Exception {
        assertTrue(bulkheads.enter("acme"));
        assertTrue(bulkheads.enter("acme"));
        assertEquals(2, bulkheads.inFlight("acme"));

        CountDownLatch third = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                bulkheads.enter("acme");
                third.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        assertFalse(third.await(200, TimeUnit.MILLISECONDS), "a third call of acme waits");
        bulkheads.leave("acme");
        assertTrue(third.await(5, TimeUnit.SECONDS), "it goes once a slot is free");
        waiter.join();
        assertEquals(2, bulkheads.inFlight("acme"));
    }

    @Test
    void aCompanyWithoutALimitTakesNothingAndNeverWaits() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertFalse(bulkheads.enter("default"), "no slot taken: nothing to give back");
        }
        assertEquals(0, bulkheads.inFlight("default"));
        // acme full does not hold up default
        bulkheads.enter("acme");
        bulkheads.enter("acme");
        assertFalse(bulkheads.enter("default"));
    }

    @Test
    void theCallStateCarriesTheSlotFromEnterToLeaveAndLeaveGivesBackOnlyAHeldOne() throws Exception {
        CallState acme = bulkheads.enter(CallState.of(ApiCall.of("acme", "company.details")));
        assertTrue(acme.bulkheadHeld());
        assertEquals(1, bulkheads.inFlight("acme"));
        CallState left = bulkheads.leave(acme);
        assertFalse(left.bulkheadHeld());
        assertEquals(0, bulkheads.inFlight("acme"));

        bulkheads.enter("acme");
        bulkheads.leave(left);
        assertEquals(1, bulkheads.inFlight("acme"), "a call that holds no slot gives none back");
        assertFalse(bulkheads.enter(CallState.of(ApiCall.of("default", "company.details"))).bulkheadHeld(),
                "no limit: nothing held");
    }
}

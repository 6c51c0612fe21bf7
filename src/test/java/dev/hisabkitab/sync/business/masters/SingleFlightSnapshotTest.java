package dev.hisabkitab.sync.business.masters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The cached copy of a master list: a write while a load runs is not lost. */
class SingleFlightSnapshotTest {

    @Test
    void aListInvalidatedWhileItsLoadRunsIsLoadedAgainNotKept() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SingleFlightSnapshot<Integer> snapshot = new SingleFlightSnapshot<>(() -> {
            int n = loads.incrementAndGet();
            if (n == 1) {
                loading.countDown();
                try {
                    // bounded: were the later caller to wait for this load (the fault this test finds), it ends
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return n;
        }, Duration.ofMinutes(10), Clock.systemUTC());

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> snapshot.get().value());
        assertTrue(loading.await(10, TimeUnit.SECONDS));
        snapshot.invalidate(); // a record was written while the first load read the list
        assertEquals(2, snapshot.get().value(), "a caller after the write does not wait for the earlier load");
        release.countDown();
        assertEquals(1, first.get(10, TimeUnit.SECONDS), "the earlier caller keeps what it waited for");
        assertEquals(2, snapshot.get().value(), "the load after the write is the one kept");
        assertEquals(2, loads.get());
    }

    @Test
    void aListInvalidatedWhenLoadedIsLoadedOnNextUse() {
        AtomicInteger loads = new AtomicInteger();
        SingleFlightSnapshot<Integer> snapshot = new SingleFlightSnapshot<>(loads::incrementAndGet,
                Duration.ofMinutes(10), Clock.systemUTC());
        assertEquals(1, snapshot.get().value());
        assertEquals(1, snapshot.get().value(), "cached");
        snapshot.invalidate();
        assertEquals(2, snapshot.get().value());
    }
}

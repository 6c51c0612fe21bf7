package dev.hisabkitab.sync.business.masters;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The cached copy of a master list: a write while a load runs is not lost, and one load of a list runs at a time. */
class SingleFlightSnapshotTest {

    /** A loader whose first load waits for {@link #release}, counting loads and how many ran at once. */
    private static final class GatedLoader {
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final CountDownLatch firstReading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        SingleFlightSnapshot<Integer> snapshot() {
            return new SingleFlightSnapshot<>(this::load, Duration.ofMinutes(10), Clock.systemUTC());
        }

        /** A caller whose load is reading, held there until {@link #release}. */
        CompletableFuture<Integer> heldCaller(SingleFlightSnapshot<Integer> snapshot, ExecutorService pool)
                throws InterruptedException {
            CompletableFuture<Integer> caller = CompletableFuture.supplyAsync(() -> snapshot.get().value(), pool);
            assertTrue(firstReading.await(10, TimeUnit.SECONDS));
            return caller;
        }

        Integer load() {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                int n = loads.incrementAndGet();
                if (n == 1) {
                    firstReading.countDown();
                    try {
                        assertTrue(release.await(30, TimeUnit.SECONDS), "the test released the first load");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return n;
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void aListInvalidatedWhileItsLoadRunsIsLoadedOnceMoreAfterItNeverBesideIt() throws Exception {
        GatedLoader loader = new GatedLoader();
        SingleFlightSnapshot<Integer> snapshot = loader.snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CompletableFuture<Integer> first = loader.heldCaller(snapshot, pool);
            snapshot.invalidate(); // a record was written while the first load read the list
            List<CompletableFuture<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                later.add(CompletableFuture.supplyAsync(() -> snapshot.get().value(), pool));
            }
            // every later caller waits (for the first load to end, or for the one load after it), none loads beside it
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingInSnapshot() == 5);
            assertEquals(1, loader.loads.get());
            loader.release.countDown();
            assertEquals(1, first.get(10, TimeUnit.SECONDS), "the earlier caller keeps what it waited for");
            for (CompletableFuture<Integer> f : later) {
                assertEquals(2, f.get(10, TimeUnit.SECONDS), "later callers get the load made after the write");
            }
            assertEquals(2, snapshot.get().value(), "the load after the write is the one kept");
            assertEquals(2, loader.loads.get(), "one load after the write, shared by the five");
            assertEquals(1, loader.mostAtOnce.get(), "never two loads of the list at once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefreshAskedWhileALoadRunsWaitsForItInsteadOfStartingASecond() throws Exception {
        GatedLoader loader = new GatedLoader();
        SingleFlightSnapshot<Integer> snapshot = loader.snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            snapshot.invalidate(); // nothing loaded: nothing to forget
            CompletableFuture<Integer> first = loader.heldCaller(snapshot, pool);
            CompletableFuture<Integer> refresh = CompletableFuture.supplyAsync(
                    () -> snapshot.refreshedSince(new SingleFlightSnapshot.Loaded<>(0, null)).value(), pool);
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingInSnapshot() == 1);
            loader.release.countDown();
            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            assertEquals(1, refresh.get(10, TimeUnit.SECONDS), "the running load is newer than the copy it missed in");
            assertEquals(1, loader.loads.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEditWhileTheListIsReadIsAppliedToTheCopyItLoadsAndAnEditAfterToTheLoadedCopy() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SingleFlightSnapshot<Map<String, Integer>> snapshot = new SingleFlightSnapshot<>(() -> {
            loads.incrementAndGet();
            Map<String, Integer> listed = new ConcurrentHashMap<>(Map.of("listed", 1));
            reading.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return listed;
        }, Duration.ofMinutes(10), Clock.systemUTC());
        snapshot.edit(m -> m.put("before any load", 0)); // nothing kept yet: the first load will read it
        CompletableFuture<Map<String, Integer>> first = CompletableFuture.supplyAsync(() -> snapshot.get().value());
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        snapshot.edit(m -> m.put("created while reading", 2));
        release.countDown();
        Map<String, Integer> loaded = first.get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("listed", 1, "created while reading", 2), loaded);
        snapshot.edit(m -> m.put("created after", 3));
        assertEquals(3, snapshot.get().value().get("created after"));
        assertEquals(1, loads.get(), "edits load nothing");
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

    /** How many of the pool's threads are blocked (waiting for a load, or for the one loading to end). */
    private static long waitingInSnapshot() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pool-") && isBlockedInSnapshot(t))
                .count();
    }

    private static boolean isBlockedInSnapshot(Thread t) {
        if (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        boolean inSnapshot = false;
        boolean inLoader = false;
        for (StackTraceElement e : stack) {
            inSnapshot |= e.getClassName().equals(SingleFlightSnapshot.class.getName());
            inLoader |= e.getClassName().startsWith(GatedLoader.class.getName());
        }
        return inSnapshot && !inLoader;
    }
}

package dev.hisabkitab.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyLanesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneKeyRunOneAtATimeInOrderAndKeysRunInParallel() throws Exception {
        KeyLanes lanes = new KeyLanes(pool);
        int keys = 20;
        int perKey = 50;
        Map<Integer, List<Integer>> ran = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> runningPerKey = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger overlapsWithinKey = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(keys * perKey);
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                int key = k;
                int seq = i;
                lanes.submit(key, () -> {
                    if (runningPerKey.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlapsWithinKey.incrementAndGet();
                    }
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ran.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(seq);
                    running.decrementAndGet();
                    runningPerKey.get(key).decrementAndGet();
                    all.countDown();
                });
            }
        }
        assertTrue(all.await(30, TimeUnit.SECONDS));
        assertEquals(0, overlapsWithinKey.get(), "two tasks of one key never run at once");
        for (int k = 0; k < keys; k++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                expected.add(i);
            }
            assertEquals(expected, ran.get(k), "key " + k + " in the order given");
        }
        assertTrue(peak.get() > 1, "different keys ran in parallel (peak " + peak.get() + ")");
        assertTrue(peak.get() <= 8);
        awaitNoLanes(lanes);
    }

    @Test
    void aFailingTaskDoesNotStopItsLane() throws Exception {
        KeyLanes lanes = new KeyLanes(pool);
        CountDownLatch second = new CountDownLatch(1);
        lanes.submit("k", () -> {
            throw new IllegalStateException("boom");
        });
        lanes.submit("k", second::countDown);
        assertTrue(second.await(10, TimeUnit.SECONDS));
        awaitNoLanes(lanes);
    }

    private static void awaitNoLanes(KeyLanes lanes) {
        // a lane exists only while it has work
        await().atMost(Duration.ofSeconds(10)).until(() -> lanes.activeKeys() == 0);
    }

    @Test
    void anErrorInATaskDoesNotStopItsLane() {
        KeyLanes lanes = new KeyLanes(pool);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        lanes.submit("k", () -> {
            throw new AssertionError("an Error, not an Exception");
        });
        lanes.submit("k", () -> ran.add(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.equals(List.of(2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> lanes.activeKeys() == 0);
    }

    @Test
    void aLaneRunsToItsEndWhenTheExecutorIsShutDownUnderIt() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            KeyLanes lanes = new KeyLanes(one);
            CountDownLatch firstRunning = new CountDownLatch(1);
            CountDownLatch shutDown = new CountDownLatch(1);
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            lanes.submit("k", () -> {
                firstRunning.countDown();
                try {
                    shutDown.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ran.add(1);
            });
            lanes.submit("k", () -> ran.add(2));
            lanes.submit("k", () -> ran.add(3));
            assertTrue(firstRunning.await(5, TimeUnit.SECONDS));
            // as at the connector's stop: the lane's next task can no longer go to the executor
            one.shutdown();
            shutDown.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 3);
            assertEquals(List.of(1, 2, 3), ran);
            assertEquals(0, lanes.activeKeys());
            // a task given after the shut down still runs (on the caller's thread)
            lanes.submit("other", () -> ran.add(4));
            assertEquals(List.of(1, 2, 3, 4), ran);
        } finally {
            one.shutdownNow();
        }
    }
}

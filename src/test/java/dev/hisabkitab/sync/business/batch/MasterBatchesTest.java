package dev.hisabkitab.sync.business.batch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.EventLeftUnfinished;

/** MasterBatches' leader on its own, before any call: what a stopping connector does to a batch still filling. */
class MasterBatchesTest {

    /**
     * A batch that never fills, its leader waiting a minute; no gateway: an interrupted leader must send nothing.
     */
    private static MasterBatches batches() {
        MasterBatches b = new MasterBatches();
        b.enabled = true;
        b.maxSize = 10;
        b.maxWaitMs = 60_000;
        return b;
    }

    private static ApiCall customer(String name) {
        return new ApiCall("acme", "ledger.create-customer", null, Json.mapper().createObjectNode().put("name", name));
    }

    @Test
    void anInterruptedLeaderSendsNothingAndLeavesEveryMemberUnfinished() throws Exception {
        MasterBatches batches = batches();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicReference<Thread> leaderThread = new AtomicReference<>();
            Future<Throwable> leader = pool.submit(() -> {
                leaderThread.set(Thread.currentThread());
                return failureOf(() -> batches.createInBatch(customer("Leader Traders"), null));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> leaderThread.get() != null
                    && leaderThread.get().getState() == Thread.State.TIMED_WAITING);
            CompletableFuture<Thread> memberThread = new CompletableFuture<>();
            Future<Throwable> member = pool.submit(() -> {
                memberThread.complete(Thread.currentThread());
                return failureOf(() -> batches.createInBatch(customer("Member Traders"), null));
            });
            Thread m = memberThread.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> m.getState() == Thread.State.WAITING);

            leaderThread.get().interrupt();

            assertInstanceOf(EventLeftUnfinished.class, leader.get(10, TimeUnit.SECONDS),
                    "the leader's own event: read again, not a dead letter");
            assertInstanceOf(EventLeftUnfinished.class, member.get(10, TimeUnit.SECONDS),
                    "the member's event: read again, not a dead letter");
        } finally {
            pool.shutdownNow();
        }
    }

    /** What the create threw; null when it returned. */
    private static Throwable failureOf(Runnable create) {
        try {
            create.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}

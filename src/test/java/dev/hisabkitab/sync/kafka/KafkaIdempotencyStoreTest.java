package dev.hisabkitab.sync.kafka;

import dev.hisabkitab.sync.idempotency.CompletedEvent;
import dev.hisabkitab.sync.idempotency.EventKey;
import dev.hisabkitab.sync.idempotency.IdempotencyStoreException;
import dev.hisabkitab.sync.idempotency.FileIdempotencyStoreTest;
import dev.hisabkitab.sync.idempotency.WriteIntent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.support.KafkaBroker;

/**
 * The completed-events topic on a real broker: created compacted, and what one instance records is known to a second
 * instance started on the same topic — which is what a restarted replica, or another replica, is.
 */
class KafkaIdempotencyStoreTest {

    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(1, Map.of()).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaClients clients(String brokers, String name) {
        return new KafkaClients(new KafkaClientConfig(brokers, "test-" + name, Map.of()));
    }

    private static KafkaIdempotencyStore open(String topic) {
        return open(topic, Duration.ofSeconds(10));
    }

    private static KafkaIdempotencyStore open(String topic, Duration readTimeout) {
        KafkaIdempotencyStore store = new KafkaIdempotencyStore(clients(broker.bootstrapServers(), topic), topic,
                Duration.ofSeconds(30), readTimeout);
        store.open();
        return store;
    }

    @TempDir
    Path dir;

    /** A store keeping its completed events on disk in {@code index} (hisabkitab.idempotency.dir). */
    private static KafkaIdempotencyStore openIndexed(String topic, Path index) {
        KafkaIdempotencyStore store = new KafkaIdempotencyStore(clients(broker.bootstrapServers(), topic), topic,
                Duration.ofSeconds(30), Duration.ofSeconds(10), index);
        store.open();
        return store;
    }

    @Test
    void aRestartFromItsIndexReadsOnlyTheTopicsTailAndANewReplicaRebuildsTheWholeTopic() {
        String topic = "completed-checkpoint";
        Path index = dir.resolve("index");
        CompletedEvent first = FileIdempotencyStoreTest.completed("default", "c-0", 100L, "Bill-100");
        WriteIntent open = FileIdempotencyStoreTest.intent("default", "open-1", "INV-1");
        try (KafkaIdempotencyStore store = openIndexed(topic, index)) {
            for (int i = 0; i < 50; i++) {
                store.record(FileIdempotencyStoreTest.completed("default", "c-" + i, 100L + i, "Bill-" + (100 + i)));
            }
            store.recordIntent(open);
            // an unknown id catches up: everything it wrote has been read back and the checkpoint written
            assertTrue(store.find(new EventKey("default", "unknown")).isEmpty());
            assertEquals(51, store.recordsRead());
        }
        // another replica records while this one is down
        try (KafkaIdempotencyStore other = open(topic)) {
            for (int i = 50; i < 55; i++) {
                other.record(FileIdempotencyStoreTest.completed("default", "c-" + i, 100L + i, "Bill-" + (100 + i)));
            }
        }
        try (KafkaIdempotencyStore restarted = openIndexed(topic, index)) {
            assertEquals(5, restarted.recordsRead(), "only what was recorded after its checkpoint");
            assertEquals(55, restarted.size());
            assertEquals(Optional.of(first), restarted.find(first.key()), "an id completed before the restart");
            assertEquals(154L, restarted.find(new EventKey("default", "c-54")).orElseThrow().hisabkitabId());
            assertEquals(Optional.of(open), restarted.intent(open.key()), "the open intent, kept in the index");
            assertTrue(restarted.isDurable(first.key()));
        }
        // a replica that never had an index (one taking over a partition on another machine) reads the whole topic
        try (KafkaIdempotencyStore fresh = openIndexed(topic, dir.resolve("another-machine"))) {
            assertEquals(56, fresh.recordsRead());
            assertEquals(55, fresh.size());
            assertEquals(Optional.of(first), fresh.find(first.key(), System.nanoTime()));
            assertEquals(Optional.of(open), fresh.intent(open.key()));
        }
    }

    @Test
    void idsOlderThanTheCutoffAreTombstonedAndForgottenByEveryReplicaAndAfterARestart() {
        String topic = "completed-retention";
        CompletedEvent old = FileIdempotencyStoreTest.completed("default", "old", 1L, "Bill-1"); // 2025-02-11
        CompletedEvent recent = new CompletedEvent(new EventKey("default", "recent"), 2L, "Bill-2", "ok",
                "2026-06-01T00:00:00Z");
        Path index = dir.resolve("index");
        try (KafkaIdempotencyStore sweeping = openIndexed(topic, index);
                KafkaIdempotencyStore other = openIndexed(topic, dir.resolve("other"))) {
            sweeping.record(old);
            sweeping.record(recent);
            assertEquals(Optional.of(old), other.find(old.key()));
            assertEquals(1, sweeping.forgetCompletedBefore(java.time.Instant.parse("2026-01-01T00:00:00Z")));
            assertTrue(sweeping.known(old.key()).isEmpty());
            assertEquals(3, broker.recordCount(topic), "two completions and a tombstone");
            // the other replica's follower reads the tombstone
            await().atMost(Duration.ofSeconds(10)).until(() -> other.known(old.key()).isEmpty());
            assertEquals(Optional.of(recent), other.find(recent.key()));
            assertTrue(sweeping.find(new EventKey("default", "unknown")).isEmpty()); // tombstone read back too
        }
        try (KafkaIdempotencyStore restarted = openIndexed(topic, index);
                KafkaIdempotencyStore fresh = openIndexed(topic, dir.resolve("fresh"))) {
            assertTrue(restarted.find(old.key()).isEmpty());
            assertTrue(fresh.find(old.key()).isEmpty(), "rebuilt from the topic: the tombstone removes it");
            assertEquals(1, fresh.size());
            assertEquals(Optional.of(recent), restarted.find(recent.key()));
        }
    }

    @Test
    void anIndexMadeFromAnotherTopicIsDiscardedAndRebuilt() {
        Path index = dir.resolve("index");
        CompletedEvent a = FileIdempotencyStoreTest.completed("default", "a-1", 1L, "Bill-1");
        try (KafkaIdempotencyStore store = openIndexed("completed-index-a", index)) {
            store.record(a);
            store.record(FileIdempotencyStoreTest.completed("default", "a-2", 2L, "Bill-2"));
            assertTrue(store.find(new EventKey("default", "unknown")).isEmpty()); // read back, checkpointed
        }
        try (KafkaIdempotencyStore other = openIndexed("completed-index-b", index)) {
            assertEquals(0, other.size(), "nothing of topic a");
            assertTrue(other.find(a.key()).isEmpty());
            other.record(FileIdempotencyStoreTest.completed("default", "b-1", 3L, "Bill-3"));
        }
        try (KafkaIdempotencyStore back = openIndexed("completed-index-a", index)) {
            assertEquals(2, back.recordsRead(), "rebuilt from topic a's beginning, not going on from b's offsets");
            assertEquals(2, back.size());
            assertEquals(Optional.of(a), back.find(a.key()));
            assertTrue(back.find(new EventKey("default", "b-1")).isEmpty());
        }
    }

    @Test
    void theTopicIsCreatedCompactedWhenMissing() throws Exception {
        String topic = "completed-created";
        try (KafkaIdempotencyStore store = open(topic)) {
            assertEquals(0, store.size());
        }
        assertTrue(broker.topics().contains(topic));
        try (Admin admin = broker.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
    }

    @Test
    void whatOneInstanceRecordedASecondInstanceOnTheSameTopicKnowsFromItsStart() {
        String topic = "completed-shared";
        CompletedEvent one = FileIdempotencyStoreTest.completed("default", "erp-1", 3L, "Bill-3");
        CompletedEvent two = FileIdempotencyStoreTest.completed("acme", "erp-1", 4L, "INV-4");
        CompletedEvent three = new CompletedEvent(new EventKey("default", "erp-2"), "x-9", null, "ok", "2025-02-12T00:00:00Z");
        try (KafkaIdempotencyStore first = open(topic)) {
            first.record(one);
            first.record(two);
            first.record(three);
            // acknowledged before record() returned: the records are in the topic now, not eventually
            assertEquals(3, broker.recordCount(topic));
            assertTrue(first.isDurable(one.key()));

            try (KafkaIdempotencyStore second = open(topic)) {
                assertEquals(3, second.size(), "loaded whole before open() returned");
                assertEquals(Optional.of(one), second.find(one.key()));
                assertEquals(Optional.of(two), second.find(two.key()));
                assertEquals(Optional.of(three), second.find(three.key()));
                assertTrue(second.find(new EventKey("default", "erp-3")).isEmpty());

                // and the first one follows what the second records: at once on a look-up (it catches up) ...
                CompletedEvent four = FileIdempotencyStoreTest.completed("default", "erp-4", 7L, "Bill-7");
                second.record(four);
                assertEquals(Optional.of(four), first.find(four.key()));
                // ... and in the background without one
                CompletedEvent five = FileIdempotencyStoreTest.completed("default", "erp-5", 8L, "Bill-8");
                second.record(five);
                await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 5);
            }
        }
        // a restart: a new instance after both stopped
        try (KafkaIdempotencyStore restarted = open(topic)) {
            assertEquals(5, restarted.size());
            assertEquals(8L, restarted.find(new EventKey("default", "erp-5")).orElseThrow().hisabkitabId());
        }
    }

    @Test
    void writeIntentsAreDurableSeenByOtherInstancesAndReplacedByTheCompletion() {
        String topic = "completed-intents";
        WriteIntent crashed = FileIdempotencyStoreTest.intent("default", "erp-7", "INV-7");
        WriteIntent completes = FileIdempotencyStoreTest.intent("default", "erp-8", "INV-8");
        try (KafkaIdempotencyStore first = open(topic)) {
            first.recordIntent(crashed);
            first.recordIntent(completes);
            assertEquals(2, broker.recordCount(topic), "acknowledged before recordIntent returned");
            first.record(FileIdempotencyStoreTest.completed("default", "erp-8", 8L, "INV-8"));
            assertEquals(Optional.empty(), first.intent(completes.key()));
            // its own intents read back in the background change nothing
            await().atMost(Duration.ofSeconds(10)).until(() -> first.isDurable(completes.key()));
            assertEquals(Optional.of(crashed), first.intent(crashed.key()));
            assertEquals(Optional.empty(), first.intent(completes.key()));
        }
        try (KafkaIdempotencyStore restarted = open(topic)) {
            assertEquals(Optional.of(crashed), restarted.intent(crashed.key()));
            assertEquals(Optional.empty(), restarted.intent(completes.key()), "the later completion replaced it");
            assertTrue(restarted.find(crashed.key()).isEmpty(), "an intent is no completion");
            assertEquals(1, restarted.size());
        }
    }

    @Test
    void concurrentLookUpsShareEndOffsetRequestsAndStillSeeWhatWasRecordedBeforeThem() throws Exception {
        String topic = "completed-coalesced";
        int lookUps = 64;
        try (KafkaIdempotencyStore reader = open(topic); KafkaIdempotencyStore writer = open(topic)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(lookUps);
            try {
                long requestsBefore = reader.endOffsetRequests();
                List<java.util.concurrent.Future<Boolean>> found = new java.util.ArrayList<>();
                for (int i = 0; i < lookUps; i++) {
                    CompletedEvent event = FileIdempotencyStoreTest.completed("default", "shared-" + i, (long) i, "B-" + i);
                    // recorded by another instance just before the look-up: the look-up must see it
                    writer.record(event);
                    found.add(pool.submit(() -> reader.find(event.key()).equals(Optional.of(event))));
                }
                for (java.util.concurrent.Future<Boolean> f : found) {
                    assertTrue(f.get(30, TimeUnit.SECONDS), "a look-up after the record found it");
                }
                long requests = reader.endOffsetRequests() - requestsBefore;
                assertTrue(requests >= 1 && requests <= lookUps, "requests: " + requests);
                // all at once, nothing recorded meanwhile: few requests for many look-ups
                long before = reader.endOffsetRequests();
                List<java.util.concurrent.Future<Optional<CompletedEvent>>> unknown = new java.util.ArrayList<>();
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                for (int i = 0; i < lookUps; i++) {
                    EventKey key = new EventKey("default", "never-" + i);
                    unknown.add(pool.submit(() -> {
                        go.await();
                        return reader.find(key);
                    }));
                }
                go.countDown();
                for (java.util.concurrent.Future<Optional<CompletedEvent>> f : unknown) {
                    assertTrue(f.get(30, TimeUnit.SECONDS).isEmpty());
                }
                long shared = reader.endOffsetRequests() - before;
                assertTrue(shared < lookUps / 2, lookUps + " look-ups at once sent " + shared + " requests");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anOwnerSinceAnEarlierCatchUpLooksUpWithoutAskingTheBrokersAgain() {
        String topic = "completed-owned-since";
        try (KafkaIdempotencyStore reader = open(topic); KafkaIdempotencyStore writer = open(topic)) {
            long assigned = System.nanoTime(); // a partition given to the reader now
            CompletedEvent previousOwners = FileIdempotencyStoreTest.completed("default", "owned-1", 1L, "B-1");
            writer.record(previousOwners);
            long requests = reader.endOffsetRequests();
            // the first look-up of an unknown id since the assignment catches up (a known id is answered at once, and
            // the follower may have read the other replica's record already), then sees what that replica recorded
            assertTrue(reader.find(new EventKey("default", "owned-unknown-first"), assigned).isEmpty());
            assertEquals(requests + 1, reader.endOffsetRequests());
            assertEquals(Optional.of(previousOwners), reader.find(previousOwners.key(), assigned));
            // later look-ups of the same owner: caught up since the assignment already, no request
            for (int i = 0; i < 20; i++) {
                assertTrue(reader.find(new EventKey("default", "owned-unknown-" + i), assigned).isEmpty());
            }
            assertEquals(requests + 1, reader.endOffsetRequests(), "no request per look-up");
            // a look-up with no owner (since now) catches up again, and a later assignment does too
            CompletedEvent recordedLater = FileIdempotencyStoreTest.completed("default", "owned-2", 2L, "B-2");
            writer.record(recordedLater);
            assertTrue(reader.find(new EventKey("default", "owned-unknown-now")).isEmpty());
            assertEquals(requests + 2, reader.endOffsetRequests());
            assertEquals(Optional.of(recordedLater), reader.find(recordedLater.key()));
            long reassigned = System.nanoTime();
            assertTrue(reader.find(new EventKey("default", "owned-3"), reassigned).isEmpty());
            assertEquals(requests + 3, reader.endOffsetRequests());
        }
    }

    @Test
    void whileTheBrokerIsDownKnownIdsAreAnsweredUnknownOnesFailAndAfterwardsItFollowsAgain() {
        String topic = "completed-outage";
        CompletedEvent before = FileIdempotencyStoreTest.completed("default", "o-1", 1L, "O-1");
        CompletedEvent after = FileIdempotencyStoreTest.completed("default", "o-2", 2L, "O-2");
        try (KafkaIdempotencyStore store = open(topic, Duration.ofSeconds(2))) {
            store.record(before);
            broker.stop();
            try {
                assertEquals(Optional.of(before), store.find(before.key()), "known ids need no broker");
                IdempotencyStoreException e = assertThrows(IdempotencyStoreException.class,
                        () -> store.find(after.key()));
                assertTrue(e.getMessage().contains(topic), e.getMessage());
            } finally {
                broker.restart();
            }
            try (KafkaIdempotencyStore other = open(topic)) {
                other.record(after);
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> store.find(after.key()).isPresent());
            assertEquals(Optional.of(after), store.find(after.key()));
        }
    }

    @Test
    void theStartFailsWithAMessageWhenTheBrokersCannotBeReached() {
        KafkaIdempotencyStore store = new KafkaIdempotencyStore(clients("127.0.0.1:1", "unreachable"),
                "completed-unreachable", Duration.ofSeconds(2), Duration.ofSeconds(1));
        IdempotencyStoreException e = assertThrows(IdempotencyStoreException.class, store::open);
        assertTrue(e.getMessage().contains("completed-unreachable"), e.getMessage());
    }
}

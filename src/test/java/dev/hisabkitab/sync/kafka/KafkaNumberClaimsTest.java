package dev.hisabkitab.sync.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.support.KafkaBroker;

/**
 * Number claims on a real broker, as two replicas make them: two {@link KafkaNumberClaims}, each with its own Kafka
 * clients, take numbers of one series at once while HisabKitab's next number stays where it is (as it does until a
 * document is booked), and never give one number to two events; an event claiming again keeps its number.
 */
class KafkaNumberClaimsTest {

    static KafkaBroker broker;
    static final String COMPANY = "default";
    static final String SERIES = "sale";
    static final Duration RETENTION = Duration.ofDays(1);
    static final Duration TIMEOUT = Duration.ofSeconds(20);

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

    /** A replica's claims: its own clients (client id per replica), following the topic from the retention on. */
    private static KafkaNumberClaims replica(String topic, String name) {
        KafkaClients clients = new KafkaClients(new KafkaClientConfig(broker.bootstrapServers(), "test-" + name, Map.of()));
        return new KafkaNumberClaims(clients, topic, RETENTION, TIMEOUT, name).open(Duration.ofSeconds(30));
    }

    /** As DocumentNumbers claims: one number of a series at a time in each replica. */
    @Test
    void twoReplicasTakingNumbersOfOneSeriesAtOnceNeverShareANumber() throws Exception {
        race("claims-race", 1, 150);
    }

    /** Several threads of each replica too (the claims do not rely on DocumentNumbers taking one at a time). */
    @Test
    void twoReplicasWithSeveralThreadsEachNeverShareANumber() throws Exception {
        race("claims-race-threads", 4, 40);
    }

    private void race(String topic, int threadsPerReplica, int claimsPerThread) throws Exception {
        // a number an unfinished event's intent holds is given to no event
        Set<String> held = Set.of("INV-0007", "INV-0100");
        Map<String, List<String>> eventsByNumber = new ConcurrentHashMap<>();
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        try (KafkaNumberClaims one = replica(topic, "replica-1"); KafkaNumberClaims two = replica(topic, "replica-2")) {
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerReplica);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerReplica; t++) {
                KafkaNumberClaims claims = t % 2 == 0 ? one : two;
                int thread = t;
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < claimsPerThread; i++) {
                        String event = "event-" + thread + "-" + i;
                        long began = System.nanoTime();
                        // HisabKitab's next number: the same for every claim (nothing is booked here)
                        String number = claims.claim(COMPANY, SERIES, event, "INV-0001", held::contains);
                        nanos.add(System.nanoTime() - began);
                        eventsByNumber.computeIfAbsent(number, n -> Collections.synchronizedList(new ArrayList<>())).add(event);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            int events = 2 * threadsPerReplica * claimsPerThread;
            Map<String, List<String>> shared = new TreeMap<>(eventsByNumber);
            shared.values().removeIf(l -> l.size() < 2);
            assertTrue(shared.isEmpty(), "numbers given to more than one event: " + shared);
            assertEquals(events, eventsByNumber.values().stream().mapToInt(List::size).sum());
            assertFalse(eventsByNumber.keySet().stream().anyMatch(held::contains), "a held number was given");
            // both replicas read the claims alike: each comes to know every number as claimed (a replica follows the
            // topic as it goes, so the last claim of the other may still be on its way when the threads end)
            await().atMost(Duration.ofSeconds(30)).until(() -> one.highestClaimed(COMPANY, SERIES)
                    .equals(two.highestClaimed(COMPANY, SERIES)));
            assertEquals(Optional.of(String.format("INV-%04d", events + held.size())), one.highestClaimed(COMPANY, SERIES),
                    "every number up to the highest was given or held");
            // the race was real: claims lost to the other replica were written and tried again
            long written = claimsWritten(topic);
            assertTrue(written > events, "claims written " + written + " for " + events + " events: none lost a race");
            report("two replicas, claiming threads per replica: " + threadsPerReplica + ", " + events + " numbers of one series at once: "
                    + written + " claims written (" + (written - events) + " lost and tried again); " + latency(nanos));
        }
    }

    @Test
    void anEventClaimingAgainKeepsItsNumberAlsoOnAnotherReplica() {
        String topic = "claims-again";
        try (KafkaNumberClaims one = replica(topic, "replica-1")) {
            String first = one.claim(COMPANY, SERIES, "event-a", "INV-0001", n -> false);
            assertEquals("INV-0001", first);
            // read again on the same replica: the same number, whatever HisabKitab offers now
            assertEquals(first, one.claim(COMPANY, SERIES, "event-a", "INV-0009", n -> false));
            // another event gets the next one
            assertEquals("INV-0002", one.claim(COMPANY, SERIES, "event-b", "INV-0001", n -> false));
            // the same event id in another series is another claim
            assertEquals("INV-0001", one.claim(COMPANY, "journal", "event-a", "INV-0001", n -> false));
            // a replica started later (the event read again after a crash, on the partition's next owner)
            try (KafkaNumberClaims two = replica(topic, "replica-2")) {
                assertEquals(first, two.claim(COMPANY, SERIES, "event-a", "INV-0001", n -> false));
                String third = two.claim(COMPANY, SERIES, "event-c", "INV-0001", n -> false);
                assertNotEquals(first, third);
                assertEquals("INV-0003", third);
            }
        }
    }

    /** A replica starting while another claims numbers reads every claim written from its start on. */
    @Test
    void aReplicaStartingWhileAnotherClaimsNeverTakesItsNumbers() throws Exception {
        String topic = "claims-joining";
        Map<String, List<String>> eventsByNumber = new ConcurrentHashMap<>();
        try (KafkaNumberClaims one = replica(topic, "replica-1")) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicInteger taken = new AtomicInteger();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> claiming = pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String number = one.claim(COMPANY, SERIES, "one-" + i, "1", n -> false);
                    eventsByNumber.computeIfAbsent(number, n -> Collections.synchronizedList(new ArrayList<>())).add("one-" + i);
                    taken.incrementAndGet();
                }
                return null;
            });
            for (int round = 0; round < 3; round++) {
                // opened (its start offset chosen) while replica 1 writes claims
                try (KafkaNumberClaims two = replica(topic, "replica-2-" + round)) {
                    for (int i = 0; i < 20; i++) {
                        String event = "two-" + round + "-" + i;
                        eventsByNumber.computeIfAbsent(two.claim(COMPANY, SERIES, event, "1", n -> false),
                                n -> Collections.synchronizedList(new ArrayList<>())).add(event);
                    }
                }
            }
            stop.set(true);
            claiming.get(1, TimeUnit.MINUTES);
            pool.shutdown();
            assertTrue(taken.get() > 0, "replica 1 claimed meanwhile");
        }
        Map<String, List<String>> shared = new TreeMap<>(eventsByNumber);
        shared.values().removeIf(l -> l.size() < 2);
        assertTrue(shared.isEmpty(), "numbers given to more than one event: " + shared);
    }

    @Test
    void oneReplicaAloneMeasuresTheClaimsLatency() {
        String topic = "claims-alone";
        List<Long> nanos = new ArrayList<>();
        try (KafkaNumberClaims one = replica(topic, "replica-1")) {
            one.claim(COMPANY, SERIES, "warm-up", "1", n -> false);
            String last = null;
            for (int i = 0; i < 200; i++) {
                long began = System.nanoTime();
                last = one.claim(COMPANY, SERIES, "event-" + i, "1", n -> false);
                nanos.add(System.nanoTime() - began);
            }
            assertEquals("201", last, "one number after another, none skipped without a race");
        }
        report("one replica, 200 numbers one after another: " + latency(nanos));
    }

    private static long claimsWritten(String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            TopicPartition p = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(p, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(p).offset();
        }
    }

    private static String latency(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "per number median %.1f ms, p95 %.1f ms, max %.1f ms",
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.95)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static final AtomicInteger REPORTS = new AtomicInteger();

    private static void report(String line) {
        System.out.println("KafkaNumberClaimsTest: " + line);
        try {
            Path file = Path.of("target", "number-claims.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, REPORTS.getAndIncrement() == 0
                    ? new java.nio.file.OpenOption[] { java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE }
                    : new java.nio.file.OpenOption[] { java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

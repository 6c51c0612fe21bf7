package dev.hisabkitab.sync.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.app.CrashRecoveryIT.Outcomes;
import dev.hisabkitab.sync.app.CrashRecoveryIT.Sent;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaTestClient;

/**
 * Replicas that come and go (docs/guarantees.md). Three packaged connectors, separate processes with their own
 * {@code HISABKITAB_INSTANCE_ID} (static membership) in one consumer group, read one events topic of
 * {@value #PARTITIONS} partitions while a few hundred events of CrashRecoveryIT's mix (sales, journals and receipts
 * with and without a number, new parties) are produced at a steady pace, never more than {@value #LEAD} ahead of the
 * outcomes. At {@value #KILL_AT_PERCENT} % of the events with an outcome replica 2 is killed with SIGKILL (creates in
 * flight, a transaction of outcomes open); at {@value #JOIN_AT_PERCENT} % a fourth replica starts, and the rest of
 * the stream is produced once it is ready, so that it joins the group with events coming. The sandbox accepts
 * repeated numbers, so only the connector stands between a re-sent create and a second booking.
 *
 * <p>Checked: every event has exactly one outcome on the reply and dead-letter topics (read committed), all ok, and
 * HisabKitab holds one document per event id and one ledger per party (CrashRecoveryIT's checks); replica 2 owned
 * partitions when it was killed, its partitions went to the live replicas, and replica 4 got partitions and produced
 * outcomes; no number of a series was given to two documents, though replicas take numbers of one series at once
 * (events without a number spread over all keys). Measured (printed and written to {@code target/replicas-come-and-go.txt}): the time from the kill until
 * the group had handed all partitions to live replicas, from replica 4's start until it owned partitions, and each
 * replica's outcome count from its own metrics.
 *
 * <p>The consumers' session timeout is lowered to {@value #SESSION_TIMEOUT_MS} ms (default 45 s): a SIGKILLed static
 * member holds its partitions until it expires, and the test should stay short for CI.
 */
class ReplicasComeAndGoIT {

    static final int EVENTS = Integer.getInteger("replicas.events", 300);
    static final int PARTITIONS = 6;
    static final String KEY = CrashRecoveryIT.KEY;
    static final String GROUP = "hisabkitab-sync";
    /** One event every this many ms: the stream runs (about 21 s) while replicas are killed and join. */
    static final long PRODUCE_EVERY_MS = 70;
    static final int KILL_AT_PERCENT = 30;
    static final int JOIN_AT_PERCENT = 60;
    static final int SESSION_TIMEOUT_MS = 10_000;
    /** Events produced at most this far ahead of the outcomes. */
    static final int LEAD = 45;
    /**
     * Events without a number spread over all keys (default), so that several replicas take numbers of one series at
     * once; {@code -Dreplicas.spread-unnumbered=false} gives each series' such events one key instead.
     */
    static final boolean SPREAD_UNNUMBERED = Boolean.parseBoolean(System.getProperty("replicas.spread-unnumbered", "true"));
    static final Duration ALL_OUTCOMES_WITHIN = Duration.ofSeconds(180);

    @TempDir
    Path work;

    private HisabKitabSandbox sandbox;
    private KafkaBroker broker;
    private final Map<String, ConnectorProcess> replicas = new LinkedHashMap<>();
    private final Path reportDir = Path.of(System.getProperty("crash.report.dir", "target"));

    @AfterEach
    void stop() throws InterruptedException {
        for (ConnectorProcess replica : replicas.values()) {
            replica.signalStop(); // all at once, then wait: they stop in parallel
        }
        for (ConnectorProcess replica : replicas.values()) {
            replica.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyEventGetsOneOutcomeAndOneDocumentWhileAReplicaIsKilledAndAnotherJoins() throws Exception {
        sandbox = HisabKitabSandbox.start(0, Set.of(KEY));
        sandbox.acceptRepeatedNumbers(true);
        SandboxCompany company = sandbox.company(KEY);
        CrashRecoveryIT.createMasters(company);
        broker = new KafkaBroker().start();
        broker.createTopics(PARTITIONS, CrashRecoveryIT.EVENTS_TOPIC);
        broker.createTopics(CrashRecoveryIT.REPLIES, CrashRecoveryIT.DLQ);
        sandbox.faults().latency(CrashRecoveryIT.SANDBOX_LATENCY); // creates are in flight when replica 2 dies

        List<String> report = new ArrayList<>();
        report.add(line("events without a number: %s", SPREAD_UNNUMBERED ? "spread over all keys (replicas number one"
                + " series at once)" : "one key per series"));
        try (Admin admin = broker.admin(); Outcomes outcomes = new Outcomes(broker.bootstrapServers());
                KafkaTestClient kafka = broker.client(Duration.ofMinutes(1))) {
            long startNanos = System.nanoTime();
            for (int n = 1; n <= 3; n++) {
                start(n);
            }
            for (ConnectorProcess replica : replicas.values()) {
                replica.awaitReady(Duration.ofSeconds(180)); // three JVMs starting at once on a loaded machine
            }
            // all three own partitions before the stream starts: replica 2 has work when it is killed
            Awaitility.await("replicas 1-3 sharing the " + PARTITIONS + " partitions").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        Map<String, Set<Integer>> owners = owners(admin);
                        return owners.keySet().equals(Set.of("replica-1", "replica-2", "replica-3"))
                                && owners.values().stream().noneMatch(Set::isEmpty) && owned(owners) == PARTITIONS;
                    });
            report.add(line("replicas 1-3 started and sharing the partitions %.1f s after their start: %s",
                    secondsSince(startNanos), owners(admin)));

            Map<String, Sent> sent = new LinkedHashMap<>();
            int produced = 0;
            int killAt = EVENTS * KILL_AT_PERCENT / 100;
            int joinAt = EVENTS * JOIN_AT_PERCENT / 100;
            Map<String, Double> outcomesByReplica = new TreeMap<>();
            long streamNanos = System.nanoTime();
            long killedNanos = 0;
            long joinedNanos = 0;
            boolean joinerReady = false;
            Double handedOverSeconds = null;
            Double joinAssignedSeconds = null;
            int outcomesAtJoinAssigned = -1;
            long nextLook = 0;
            long deadline = System.nanoTime() + ALL_OUTCOMES_WITHIN.toNanos();
            // one loop produces the events, reads the outcomes (each poll waits up to 50 ms for records), kills and
            // starts replicas as the outcomes pass their marks, and looks at the group every 250 ms to time rebalances
            while (outcomes.ids().size() < EVENTS || handedOverSeconds == null || joinAssignedSeconds == null) {
                // the stream: one event per PRODUCE_EVERY_MS, at most LEAD ahead of the outcomes (on a slow machine
                // the marks still fall mid-stream), and the events after the join mark only once replica 4 is up,
                // so that its joining moves partitions with events still coming
                long due = (System.nanoTime() - streamNanos) / TimeUnit.MILLISECONDS.toNanos(PRODUCE_EVERY_MS) + 1;
                while (produced < Math.min(due, EVENTS) && produced < outcomes.ids().size() + LEAD
                        && (produced < joinAt || joinerReady)) {
                    Sent event = CrashRecoveryIT.sendEvent(kafka, ++produced, ReplicasComeAndGoIT::keyOf);
                    sent.put(event.id(), event);
                }
                outcomes.poll();
                if (killedNanos == 0 && outcomes.ids().size() >= killAt) {
                    ConnectorProcess two = replicas.get("replica-2");
                    Set<Integer> itsPartitions = owners(admin).getOrDefault("replica-2", Set.of());
                    assertTrue(!itsPartitions.isEmpty(), "replica 2 owns partitions when it is killed");
                    outcomesByReplica.put("replica-2", outcomeCount(two)); // its last word: it cannot be asked later
                    two.kill(); // SIGKILL: creates in flight, its open transaction of outcomes left to time out
                    killedNanos = System.nanoTime();
                    report.add(line("SIGKILL replica 2 (partitions %s) at %d outcomes, %d/%d events produced",
                            itsPartitions, outcomes.ids().size(), produced, EVENTS));
                }
                if (joinedNanos == 0 && killedNanos != 0 && outcomes.ids().size() >= joinAt) {
                    start(4);
                    joinedNanos = System.nanoTime();
                    report.add(line("replica 4 started at %d outcomes, %d/%d events produced", outcomes.ids().size(),
                            produced, EVENTS));
                }
                if (killedNanos != 0 && System.nanoTime() >= nextLook) {
                    nextLook = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
                    if (joinedNanos != 0 && !joinerReady && replicas.get("replica-4").ready()) {
                        joinerReady = true;
                        report.add(line("replica 4 ready %.1f s after its start, %d outcomes, %d/%d events produced",
                                secondsSince(joinedNanos), outcomes.ids().size(), produced, EVENTS));
                    }
                    Map<String, Set<Integer>> owners = owners(admin);
                    if (handedOverSeconds == null && !owners.containsKey("replica-2") && owned(owners) == PARTITIONS) {
                        handedOverSeconds = secondsSince(killedNanos);
                        report.add(line("replica 2's partitions handed to live replicas %.1f s after its SIGKILL: %s",
                                handedOverSeconds, owners));
                    }
                    if (joinAssignedSeconds == null && joinedNanos != 0
                            && !owners.getOrDefault("replica-4", Set.of()).isEmpty()) {
                        joinAssignedSeconds = secondsSince(joinedNanos);
                        outcomesAtJoinAssigned = outcomes.ids().size();
                        report.add(line("replica 4 owned partitions %.1f s after its start (%d outcomes, %d/%d events"
                                + " produced): %s", joinAssignedSeconds, outcomesAtJoinAssigned, produced, EVENTS, owners));
                    }
                }
                for (ConnectorProcess replica : replicas.values()) {
                    if (replica != replicas.get("replica-2") || killedNanos == 0) {
                        assertTrue(replica.isAlive(), () -> replica.name() + " died by itself:\n" + replica.log());
                    }
                }
                if (System.nanoTime() > deadline) {
                    writeReport(report);
                    List<String> missing = sent.keySet().stream().filter(id -> !outcomes.ids().contains(id)).sorted().toList();
                    fail(String.format(Locale.ROOT, "not done within %s: %d of %d events produced, %d without an outcome"
                            + " %s; partitions handed over after the kill: %s; replica 4 assigned: %s; group now %s",
                            ALL_OUTCOMES_WITHIN, produced, EVENTS, missing.size(), missing, handedOverSeconds,
                            joinAssignedSeconds, owners(admin)));
                }
            }
            report.add(line("every event with an outcome, both rebalances seen, %.1f s after replicas 1-3 started",
                    secondsSince(startNanos)));
            for (String name : List.of("replica-1", "replica-3", "replica-4")) {
                outcomesByReplica.put(name, outcomeCount(replicas.get(name)));
            }
            // stopped before counting: nothing is in flight any more, and every outcome is committed or aborted
            for (String name : List.of("replica-1", "replica-3", "replica-4")) {
                replicas.get(name).signalStop();
            }
            for (String name : List.of("replica-1", "replica-3", "replica-4")) {
                replicas.get(name).awaitExit(Duration.ofSeconds(60));
            }
            outcomes.readToEnd();
            report.add("outcomes counted by each replica's own metrics (replica 2: just before its SIGKILL, so with"
                    + " any in the transaction the kill left open): " + outcomesByReplica);
            writeReport(report);

            CrashRecoveryIT.check(sent, outcomes.byId(), company);
            int atJoin = outcomesAtJoinAssigned;
            assertTrue(atJoin < EVENTS, () -> "replica 4 joined mid-stream (" + atJoin + " of " + EVENTS
                    + " outcomes when it got partitions)");
            assertTrue(outcomesByReplica.get("replica-4") > 0, "replica 4 produced outcomes: " + outcomesByReplica);
        }
    }

    private void start(int n) throws Exception {
        String name = "replica-" + n;
        replicas.put(name, ConnectorProcess.start(name, work, reportDir.resolve("replicas-come-and-go-logs")
                .resolve(name + ".log"), 0,
                ConnectorProcess.properties("hisabkitab.api-key", KEY, "hisabkitab.base-url", sandbox.baseUrl(),
                        "kafka.brokers", broker.bootstrapServers(), "hisabkitab.kafka.group-id", GROUP,
                        "hisabkitab.inbox", work.resolve(name + "-inbox").toString(),
                        "hisabkitab.idempotency.file", work.resolve(name + "-completed.jsonl").toString(),
                        // one RocksDB directory per process (its LOCK refuses a second), as each pod has its own
                        "hisabkitab.idempotency.dir", work.resolve(name + "-completed-index").toString(),
                        "hisabkitab.kafka.client.session.timeout.ms", String.valueOf(SESSION_TIMEOUT_MS),
                        // a rate limit that keeps the limiter in the path without pacing the run
                        "hisabkitab.rate-limit-per-second", "200"),
                // the instance id as Kubernetes gives it (the pod's name); the transactional id is made of it
                Map.of("HISABKITAB_INSTANCE_ID", name)));
    }

    /**
     * The event's Kafka key: CrashRecoveryIT's 32 keys, so events without a number of one series are taken by
     * several replicas at once, each asking HisabKitab for the same next number: only the number claims
     * (DocumentNumbers, NumberClaims; docs/guarantees.md) keep two documents from one number, which the sandbox
     * would accept and CrashRecoveryIT.check refuses ("numbers HisabKitab's series holds more than once").
     * {@code -Dreplicas.spread-unnumbered=false}: the events without a number of one series share a key instead.
     */
    static String keyOf(Sent event) {
        int i = Integer.parseInt(event.id().substring(event.id().indexOf('-') + 1));
        return event.series() != null && !event.numbered() && !SPREAD_UNNUMBERED ? UNNUMBERED_KEYS.get(event.series())
                : "crash-" + (i % CrashRecoveryIT.KEYS);
    }

    /**
     * Keys chosen (Kafka's murmur2 over 6 partitions) so that un-numbered sales and journals are on partitions 2 and 3,
     * which replica 2 owns when it is killed (the range assignor orders members by instance id), and receipts on
     * partition 4, which moves to replica 4 when it joins: both hand-overs meet documents numbered by HisabKitab.
     */
    static final Map<CrashRecoveryIT.Series, String> UNNUMBERED_KEYS = Map.of(CrashRecoveryIT.Series.SALE,
            "unnumbered-sale-4", CrashRecoveryIT.Series.JOURNAL, "unnumbered-journal-1", CrashRecoveryIT.Series.RECEIPT,
            "unnumbered-receipt-4");

    /** The group's members by instance id, each with the events topic's partitions assigned to it. */
    private static Map<String, Set<Integer>> owners(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS)
                .get(GROUP);
        Map<String, Set<Integer>> owners = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            Set<Integer> partitions = new TreeSet<>();
            for (TopicPartition tp : member.assignment().topicPartitions()) {
                if (tp.topic().equals(CrashRecoveryIT.EVENTS_TOPIC)) {
                    partitions.add(tp.partition());
                }
            }
            owners.put(member.groupInstanceId().orElse(member.consumerId()), partitions);
        }
        return owners;
    }

    private static int owned(Map<String, Set<Integer>> owners) {
        Set<Integer> all = new TreeSet<>();
        owners.values().forEach(all::addAll);
        return all.size();
    }

    /** The replica's outcomes of Kafka events so far, from its Prometheus metrics. */
    private static double outcomeCount(ConnectorProcess replica) throws Exception {
        double sum = 0;
        for (String l : replica.get("/q/metrics").split("\n")) {
            if (l.startsWith("hisabkitab_outcomes_total{")) {
                sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static String line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("ReplicasComeAndGoIT: " + line);
        return line;
    }

    private void writeReport(List<String> lines) throws Exception {
        Files.createDirectories(reportDir);
        Files.write(reportDir.resolve("replicas-come-and-go.txt"), Collections.unmodifiableList(lines),
                StandardCharsets.UTF_8);
    }
}

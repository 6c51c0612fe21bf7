package dev.hisabkitab.sync.idempotency;


import java.nio.file.Path;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.interceptor.Interceptor;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.hisabkitab.sync.event.EventContext;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Outcome;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * The idempotency steps of routes/process-event.yaml and the store behind them, chosen at start: with
 * {@code kafka.brokers} the compacted topic {@code hisabkitab.topics.completed} (kafka.CompletedEventsTopic, shared
 * by all replicas), else the file {@code hisabkitab.idempotency.file} ({@link FileIdempotencyStore}).
 *
 * <p>Order of one event: {@link #claimUnlessCompleted} (duplicate, or claim) → HisabKitab → reply →
 * {@link #recordCompleted} (durable) → {@link #release} → the caller publishes the outcome (for a Kafka record: in
 * one transaction with its input offset, KafkaLanes). So the completion is durable before the reply is published and
 * before the offset is committed: a crash after the record re-reads the event, which is then answered {@code duplicate} with the earlier
 * result. A crash after HisabKitab's answer but before the record re-reads the event too and, finding no record,
 * calls HisabKitab again — that window (the "ambiguous write": did the document get created?) is closed by a
 * look-up in HisabKitab before re-sending, not by this store.
 */
@ApplicationScoped
@Named("completedEvents")
public class CompletedEvents {

    private static final Logger LOG = Logger.getLogger(CompletedEvents.class);

    /** Set by bin/verify: no event is taken, so the store is not opened. */
    public static final String VERIFYING = "hisabkitab.verify";

    @ConfigProperty(name = VERIFYING, defaultValue = "false")
    boolean verifying;

    /** The store all replicas share (the Kafka topic), when Kafka is on; otherwise the file below. */
    @Inject
    SharedStore shared;

    @ConfigProperty(name = "hisabkitab.idempotency.file", defaultValue = "./data/completed.jsonl")
    String file;

    @ConfigProperty(name = "hisabkitab.idempotency.compact-above", defaultValue = "10000")
    int compactAbove;

    /**
     * How long a completed id is remembered (answered duplicate); older ones are forgotten (Kafka: tombstoned) and an
     * event sent again after that is booked again. Longer than any window in which a sender re-sends or an operator
     * re-drives.
     */
    @ConfigProperty(name = "hisabkitab.idempotency.retention", defaultValue = "P90D")
    java.time.Duration retention;

    /** How often the ids older than the retention are looked for (the first time a minute after the start, at most). */
    @ConfigProperty(name = "hisabkitab.idempotency.retention-sweep", defaultValue = "PT1H")
    java.time.Duration sweepEvery;

    /**
     * Timer (Prometheus {@code hisabkitab_idempotency_write_duration_seconds}, tag {@code record}: intent, completion):
     * a durable write of the never-twice bookkeeping, acknowledged; each event that books waits for two of them.
     */
    static final String WRITE_DURATION = "hisabkitab.idempotency.write.duration";

    /** Null where a test builds the bean itself: writes are then not timed. */
    @Inject
    MeterRegistry registry;

    /** The two write timers (intent, completion), made once: not looked up in the registry at every write. */
    private final java.util.Map<String, Timer> writeTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private IdempotentConsumer consumer;
    private java.util.concurrent.ScheduledExecutorService sweeper;
    private boolean closed;

    /**
     * Loads the store before Camel configures the routes, so no event is taken before every completed id is known.
     * Runs after the other start checks (default priority), so a start refused for a missing key opens nothing. When
     * Kafka refuses the connector's settings the start goes on without routes and the store is opened once Kafka
     * accepts (kafka.KafkaAccess).
     */
    void openBeforeRoutes(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) BeforeConfigure event) {
        // bin/verify takes no event: it must not open (and lock) the store a running connector holds
        if (!verifying) {
            try {
                consumer();
            } catch (IdempotencyStoreException e) {
                // Kafka refusing the settings: the process stays up, not ready, and opens the store when Kafka accepts
                if (!shared.retryWhenRefused(e, this::consumer)) {
                    throw e;
                }
            }
        }
    }

    synchronized IdempotentConsumer consumer() {
        if (closed) {
            throw new IdempotencyStoreException("The completed-events store is closed (the application is stopping)");
        }
        if (consumer == null) {
            IdempotencyStore store = shared.create()
                    .orElseGet(() -> new FileIdempotencyStore(Path.of(file), compactAbove));
            if (retention.isNegative() || retention.isZero() || sweepEvery.isNegative() || sweepEvery.isZero()) {
                throw new IdempotencyStoreException("hisabkitab.idempotency.retention and retention-sweep must be "
                        + "positive durations (ISO-8601, e.g. P90D and PT1H), not " + retention + " and " + sweepEvery);
            }
            store.open();
            consumer = new IdempotentConsumer(store);
            sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hisabkitab-retention");
                t.setDaemon(true);
                return t;
            });
            long every = sweepEvery.toMillis();
            // soon after a start too: a connector restarted more often than every sweepEvery still sweeps
            sweeper.scheduleWithFixedDelay(() -> sweep(store), Math.min(every, 60_000), every,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return consumer;
    }

    /** Forgets the ids older than the retention; a failure is logged and tried again at the next sweep. */
    int sweep(IdempotencyStore store) {
        java.time.Instant cutoff = java.time.Instant.now().minus(retention);
        try {
            int forgotten = store.forgetCompletedBefore(cutoff);
            if (forgotten > 0) {
                LOG.infof("Forgot %d completed event id(s) that completed before %s (retention %s)", forgotten, cutoff,
                        retention);
            }
            return forgotten;
        } catch (RuntimeException e) {
            LOG.warnf("Forgetting completed event ids older than %s failed (tried again in %s): %s", retention,
                    sweepEvery, e.toString());
            return 0;
        }
    }

    /** The store in use. */
    public IdempotencyStore store() {
        return consumer().store();
    }

    /**
     * Step {@code answer-completed-event-once}: an event whose id already completed comes back with that completion
     * (its reply is a {@code duplicate}, step {@code reply-completed-event}); any other with the claim on its key,
     * taken after waiting while the same key is in flight, and the intent an earlier try of it recorded.
     */
    public EventContext claimUnlessCompleted(EventContext event) {
        Envelope envelope = event.envelope();
        IdempotentConsumer.Decision decision;
        try {
            // a Kafka record needs what was recorded before its partition was assigned; a file row, before now
            decision = consumer().claim(EventKey.of(envelope),
                    event.ownedSince() != null ? event.ownedSince() : System.nanoTime());
        } catch (IdempotencyStoreException e) {
            throw EventFailure.unavailable(null, "Could not look up whether event " + envelope.id()
                    + " was already completed: " + e.getMessage(), null, e);
        }
        if (decision.duplicate()) {
            return event.withCompleted(decision.earlier());
        }
        // an earlier try's write-ahead intent (the store caught up with what was recorded before the claim)
        return event.withClaim(decision.claim(), consumer().store().intent(EventKey.of(envelope)).orElse(null));
    }

    /**
     * Step {@code record-completed-event}, after the outcome is made: an event that completed now is recorded, durably,
     * and its claim released. Not inside the dead-letter handling: a record that cannot be written fails the exchange,
     * so a Kafka event is read again (and then answered {@code duplicate} from memory, which retries the write) rather
     * than committed unrecorded.
     */
    public void recordCompleted(EventContext event, Outcome outcome) {
        if (event == null) {
            return;
        }
        if (event.claim() != null && !event.claim().isReleased() && outcome instanceof Reply reply
                && Reply.OK.equals(reply.status())) {
            timed("completion", () -> consumer().complete(event.claim(), CompletedEvent.of(reply, event.kafkaRecord())));
            return;
        }
        CompletedEvent earlier = event.completed();
        if (earlier != null && !store().isDurable(earlier.key())) {
            LOG.infof("Recording completed event %s again (its earlier write failed)", earlier.key());
            store().record(earlier);
        }
    }

    /**
     * Step {@code release-event-claim} (finally): a claim still held (the event failed) is given up; one its
     * completion released already is left as it is.
     */
    public void release(EventContext event) {
        if (event != null && event.claim() != null && !event.claim().isReleased()) {
            consumer().release(event.claim());
        }
    }

    /** Runs a durable write of the bookkeeping ({@code record}: intent, completion), timed ({@link #WRITE_DURATION}). */
    void timed(String record, Runnable write) {
        if (registry == null) {
            write.run();
            return;
        }
        long started = System.nanoTime();
        write.run();
        writeTimers.computeIfAbsent(record, r -> Timer.builder(WRITE_DURATION)
                .description("A durable write of the never-twice bookkeeping, acknowledged").tag("record", r)
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(30)).register(registry))
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                // a sweep under way ends before the store closes
                sweeper.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sweeper = null;
        }
        if (consumer != null) {
            consumer.store().close();
            consumer = null;
        }
    }
}

package dev.hisabkitab.sync.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.quarkus.main.events.AfterStart;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Whether Kafka accepts the connector's settings. When the completed-events store cannot be opened because Kafka
 * refuses them — a wrong password, an untrusted certificate, an ACL missing ({@link KafkaAccessProblem}) — the
 * process does not exit (on Kubernetes that would be a crash loop that hides the reason): it starts without any route
 * (no event is taken, so none fails into a dead letter), readiness is DOWN naming the setting to check
 * (health.KafkaAccessReadiness), and the store is opened again after {@code hisabkitab.kafka.access-retry}, doubling
 * up to {@code hisabkitab.kafka.access-retry-max}. Once Kafka accepts (the user added, the ACL granted, the settings
 * fixed and the pod restarted) the routes start and readiness is UP. The problem is logged once, and again only
 * when it changes.
 */
@ApplicationScoped
public class KafkaAccess {

    private static final Logger LOG = Logger.getLogger(KafkaAccess.class);

    @ConfigProperty(name = "hisabkitab.kafka.access-retry", defaultValue = "PT5S")
    Duration retryDelay;

    @ConfigProperty(name = "hisabkitab.kafka.access-retry-max", defaultValue = "PT1M")
    Duration retryMaxDelay;

    @Inject
    KafkaClients clients;

    /** Why Kafka refuses the connector now, since when; null while it accepts (or is not used). */
    public record Refusal(KafkaAccessProblem problem, String detail, Instant since, int tries, Instant nextTry) {
    }

    private volatile Refusal refusal;
    private final AtomicInteger tries = new AtomicInteger();
    private Runnable open;
    private Duration nextDelay;
    private ScheduledExecutorService retries;
    private CamelContext camel;
    private boolean closed;

    /** The refusal while Kafka does not accept the connector's settings; empty once (or while) it does. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    /**
     * A failure to open the completed-events store: when it is Kafka refusing the settings, {@code open} is called
     * again (after the application started, without routes) until it succeeds, and true is returned; any other
     * failure is the caller's (false: the start is refused as before).
     */
    public synchronized boolean retryWhenRefused(RuntimeException failure, Runnable open) {
        Optional<KafkaAccessProblem> problem = KafkaAccessProblem.of(failure, clients.config().settings());
        if (problem.isEmpty()) {
            return false;
        }
        this.open = open;
        this.nextDelay = retryDelay;
        tries.incrementAndGet(); // the try at the start
        refused(problem.get());
        return true;
    }

    /** While refused, Camel starts no route: nothing is taken before every completed event id is known. */
    void holdRoutes(@Observes BeforeStart event) {
        if (refusal != null) {
            event.getCamelContext().setAutoStartup(false);
        }
    }

    /** Tries again once Camel runs (its routes are started from here when Kafka accepts). */
    synchronized void retryOnceStarted(@Observes AfterStart event) {
        if (refusal == null || closed) {
            return;
        }
        camel = event.getCamelContext();
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hisabkitab-kafka-access");
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    private void schedule() {
        Duration delay = nextDelay;
        refusal = new Refusal(refusal.problem(), refusal.detail(), refusal.since(), tries.get(),
                Instant.now().plus(delay));
        retries.schedule(this::tryAgain, delay.toMillis(), TimeUnit.MILLISECONDS);
        nextDelay = delay.multipliedBy(2).compareTo(retryMaxDelay) > 0 ? retryMaxDelay : delay.multipliedBy(2);
    }

    private void tryAgain() {
        Runnable opening;
        synchronized (this) {
            if (closed) {
                return;
            }
            opening = open;
        }
        tries.incrementAndGet();
        try {
            opening.run();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                // not one of the refusals (e.g. the brokers unreachable now): still waiting, said as it is
                refused(KafkaAccessProblem.of(e, clients.config().settings()).orElseGet(() -> new KafkaAccessProblem(
                        null, "Kafka did not answer", "kafka.brokers (KAFKA_BROKERS) and the network to the brokers",
                        e.getMessage())));
                schedule();
            }
            return;
        }
        accepted();
    }

    private void accepted() {
        CamelContext context;
        synchronized (this) {
            if (closed) {
                return;
            }
            context = camel;
            LOG.infof("Kafka accepts the connector's settings now (after %d tries): starting the routes", tries.get());
            refusal = null;
        }
        try {
            context.getRouteController().startAllRoutes();
        } catch (Exception e) {
            // a route that cannot start is reported by Camel's own readiness checks
            LOG.errorf("Starting the routes after Kafka accepted the connector failed: %s", e.toString());
        }
    }

    /** Records the problem; logs it when it is new or changed (not at every try: no flood while it lasts). */
    private void refused(KafkaAccessProblem problem) {
        Map<String, String> settings = clients.config().settings();
        Refusal before = refusal;
        String detail = problem.masked(settings);
        boolean changed = before == null || !before.problem().sameAs(problem);
        refusal = new Refusal(problem, detail, changed ? Instant.now() : before.since(), tries.get(),
                before == null ? null : before.nextTry());
        if (changed) {
            LOG.warnf("%s%s. No event is taken until Kafka accepts the connector: readiness is DOWN and the "
                    + "connection is tried again after %s, then less often, up to every %s", problem.describe(),
                    detail.isEmpty() ? "" : " (" + detail + ")", retryDelay, retryMaxDelay);
        } else {
            LOG.debugf("Kafka still refuses the connector (try %d): %s", tries.get(), detail);
        }
    }

    /** Before the beans go: no try may start while the store and Camel stop. */
    void stop(@Observes ShutdownEvent event) {
        close();
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (retries != null) {
            retries.shutdownNow();
            retries = null;
        }
    }
}

package dev.hisabkitab.sync.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.EventLeftUnfinished;

/**
 * Companies paused because HisabKitab refuses their API key (401/403). docs/contract.md, "Outcomes": such events are not
 * dead-lettered; they wait until the key works again.
 *
 * <p>A refusal ({@link RetryPolicy}) pauses the company. Every call for a paused company waits at step
 * {@code wait-while-key-refused} (routes/hisabkitab-client.yaml), its event unfinished: no outcome, its Kafka offset
 * not committed (a wait is on a lane's thread: the Kafka consumer goes on polling, and pauses once the lanes are full,
 * {@code KafkaLanes}), its dropped file not moved.
 * While paused, {@code company.details} is called with the company's key every {@code hisabkitab.auth.probe-interval};
 * the first answer that is not a refusal resumes the company and the waiting calls go (and are answered as usual).
 * Readiness is DOWN while any company is paused ({@code CompanyKeysReadiness}), saying which and why. A call that
 * waits when the connector stops leaves its event unfinished ({@link EventLeftUnfinished}), to be read again.
 */
@ApplicationScoped
@Named("companyPauses")
public class CompanyPauses {

    private static final Logger LOG = Logger.getLogger(CompanyPauses.class);

    /** How long a waiting call sleeps between looks (and, on a Kafka consumer thread, polls to stay in the group). */
    private static final long WAIT_SLICE_MS = 200;

    /** Why and since when a company is paused, and what the last probe found. */
    public record Pause(String company, int httpStatus, String reason, Instant since, Instant lastProbe, int probes) {

        Pause probed(Instant at) {
            return new Pause(company, httpStatus, reason, since, at, probes + 1);
        }

        /** For readiness and logs: what happened and what the connector does about it (never the key). */
        public String describe(Duration probeInterval) {
            return "HisabKitab refused the API key (HTTP " + httpStatus + ") since " + since + "; its events wait, "
                    + "company details are tried every " + probeInterval.toSeconds() + " s (" + probes + " tried"
                    + (lastProbe == null ? "" : ", last at " + lastProbe) + ")";
        }
    }

    private final ConcurrentMap<String, Pause> paused = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hisabkitab-key-probe");
        t.setDaemon(true);
        return t;
    });

    @Inject
    HisabKitabGateway gateway;

    @Inject
    CamelContext camel;

    @ConfigProperty(name = "hisabkitab.auth.probe-interval", defaultValue = "PT30S")
    Duration probeInterval;

    /**
     * Step {@code wait-while-key-refused}: returns at once unless the call's company is paused (a key probe never
     * waits); then waits. The call's state names its event in the log.
     */
    public void awaitAccepted(CallState call) {
        if (call.keyProbe()) {
            return;
        }
        String company = call.company();
        if (!paused.containsKey(company)) {
            return;
        }
        String event = call.whose();
        LOG.infof("%s waits: company '%s' is paused until HisabKitab accepts its API key again", event, company);
        try {
            while (paused.containsKey(company)) {
                if (!camel.isStarted() || camel.isStopping()) {
                    throw new EventLeftUnfinished("The connector stopped while " + event + " waited for company '"
                            + company + "' to be accepted again; it is left unfinished, to be read again");
                }
                synchronized (changed) {
                    if (paused.containsKey(company)) {
                        changed.wait(WAIT_SLICE_MS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLeftUnfinished("Interrupted while " + event + " waited for company '" + company + "'");
        }
        LOG.infof("%s goes on: company '%s' resumed", event, company);
    }

    /** HisabKitab refused the company's key on an event's call: the company pauses (once) and probing starts. */
    public void pause(String company, EventFailure refusal) {
        Pause pause = new Pause(company, refusal.httpStatus() == null ? 401 : refusal.httpStatus(),
                refusal.getMessage(), Instant.now(), null, 0);
        if (paused.putIfAbsent(company, pause) != null) {
            return;
        }
        LOG.errorf("Company '%s' paused: %s. Fix the key (hisabkitab.companies.%s.api-key, or hisabkitab.api-key for "
                + "company default); the connector goes on by itself once HisabKitab accepts it", company,
                pause.describe(probeInterval), company);
        long every = Math.max(1, probeInterval.toMillis());
        probes.computeIfAbsent(company,
                c -> prober.scheduleWithFixedDelay(() -> probe(c), every, every, TimeUnit.MILLISECONDS));
    }

    /** Asks HisabKitab for the company's details with its key: any answer but a refusal resumes the company. */
    void probe(String company) {
        paused.computeIfPresent(company, (c, p) -> p.probed(Instant.now()));
        try {
            gateway.probe(ApiCall.of(company, "company.details"));
        } catch (EventFailure e) {
            if (e.category() == ErrorCategory.AUTHENTICATION) {
                LOG.debugf("Company '%s' still refused (HTTP %s)", company, e.httpStatus());
                return;
            }
            // HisabKitab answered something else (or is unavailable: then nothing is known, try again later)
            if (e.category() == ErrorCategory.UNAVAILABLE) {
                LOG.debugf("Probe of company '%s' found HisabKitab unavailable: %s", company, e.getMessage());
                return;
            }
        } catch (RuntimeException e) {
            LOG.debugf("Probe of company '%s' failed: %s", company, e.getMessage());
            return;
        }
        resume(company);
    }

    private void resume(String company) {
        ScheduledFuture<?> probe = probes.remove(company);
        if (probe != null) {
            probe.cancel(false);
        }
        Pause was = paused.remove(company);
        synchronized (changed) {
            changed.notifyAll();
        }
        if (was != null) {
            LOG.infof("Company '%s' resumed: HisabKitab accepts its API key again (paused since %s)", company, was.since());
        }
    }

    /** The paused companies, by name. */
    public Map<String, Pause> paused() {
        return new TreeMap<>(paused);
    }

    public Duration probeInterval() {
        return probeInterval;
    }

    @PreDestroy
    void stop() {
        prober.shutdownNow();
    }
}

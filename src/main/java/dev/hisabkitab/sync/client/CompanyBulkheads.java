package dev.hisabkitab.sync.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.Config;

import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * Per-company limit of HisabKitab calls in flight at once (a bulkhead: steps {@code enter-company-bulkhead} /
 * {@code leave-company-bulkhead} of routes/hisabkitab-client.yaml). The Kafka lanes run up to
 * {@code hisabkitab.kafka.max-in-flight} events at once whatever their company; this keeps one company's share of
 * them to {@code hisabkitab.companies.<name>.max-calls-in-flight}, else {@code hisabkitab.max-calls-in-flight-per-company};
 * 0 or less: no limit of its own. A call over the limit waits in the calling thread for one of the company's calls to
 * end; between the attempts of a retried call the slot is given back.
 */
@ApplicationScoped
@Named("companyBulkheads")
public class CompanyBulkheads {

    public static final String DEFAULT_SETTING = "hisabkitab.max-calls-in-flight-per-company";
    private final Map<String, Optional<Semaphore>> slots = new ConcurrentHashMap<>();
    private final Function<String, Integer> limitOf;

    @Inject
    public CompanyBulkheads(Config config) {
        this(company -> config.getOptionalValue(settingFor(company), Integer.class)
                .orElseGet(() -> config.getOptionalValue(DEFAULT_SETTING, Integer.class).orElse(0)));
    }

    /** @param limitOf calls a company may have in flight at once (≤ 0: no limit) */
    CompanyBulkheads(Function<String, Integer> limitOf) {
        this.limitOf = limitOf;
    }

    public static String settingFor(String company) {
        return "hisabkitab.companies." + company + ".max-calls-in-flight";
    }

    /** Step {@code enter-company-bulkhead}: returns once the call's company has a free slot, and whether it took one. */
    public CallState enter(CallState call) {
        String company = call.company();
        try {
            return call.withBulkheadHeld(enter(company));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EventFailure.unavailable(null,
                    "Interrupted while waiting for a free HisabKitab call slot of company '" + company + "'", null, e);
        }
    }

    /** Step {@code leave-company-bulkhead} (finally): gives back the slot the call held, if any. */
    public CallState leave(CallState call) {
        if (call.bulkheadHeld()) {
            leave(call.company());
        }
        return call.withBulkheadHeld(false);
    }

    /** Takes one of the company's slots, waiting for one; false when the company has no limit (nothing taken). */
    boolean enter(String company) throws InterruptedException {
        Optional<Semaphore> s = slotsOf(company);
        if (s.isEmpty()) {
            return false;
        }
        s.get().acquire();
        return true;
    }

    void leave(String company) {
        slotsOf(company).ifPresent(Semaphore::release);
    }

    /** Calls of the company in flight now (0 when it has no limit: not counted). */
    int inFlight(String company) {
        int limit = limitOf.apply(company);
        return slotsOf(company).map(s -> limit - s.availablePermits()).orElse(0);
    }

    private Optional<Semaphore> slotsOf(String company) {
        return slots.computeIfAbsent(company, c -> {
            int limit = limitOf.apply(c);
            return limit > 0 ? Optional.of(new Semaphore(limit, true)) : Optional.empty();
        });
    }
}

package dev.hisabkitab.sync.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * Per-company rate limit of HisabKitab calls (a throttler: step {@code rate-limit} of
 * routes/hisabkitab-client.yaml). One {@link TokenBucket} per company, at
 * {@code hisabkitab.companies.<name>.rate-limit-per-second}, else {@code hisabkitab.rate-limit-per-second}; 0 or
 * less means no limit. A bucket saves up at most one second's worth of calls (at least one). A call over the limit
 * waits for its turn in the calling thread; companies never wait for each other.
 */
@ApplicationScoped
@Named("rateLimits")
public class RateLimits {

    public static final String DEFAULT_SETTING = "hisabkitab.rate-limit-per-second";
    static final double DEFAULT_RATE = 20;
    private static final Logger LOG = Logger.getLogger(RateLimits.class);

    /** Per company its bucket; empty: no limit. */
    private final Map<String, Optional<TokenBucket>> buckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
    private final Function<String, Double> rateOf;
    private final LongSupplier nanoTime;

    @Inject
    public RateLimits(Config config) {
        this(company -> config.getOptionalValue(settingFor(company), Double.class)
                .orElseGet(() -> config.getOptionalValue(DEFAULT_SETTING, Double.class).orElse(DEFAULT_RATE)),
                System::nanoTime);
    }

    /** @param rateOf calls per second allowed for a company (≤ 0: unlimited) */
    RateLimits(Function<String, Double> rateOf, LongSupplier nanoTime) {
        this.rateOf = rateOf;
        this.nanoTime = nanoTime;
    }

    public static String settingFor(String company) {
        return "hisabkitab.companies." + company + ".rate-limit-per-second";
    }

    /** Step {@code rate-limit}: returns when the call's company may make its next call. */
    public void acquire(CallState call) {
        String company = call.company();
        long wait = reserve(company);
        if (wait <= 0) {
            return;
        }
        AtomicInteger queue = waiting.computeIfAbsent(company, k -> new AtomicInteger());
        queue.incrementAndGet();
        try {
            LOG.debugf("Company '%s' is at its HisabKitab rate limit: the call waits %d ms", company,
                    TimeUnit.NANOSECONDS.toMillis(wait));
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EventFailure.unavailable(null,
                    "Interrupted while waiting for the HisabKitab rate limit of company '" + company + "'", null, e);
        } finally {
            queue.decrementAndGet();
        }
    }

    /** Takes the company's next call slot; returns the nanoseconds to wait for it (0: go now). */
    public long reserve(String company) {
        Optional<TokenBucket> bucket = buckets.computeIfAbsent(company, c -> {
            double rate = rateOf.apply(c);
            return rate > 0 ? Optional.of(new TokenBucket(rate, Math.max(1, rate), nanoTime.getAsLong()))
                    : Optional.empty();
        });
        return bucket.map(b -> b.reserve(nanoTime.getAsLong())).orElse(0L);
    }

    /** How many calls of the company wait for their turn right now. */
    public int waiting(String company) {
        AtomicInteger n = waiting.get(company);
        return n == null ? 0 : n.get();
    }
}

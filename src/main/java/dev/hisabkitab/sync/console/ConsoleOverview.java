package dev.hisabkitab.sync.console;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.client.ApiKeys;
import dev.hisabkitab.sync.client.CompanyPauses;
import dev.hisabkitab.sync.kafka.ConsumerLag;
import dev.hisabkitab.sync.observability.InboxBacklog;
import dev.hisabkitab.sync.observability.RecentActivity;
import dev.hisabkitab.sync.verify.AccountCheck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Header;
import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The console's Overview and Verify pages: per company whether its events run or wait (a refused key pauses a company,
 * with the reason), what its events came to in the last hour and day and its last error; the Kafka lag and the inbox
 * backlog as the metrics have them; and the read-only account check ({@code bin/verify}'s table) on demand.
 */
@ApplicationScoped
@Named("consoleOverview")
public class ConsoleOverview {

    private static final Pattern COMPANY_KEY = Pattern.compile("hisabkitab\\.companies\\.([^.]+)\\.api-key");

    @Inject
    RecentActivity activity;

    @Inject
    CompanyPauses pauses;

    @Inject
    MeterRegistry registry;

    @Inject
    AccountCheck accountCheck;

    @Inject
    Config config;

    /** One company's line of the overview. */
    public record CompanyLine(String company, boolean running, String pausedBecause, RecentActivity.Counts lastHour,
            RecentActivity.Counts lastDay, RecentActivity.LastError lastError) {
    }

    /** The overview: each company, the Kafka lag (null without Kafka), the files waiting in the inbox. */
    public record Overview(List<CompanyLine> companies, Long kafkaLag, Long inboxBacklog) {
    }

    public Overview overview() {
        Instant now = Instant.now();
        Map<String, RecentActivity.Summary> recent = activity.summaries(now);
        Map<String, CompanyPauses.Pause> paused = pauses.paused();
        TreeSet<String> companies = new TreeSet<>(configuredCompanies());
        companies.addAll(recent.keySet());
        companies.addAll(paused.keySet());
        RecentActivity.Counts none = new RecentActivity.Counts(0, 0, 0, 0, 0);
        List<CompanyLine> lines = new ArrayList<>();
        for (String company : companies) {
            Optional<RecentActivity.Summary> summary = Optional.ofNullable(recent.get(company));
            CompanyPauses.Pause pause = paused.get(company);
            lines.add(new CompanyLine(company, pause == null,
                    pause == null ? null : pause.describe(pauses.probeInterval()),
                    summary.map(RecentActivity.Summary::lastHour).orElse(none),
                    summary.map(RecentActivity.Summary::lastDay).orElse(none),
                    summary.map(RecentActivity.Summary::lastError).orElse(null)));
        }
        return new Overview(lines, gaugeSum(ConsumerLag.LAG), gaugeSum(InboxBacklog.BACKLOG));
    }

    /** The read-only account check of a company ({@code default} when none is named). */
    public AccountCheck.Report verify(@Header("company") String company) {
        String name = company == null || company.isBlank() ? Envelope.DEFAULT_COMPANY : company.strip();
        if (!configuredCompanies().contains(name)) {
            throw new ConsoleRequestException(404, "No company " + name + " is configured (" + ApiKeys.settingFor(name)
                    + ")");
        }
        return accountCheck.check(name);
    }

    /** The companies that have a key: {@code default} ({@code hisabkitab.api-key}) and each {@code hisabkitab.companies.<name>}. */
    List<String> configuredCompanies() {
        List<String> names = new ArrayList<>();
        if (config.getOptionalValue(ApiKeys.DEFAULT_KEY, String.class).filter(k -> !k.isBlank()).isPresent()) {
            names.add(Envelope.DEFAULT_COMPANY);
        }
        for (String property : config.getPropertyNames()) {
            Matcher m = COMPANY_KEY.matcher(property);
            if (m.matches() && config.getOptionalValue(property, String.class).filter(k -> !k.isBlank()).isPresent()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** A gauge's value summed over its tags; null when there is none (no Kafka, no inbox). */
    private Long gaugeSum(String name) {
        List<Gauge> gauges = new ArrayList<>(registry.find(name).gauges());
        if (gauges.isEmpty()) {
            return null;
        }
        double sum = gauges.stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).sum();
        return Math.round(sum);
    }
}

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
    /** The same setting as Kubernetes gives it (a Secret loaded as environment variables). */
    private static final Pattern COMPANY_KEY_VARIABLE = Pattern.compile("HISABKITAB_COMPANIES_(.+)_API_KEY");

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

    @Inject
    ApiKeys apiKeys;

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
        if (apiKeys.find(name).isEmpty()) {
            throw new ConsoleRequestException(404, "No company " + name + " is configured (" + ApiKeys.settingFor(name)
                    + ")");
        }
        return accountCheck.check(name);
    }

    /**
     * The companies that have a key: {@code default} ({@code hisabkitab.api-key}) and each
     * {@code hisabkitab.companies.<name>.api-key}, also when given as {@code HISABKITAB_COMPANIES_<NAME>_API_KEY} (the
     * variable's name is tried as the company's in lower case, with {@code -} or {@code _} between words).
     */
    List<String> configuredCompanies() {
        List<String> known = companies;
        if (known == null) {
            // configuration does not change while running: the setting names are scanned once, not on each refresh
            known = companies = scanCompanies();
        }
        return known;
    }

    private volatile List<String> companies;

    private List<String> scanCompanies() {
        TreeSet<String> names = new TreeSet<>();
        if (apiKeys.find(Envelope.DEFAULT_COMPANY).isPresent()) {
            names.add(Envelope.DEFAULT_COMPANY);
        }
        for (String property : config.getPropertyNames()) {
            for (String candidate : companyNamesOf(property)) {
                if (apiKeys.find(candidate).isPresent()) {
                    names.add(candidate);
                }
            }
        }
        return List.copyOf(names);
    }

    /** The company names a setting's name may give a key to ({@code hisabkitab.companies.acme.api-key}: acme). */
    static List<String> companyNamesOf(String property) {
        Matcher dotted = COMPANY_KEY.matcher(property);
        if (dotted.matches()) {
            return List.of(dotted.group(1));
        }
        Matcher variable = COMPANY_KEY_VARIABLE.matcher(property);
        if (variable.matches()) {
            String name = variable.group(1).toLowerCase(java.util.Locale.ROOT);
            return name.contains("_") ? List.of(name, name.replace('_', '-')) : List.of(name);
        }
        return List.of();
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

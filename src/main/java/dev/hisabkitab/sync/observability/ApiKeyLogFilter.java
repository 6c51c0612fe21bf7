package dev.hisabkitab.sync.observability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

import dev.hisabkitab.sync.client.ApiKeys;
import dev.hisabkitab.sync.kafka.KafkaClientConfig;
import dev.hisabkitab.sync.kafka.RedriveToken;

/**
 * The last line of defence for docs/contract.md, "Outcomes" ("the API key never appears in a log line"): every log record the
 * console, file and syslog handlers write (application.properties: {@code quarkus.log.*.filter}) has the configured
 * HisabKitab API keys, and the Kafka clients' secrets (docs/kafka.md, "Secrets"), replaced by {@value #MASK}, as
 * written, URL-encoded and base64-encoded, in its message and in the messages of its exception chain. The connector
 * itself never logs a key or a secret; this covers libraries that log what they send when their loggers are turned
 * up, such as the HTTP client's header and wire logs at DEBUG.
 */
@LoggingFilter(name = ApiKeyLogFilter.NAME)
public final class ApiKeyLogFilter implements Filter {

    public static final String NAME = "hisabkitab-api-keys";
    public static final String MASK = "****";
    private static final Pattern COMPANY_KEY = Pattern.compile("hisabkitab\\.companies\\.[^.]+\\.api-key");
    /** The same settings given as environment variables (HISABKITAB_API_KEY, HISABKITAB_COMPANIES_ACME_API_KEY). */
    private static final Pattern ENV_KEY = Pattern.compile("HISABKITAB_(COMPANIES_.+_)?API_KEY");
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private final List<String> secrets;

    public ApiKeyLogFilter() {
        this(configuredKeys(ConfigProvider.getConfig()));
    }

    ApiKeyLogFilter(Set<String> keys) {
        Set<String> forms = new LinkedHashSet<>();
        for (String key : keys) {
            forms.add(key);
            forms.add(URLEncoder.encode(key, StandardCharsets.UTF_8));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
        }
        // longest first, so a form that contains another is masked whole
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.secrets = List.copyOf(sorted);
    }

    /**
     * Every configured key (of 4 characters or more): hisabkitab.api-key and hisabkitab.companies.*.api-key, also
     * when given as environment variables; and the Kafka clients' secret settings (sasl.jaas.config and the passwords
     * in it, the keystore and truststore passwords…: {@link KafkaClientConfig#secretValues(Config)}); the re-drive
     * token ({@link RedriveToken#SETTING}).
     */
    static Set<String> configuredKeys(Config config) {
        Set<String> names = new LinkedHashSet<>();
        names.add(ApiKeys.DEFAULT_KEY);
        for (String name : config.getPropertyNames()) {
            if (COMPANY_KEY.matcher(name).matches() || ENV_KEY.matcher(name).matches()) {
                names.add(name);
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String name : names) {
            config.getOptionalValue(name, String.class).map(String::trim).filter(k -> k.length() >= 4)
                    .ifPresent(keys::add);
        }
        keys.addAll(KafkaClientConfig.secretValues(config));
        config.getOptionalValue(RedriveToken.SETTING, String.class).map(String::trim).filter(t -> t.length() >= 4)
                .ifPresent(keys::add);
        return keys;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (secrets.isEmpty()) {
            return true;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : FORMATTER.formatMessage(record);
        String masked = mask(message);
        if (masked != message) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && mentionsASecret(thrown)) {
            record.setThrown(masked(thrown));
        }
        return true;
    }

    /** The text with every secret form replaced; the same instance when there was none. */
    String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    private boolean mentionsASecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (mask(t.getMessage()) != t.getMessage()) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the exception chain with the secrets masked in each message; classes and stack traces kept. */
    private Throwable masked(Throwable thrown) {
        Throwable cause = thrown.getCause() == null || thrown.getCause() == thrown ? null : masked(thrown.getCause());
        MaskedException copy = new MaskedException(thrown.getClass().getName(), mask(thrown.getMessage()), cause);
        copy.setStackTrace(thrown.getStackTrace());
        return copy;
    }

    /** Stands in for an exception whose message held a secret: prints as the original class and masked message. */
    static final class MaskedException extends RuntimeException {

        private final String originalClass;

        MaskedException(String originalClass, String message, Throwable cause) {
            super(message, cause);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
        }
    }
}

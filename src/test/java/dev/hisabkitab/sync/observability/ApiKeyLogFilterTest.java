package dev.hisabkitab.sync.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class ApiKeyLogFilterTest {

    static final String KEY = "hk-live-key-0a1b2c";
    private final ApiKeyLogFilter filter = new ApiKeyLogFilter(Set.of(KEY, "acme key/with+signs"));

    @Test
    void findsEveryConfiguredKeyAlsoFromEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "HISABKITAB_API_KEY", "env-default-key",
                "HISABKITAB_COMPANIES_ACME_API_KEY", "env-acme-key",
                "hisabkitab.companies.beta.api-key", "beta-key",
                "hisabkitab.companies.tiny.api-key", "abc",
                "hisabkitab.sandbox.api-keys", "not-a-company-key"), "test", 100)).build();
        assertEquals(Set.of("env-default-key", "env-acme-key", "beta-key"), ApiKeyLogFilter.configuredKeys(config));
    }

    @Test
    void findsTheKafkaClientSecretsAlsoFromEnvironmentVariables() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"pl4in-pw\";";
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG", jaas,
                "HISABKITAB_KAFKA_CLIENT_SSL_KEYSTORE_PASSWORD", "keystore-pw",
                "HISABKITAB_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"), 300)).build();
        Set<String> secrets = ApiKeyLogFilter.configuredKeys(config);
        assertEquals(Set.of(jaas, "pl4in-pw", "keystore-pw"), secrets);
        ExtLogRecord record = new ExtLogRecord(Level.FINE, "login with %s", ExtLogRecord.FormatStyle.PRINTF,
                getClass().getName());
        record.setParameters(new Object[] { "password=\"pl4in-pw\"" });
        assertTrue(new ApiKeyLogFilter(secrets).isLoggable(record));
        assertEquals("login with password=\"****\"", record.getFormattedMessage());
    }

    @Test
    void findsTheReDriveTokenFromTheEnvironment() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "HISABKITAB_REDRIVE_TOKEN", "0123456789abcdef-redrive"), 300)).build();
        Set<String> secrets = ApiKeyLogFilter.configuredKeys(config);
        assertEquals(Set.of("0123456789abcdef-redrive"), secrets);
        assertEquals("Authorization: Bearer ****", new ApiKeyLogFilter(secrets).mask("Authorization: Bearer 0123456789abcdef-redrive"));
    }

    @Test
    void masksTheKeysInFormattedMessagesAndKeepsTheRest() {
        ExtLogRecord record = new ExtLogRecord(Level.FINE, "http-outgoing-4 >> %s: %s", ExtLogRecord.FormatStyle.PRINTF,
                getClass().getName());
        record.setParameters(new Object[] { "ApiKey", KEY });
        assertTrue(filter.isLoggable(record));
        assertEquals("http-outgoing-4 >> ApiKey: ****", record.getFormattedMessage());
    }

    @Test
    void masksUrlAndBase64FormsToo() {
        String base64 = Base64.getEncoder().withoutPadding().encodeToString(KEY.getBytes());
        assertEquals("q=**** b=**** u=****", filter.mask("q=acme+key%2Fwith%2Bsigns b=" + base64 + " u=acme key/with+signs"));
    }

    @Test
    void leavesRecordsWithoutAKeyAlone() {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "Event {0} completed", ExtLogRecord.FormatStyle.MESSAGE_FORMAT,
                getClass().getName());
        record.setParameters(new Object[] { "erp-1" });
        assertTrue(filter.isLoggable(record));
        assertEquals("Event {0} completed", record.getMessage());
        assertEquals("erp-1", record.getParameters()[0]);
        String text = "nothing secret";
        assertSame(text, filter.mask(text));
        assertNull(filter.mask(null));
    }

    @Test
    void masksTheMessagesOfTheExceptionChainKeepingClassesAndStackTraces() {
        IOException cause = new IOException("refused for key " + KEY);
        IllegalStateException thrown = new IllegalStateException("call failed", cause);
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "failed", ExtLogRecord.FormatStyle.NO_FORMAT, getClass().getName());
        record.setThrown(thrown);
        assertTrue(filter.isLoggable(record));
        StringWriter printed = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(printed));
        assertFalse(printed.toString().contains(KEY), printed.toString());
        assertTrue(printed.toString().contains("java.lang.IllegalStateException: call failed"), printed.toString());
        assertTrue(printed.toString().contains("java.io.IOException: refused for key ****"), printed.toString());
        assertTrue(printed.toString().contains("ApiKeyLogFilterTest.masksTheMessagesOfTheExceptionChain"), printed.toString());
    }
}

package dev.hisabkitab.sync.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.eclipse.microprofile.config.Config;

/**
 * The settings every Kafka client of the connector is made with ({@link KafkaClients}): the brokers
 * ({@code kafka.brokers}), a base client id, and every Kafka client setting given under {@value #PREFIX} with Kafka's
 * own name ({@code hisabkitab.kafka.client.security.protocol=SASL_SSL}, or the environment variable
 * {@code HISABKITAB_KAFKA_CLIENT_SECURITY_PROTOCOL}). A client's settings are, lowest first: its own (what each use
 * tunes: timeouts, linger…), then these, then what the connector needs for its guarantees (group, transactions,
 * isolation, acknowledgements, serializers), which cannot be given here ({@link #OWNED}). Secrets are only ever shown
 * masked ({@link #toString}).
 */
public final class KafkaClientConfig {

    public static final String PREFIX = "hisabkitab.kafka.client.";
    static final String MASK = "[hidden]";

    /**
     * Settings the connector sets itself (per use: its guarantees rest on them): refused under {@link #PREFIX},
     * naming what to set instead.
     */
    static final Map<String, String> OWNED = owned();

    private static Map<String, String> owned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "set kafka.brokers (KAFKA_BROKERS)");
        owned.put(CommonClientConfigs.GROUP_ID_CONFIG, "set hisabkitab.kafka.group-id");
        owned.put(CommonClientConfigs.GROUP_INSTANCE_ID_CONFIG, "set hisabkitab.kafka.instance-id");
        owned.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "set hisabkitab.kafka.transactional-id");
        owned.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "set hisabkitab.kafka.transaction-timeout");
        owned.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "set hisabkitab.kafka.max-poll-records");
        owned.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "set hisabkitab.kafka.max-poll-interval-ms");
        String guarantee = "the connector sets it for its delivery guarantees";
        for (String name : List.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, ProducerConfig.ACKS_CONFIG,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)) {
            owned.put(name, guarantee);
        }
        return Collections.unmodifiableMap(owned);
    }

    /** Names of settings whose value is a secret: Kafka's own PASSWORD type, and any name that says so. */
    private static final Set<String> PASSWORDS = passwords();
    private static final Pattern SECRET_NAME = Pattern.compile(".*(password|secret|jaas|credential|\\.key$).*");
    /** A JAAS option whose value is a secret, quoted or not: password="…", clientSecret=…. */
    private static final Pattern JAAS_SECRET = Pattern
            .compile("(?i)\\b\\w*(password|secret)\\w*\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");

    private static Set<String> passwords() {
        Set<String> names = new TreeSet<>();
        for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef())) {
            def.configKeys().values().stream().filter(k -> k.type == ConfigDef.Type.PASSWORD)
                    .forEach(k -> names.add(k.name));
        }
        return Collections.unmodifiableSet(names);
    }

    /** Every setting name any of Kafka's clients knows. */
    private static final Set<String> KNOWN = known();

    private static Set<String> known() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Collections.unmodifiableSet(names);
    }

    /** The kinds of client: each is given the settings it knows (and those no client knows: a plug-in's own). */
    enum Kind {
        PRODUCER(ProducerConfig.configNames()), CONSUMER(ConsumerConfig.configNames()),
        ADMIN(AdminClientConfig.configNames());

        private final Set<String> names;

        Kind(Set<String> names) {
            this.names = names;
        }

        boolean takes(String name) {
            return names.contains(name) || !KNOWN.contains(name);
        }
    }

    private final String brokers;
    private final String clientId;
    private final Map<String, String> settings;

    /**
     * @param brokers Kafka's bootstrap.servers
     * @param clientId each client's client.id is this, a dash and its use
     * @param settings Kafka client settings for every client (names without {@link #PREFIX})
     * @throws IllegalArgumentException naming a setting the connector sets itself (never showing a value)
     */
    public KafkaClientConfig(String brokers, String clientId, Map<String, String> settings) {
        if (brokers == null || brokers.isBlank()) {
            throw new IllegalArgumentException("No Kafka brokers: set kafka.brokers (KAFKA_BROKERS)");
        }
        this.brokers = brokers;
        Map<String, String> given = new TreeMap<>(settings);
        List<String> refused = given.keySet().stream().filter(OWNED::containsKey)
                .map(name -> PREFIX + name + " (" + OWNED.get(name) + ")").toList();
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("Kafka client settings the connector sets itself: "
                    + String.join(", ", refused));
        }
        String id = given.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
        this.clientId = id != null && !id.isBlank() ? id : clientId;
        this.settings = Collections.unmodifiableMap(given);
    }

    /**
     * The settings from the configuration: {@code kafka.brokers}, every {@value #PREFIX}{@code <kafka setting>} (as a
     * property, or as an environment variable: upper case, dots as underscores), and the base client id
     * ({@value #PREFIX}{@code client.id}, else the consumer group's id).
     */
    public static KafkaClientConfig from(Config config) {
        String brokers = config.getOptionalValue("kafka.brokers", String.class).orElse("");
        String group = config.getOptionalValue("hisabkitab.kafka.group-id", String.class).orElse("hisabkitab-sync");
        return new KafkaClientConfig(brokers, group, settings(config));
    }

    /**
     * Every setting under {@value #PREFIX}. An environment variable's name has lost where the dots were, so each name
     * Kafka knows (and the owned ones, to refuse them) is looked up — the configuration finds
     * {@code HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG} for {@code hisabkitab.kafka.client.sasl.jaas.config} — and
     * the names given with dots (application.properties, system properties) are taken as written, so a plug-in's
     * own setting unknown to Kafka can be given there.
     */
    static Map<String, String> settings(Config config) {
        Set<String> names = new TreeSet<>(KNOWN);
        names.addAll(OWNED.keySet());
        for (String property : config.getPropertyNames()) {
            if (property.startsWith(PREFIX) && property.length() > PREFIX.length()) {
                names.add(property.substring(PREFIX.length()));
            }
        }
        Map<String, String> settings = new TreeMap<>();
        for (String name : names) {
            // empty counts as not given (the configuration's own rule): "${X:}" leaves Kafka's default
            config.getOptionalValue(PREFIX + name, String.class).filter(v -> !v.isBlank())
                    .ifPresent(v -> settings.put(name, v));
        }
        return settings;
    }

    public String brokers() {
        return brokers;
    }

    /** The settings given for every client (names without the prefix); secrets in clear: never log these. */
    Map<String, String> settings() {
        return settings;
    }

    /**
     * A client's settings: {@code own} (what this use tunes and needs), overridden by the settings given for every
     * client that this kind of client takes — never one the connector owns ({@link #OWNED}: refused at the start, so
     * {@code own}'s stand) — then the brokers, and the client id {@code <base>-<use>} unless {@code own} names one.
     */
    Map<String, Object> forClient(Kind kind, String use, Map<String, ?> own) {
        Map<String, Object> merged = new LinkedHashMap<>(own);
        settings.forEach((name, value) -> {
            if (kind.takes(name)) {
                merged.put(name, value);
            }
        });
        merged.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        merged.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + use);
        return merged;
    }

    /** Whether a setting's value is a secret (Kafka's PASSWORD type, or a name that says so). */
    static boolean isSecret(String name) {
        return PASSWORDS.contains(name) || SECRET_NAME.matcher(name).matches();
    }

    /** A client's settings as they may be shown: every secret value {@value #MASK}. */
    static Map<String, Object> masked(Map<String, ?> config) {
        Map<String, Object> shown = new TreeMap<>();
        config.forEach((name, value) -> shown.put(name, isSecret(name) && value != null ? MASK : value));
        return shown;
    }

    /**
     * The secret values of the settings (each whole, and each password or secret option of a JAAS configuration),
     * for the log filter to mask wherever a library would print them.
     */
    static Set<String> secretValues(Map<String, String> settings) {
        Set<String> values = new TreeSet<>();
        settings.forEach((name, value) -> {
            if (isSecret(name) && value != null && !value.isBlank()) {
                values.add(value.trim());
                Matcher option = JAAS_SECRET.matcher(value);
                while (option.find()) {
                    values.add(option.group(2) != null ? option.group(2) : option.group(3));
                }
            }
        });
        values.removeIf(v -> v.length() < 4);
        return values;
    }

    /** The secret values configured (see {@link #secretValues(Map)}); nothing refused or validated here. */
    public static Set<String> secretValues(Config config) {
        return secretValues(settings(config));
    }

    /** Brokers, base client id and the settings, secrets masked. */
    @Override
    public String toString() {
        return "Kafka clients of " + brokers + " (client.id " + clientId + "-<use>) with "
                + masked(settings);
    }
}

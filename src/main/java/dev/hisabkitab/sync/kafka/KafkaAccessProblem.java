package dev.hisabkitab.sync.kafka;

import java.nio.file.NoSuchFileException;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Why Kafka does not accept the connector, in words an operator acts on: which setting to check (its property and
 * its environment variable), never a value. {@link #of} classifies a failure of a Kafka client — a refused login, a
 * broker certificate not trusted, a certificate of ours refused, a keystore or truststore that does not load, a JAAS
 * configuration that does not parse, an ACL missing — by the exceptions in its cause chain; any other failure is not
 * one of these (empty).
 *
 * @param setting the Kafka client setting to check (without {@value KafkaClientConfig#PREFIX}), or {@code null} when
 *        the fix is outside the connector (an ACL)
 * @param problem what is wrong, e.g. "Kafka refused the SASL login"
 * @param hint what to look at in that setting
 * @param detail the Kafka client's own message (a library message: shown only masked, {@link #masked})
 */
public record KafkaAccessProblem(String setting, String problem, String hint, String detail) {

    /** Alerts a broker sends when it refuses the client's certificate (mutual TLS). */
    private static final Pattern CLIENT_CERTIFICATE_REFUSED = Pattern.compile(
            "(?i)received fatal alert: (bad_certificate|certificate_required|certificate_unknown|unknown_ca"
                    + "|certificate_expired|certificate_revoked|access_denied|unsupported_certificate)");
    /** The JDK's words for a certificate that does not name the host or address connected to. */
    private static final Pattern NOT_FOR_THIS_HOST = Pattern.compile(
            "(?i)(no subject alternative (dns )?names? matching|no name matching|hostname .* not verified)");
    /** A Kafka store that did not load: "Failed to load SSL keystore /path of type PKCS12". */
    private static final Pattern STORE_NOT_LOADED = Pattern.compile("(?i)failed to load ssl keystore");

    /** How deep a cause chain is followed (a chain with a cycle ends too). */
    private static final int MAX_CAUSES = 32;

    /** The property to set: {@code hisabkitab.kafka.client.<setting>}. */
    public String property() {
        return setting == null ? null : KafkaClientConfig.PREFIX + setting;
    }

    /** The environment variable of the setting: {@code HISABKITAB_KAFKA_CLIENT_<SETTING>}. */
    public String environmentVariable() {
        return setting == null ? null : environmentVariable(setting);
    }

    static String environmentVariable(String setting) {
        return (KafkaClientConfig.PREFIX + setting).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The sentence for readiness and the log: the problem, the setting to check (property and environment
     * variable), the hint. E.g. "Kafka refused the SASL login: check hisabkitab.kafka.client.sasl.jaas.config
     * (HISABKITAB_KAFKA_CLIENT_SASL_JAAS_CONFIG): the user name and password …".
     */
    public String describe() {
        String check = setting == null ? "" : ": check " + property() + " (" + environmentVariable() + ")";
        return problem + check + (hint == null || hint.isEmpty() ? "" : ": " + hint);
    }

    /** Whether it is the same problem (the Kafka client's own words may differ from one try to the next). */
    public boolean sameAs(KafkaAccessProblem other) {
        return other != null && java.util.Objects.equals(setting, other.setting) && problem.equals(other.problem);
    }

    /** {@link #detail} with every secret value of the settings replaced by {@value KafkaClientConfig#MASK}. */
    public String masked(Map<String, String> settings) {
        String shown = detail == null ? "" : detail;
        for (String secret : KafkaClientConfig.secretValues(settings)) {
            shown = shown.replace(secret, KafkaClientConfig.MASK);
        }
        return shown;
    }

    /**
     * The access problem {@code failure} shows, if it is one.
     *
     * @param settings the Kafka client settings given (names without the prefix): which store a path belongs to
     */
    public static Optional<KafkaAccessProblem> of(Throwable failure, Map<String, String> settings) {
        List<Throwable> chain = causes(failure);
        // the TLS layer's own words ("PKIX path validation failed: …") say more than the innermost cause's
        String detail = chain.stream().filter(t -> t instanceof SSLException && t.getMessage() != null).findFirst()
                .map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).orElseGet(() -> deepestMessage(chain));
        for (Throwable t : chain) {
            if (t instanceof UnsupportedSaslMechanismException) {
                return found("sasl.mechanism", "Kafka does not offer this SASL mechanism on that listener",
                        "use one the listener enables (e.g. SCRAM-SHA-512), and check "
                                + KafkaClientConfig.PREFIX + "security.protocol and kafka.brokers (the port)",
                        detail);
            }
            if (t instanceof SaslAuthenticationException) {
                return found("sasl.jaas.config", "Kafka refused the SASL login",
                        "the user name and password (or the OAuth client's credentials), and that the user exists "
                                + "for " + KafkaClientConfig.PREFIX + "sasl.mechanism",
                        detail);
            }
            if (t instanceof IllegalSaslStateException) {
                return found("security.protocol", "Kafka's listener does not speak the protocol given",
                        "SASL_SSL, SSL, SASL_PLAINTEXT or PLAINTEXT as the listener at kafka.brokers expects", detail);
            }
            if (t instanceof AuthorizationException) {
                return found(null, "Kafka accepted the login but its ACLs refuse the connector ("
                        + t.getClass().getSimpleName() + ")", "grant the connector's user the ACLs docs/kafka.md "
                                + "lists (its topics, its consumer group, its transactional id)", detail);
            }
        }
        boolean tls = chain.stream().anyMatch(t -> t instanceof SslAuthenticationException || t instanceof SSLException);
        if (tls) {
            if (chain.stream().anyMatch(t -> t.getMessage() != null && NOT_FOR_THIS_HOST.matcher(t.getMessage()).find())) {
                return found("ssl.endpoint.identification.algorithm",
                        "the broker's certificate does not name the address connected to",
                        "give kafka.brokers (KAFKA_BROKERS) the host names the brokers' certificates name; "
                                + "leave host name verification on (https) in production", detail);
            }
            if (chain.stream().anyMatch(t -> t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException || t instanceof CertificateException)) {
                return found("ssl.truststore.location", "the broker's certificate is not trusted",
                        "the truststore must hold the CA that signed the brokers' certificates (type in "
                                + KafkaClientConfig.PREFIX + "ssl.truststore.type)", detail);
            }
            if (chain.stream().anyMatch(t -> t.getMessage() != null
                    && CLIENT_CERTIFICATE_REFUSED.matcher(t.getMessage()).find())) {
                return found("ssl.keystore.location", "the broker refused the connector's certificate",
                        "the keystore must hold a key and certificate the brokers' client CA signed, not expired",
                        detail);
            }
            return found("security.protocol", "the TLS connection to Kafka failed",
                    "SSL or SASL_SSL only on a TLS listener, and the " + KafkaClientConfig.PREFIX + "ssl.* settings",
                    detail);
        }
        for (Throwable t : chain) {
            if (t.getMessage() != null && STORE_NOT_LOADED.matcher(t.getMessage()).find()) {
                String store = whichStore(t.getMessage(), settings);
                boolean noFile = chain.stream().anyMatch(c -> c instanceof NoSuchFileException
                        || c instanceof java.io.FileNotFoundException);
                boolean password = chain.stream().anyMatch(c -> c instanceof UnrecoverableKeyException
                        || c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("password"));
                if (noFile) {
                    return found("ssl." + store + ".location", "the " + store + " file is not there",
                            "a path to the mounted file", detail);
                }
                if (password) {
                    return found("ssl." + store + ".password", "the " + store + " does not open with its password",
                            "the password of that file", detail);
                }
                return found("ssl." + store + ".location", "the " + store + " cannot be read",
                        "a PKCS12 or JKS file, its type in " + KafkaClientConfig.PREFIX + "ssl." + store + ".type",
                        detail);
            }
            if (t.getMessage() != null && t.getMessage().contains("JAAS config")) {
                return found("sasl.jaas.config", "the JAAS configuration cannot be read",
                        "LoginModule class, 'required', options as name=\"value\", and the ';' at its end", null);
            }
        }
        return Optional.empty();
    }

    /** Which store a "Failed to load SSL keystore <path> …" names: the truststore unless it is the keystore's path. */
    private static String whichStore(String message, Map<String, String> settings) {
        String truststore = settings.get("ssl.truststore.location");
        String keystore = settings.get("ssl.keystore.location");
        if (truststore != null && message.contains(truststore)) {
            return "truststore";
        }
        return keystore != null && message.contains(keystore) ? "keystore" : "truststore";
    }

    private static Optional<KafkaAccessProblem> found(String setting, String problem, String hint, String detail) {
        return Optional.of(new KafkaAccessProblem(setting, problem, hint, detail));
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The innermost message: the Kafka client's or the JDK's own words ("invalid credentials…", "PKIX path…"). */
    private static String deepestMessage(List<Throwable> chain) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            String m = chain.get(i).getMessage();
            if (m != null && !m.isBlank()) {
                return chain.get(i).getClass().getSimpleName() + ": " + m;
            }
        }
        return null;
    }
}

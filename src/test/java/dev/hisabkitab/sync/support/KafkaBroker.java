package dev.hisabkitab.sync.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside the test JVM.
 *
 * <p>{@link #start()} formats a temporary log directory with Kafka's storage formatter (the class behind
 * {@code kafka-storage.sh format}) and starts {@link KafkaRaftServer} on two free loopback ports (client
 * listener and controller listener). {@link #stop()} and {@link #restart()} keep the same ports and the same
 * log directory, so clients configured with {@link #bootstrapServers()} reconnect to the restarted broker and
 * find every record written before the stop. {@link #close()} stops the broker and deletes the directory.
 * {@link #withSaslSsl} adds a third port: a SASL_SSL listener (SCRAM-SHA-512, TLS with a test-made CA), on which
 * {@link #withPlainUser} and {@link #withUnsecuredOAuthBearer} also enable PLAIN and OAUTHBEARER;
 * {@link #withMutualTls} adds another: an SSL listener that requires a client certificate signed by the test's CA.
 *
 * <p>Kafka's {@link Exit} procedures are replaced (once per JVM) so that a fatal broker error, which would
 * normally call {@code System.exit} / {@code Runtime.halt} and kill the forked test JVM, is recorded instead;
 * every public operation of a broker then fails with {@link FatalBrokerError}.
 *
 * <p>Kafka's own loggers ({@code kafka}, {@code org.apache.kafka}, {@code state.change.logger}) are set to
 * WARN, and {@code org.apache.kafka.clients.NetworkClient} (one WARN per reconnect attempt while the broker is
 * stopped) to ERROR, unless a level is already configured for them; {@code -Dkafka.broker.log.level=INFO}
 * sets all of them to that level instead.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final int NODE_ID = 1;
    public static final int DEFAULT_PARTITIONS = 3;
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private static final List<FatalBrokerError> FATAL_ERRORS = new CopyOnWriteArrayList<>();
    private static boolean exitProceduresInstalled;
    /** Strong references: a logger's level must not vanish with a garbage-collected logger object. */
    private static final List<Logger> QUIETED_LOGGERS = new ArrayList<>();

    private final int defaultPartitions;
    private final Map<String, String> extraConfig;

    private Path baseDir;
    private Path logDir;
    private int port = -1;
    /** The SASL_SSL listener's port; -1 without one ({@link #withSaslSsl}). */
    private int saslSslPort = -1;
    private TestCertificates tls;
    private int controllerPort = -1;
    /** PLAIN users of the SASL_SSL listener (user → password); none: PLAIN is not enabled. */
    private final Map<String, String> plainUsers = new LinkedHashMap<>();
    /** The scope OAUTHBEARER tokens must have; null: OAUTHBEARER is not enabled. */
    private String oauthBearerScope;
    /** The mutual-TLS listener's port and CA; -1 / null without one ({@link #withMutualTls}). */
    private int mutualTlsPort = -1;
    private TestCertificates mutualTls;
    private String clusterId;
    private KafkaRaftServer server;
    private Duration lastStartDuration;
    private int fatalErrorsAtCreation;

    /** A broker with {@value #DEFAULT_PARTITIONS} partitions per topic by default. Call {@link #start()}. */
    public KafkaBroker() {
        this(DEFAULT_PARTITIONS, Map.of());
    }

    /**
     * @param defaultPartitions partitions for {@link #createTopics(String...)} and auto-created topics
     * @param extraConfig broker settings added to (and overriding) the defaults of {@link #brokerConfig()}
     */
    public KafkaBroker(int defaultPartitions, Map<String, String> extraConfig) {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be >= 1");
        }
        this.defaultPartitions = defaultPartitions;
        this.extraConfig = Map.copyOf(extraConfig);
        installExitProcedures();
        quietKafkaLoggers();
        this.fatalErrorsAtCreation = FATAL_ERRORS.size();
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /** Formats a fresh log dir on first call, then starts the broker and waits until it serves requests. */
    public synchronized KafkaBroker start() {
        failOnFatalError();
        if (server != null) {
            return this;
        }
        long t0 = System.nanoTime();
        if (baseDir == null) {
            try {
                baseDir = Files.createTempDirectory("kafka-broker-");
                logDir = baseDir.resolve("data");
                Files.createDirectories(logDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            port = freePort();
            controllerPort = freePort();
            while (controllerPort == port) {
                controllerPort = freePort();
            }
            if (tls != null) {
                saslSslPort = freePort();
                while (saslSslPort == port || saslSslPort == controllerPort) {
                    saslSslPort = freePort();
                }
            }
            if (mutualTls != null) {
                mutualTlsPort = freePort();
                while (mutualTlsPort == port || mutualTlsPort == controllerPort || mutualTlsPort == saslSslPort) {
                    mutualTlsPort = freePort();
                }
            }
            clusterId = Uuid.randomUuid().toString();
            format();
        }
        KafkaConfig config = new KafkaConfig(brokerConfig(), false);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(s);
            throw new IllegalStateException("Kafka broker failed to start on " + bootstrapServers(), e);
        }
        server = s;
        awaitReady();
        lastStartDuration = Duration.ofNanos(System.nanoTime() - t0);
        return this;
    }

    /** Stops the broker (controlled shutdown); ports and log dir are kept for {@link #restart()}. */
    public synchronized void stop() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
        failOnFatalError();
    }

    /** Stops the broker if it is running and starts it again on the same ports with the same log dir. */
    public synchronized KafkaBroker restart() {
        if (baseDir == null) {
            throw new IllegalStateException("Broker was never started");
        }
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker and deletes its temporary directory. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (baseDir != null) {
                deleteRecursively(baseDir);
                baseDir = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    /** {@code 127.0.0.1:port}; stable across {@link #stop()} / {@link #restart()}. */
    public synchronized String bootstrapServers() {
        if (port < 0) {
            throw new IllegalStateException("Broker was never started");
        }
        return HOST + ":" + port;
    }

    public synchronized int port() {
        return port;
    }

    /**
     * Adds a second listener, SASL_SSL with SCRAM-SHA-512 ({@link #addScramUser}), its certificate for 127.0.0.1
     * signed by the test's CA ({@code tls}); the PLAINTEXT listener stays for the test's own clients. Before
     * {@link #start()}.
     */
    public synchronized KafkaBroker withSaslSsl(TestCertificates tls) {
        if (baseDir != null) {
            throw new IllegalStateException("A listener is added before the broker first starts");
        }
        this.tls = tls;
        return this;
    }

    /** {@code 127.0.0.1:port} of the SASL_SSL listener ({@link #withSaslSsl}). */
    public synchronized String saslSslBootstrapServers() {
        if (saslSslPort < 0) {
            throw new IllegalStateException("No SASL_SSL listener: withSaslSsl before start");
        }
        return HOST + ":" + saslSslPort;
    }

    /**
     * Also enables PLAIN on the SASL_SSL listener ({@link #withSaslSsl}) with this user (more calls, more users); the
     * users are the broker's JAAS configuration, as on a broker with PLAIN. Before {@link #start()}.
     */
    public synchronized KafkaBroker withPlainUser(String user, String password) {
        if (baseDir != null) {
            throw new IllegalStateException("A mechanism is enabled before the broker first starts");
        }
        plainUsers.put(user, password);
        return this;
    }

    /**
     * Also enables OAUTHBEARER on the SASL_SSL listener ({@link #withSaslSsl}) with Kafka's built-in unsecured
     * validator: an unsigned token a client's login makes is taken when its scope claim holds {@code requiredScope}
     * (fine for a test, never for production). Before {@link #start()}.
     */
    public synchronized KafkaBroker withUnsecuredOAuthBearer(String requiredScope) {
        if (baseDir != null) {
            throw new IllegalStateException("A mechanism is enabled before the broker first starts");
        }
        oauthBearerScope = requiredScope;
        return this;
    }

    /**
     * Adds a listener for mutual TLS: SSL with the broker's certificate for 127.0.0.1 signed by the test's CA
     * ({@code tls}), requiring a client certificate signed by the same CA ({@link TestCertificates#clientKeystore}).
     * Independent of {@link #withSaslSsl}; the PLAINTEXT listener stays for the test's own clients. Before
     * {@link #start()}.
     */
    public synchronized KafkaBroker withMutualTls(TestCertificates tls) {
        if (baseDir != null) {
            throw new IllegalStateException("A listener is added before the broker first starts");
        }
        this.mutualTls = tls;
        return this;
    }

    /** {@code 127.0.0.1:port} of the mutual-TLS listener ({@link #withMutualTls}). */
    public synchronized String mutualTlsBootstrapServers() {
        if (mutualTlsPort < 0) {
            throw new IllegalStateException("No mutual-TLS listener: withMutualTls before start");
        }
        return HOST + ":" + mutualTlsPort;
    }

    /**
     * Settings of a client of the mutual-TLS listener that presents the key and certificate in {@code keystore}
     * (PKCS12, the test CA's password) and trusts the test's CA.
     */
    public synchronized Map<String, Object> mutualTlsClientSettings(Path keystore) {
        Map<String, Object> s = new java.util.HashMap<>();
        s.put("bootstrap.servers", mutualTlsBootstrapServers());
        s.put("security.protocol", "SSL");
        s.put("ssl.keystore.location", keystore.toString());
        s.put("ssl.keystore.type", "PKCS12");
        s.put("ssl.keystore.password", mutualTls.password());
        s.put("ssl.truststore.location", mutualTls.truststore().toString());
        s.put("ssl.truststore.type", "PKCS12");
        s.put("ssl.truststore.password", mutualTls.password());
        s.put("request.timeout.ms", "5000");
        s.put("default.api.timeout.ms", "5000");
        return s;
    }

    /** Creates (or replaces) a SCRAM-SHA-512 user of the SASL_SSL listener. */
    public void addScramUser(String user, String password) {
        failOnFatalError();
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add SCRAM user " + user, e);
        }
        // the controller knows the user before the broker's listener has applied it: wait for a real login
        Awaitility.await("SCRAM login of " + user).atMost(ADMIN_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .pollInSameThread().ignoreExceptions()
                .until(() -> {
                    try (Admin scram = Admin.create(scramClientSettings(user, password))) {
                        return !scram.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
                    }
                });
    }

    /** Settings of a client that logs in as a SCRAM user over the SASL_SSL listener, trusting the test's CA. */
    public synchronized Map<String, Object> scramClientSettings(String user, String password) {
        Map<String, Object> s = new java.util.HashMap<>();
        s.put("bootstrap.servers", saslSslBootstrapServers());
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.mechanism", "SCRAM-SHA-512");
        s.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        s.put("ssl.truststore.location", tls.truststore().toString());
        s.put("ssl.truststore.type", "PKCS12");
        s.put("ssl.truststore.password", tls.password());
        s.put("request.timeout.ms", "5000");
        s.put("default.api.timeout.ms", "5000");
        return s;
    }

    public synchronized Path logDir() {
        return logDir;
    }

    public synchronized String clusterId() {
        return clusterId;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    /** Wall time of the last {@link #start()} / {@link #restart()} start phase, formatting included. */
    public synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** A client bound to this broker with {@link KafkaTestClient#DEFAULT_TIMEOUT}. Close it when done. */
    public KafkaTestClient client() {
        return new KafkaTestClient(bootstrapServers());
    }

    /** A client whose produce/consume calls give up after {@code timeout}. Close it when done. */
    public KafkaTestClient client(Duration timeout) {
        return new KafkaTestClient(bootstrapServers(), timeout);
    }

    // ------------------------------------------------------------------------------------------ topics

    /** Creates topics with {@link #defaultPartitions()} partitions, replication 1; existing ones are kept. */
    public void createTopics(String... names) {
        createTopics(defaultPartitions, names);
    }

    /** Creates topics with the given partition count, replication 1, and waits until every partition has a leader. */
    public void createTopics(int partitions, String... names) {
        failOnFatalError();
        List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
        try (Admin admin = admin()) {
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot create topic " + name, e);
                }
            });
            awaitLeaders(admin, Set.of(names));
        }
    }

    /** Names of all non-internal topics. */
    public Set<String> topics() {
        failOnFatalError();
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list topics", e);
        }
    }

    /**
     * Number of records currently in a topic (sum over partitions of end offset minus start offset). Exact for
     * non-transactional, non-compacted topics; handy to prove that nothing extra was written.
     */
    public long recordCount(String topic) {
        failOnFatalError();
        try (Admin admin = admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (TopicPartitionInfo p : d.partitions()) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values().stream().mapToLong(i -> i.offset()).sum();
            long start = admin.listOffsets(earliest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values().stream().mapToLong(i -> i.offset()).sum();
            return end - start;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot count records of " + topic, e);
        }
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-broker-test-admin");
        return Admin.create(p);
    }

    // ------------------------------------------------------------------------------------------ fatal errors

    /** A fatal error that Kafka reported through {@link Exit} instead of terminating the JVM. */
    public static final class FatalBrokerError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalBrokerError(String message, Throwable where) {
            super(message, where);
        }
    }

    /** Fatal errors recorded since this broker was created (normally empty). */
    public List<FatalBrokerError> fatalErrors() {
        return List.copyOf(FATAL_ERRORS.subList(fatalErrorsAtCreation, FATAL_ERRORS.size()));
    }

    /** Throws the first fatal error Kafka reported since this broker was created. */
    public void failOnFatalError() {
        List<FatalBrokerError> errors = fatalErrors();
        if (!errors.isEmpty()) {
            FatalBrokerError first = errors.get(0);
            FatalBrokerError e = new FatalBrokerError("Kafka broker hit a fatal error: " + first.getMessage(), first);
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private static synchronized void installExitProcedures() {
        if (exitProceduresInstalled) {
            return;
        }
        Exit.setExitProcedure((code, message) -> {
            throw recordFatal("Exit.exit(" + code + ")", message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw recordFatal("Exit.halt(" + code + ")", message);
        });
        exitProceduresInstalled = true;
    }

    private static FatalBrokerError recordFatal(String what, String message) {
        // its own stack trace shows where Kafka gave up
        FatalBrokerError error = new FatalBrokerError(
                what + " called by Kafka in thread " + Thread.currentThread().getName()
                        + (message == null ? "" : ": " + message),
                null);
        FATAL_ERRORS.add(error);
        Logger.getLogger(KafkaBroker.class.getName()).log(java.util.logging.Level.SEVERE, error.getMessage(), error);
        // Thrown into Kafka's thread so it does not carry on as if the JVM had exited.
        return error;
    }

    // ------------------------------------------------------------------------------------------ internals

    /**
     * Broker settings: combined broker+controller on loopback, single-node replication everywhere, small
     * memory footprint and fast group joins.
     */
    private Map<String, String> brokerConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", String.valueOf(NODE_ID));
        c.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        c.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        c.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (tls != null) {
            String listener = "SASL_SSL://" + HOST + ":" + saslSslPort;
            c.put("listeners", c.get("listeners") + "," + listener);
            c.put("advertised.listeners", c.get("advertised.listeners") + "," + listener);
            c.put("listener.security.protocol.map", c.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
            c.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            c.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            c.put("listener.name.sasl_ssl.ssl.keystore.location", tls.brokerKeystore().toString());
            c.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            c.put("listener.name.sasl_ssl.ssl.keystore.password", tls.password());
            c.put("listener.name.sasl_ssl.ssl.key.password", tls.password());
            if (!plainUsers.isEmpty()) {
                c.put("sasl.enabled.mechanisms", c.get("sasl.enabled.mechanisms") + ",PLAIN");
                StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
                plainUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"")
                        .append(password).append('"'));
                c.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
            }
            if (oauthBearerScope != null) {
                // no server callback handler named: Kafka's unsecured validator, which reads its required scope from
                // this entry; the subject is the broker's own login's
                c.put("sasl.enabled.mechanisms", c.get("sasl.enabled.mechanisms") + ",OAUTHBEARER");
                c.put("listener.name.sasl_ssl.oauthbearer.sasl.jaas.config",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                                + " unsecuredLoginStringClaim_sub=\"kafka-broker\""
                                + " unsecuredValidatorRequiredScope=\"" + oauthBearerScope + "\";");
            }
        }
        if (mutualTls != null) {
            String listener = "SSL://" + HOST + ":" + mutualTlsPort;
            c.put("listeners", c.get("listeners") + "," + listener);
            c.put("advertised.listeners", c.get("advertised.listeners") + "," + listener);
            c.put("listener.security.protocol.map", c.get("listener.security.protocol.map") + ",SSL:SSL");
            c.put("listener.name.ssl.ssl.keystore.location", mutualTls.brokerKeystore().toString());
            c.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
            c.put("listener.name.ssl.ssl.keystore.password", mutualTls.password());
            c.put("listener.name.ssl.ssl.key.password", mutualTls.password());
            c.put("listener.name.ssl.ssl.truststore.location", mutualTls.truststore().toString());
            c.put("listener.name.ssl.ssl.truststore.type", "PKCS12");
            c.put("listener.name.ssl.ssl.truststore.password", mutualTls.password());
            c.put("listener.name.ssl.ssl.client.auth", "required");
        }
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("log.dirs", logDir.toString());
        c.put("metadata.log.dir", logDir.toString());
        // The default reserves 128 MiB of heap up front and kills a small forked test JVM.
        c.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        c.put("num.partitions", String.valueOf(defaultPartitions));
        c.put("default.replication.factor", "1");
        c.put("min.insync.replicas", "1");
        c.put("auto.create.topics.enable", "true");
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        // Fewer threads: these machines have two cores.
        c.put("num.network.threads", "2");
        c.put("num.io.threads", "2");
        c.put("background.threads", "2");
        c.put("num.recovery.threads.per.data.dir", "1");
        c.put("log.cleaner.threads", "1");
        c.putAll(extraConfig);
        return c;
    }

    private void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .setHasDynamicQuorum(false) // static voter set: controller.quorum.voters
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log dir " + logDir, e);
        }
    }

    /** Ready = the broker is listed by describeCluster and every existing partition has a leader. */
    private void awaitReady() {
        try (Admin admin = admin()) {
            try {
                Awaitility.await("Kafka broker on " + bootstrapServers() + " ready")
                        .atMost(READY_TIMEOUT)
                        .pollInterval(Duration.ofMillis(50))
                        .pollInSameThread()
                        .ignoreExceptions()
                        .until(() -> {
                            failOnFatalError();
                            Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                            return nodes.stream().anyMatch(n -> n.id() == NODE_ID);
                        });
            } catch (ConditionTimeoutException e) {
                failOnFatalError();
                throw e;
            }
            Set<String> all;
            try {
                all = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot list topics", e);
            }
            awaitLeaders(admin, all);
        }
    }

    private void awaitLeaders(Admin admin, Set<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try {
            Awaitility.await("leaders for " + topics)
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .pollInSameThread()
                    .ignoreExceptions()
                    .until(() -> {
                        failOnFatalError();
                        Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames()
                                .get(5, TimeUnit.SECONDS);
                        return d.values().stream().flatMap(t -> t.partitions().stream())
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                    });
        } catch (ConditionTimeoutException e) {
            failOnFatalError();
            throw e;
        }
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // already failing
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    /**
     * Sets Kafka's loggers to WARN (or {@code -Dkafka.broker.log.level}) unless a level is already configured.
     * In a {@code @QuarkusTest}, Quarkus applies {@code quarkus.log.category} settings afterwards and those win.
     */
    static synchronized void quietKafkaLoggers() {
        if (!QUIETED_LOGGERS.isEmpty()) {
            return;
        }
        String configured = System.getProperty("kafka.broker.log.level");
        java.util.logging.Level level = configured == null
                ? java.util.logging.Level.WARNING
                : org.jboss.logmanager.Level.parse(configured.toUpperCase(java.util.Locale.ROOT));
        LogContext ctx = LogContext.getLogContext();
        Map<String, java.util.logging.Level> levels = new LinkedHashMap<>();
        levels.put("kafka", level);
        levels.put("org.apache.kafka", level);
        levels.put("state.change.logger", level);
        // WARNs on every reconnect attempt of every client while a test has the broker stopped
        levels.put("org.apache.kafka.clients.NetworkClient", configured == null ? org.jboss.logmanager.Level.ERROR : level);
        levels.forEach((name, l) -> {
            Logger logger = ctx.getLogger(name);
            if (configured != null || logger.getLevel() == null) {
                logger.setLevel(l);
            }
            QUIETED_LOGGERS.add(logger);
        });
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + (port < 0 ? "never started" : bootstrapServers()) + ", running=" + isRunning()
                + ", logDir=" + logDir + "]";
    }
}

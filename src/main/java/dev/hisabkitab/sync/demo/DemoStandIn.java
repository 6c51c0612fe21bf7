package dev.hisabkitab.sync.demo;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Starts the stand-in for HisabKitab (the sandbox) inside the application when {@value #ENABLED}{@code =true}, as the
 * demo profile sets: on {@value #PORT} (default 8089) accepting the comma-separated keys of {@value #API_KEYS}.
 * Refuses to start the application when it is enabled in the prod profile.
 *
 * <p>The sandbox is not part of the product: it is its own artifact ({@code target/<name>-<version>-sandbox.jar}, built
 * by {@value #BUILD_COMMAND} like the product), so this class never names a sandbox type at compile time. It calls the
 * sandbox's entry point {@value #ENTRY_POINT} by name: found on the class path where the sandbox is on it (the tests),
 * else loaded from the jar of {@value #JAR}, by default the one the build wrote next to {@code quarkus-app/}.
 */
@ApplicationScoped
public class DemoStandIn {

    public static final String ENABLED = "hisabkitab.sandbox.enabled";
    public static final String PORT = "hisabkitab.sandbox.port";
    public static final String API_KEYS = "hisabkitab.sandbox.api-keys";
    public static final String LEDGER_ANSWER_SHAPE = "hisabkitab.sandbox.ledger-answer-shape";
    public static final String ACCEPT_REPEATED_NUMBERS = "hisabkitab.sandbox.accept-repeated-numbers";
    /** Whether the sandbox's document series have a prefix of their own (the demo: none, numbers shown as sent). */
    public static final String SERIES_PREFIXES = "hisabkitab.sandbox.series-prefixes";
    /** Where the sandbox keeps what it was sent, for a restart (the demo: beside the connector's completed ids). */
    public static final String STATE_FILE = "hisabkitab.sandbox.state-file";
    /** The sandbox jar to load when the sandbox is not on the class path. */
    public static final String JAR = "hisabkitab.sandbox.jar";

    static final String ENTRY_POINT = "dev.hisabkitab.sync.sandbox.EmbeddedSandbox";
    static final String BUILD_COMMAND = "mvn -B package -DskipTests";

    private static final Logger LOG = Logger.getLogger(DemoStandIn.class);

    @ConfigProperty(name = ENABLED, defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = PORT, defaultValue = "8089")
    int port;

    @ConfigProperty(name = API_KEYS)
    Optional<List<String>> apiKeys;

    @ConfigProperty(name = LEDGER_ANSWER_SHAPE, defaultValue = "documented")
    String ledgerAnswerShape;

    @ConfigProperty(name = ACCEPT_REPEATED_NUMBERS, defaultValue = "false")
    boolean acceptRepeatedNumbers;

    @ConfigProperty(name = JAR)
    Optional<String> jar;

    @ConfigProperty(name = SERIES_PREFIXES, defaultValue = "true")
    boolean seriesPrefixes;

    @ConfigProperty(name = STATE_FILE)
    Optional<String> stateFile;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "hisabkitab-sync")
    String applicationName;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "")
    String applicationVersion;

    private volatile AutoCloseable running;

    /** Before Camel configures its routes, so the sandbox answers from the first event a route takes. */
    void onStart(@Observes BeforeConfigure event) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", String.valueOf(port));
        settings.put("ledger-answer-shape", ledgerAnswerShape);
        settings.put("accept-repeated-numbers", String.valueOf(acceptRepeatedNumbers));
        settings.put("series-prefixes", String.valueOf(seriesPrefixes));
        stateFile.filter(f -> !f.isBlank()).ifPresent(f -> settings.put("state-file", f));
        running = start(enabled, apiKeys.orElse(List.of()), settings, ConfigUtils.getProfiles(),
                DemoStandIn.class.getClassLoader(), jarCandidates());
    }

    void onStop(@Observes ShutdownEvent event) throws Exception {
        AutoCloseable r = running;
        running = null;
        if (r != null) {
            r.close();
        }
    }

    /**
     * The launch decision: null when disabled; refuses the prod profile and an empty key list; else the running
     * sandbox, closing which stops it (and lets go of its jar).
     *
     * @param settings the entry point's settings besides the keys (port, ledger-answer-shape, accept-repeated-numbers,
     *        series-prefixes, state-file)
     * @param application the class loader that may hold the sandbox, and the parent of the one loading its jar (the
     *        sandbox reads the endpoint catalogue, Jackson and JBoss Logging from it)
     * @param jars where the sandbox jar may be, in order
     * @throws IllegalStateException naming the setting (or the build command) when the sandbox must not or cannot start
     */
    static AutoCloseable start(boolean enabled, List<String> apiKeys, Map<String, String> settings,
            List<String> activeProfiles, ClassLoader application, List<Path> jars) {
        if (!enabled) {
            return null;
        }
        if (activeProfiles.contains("prod")) {
            throw new IllegalStateException(ENABLED + "=true is not allowed in the prod profile: the sandbox is a stand-in "
                    + "for HisabKitab and must never answer in production. Set " + ENABLED + "=false, or run a non-prod "
                    + "profile such as demo (-Dquarkus.profile=demo).");
        }
        String keys = apiKeys.stream().filter(k -> k != null && !k.isBlank()).map(String::trim).distinct()
                .collect(Collectors.joining(","));
        if (keys.isEmpty()) {
            throw new IllegalStateException(ENABLED + "=true needs at least one key in " + API_KEYS + " (a comma list).");
        }
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("api-keys", keys);
        URLClassLoader own = null;
        Class<?> entry;
        try {
            entry = Class.forName(ENTRY_POINT, true, application);
        } catch (ClassNotFoundException notOnClassPath) {
            Path found = jars.stream().filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IllegalStateException(ENABLED + "=true, but the sandbox is not on the class path "
                            + "and its jar is not at " + jars + ". Build it with `" + BUILD_COMMAND + "` (it writes "
                            + "target/hisabkitab-sync-<version>-sandbox.jar next to target/quarkus-app/), or set " + JAR
                            + " to the jar's path."));
            own = new URLClassLoader("hisabkitab-sandbox", new URL[] { url(found) }, application);
            try {
                entry = Class.forName(ENTRY_POINT, true, own);
            } catch (ClassNotFoundException e) {
                release(own);
                throw new IllegalStateException(found + " (" + JAR + ") holds no " + ENTRY_POINT
                        + ": is it the sandbox jar `" + BUILD_COMMAND + "` writes?", e);
            }
            LOG.infof("Sandbox loaded from %s", found);
        }
        AutoCloseable sandbox;
        try {
            sandbox = (AutoCloseable) entry.getMethod("start", Map.class).invoke(null, all);
        } catch (InvocationTargetException e) {
            release(own);
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            release(own);
            throw new IllegalStateException(ENTRY_POINT + " has no public static start(Map): sandbox and connector "
                    + "come from different builds; rebuild with `" + BUILD_COMMAND + "`", e);
        }
        LOG.infof("HisabKitab sandbox enabled (%s) on port %s for %d API key(s)", ENABLED, all.get("port"),
                keys.split(",").length);
        URLClassLoader loader = own;
        return () -> {
            try {
                sandbox.close();
            } finally {
                release(loader);
            }
        };
    }

    /**
     * Where the sandbox jar may be: {@value #JAR} when set; else {@code target/<name>-<version>-sandbox.jar} under the
     * working directory, then beside the {@code quarkus-app/} directory this application runs from (so the demo also
     * starts from another working directory).
     */
    List<Path> jarCandidates() {
        if (jar.isPresent() && !jar.get().isBlank()) {
            return List.of(Path.of(jar.get().trim()));
        }
        String file = applicationName + "-" + applicationVersion + "-sandbox.jar";
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("target", file));
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            // java -jar target/quarkus-app/quarkus-run.jar: the class path is that one jar
            if (p.getFileName() != null && p.getFileName().toString().equals("quarkus-run.jar") && p.getParent() != null
                    && p.getParent().getParent() != null) {
                candidates.add(p.getParent().getParent().resolve(file));
            }
        }
        return candidates;
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void release(URLClassLoader loader) {
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            // only the jar's file handle stays open until the JVM ends
            LOG.warnf("The sandbox jar could not be closed: %s", e.getMessage());
        }
    }
}

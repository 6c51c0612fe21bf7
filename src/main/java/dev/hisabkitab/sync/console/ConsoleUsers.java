package dev.hisabkitab.sync.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Who may log in to the console: the users file ({@code hisabkitab.console.users-file}, in Kubernetes a Secret mounted
 * as a file; {@code classpath:} for the demo's). Without one nobody can log in: the console is closed until an operator
 * says who may use it. Read once at start; a bad line stops the start, naming the user. Not read, and every password
 * login refused, while the console logs in through OIDC ({@link ConsoleOidc}).
 */
@ApplicationScoped
@Startup // a bad users file stops the start, not the first login
public class ConsoleUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(ConsoleUsers.class);

    @ConfigProperty(name = "hisabkitab.console.users-file")
    Optional<String> usersFile;

    @Inject
    ConsoleOidc oidc;

    /** Profiles in which a plain-text password is taken: the demo's and the tests' logins are public anyway. */
    static final Set<String> PLAIN_TEXT_PROFILES = Set.of("demo", "dev", "test");

    private Map<String, ConsoleUser> users = Map.of();

    /** At most 5 failed logins a name in 5 minutes (then refused unchecked until the oldest is 5 minutes old). */
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5));

    private AuthenticationFailedException failed(String name, Instant at) {
        throttle.failed(name, at);
        return new AuthenticationFailedException();
    }

    @PostConstruct
    void load() {
        if (oidc.enabled()) {
            // one way in: the provider's (its start says so); a password login is refused unchecked
            LOG.info("Console: the users file is not used while the console logs in through OIDC");
            return;
        }
        users = usersFile.filter(f -> !f.isBlank()).map(ConsoleUsers::read).orElse(Map.of());
        refusePlainTextOutside(users, ConfigUtils.getProfiles());
        if (users.isEmpty()) {
            LOG.warn("Console: no users (hisabkitab.console.users-file): nobody can log in to /console");
        } else {
            LOG.infof("Console: %d user(s) may log in", users.size());
        }
    }

    /**
     * A plain-text password logs in only in the demo and the tests: elsewhere the start fails, naming the users (a
     * production users file, or the demo's used by mistake, must hold hashes).
     */
    static void refusePlainTextOutside(Map<String, ConsoleUser> users, List<String> activeProfiles) {
        if (activeProfiles.stream().anyMatch(PLAIN_TEXT_PROFILES::contains)) {
            return;
        }
        List<String> plain = users.values().stream().filter(ConsoleUser::plainText).map(ConsoleUser::name).toList();
        if (!plain.isEmpty()) {
            throw new IllegalStateException("Console users " + plain + " have plain-text passwords, taken only in the "
                    + "demo and the tests: give each a line made by bin/console-password (hisabkitab.console.users-file)");
        }
    }

    /** The users a file names (a path, or {@code classpath:} and a resource). */
    static Map<String, ConsoleUser> read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("Console users file " + location + " is not on the class path");
                    }
                    return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            Path path = Path.of(location);
            if (!Files.isReadable(path)) {
                throw new IllegalStateException("Console users file " + path.toAbsolutePath()
                        + " cannot be read (hisabkitab.console.users-file)");
            }
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new IllegalStateException("Console users file " + location + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The users of a users file's text ({@code name = role:…}, one a line, {@code #} comments). */
    public static Map<String, ConsoleUser> parse(String text) {
        Properties lines = new Properties();
        try (Reader reader = new StringReader(text)) {
            lines.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, ConsoleUser> users = new TreeMap<>();
        for (String name : lines.stringPropertyNames()) {
            users.put(name, ConsoleUser.parse(name, lines.getProperty(name)));
        }
        return Map.copyOf(users);
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        // PBKDF2 takes tens of milliseconds on purpose: off the event loop
        return context.runBlocking(() -> {
            if (oidc.enabled()) {
                throw new AuthenticationFailedException();
            }
            String name = request.getUsername();
            Instant now = Instant.now();
            if (!throttle.allows(name, now)) {
                LOG.warnf("Console: login for %s refused, too many failed logins lately", name);
                throw new AuthenticationFailedException();
            }
            ConsoleUser user = users.get(name);
            if (user == null) {
                ConsoleUser.checkNobody(request.getPassword().getPassword());
            }
            if (user == null || !user.accepts(request.getPassword().getPassword())) {
                throw failed(name, now);
            }
            throttle.succeeded(name);
            return identity(user);
        });
    }

    /** The identity of a logged-in session's user, when the users file still names that user. */
    Optional<SecurityIdentity> session(String name) {
        return Optional.ofNullable(users.get(name)).map(ConsoleUsers::identity);
    }

    private static SecurityIdentity identity(ConsoleUser user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRole(user.role())
                // an operator may do what a viewer may
                .addRole(ConsoleUser.VIEWER)
                .build();
    }
}

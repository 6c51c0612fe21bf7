package dev.hisabkitab.sync.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The console's login through the organisation's OpenID Connect provider ({@code hisabkitab.console.oidc.enabled}):
 * Quarkus's authorization code flow logs the user in; this gives a logged-in user the console's roles from the
 * groups the provider names in the token ({@code quarkus.oidc.roles.role-claim-path}): a group of
 * {@code hisabkitab.console.oidc.operator-groups} makes an operator, one of {@code viewer-groups} a viewer, and a user
 * with neither has no console role (every page answers 403). While it is on, the users file's password login is
 * closed ({@link ConsoleUsers}): one way in, the provider's.
 */
@ApplicationScoped
@Startup // settings missing stop the start, not the first login
public class ConsoleOidc implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(ConsoleOidc.class);

    @ConfigProperty(name = "hisabkitab.console.oidc.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    Optional<String> clientId;

    @ConfigProperty(name = "quarkus.oidc.credentials.secret")
    Optional<String> clientSecret;

    @ConfigProperty(name = "hisabkitab.console.oidc.operator-groups")
    Optional<List<String>> operatorGroups;

    @ConfigProperty(name = "hisabkitab.console.oidc.viewer-groups")
    Optional<List<String>> viewerGroups;

    @PostConstruct
    void check() {
        if (!enabled) {
            return;
        }
        List<String> missing = missingSettings(issuer, clientId, clientSecret);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Console OIDC is on (HISABKITAB_CONSOLE_OIDC_ENABLED) but " + missing
                    + " is not set (docs/console.md, Single sign-on)");
        }
        if (groups(operatorGroups).isEmpty() && groups(viewerGroups).isEmpty()) {
            LOG.warn("Console: OIDC login is on but no group gives a console role (HISABKITAB_CONSOLE_OIDC_OPERATOR_GROUPS, "
                    + "HISABKITAB_CONSOLE_OIDC_VIEWER_GROUPS): every user is refused");
        }
        // the issuer and client id are not secret; the client secret is never logged
        LOG.infof("Console: logins through OIDC (issuer %s, client %s); operators are in %s, viewers in %s",
                issuer.get(), clientId.get(), groups(operatorGroups), groups(viewerGroups));
    }

    /** Whether the console's login is the OIDC provider's (and the users file's password login closed). */
    public boolean enabled() {
        return enabled;
    }

    /** The environment variables of the settings OIDC needs that are not set (by the variable: what users edit). */
    static List<String> missingSettings(Optional<String> issuer, Optional<String> clientId,
            Optional<String> clientSecret) {
        List<String> missing = new ArrayList<>();
        if (blank(issuer)) {
            missing.add("HISABKITAB_CONSOLE_OIDC_ISSUER");
        }
        if (blank(clientId)) {
            missing.add("HISABKITAB_CONSOLE_OIDC_CLIENT_ID");
        }
        if (blank(clientSecret)) {
            missing.add("HISABKITAB_CONSOLE_OIDC_CLIENT_SECRET");
        }
        return missing;
    }

    /**
     * The console roles of a user whom the provider puts in {@code providerGroups}: operator (who may also do what a
     * viewer may) when one of them is an operator group, else viewer when one is a viewer group, else none. Group names
     * are compared exactly, as the token has them.
     */
    static Set<String> consoleRoles(Set<String> providerGroups, Set<String> operatorGroups, Set<String> viewerGroups) {
        if (providerGroups.stream().anyMatch(operatorGroups::contains)) {
            return Set.of(ConsoleUser.OPERATOR, ConsoleUser.VIEWER);
        }
        if (providerGroups.stream().anyMatch(viewerGroups::contains)) {
            return Set.of(ConsoleUser.VIEWER);
        }
        return Set.of();
    }

    /**
     * A user logged in through the provider gets the console's roles for its groups, and only those (a provider
     * group that happens to be called {@code operator} grants nothing unless it is listed). A users-file login is
     * left as it is.
     */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getCredential(IdTokenCredential.class) == null) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = consoleRoles(identity.getRoles(), groups(operatorGroups), groups(viewerGroups));
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .build());
    }

    private static Set<String> groups(Optional<List<String>> setting) {
        return new TreeSet<>(setting.orElse(List.of()).stream().map(String::strip).filter(g -> !g.isEmpty()).toList());
    }

    private static boolean blank(Optional<String> setting) {
        return setting.filter(s -> !s.isBlank()).isEmpty();
    }
}

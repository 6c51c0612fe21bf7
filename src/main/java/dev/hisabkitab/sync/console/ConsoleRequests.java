package dev.hisabkitab.sync.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's HTTP rules that are not a page: {@code /} opens the console, and an action (anything but GET or HEAD
 * under {@code /console/}) must carry the header {@value #ACTION_HEADER}, which the console's own script sets and a
 * form or link on another site cannot (a cross-site request with a custom header needs CORS, which is not granted):
 * with the session cookie's SameSite=Strict this is the CSRF defence.
 */
@ApplicationScoped
public class ConsoleRequests {

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String cookieName;

    @Inject
    ConsoleOidc oidc;

    public static final String ACTION_HEADER = "X-HisabKitab-Console";
    static final String CONSOLE = "/console/";
    static final String LOGIN_OPTIONS = "/console/login-options";
    /** The name (or names' beginning) of Quarkus OIDC's session cookie. */
    static final String OIDC_SESSION_COOKIE = "q_session";

    void routes(@Observes Router router) {
        router.get("/").handler(rc -> rc.redirect(CONSOLE));
        // who is logged in, for the page to show what this role may do (the server checks it again on each action)
        router.get("/console/api/me").handler(rc -> {
            SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
            if (identity == null || identity.isAnonymous()) {
                rc.response().setStatusCode(401).end();
                return;
            }
            rc.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("name", identity.getPrincipal().getName())
                    .put("roles", new JsonArray(identity.getRoles().stream().sorted().toList())).encode());
        });
        // how the login page logs in: its form, or (OIDC) a link to the provider; open to everyone, like the page
        router.get(LOGIN_OPTIONS).handler(rc -> rc.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("oidc", oidc.enabled()).encode()));
        // a session is its cookie (the form login's, or OIDC's q_session, split in chunks when large): logging out is
        // the cookie gone. The provider's own session stays: its link may log in again without asking.
        router.get("/console/logout").handler(rc -> {
            rc.response().addCookie(Cookie.cookie(cookieName, "").setPath("/").setMaxAge(0));
            rc.request().cookies().stream().map(Cookie::getName).filter(n -> n.startsWith(OIDC_SESSION_COOKIE))
                    .forEach(n -> rc.response().addCookie(Cookie.cookie(n, "").setPath("/").setMaxAge(0)));
            rc.redirect("/console/login.html");
        });
    }

    void refuseCrossSiteActions(@Observes Filters filters) {
        filters.register(rc -> {
            if (isUnsafeConsoleRequest(rc.request().method(), rc.normalizedPath(),
                    rc.request().getHeader(ACTION_HEADER))) {
                rc.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=UTF-8")
                        .end("A console action needs the header " + ACTION_HEADER + ": send it from the console's page");
                return;
            }
            rc.next();
        }, 200);
    }

    /** Whether a request changes something under /console/ without the console's own header. */
    static boolean isUnsafeConsoleRequest(HttpMethod method, String path, String actionHeader) {
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        return !safe && path.startsWith(CONSOLE) && (actionHeader == null || actionHeader.isBlank());
    }
}

package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.console.StandInOidcProvider.Forgery;
import dev.hisabkitab.sync.support.SandboxResource;

import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console with single sign-on on, against {@link StandInOidcProvider} on a real socket: nothing opens before the
 * provider's login (the authorization code flow, with the one registered redirect URI); the provider's groups give
 * the roles (an operator group acts, a viewer group only sees, any other group gets nothing); tokens signed by another
 * key, unsigned, from another issuer, or a token sent as a bearer header make no login; the password form is closed;
 * logging out ends the session. A real browser logs in across sites (the provider on another host, its page sending
 * the browser back), which the OIDC cookies' SameSite=Lax allows: with Strict that test fails (the state cookie does
 * not come back).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
@WithTestResource(StandInOidcProvider.class)
class ConsoleOidcTest {

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void nobodyLogsInNext() {
        StandInOidcProvider.provider().reset();
    }

    @Test
    void theConsoleOpensOnlyAfterTheProvidersLogin() throws Exception {
        StandInOidcProvider provider = StandInOidcProvider.provider();
        HttpResponse<String> anonymous = notFollowing(new CookieManager()).send(get("console/"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, anonymous.statusCode());
        String location = anonymous.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith(provider.authorizationEndpoint() + "?"), location);
        assertTrue(location.contains("client_id=" + StandInOidcProvider.CLIENT_ID), location);
        // the page's own script is told to reload (499), not sent to another site it cannot follow
        HttpResponse<String> script = notFollowing(new CookieManager()).send(HttpRequest.newBuilder(
                URI.create(root + "console/api/files")).header("X-Requested-With", "JavaScript").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(499, script.statusCode());

        provider.logsIn("asha", StandInOidcProvider.OPERATORS);
        HttpResponse<String> page = browser(new CookieManager()).send(get("console/api/overview"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        // back on the page first asked for, through the one redirect URI registered with the provider
        assertEquals("/console/api/overview", page.uri().getPath());
        assertEquals(root + "console/", provider.redirectUris().get(provider.redirectUris().size() - 1));
        assertTrue(Json.mapper().readTree(page.body()).has("companies"), page.body());
    }

    @Test
    void anOperatorGroupActsAndAViewerGroupOnlySees() throws Exception {
        StandInOidcProvider provider = StandInOidcProvider.provider();
        int issued = provider.tokensIssued();
        HttpClient operator = loggedIn("asha", "staff", StandInOidcProvider.OPERATORS);
        assertEquals(List.of("operator", "viewer"), roles(me(operator)));
        assertEquals("asha", me(operator).get("name").asText());
        HttpResponse<String> upload = operator.send(check("parties-oidc-operator.csv", true),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, upload.statusCode(), upload.body());

        HttpClient viewer = loggedIn("ravi", StandInOidcProvider.AUDITORS);
        assertEquals(List.of("viewer"), roles(me(viewer)));
        assertEquals(200, viewer.send(get("console/api/files"), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> refused = viewer.send(check("parties-oidc-viewer.csv", true), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertFalse(Files.exists(SandboxResource.inbox().resolve("dry-run").resolve("parties-oidc-viewer.csv")));
        // the console's header is still required of an operator (CSRF)
        HttpResponse<String> crossSite = operator.send(check("parties-oidc-csrf.csv", false),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.body().contains(ConsoleRequests.ACTION_HEADER), crossSite.body());
        // one login each: every request after it was the session's
        assertEquals(issued + 2, provider.tokensIssued());
    }

    @Test
    void aUserInNoMappedGroupGetsNothing() throws Exception {
        // a provider group that happens to be called operator grants nothing: only the listed groups count
        StandInOidcProvider.provider().logsIn("guest", "staff", "operator");
        HttpClient guest = browser(new CookieManager());
        assertEquals(403, guest.send(get("console/"), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, guest.send(get("console/api/me"), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, guest.send(check("parties-oidc-guest.csv", true), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aForgedOrForeignTokenMakesNoLogin() throws Exception {
        StandInOidcProvider provider = StandInOidcProvider.provider();
        for (Forgery forgery : List.of(Forgery.SIGNED_BY_ANOTHER_KEY, Forgery.UNSIGNED, Forgery.ANOTHER_ISSUER)) {
            provider.forges(forgery);
            provider.logsIn("mallory", StandInOidcProvider.OPERATORS);
            int issued = provider.tokensIssued();
            CookieManager cookies = new CookieManager();
            HttpResponse<String> callback = browser(cookies).send(get("console/"), HttpResponse.BodyHandlers.ofString());
            assertEquals(issued + 1, provider.tokensIssued(), forgery + ": the console asked for the tokens");
            assertEquals(401, callback.statusCode(), forgery.toString());
            assertSentToTheProvider(cookies, forgery.toString());
        }
        // the same flow with honest tokens logs in: the refusals were the tokens'
        provider.reset();
        provider.logsIn("mallory", StandInOidcProvider.OPERATORS);
        assertEquals(200, browser(new CookieManager()).send(get("console/"), HttpResponse.BodyHandlers.ofString())
                .statusCode());
    }

    @Test
    void aProvidersTokenSentAsABearerHeaderIsNoLogin() throws Exception {
        String token = StandInOidcProvider.provider().accessToken("asha", StandInOidcProvider.OPERATORS);
        HttpResponse<String> answer = notFollowing(new CookieManager()).send(HttpRequest.newBuilder(
                URI.create(root + "console/api/me")).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, answer.statusCode());
        assertTrue(answer.headers().firstValue("Location").orElse("")
                .startsWith(StandInOidcProvider.provider().authorizationEndpoint()));
    }

    @Test
    void thePasswordFormIsClosedAndTheLoginPageSaysSo() throws Exception {
        CookieManager cookies = new CookieManager();
        String form = "j_username=operator&j_password=" + URLEncoder.encode("operator-pass", StandardCharsets.UTF_8);
        HttpResponse<String> login = browser(cookies).send(HttpRequest.newBuilder(URI.create(root + "j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(login.uri().toString().contains("/console/login.html?failed"), login.uri().toString());
        assertSentToTheProvider(cookies, "after a password login");
        HttpResponse<String> options = notFollowing(new CookieManager()).send(get("console/login-options"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, options.statusCode());
        assertTrue(Json.mapper().readTree(options.body()).get("oidc").asBoolean(), options.body());
    }

    @Test
    void loggingOutEndsTheSession() throws Exception {
        CookieManager cookies = new CookieManager();
        StandInOidcProvider.provider().logsIn("asha", StandInOidcProvider.VIEWERS);
        HttpClient viewer = browser(cookies);
        assertEquals(200, viewer.send(get("console/api/me"), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> out = viewer.send(get("console/logout"), HttpResponse.BodyHandlers.ofString());
        assertEquals("/console/login.html", out.uri().getPath());
        assertSentToTheProvider(cookies, "after logging out");
    }

    @Test
    void aBrowserLogsInThroughTheProviderOnAnotherSite() throws Exception {
        StandInOidcProvider provider = StandInOidcProvider.provider();
        // SameSite cookies are kept apart by site: the provider must be another one than the console's
        assertFalse(URI.create(provider.issuer()).getHost().equals(root.getHost()), provider.issuer());
        try (ConsoleBrowser browser = new ConsoleBrowser(root)) {
            browser.open("console/login.html");
            browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("log-in-sso")));
            assertFalse(browser.driver.findElement(By.id("login")).isDisplayed());

            provider.logsIn("asha", StandInOidcProvider.OPERATORS);
            provider.asksInAPage();
            browser.driver.findElement(By.id("log-in-sso")).click();
            // the provider's page sends the browser back: a cross-site navigation, which a Strict cookie misses
            browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("provider-log-in"))).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "asha"));
            assertEquals(root + "console/", browser.driver.getCurrentUrl());
        }
    }

    private void assertSentToTheProvider(CookieManager cookies, String when) throws Exception {
        HttpResponse<String> me = notFollowing(cookies).send(get("console/api/me"), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, me.statusCode(), when + ": not logged in");
        assertTrue(me.headers().firstValue("Location").orElse("")
                .startsWith(StandInOidcProvider.provider().authorizationEndpoint()), when);
    }

    private HttpClient loggedIn(String user, String... groups) throws Exception {
        StandInOidcProvider.provider().logsIn(user, groups);
        HttpClient client = browser(new CookieManager());
        HttpResponse<String> page = client.send(get("console/"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), user + " logs in");
        return client;
    }

    private JsonNode me(HttpClient client) throws Exception {
        HttpResponse<String> me = client.send(get("console/api/me"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode());
        return Json.mapper().readTree(me.body());
    }

    private static List<String> roles(JsonNode me) {
        return Json.mapper().convertValue(me.get("roles"), Json.mapper().getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }

    private static HttpClient browser(CookieManager cookies) {
        return HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private static HttpClient notFollowing(CookieManager cookies) {
        return HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(root + path)).GET().build();
    }

    /** A dry-run upload (nothing is booked): the cheapest action there is. */
    private HttpRequest check(String name, boolean withConsoleHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "console/actions/files?name=" + name
                + "&mode=check")).PUT(HttpRequest.BodyPublishers.ofString(ConsoleApiTest.PARTIES));
        if (withConsoleHeader) {
            request.header(ConsoleRequests.ACTION_HEADER, "1");
        }
        return request.build();
    }
}

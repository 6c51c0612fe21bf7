package dev.hisabkitab.sync.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.hisabkitab.sync.Json;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in OpenID Connect provider on a real loopback socket, and the console pointed at it with OIDC on: the
 * discovery document, a JWKS with an RSA key made for this run, an authorization endpoint that logs in the user a
 * test names ({@link #logsIn}) and sends the browser back with a code, and a token endpoint that checks the code, the
 * redirect URI and the client's secret and answers an RS256-signed ID token and access token naming the user's
 * groups. A test may make the next tokens forged ({@link Forgery}). Its issuer is on 127.0.0.1 while the console is
 * reached as localhost: another site, as a real provider is.
 */
public class StandInOidcProvider implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "hisabkitab-console";
    static final String OPERATORS = "hisabkitab-operators";
    static final String VIEWERS = "finance-viewers";
    static final String AUDITORS = "auditors";

    /** How the token endpoint's next tokens are wrong (a test's attack), or {@code NONE}. */
    enum Forgery {
        NONE, SIGNED_BY_ANOTHER_KEY, UNSIGNED, ANOTHER_ISSUER
    }

    private record Login(String user, List<String> groups) {
    }

    private record Grant(Login login, String redirectUri, String nonce) {
    }

    private static volatile StandInOidcProvider running;

    private final SecureRandom random = new SecureRandom();
    private final String clientSecret = "stand-in-" + HexFormat.of().formatHex(random.generateSeed(16));
    private final String keyId = "stand-in-" + HexFormat.of().formatHex(random.generateSeed(4));
    private final KeyPair key = rsaKey();
    private final KeyPair anotherKey = rsaKey();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final List<String> redirectUris = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile Login next;
    private volatile Forgery forgery = Forgery.NONE;
    private volatile boolean asksInAPage;
    private HttpServer server;

    static StandInOidcProvider provider() {
        return running;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(path("/.well-known/openid-configuration"), this::discovery);
        server.createContext(path("/jwks"), this::jwks);
        server.createContext(path("/auth"), this::authorize);
        server.createContext(path("/token"), this::token);
        server.start();
        running = this;
        return Map.of("hisabkitab.console.oidc.enabled", "true",
                "quarkus.oidc.auth-server-url", issuer(),
                "quarkus.oidc.client-id", CLIENT_ID,
                "quarkus.oidc.credentials.secret", clientSecret,
                "hisabkitab.console.oidc.operator-groups", OPERATORS,
                "hisabkitab.console.oidc.viewer-groups", VIEWERS + ", " + AUDITORS);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        running = null;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/hisabkitab";
    }

    String authorizationEndpoint() {
        return issuer() + "/auth";
    }

    /** The next visit to the authorization endpoint logs in this user, a member of these groups. */
    void logsIn(String user, String... groups) {
        next = new Login(user, List.of(groups));
    }

    /**
     * The authorization endpoint shows a page whose button logs the user in (until {@link #reset()}), as a real
     * provider's login form does: the way back to the console is then a navigation the provider's site starts.
     */
    void asksInAPage() {
        asksInAPage = true;
    }

    /** The token endpoint's next tokens are forged this way (until {@link #reset()}). */
    void forges(Forgery how) {
        forgery = how;
    }

    void reset() {
        next = null;
        forgery = Forgery.NONE;
        asksInAPage = false;
    }

    /** How many times the token endpoint answered tokens for a good code and secret. */
    int tokensIssued() {
        return tokensIssued.get();
    }

    /** The redirect URIs the console sent the browser with, oldest first. */
    List<String> redirectUris() {
        return List.copyOf(redirectUris);
    }

    /** An access token for this user as the provider signs one (for a test that presents it where it must not work). */
    String accessToken(String user, String... groups) {
        return jwt(claims(new Login(user, List.of(groups)), issuer(), null), key.getPrivate(), "RS256");
    }

    private String path(String endpoint) {
        return "/realms/hisabkitab" + endpoint;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        ObjectNode doc = Json.mapper().createObjectNode()
                .put("issuer", issuer())
                .put("authorization_endpoint", authorizationEndpoint())
                .put("token_endpoint", issuer() + "/token")
                .put("jwks_uri", issuer() + "/jwks");
        doc.putArray("response_types_supported").add("code");
        doc.putArray("subject_types_supported").add("public");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post");
        answer(exchange, 200, doc.toString());
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        ObjectNode jwks = Json.mapper().createObjectNode();
        jwks.putArray("keys").addObject().put("kty", "RSA").put("kid", keyId).put("use", "sig").put("alg", "RS256")
                .put("n", base64Url(unsigned(publicKey.getModulus().toByteArray())))
                .put("e", base64Url(unsigned(publicKey.getPublicExponent().toByteArray())));
        answer(exchange, 200, jwks.toString());
    }

    /** Logs in the user the test named (no form: the provider's own login is not under test) and sends a code back. */
    private void authorize(HttpExchange exchange) throws IOException {
        boolean submitted = exchange.getRequestMethod().equals("POST");
        Map<String, String> query = form(submitted
                ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                : exchange.getRequestURI().getRawQuery());
        Login login = next;
        if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))
                || !query.getOrDefault("scope", "").contains("openid") || query.get("redirect_uri") == null) {
            answer(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        if (login == null) {
            answer(exchange, 403, "{\"error\":\"access_denied\",\"error_description\":\"nobody logs in\"}");
            return;
        }
        if (asksInAPage && !submitted) {
            answerLoginPage(exchange, query, login);
            return;
        }
        String redirectUri = query.get("redirect_uri");
        redirectUris.add(redirectUri);
        String code = HexFormat.of().formatHex(random.generateSeed(16));
        codes.put(code, new Grant(login, redirectUri, query.get("nonce")));
        String back = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code + "&state="
                + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** The provider's own login page: a form that posts the request back to this endpoint, as the user. */
    private void answerLoginPage(HttpExchange exchange, Map<String, String> query, Login login) throws IOException {
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body><form method=\"post\" action=\"")
                .append(authorizationEndpoint()).append("\">");
        query.forEach((name, value) -> page.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">"));
        page.append("<button id=\"provider-log-in\">Log in as ").append(escape(login.user()))
                .append("</button></form></body></html>");
        byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!clientAuthenticated(exchange, form)) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = "authorization_code".equals(form.get("grant_type")) ? codes.remove(form.getOrDefault("code", ""))
                : null;
        if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Forgery how = forgery;
        String issuer = how == Forgery.ANOTHER_ISSUER ? "http://127.0.0.1:1/realms/elsewhere" : issuer();
        PrivateKey signer = how == Forgery.SIGNED_BY_ANOTHER_KEY ? anotherKey.getPrivate() : key.getPrivate();
        String algorithm = how == Forgery.UNSIGNED ? "none" : "RS256";
        ObjectNode tokens = Json.mapper().createObjectNode()
                .put("id_token", jwt(claims(grant.login(), issuer, grant.nonce()), signer, algorithm))
                .put("access_token", jwt(claims(grant.login(), issuer, null), signer, algorithm))
                .put("token_type", "Bearer")
                .put("expires_in", 300);
        tokensIssued.incrementAndGet();
        answer(exchange, 200, tokens.toString());
    }

    /** The client's secret, by HTTP basic (Quarkus's default) or in the form. */
    private boolean clientAuthenticated(HttpExchange exchange, Map<String, String> form) {
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = CLIENT_ID + ":" + clientSecret;
        if (basic != null && basic.startsWith("Basic ")) {
            String given = new String(Base64.getDecoder().decode(basic.substring(6).strip()), StandardCharsets.UTF_8);
            return expected.equals(given);
        }
        return expected.equals(form.get("client_id") + ":" + form.get("client_secret"));
    }

    private ObjectNode claims(Login login, String issuer, String nonce) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = Json.mapper().createObjectNode()
                .put("iss", issuer).put("sub", "user-" + login.user()).put("aud", CLIENT_ID).put("azp", CLIENT_ID)
                .put("iat", now).put("auth_time", now).put("exp", now + 300)
                .put("preferred_username", login.user());
        login.groups().forEach(claims.putArray("groups")::add);
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        return claims;
    }

    private String jwt(ObjectNode claims, PrivateKey signer, String algorithm) {
        ObjectNode header = Json.mapper().createObjectNode().put("alg", algorithm).put("typ", "JWT").put("kid", keyId);
        String signed = base64Url(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        if (algorithm.equals("none")) {
            return signed + ".";
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signer);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : encoded == null || encoded.isEmpty() ? new String[0] : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            fields.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** A big integer's bytes without the sign byte Java puts before a high bit (JWK wants the bare number). */
    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement.length > 1 && twosComplement[0] == 0
                ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
                : twosComplement;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}

package dev.hisabkitab.sync.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.support.SandboxResource;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console's HTTP contract on a real socket: nothing without a login, a wrong password refused, a viewer sees but
 * cannot upload, an action without the console's header refused (CSRF), and an operator's upload is a real file in
 * the inbox that is checked or booked, with its report and failed rows downloadable.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ConsoleApiTest {

    static final String PARTIES = """
            role,name,gstin,billingAddress_line1,billingAddress_city,billingAddress_state,billingAddress_pincode
            customer,Console Traders,27AAPFU0939F1ZV,"14, Laxmi Road",Pune,Maharashtra,411002
            customer,Console Bad Row,not-a-gstin,"1, Main Road",Mumbai,Maharashtra,400001
            """;

    @TestHTTPResource("/")
    URL root;

    @Test
    void nothingIsShownWithoutALogin() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        for (String path : new String[] {"console/", "console/api/files", "console/api/files/report?file=x"}) {
            HttpResponse<String> answer = anonymous.send(get(path), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, answer.statusCode(), path);
            assertTrue(answer.headers().firstValue("Location").orElse("").contains("/console/login.html"), path);
        }
        assertEquals(302, anonymous.send(get(""), HttpResponse.BodyHandlers.ofString()).statusCode());
        // the login page itself, health and metrics stay open
        assertEquals(200, anonymous.send(get("console/login.html"), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, anonymous.send(get("q/health/live"), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        HttpClient client = browser();
        HttpResponse<String> answer = logIn(client, "operator", "not-the-password");
        assertTrue(answer.uri().toString().contains("/console/login.html?failed"), answer.uri().toString());
        HttpResponse<String> files = client.send(get("console/api/files"), HttpResponse.BodyHandlers.ofString());
        assertTrue(files.uri().getPath().endsWith("/console/login.html"), "still logged out: " + files.uri());
    }

    @Test
    void aViewerSeesButCannotUpload() throws Exception {
        HttpClient viewer = browser();
        logIn(viewer, "viewer", "viewer-pass");
        HttpResponse<String> me = viewer.send(get("console/api/me"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode());
        assertEquals("viewer", Json.mapper().readTree(me.body()).get("name").asText());
        assertEquals(200, viewer.send(get("console/api/files"), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> upload = viewer.send(upload("parties-viewer.csv", "book", PARTIES, true),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, upload.statusCode());
        assertFalse(Files.exists(SandboxResource.inbox().resolve("parties-viewer.csv")));
    }

    @Test
    void anActionWithoutTheConsolesHeaderIsRefused() throws Exception {
        HttpClient operator = browser();
        logIn(operator, "operator", "operator-pass");
        HttpResponse<String> upload = operator.send(upload("parties-csrf.csv", "book", PARTIES, false),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, upload.statusCode());
        assertTrue(upload.body().contains(ConsoleRequests.ACTION_HEADER), upload.body());
        assertFalse(Files.exists(SandboxResource.inbox().resolve("parties-csrf.csv")));
    }

    @Test
    void anOperatorsUploadIsBookedAndItsReportAndFailedRowsCanBeDownloaded() throws Exception {
        HttpClient operator = browser();
        logIn(operator, "operator", "operator-pass");
        HttpResponse<String> refused = operator.send(upload("../escape.csv", "book", PARTIES, true),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(Json.mapper().readTree(refused.body()).get("problem").asText().contains("plain file name"));

        HttpResponse<String> upload = operator.send(upload("parties-console.csv", "book", PARTIES, true),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, upload.statusCode(), upload.body());

        JsonNode finished = await().atMost(Duration.ofSeconds(30)).until(() -> historyEntry(operator,
                "parties-console.csv"), entry -> entry != null);
        assertEquals("failed", finished.get("result").asText());
        assertEquals(1, finished.get("ok").asInt());
        assertEquals(1, finished.get("failed").asInt());

        String query = "mode=book&result=failed&file=" + URLEncoder.encode("parties-console.csv", StandardCharsets.UTF_8);
        JsonNode report = Json.mapper().readTree(operator.send(get("console/api/files/report?" + query),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("source", report.get("header").get(0).asText());
        assertEquals("row 2", report.get("rows").get(0).get(0).asText());
        assertEquals("ok", report.get("rows").get(0).get(3).asText());
        assertEquals("row 3", report.get("rows").get(1).get(0).asText());
        assertEquals("failed", report.get("rows").get(1).get(3).asText());

        HttpResponse<String> reportFile = operator.send(get("console/api/files/report.csv?" + query),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reportFile.statusCode());
        assertEquals("attachment; filename=\"parties-console.csv.report.csv\"",
                reportFile.headers().firstValue("Content-Disposition").orElse(""));
        assertTrue(reportFile.body().startsWith("source,id,type,status,"), reportFile.body());

        HttpResponse<String> failedRows = operator.send(get("console/api/files/failed-rows?" + query),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, failedRows.statusCode());
        assertTrue(failedRows.headers().firstValue("Content-Disposition").orElse("")
                .contains("parties-console-failed-rows.csv"));
        String[] lines = failedRows.body().split("\r\n");
        assertEquals(2, lines.length, failedRows.body());
        assertTrue(lines[0].startsWith("role,name,gstin"), lines[0]);
        assertTrue(lines[1].startsWith("customer,Console Bad Row,not-a-gstin"), lines[1]);
    }

    private JsonNode historyEntry(HttpClient client, String file) throws IOException, InterruptedException {
        JsonNode page = Json.mapper().readTree(client.send(get("console/api/files"), HttpResponse.BodyHandlers.ofString())
                .body());
        for (JsonNode entry : page.get("history")) {
            if (entry.get("name").asText().equals(file)) {
                return entry;
            }
        }
        return null;
    }

    private HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private HttpResponse<String> logIn(HttpClient client, String name, String password) throws Exception {
        String form = "j_username=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(URI.create(root + "j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(root + path)).GET().build();
    }

    private HttpRequest upload(String name, String mode, String content, boolean withConsoleHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "console/actions/files?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&mode=" + mode))
                .PUT(HttpRequest.BodyPublishers.ofString(content));
        if (withConsoleHeader) {
            request.header(ConsoleRequests.ACTION_HEADER, "1");
        }
        return request.build();
    }
}

package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** SandboxMain runs the sandbox as a process of its own, driven through the API and the admin endpoints. */
class SandboxProcessTest {

    @Test
    void sandboxMainServesTheApiAndTheAdminEndpoints() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName(),
                "0", "process-key-a,process-key-b", "--max-concurrent-per-key=3").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/third-party) \\(2 companies");
            String baseUrl = null;
            for (String line; baseUrl == null && (line = out.readLine()) != null;) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    baseUrl = m.group(1);
                }
            }
            assertNotNull(baseUrl, "SandboxMain printed no base URL");
            SandboxClient api = new SandboxClient(baseUrl);
            SandboxClient admin = new SandboxClient(baseUrl.replace("/third-party", "/__sandbox"));
            assertEquals(200, admin.postJson("/faults/statuses", null, "{\"statuses\":[503]}").statusCode());
            assertEquals(503, api.getJson("/ledgers", "process-key-b").statusCode());
            assertEquals(200, api.getJson("/ledgers", "process-key-b").statusCode());
            JsonNode journal = SandboxClient.json(admin.getJson("/journal", null)).get("data");
            assertEquals(2, journal.size());
            assertEquals(List.of(503, 200), List.of(journal.get(0).get("status").asInt(), journal.get(1).get("status").asInt()));
            assertTrue(journal.get(1).get("company").asText().length() > 0);
            assertTrue(!journal.toString().contains("process-key-b"));
            // the flag set the limit of requests at once per key; the admin endpoint changes it
            assertEquals(3, SandboxClient.json(admin.getJson("/faults", null)).at("/data/max_concurrent_per_key").asInt());
            assertEquals(1, SandboxClient.json(admin.postJson("/faults/max-concurrent-per-key", null, "{\"max\":1}"))
                    .at("/data/max_concurrent_per_key").asInt());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "SandboxMain stops on SIGTERM");
        }
    }
}

package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** A sandbox started again on its state file answers as before: its writes replayed, a torn last line skipped. */
class SandboxStateTest {

    private static final String KEY = "state-test-key";

    @TempDir
    Path dir;

    @Test
    void aLedgerCreatedBeforeARestartIsThereAfterItUnderItsIdAndNewWritesFollow() throws Exception {
        Path file = dir.resolve("data/sandbox.jsonl");
        long id;
        try (HisabKitabSandbox first = HisabKitabSandbox.start(0, Set.of(KEY))) {
            assertEquals(0, first.keepStateIn(file), "nothing to replay the first time");
            id = created(new SandboxClient(first.baseUrl()), "Kept Traders");
            assertTrue(first.companies().get(0).record("ledger", id).isPresent());
        }
        // a process killed in the middle of a line
        Files.writeString(file, "{\"key\":\"abc\",\"meth", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (HisabKitabSandbox second = HisabKitabSandbox.start(0, Set.of(KEY))) {
            assertEquals(1, second.keepStateIn(file));
            JsonNode kept = second.companies().get(0).record("ledger", id).orElseThrow();
            assertEquals("Kept Traders", kept.path("name").asText());
            long next = created(new SandboxClient(second.baseUrl()), "Later Traders");
            assertTrue(next > id, "ids go on after the replayed ones");
        }
        try (HisabKitabSandbox third = HisabKitabSandbox.start(0, Set.of(KEY))) {
            assertEquals(2, third.keepStateIn(file), "the write after the torn line is read too");
        }
    }

    private static long created(SandboxClient client, String name) throws Exception {
        // a bank ledger in the seeded "Bank Accounts" group (id 14)
        JsonNode body = Json.MAPPER.readTree("{\"action\":\"Bank\",\"name\":\"" + name + "\",\"group_id\":14}");
        var response = client.postJson("/ledgers", KEY, body);
        assertEquals(200, response.statusCode(), response.body());
        return SandboxClient.json(response).path("data").path("id").asLong();
    }
}

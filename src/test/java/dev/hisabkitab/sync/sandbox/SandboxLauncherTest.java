package dev.hisabkitab.sync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SandboxLauncherTest {

    @Test
    void disabledStartsNothing() {
        assertNull(SandboxLauncher.start(false, 0, List.of("k"), List.of("prod")));
    }

    @Test
    void theProdProfileIsRefusedNamingTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SandboxLauncher.start(true, 0, List.of("k"), List.of("prod")));
        assertTrue(e.getMessage().contains("hisabkitab.sandbox.enabled"), e.getMessage());
        assertTrue(e.getMessage().contains("prod"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> SandboxLauncher.start(true, 0, List.of("k"), List.of("demo", "prod")));
    }

    @Test
    void enabledWithoutKeysIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SandboxLauncher.start(true, 0, List.of(" "), List.of("demo")));
        assertTrue(e.getMessage().contains("hisabkitab.sandbox.api-keys"), e.getMessage());
    }

    @Test
    void theDemoProfileStartsASandboxPerKey() throws Exception {
        try (HisabKitabSandbox sandbox = SandboxLauncher.start(true, 0, List.of("demo-key", "second-key"), List.of("dev", "demo"))) {
            assertEquals(2, sandbox.companies().size());
            SandboxClient client = new SandboxClient(sandbox.baseUrl());
            assertEquals(200, client.getJson("/company-details", "second-key").statusCode());
            assertEquals(401, client.getJson("/company-details", "third-key").statusCode());
        }
    }
}

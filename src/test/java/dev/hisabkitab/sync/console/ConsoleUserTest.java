package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConsoleUserTest {

    @Test
    void aLineThatBinConsolePasswordPrintsIsReadAndAcceptsOnlyThatPassword() throws Exception {
        Process process = new ProcessBuilder("bash", Path.of("bin/console-password").toString(), "asha", "operator")
                .redirectErrorStream(true).start();
        process.getOutputStream().write("correct horse battery\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), line);
        assertFalse(line.contains("correct horse"), "the password itself is never printed: " + line);

        ConsoleUser asha = ConsoleUsers.parse(line).get("asha");
        assertEquals("operator", asha.role());
        assertTrue(asha.accepts("correct horse battery".toCharArray()));
        assertFalse(asha.accepts("correct horse batter".toCharArray()));
        assertFalse(asha.accepts("".toCharArray()));
    }

    @Test
    void twoRunsForOnePasswordGiveDifferentSalts() throws IOException, InterruptedException {
        String first = hashLine("same-password");
        String second = hashLine("same-password");
        assertFalse(first.equals(second), "salted: " + first);
    }

    @Test
    void aPlainPasswordIsForTheDemoAndTestsOnly() {
        Map<String, ConsoleUser> users = ConsoleUsers.parse("""
                # comment
                demo = operator:plain:demo:with:colons
                look = viewer:plain:secret
                """);
        assertTrue(users.get("demo").accepts("demo:with:colons".toCharArray()));
        assertFalse(users.get("demo").accepts("demo".toCharArray()));
        assertEquals("viewer", users.get("look").role());
    }

    @Test
    void aBadLineNamesTheUserAndWhatIsWrongButNeverThePassword() {
        IllegalArgumentException role = assertThrows(IllegalArgumentException.class,
                () -> ConsoleUsers.parse("ravi = admin:plain:hunter2"));
        assertTrue(role.getMessage().contains("ravi") && role.getMessage().contains("viewer or operator"),
                role.getMessage());
        assertFalse(role.getMessage().contains("hunter2"));

        IllegalArgumentException hash = assertThrows(IllegalArgumentException.class,
                () -> ConsoleUsers.parse("ravi = viewer:pbkdf2-sha256:1000:zz:hunter2"));
        assertTrue(hash.getMessage().contains("ravi") && hash.getMessage().contains("bin/console-password"),
                hash.getMessage());
        assertFalse(hash.getMessage().contains("hunter2"));

        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> ConsoleUsers.parse("ravi = viewer:hunter2"));
        assertFalse(bare.getMessage().contains("hunter2"), bare.getMessage());
        assertFalse(ConsoleUsers.parse("ravi = viewer:plain:hunter2").get("ravi").toString().contains("hunter2"));
    }

    @Test
    void aLineWithoutItsRoleIsRefusedWithoutRepeatingIt() {
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> ConsoleUsers.parse("asha = S3cret!"));
        assertFalse(bare.getMessage().toLowerCase(java.util.Locale.ROOT).contains("s3cret"), bare.getMessage());
        assertTrue(bare.getMessage().contains("asha"), bare.getMessage());
    }

    @Test
    void plainTextPasswordsAreTakenOnlyInTheDemoAndTheTests() {
        Map<String, ConsoleUser> demo = ConsoleUsers.parse("demo = operator:plain:demo");
        ConsoleUsers.refusePlainTextOutside(demo, java.util.List.of("demo"));
        ConsoleUsers.refusePlainTextOutside(demo, java.util.List.of("test"));
        IllegalStateException prod = assertThrows(IllegalStateException.class,
                () -> ConsoleUsers.refusePlainTextOutside(demo, java.util.List.of("prod")));
        assertTrue(prod.getMessage().contains("[demo]") && prod.getMessage().contains("bin/console-password"),
                prod.getMessage());
        assertFalse(prod.getMessage().contains(":demo"), prod.getMessage());
    }

    private static String hashLine(String password) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "bin/console-password", "x", "viewer").start();
        process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        process.waitFor(60, TimeUnit.SECONDS);
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}

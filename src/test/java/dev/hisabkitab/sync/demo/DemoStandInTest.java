package dev.hisabkitab.sync.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hisabkitab.sync.sandbox.SandboxClient;

class DemoStandInTest {

    private static final ClassLoader TESTS = DemoStandInTest.class.getClassLoader();

    @TempDir
    Path dir;

    @Test
    void disabledStartsNothing() {
        assertNull(DemoStandIn.start(false, List.of("k"), Map.of(), List.of("prod"), TESTS, List.of()));
    }

    @Test
    void theProdProfileIsRefusedNamingTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DemoStandIn.start(true, List.of("k"), Map.of(), List.of("prod"), TESTS, List.of()));
        assertTrue(e.getMessage().contains("hisabkitab.sandbox.enabled"), e.getMessage());
        assertTrue(e.getMessage().contains("prod"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> DemoStandIn.start(true, List.of("k"), Map.of(), List.of("demo", "prod"), TESTS, List.of()));
    }

    @Test
    void enabledWithoutKeysIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DemoStandIn.start(true, List.of(" "), Map.of(), List.of("demo"), TESTS, List.of()));
        assertTrue(e.getMessage().contains("hisabkitab.sandbox.api-keys"), e.getMessage());
    }

    @Test
    void theDemoProfileStartsTheSandboxOnTheClassPathWithACompanyPerKey() throws Exception {
        int port = freePort();
        try (AutoCloseable sandbox = DemoStandIn.start(true, List.of("demo-key", "second-key"), Map.of("port", "" + port),
                List.of("dev", "demo"), TESTS, List.of())) {
            SandboxClient client = new SandboxClient("http://127.0.0.1:" + port + "/third-party");
            assertEquals(200, client.getJson("/company-details", "demo-key").statusCode());
            assertEquals(200, client.getJson("/company-details", "second-key").statusCode());
            assertEquals(401, client.getJson("/company-details", "third-key").statusCode());
        }
    }

    /** The packaged demo's way: the application cannot see the sandbox, which is loaded from its jar. */
    @Test
    void withoutTheSandboxOnTheClassPathItIsLoadedFromItsJarAndStoppedWithIt() throws Exception {
        Path jar = sandboxJar(dir.resolve("hisabkitab-sync-test-sandbox.jar"));
        int port = freePort();
        SandboxClient client = new SandboxClient("http://127.0.0.1:" + port + "/third-party");
        AutoCloseable sandbox = DemoStandIn.start(true, List.of("demo-key"), Map.of("port", "" + port), List.of("demo"),
                new WithoutSandbox(TESTS), List.of(dir.resolve("absent.jar"), jar));
        try {
            assertEquals(200, client.getJson("/company-details", "demo-key").statusCode());
        } finally {
            sandbox.close();
        }
        assertThrows(IOException.class, () -> client.getJson("/company-details", "demo-key"));
    }

    @Test
    void aMissingJarIsRefusedNamingTheCommandThatBuildsIt() {
        Path missing = dir.resolve("hisabkitab-sync-test-sandbox.jar");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DemoStandIn.start(true,
                List.of("k"), Map.of("port", "0"), List.of("demo"), new WithoutSandbox(TESTS), List.of(missing)));
        assertTrue(e.getMessage().contains("mvn -B package -DskipTests"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(DemoStandIn.JAR), e.getMessage());
    }

    /** The application's class loader as the packaged app has it: everything but the sandbox's classes and rules. */
    private static final class WithoutSandbox extends ClassLoader {
        WithoutSandbox(ClassLoader parent) {
            super("without-sandbox", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.hisabkitab.sync.sandbox.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith("hisabkitab/sandbox-") ? null : super.getResource(name);
        }
    }

    /** A jar of the sandbox's compiled classes and rules (target/sandbox-classes, as the build's sandbox jar). */
    private static Path sandboxJar(Path jar) throws IOException {
        Path classes = Path.of("target", "sandbox-classes");
        assertTrue(Files.isDirectory(classes.resolve("dev/hisabkitab/sync/sandbox")), "the build compiled the sandbox to " + classes);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

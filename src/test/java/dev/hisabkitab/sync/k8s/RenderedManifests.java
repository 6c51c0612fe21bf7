package dev.hisabkitab.sync.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The objects plain {@code kubectl kustomize k8s/overlays/NAME} renders (kustomize's default load restrictor, as
 * Argo CD and Flux run it), rendered from a copy of k8s/ alone: an overlay that reads anything outside k8s/ fails
 * here. And the application's own settings to check them against.
 */
final class RenderedManifests {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final YAMLMapper YAML = new YAMLMapper();

    private RenderedManifests() {
    }

    static List<JsonNode> render(String overlay) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory("hisabkitab-k8s");
            copyTree(ROOT.resolve("k8s"), copy.resolve("k8s"));
            Path dir = copy.resolve("k8s/overlays").resolve(overlay);
            // a local prod api-keys.env (never committed) must not be what makes prod render
            Files.deleteIfExists(copy.resolve("k8s/overlays/prod/api-keys.env"));
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false)
                    .start();
            byte[] out = kubectl.getInputStream().readAllBytes();
            String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize k8s/overlays/" + overlay + " failed: " + err);
            }
            List<JsonNode> objects = new ArrayList<>();
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(out)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                        objects.add(doc);
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException("kubectl is needed (the CI script installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (copy != null) {
                delete(copy);
            }
        }
    }

    static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> of = all(objects, kind);
        if (of.size() != 1) {
            throw new AssertionError("expected one " + kind + ", got " + of.size());
        }
        return of.get(0);
    }

    static List<JsonNode> all(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** application.properties as the app reads it, with {@code ${ENV:default}} resolved to the default. */
    static Properties settings() {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static final Pattern ENV_DEFAULT = Pattern.compile("^\\$\\{([A-Z0-9_]+):([^}]*)}$");

    /** A setting's value, {@code ${ENV:default}} read as its default. */
    static String setting(Properties settings, String name) {
        String value = settings.getProperty(name);
        if (value == null) {
            throw new AssertionError("application.properties has no " + name);
        }
        Matcher m = ENV_DEFAULT.matcher(value.trim());
        return m.matches() ? m.group(2) : value.trim();
    }

    /** The environment variables application.properties reads by name ({@code ${NAME:default}}). */
    static List<String> environmentRead(Properties settings) {
        List<String> names = new ArrayList<>();
        Pattern ref = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]");
        for (Object value : settings.values()) {
            Matcher m = ref.matcher(value.toString());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The environment variable SmallRye Config reads a setting from (upper case, other characters as _). */
    static String environmentName(String setting) {
        return setting.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** The container's env entries by name, whole (value or valueFrom). */
    static Map<String, JsonNode> envEntries(JsonNode container) {
        Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        return env;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}

package dev.hisabkitab.sync.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * Imports run one way, the way an event travels: sources → event → business → client → outcome, with the sources
 * (Kafka, the inbox) and the operator's parts (health, metrics, verify) at the edges and the shared vocabulary (the
 * envelope, JSON, the exchange keys, the endpoint catalogue) beneath everything (docs/architecture.md draws it).
 * Checked twice: on the compiled classes (ArchUnit sees every use, also through fully qualified names) and on the
 * source's import lines (a constant javac copies into the caller leaves no trace in the class file).
 */
class ImportDirectionTest {

    private static final String ROOT = "dev.hisabkitab.sync";

    /** Layer → its packages below {@link #ROOT} ("" is the root package itself), from the edges down. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();
    /** Layer → the layers that may import it. */
    private static final Map<String, List<String>> IMPORTED_BY = new LinkedHashMap<>();

    static {
        layer("Sources", List.of("kafka", "inbox"), "Operations");
        layer("Operations", List.of("health", "observability", "verify", "demo", "console"), "Sources");
        layer("Event", List.of("event", "idempotency", "dryrun"), "Sources", "Operations");
        layer("Business", List.of("business"), "Event", "Sources", "Operations");
        layer("Client", List.of("client"), "Business", "Event", "Sources", "Operations");
        layer("Outcome", List.of("outcome"), "Client", "Business", "Event", "Sources", "Operations");
        layer("Vocabulary", List.of("", "catalogue"), "Outcome", "Client", "Business", "Event", "Sources", "Operations");
    }

    private static void layer(String name, List<String> packages, String... importedBy) {
        LAYERS.put(name, packages);
        IMPORTED_BY.put(name, List.of(importedBy));
    }

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void compiledClassesUseOnlyLayersBelowThem() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
            rule = rule.layer(layer.getKey()).definedBy(layer.getValue().stream()
                    .map(p -> p.isEmpty() ? ROOT : ROOT + "." + p + "..").toArray(String[]::new));
        }
        for (Map.Entry<String, List<String>> allowed : IMPORTED_BY.entrySet()) {
            rule = rule.whereLayer(allowed.getKey()).mayOnlyBeAccessedByLayers(allowed.getValue().toArray(String[]::new));
        }
        rule.because("an event travels sources → event → business → client → outcome (docs/architecture.md)")
                .check(PRODUCT);
    }

    @Test
    void sourceImportsRunOneWay() throws IOException {
        Path sources = Path.of("src/main/java", ROOT.split("\\."));
        List<String> backwards = new ArrayList<>();
        Pattern importLine = Pattern.compile("^import (?:static )?" + Pattern.quote(ROOT) + "\\.([\\w.]*?)\\.?[A-Z]\\w*",
                Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = layerOf(sources.relativize(file.getParent()).toString().replace('/', '.'));
                Matcher m = importLine.matcher(Files.readString(file));
                while (m.find()) {
                    String to = layerOf(m.group(1));
                    if (from != null && to != null && !from.equals(to) && !IMPORTED_BY.get(to).contains(from)) {
                        backwards.add(sources.relativize(file) + " (" + from + ") imports " + m.group() + " (" + to + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), backwards, "imports that run against the flow");
    }

    /** The layer of a package below {@link #ROOT}, or null for a package in no layer (the test-only sandbox). */
    private static String layerOf(String subPackage) {
        String top = subPackage.contains(".") ? subPackage.substring(0, subPackage.indexOf('.')) : subPackage;
        for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
            if (layer.getValue().contains(top)) {
                return layer.getKey();
            }
        }
        return null;
    }

    /** The rule can fail: every product package is in a layer, and every layer has classes. */
    @Test
    void everyPackageIsInALayer() {
        Set<String> packages = PRODUCT.stream().map(c -> c.getPackageName().equals(ROOT) ? ""
                : c.getPackageName().substring(ROOT.length() + 1).split("\\.")[0]).collect(
                        java.util.stream.Collectors.toSet());
        for (String p : packages) {
            assertTrue(p.equals("sandbox") || layerOf(p) != null, "package " + p + " is in no layer");
        }
        for (List<String> layer : LAYERS.values()) {
            assertFalse(layer.stream().noneMatch(packages::contains), "no class in " + layer);
        }
    }
}

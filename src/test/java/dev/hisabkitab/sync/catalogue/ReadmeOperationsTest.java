package dev.hisabkitab.sync.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The list of operations in docs/catalogue.md (once the README's) is generated from the catalogue, never edited by
 * hand. This test fails when they drift apart; {@code mvn test -Dtest=ReadmeOperationsTest -Dreadme.update=true}
 * regenerates the list.
 */
class ReadmeOperationsTest {

    @Test
    void readmeListsExactlyTheCatalogue() throws Exception {
        Path readme = Path.of("docs", "catalogue.md");
        String current = Files.readString(readme, StandardCharsets.UTF_8);
        String expected = CatalogueMarkdown.replaceBlock(current, CatalogueMarkdown.table(EndpointCatalogue.builtIn()));
        if (Boolean.getBoolean("readme.update") && !expected.equals(current)) {
            Files.writeString(readme, expected, StandardCharsets.UTF_8);
            current = expected;
        }
        assertEquals(expected, current,
                "docs/catalogue.md's operation list is out of date: run mvn test -Dtest=ReadmeOperationsTest -Dreadme.update=true");
    }
}

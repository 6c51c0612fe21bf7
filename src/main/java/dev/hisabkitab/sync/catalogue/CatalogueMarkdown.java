package dev.hisabkitab.sync.catalogue;

import java.util.stream.Collectors;

/** The catalogue as a Markdown table, for the list of operations in docs/catalogue.md (kept in step by a test). */
public final class CatalogueMarkdown {

    public static final String BEGIN = "<!-- operations:begin (generated from src/main/resources/hisabkitab/endpoints.yaml) -->";
    public static final String END = "<!-- operations:end -->";

    private CatalogueMarkdown() {
    }

    public static String table(EndpointCatalogue catalogue) {
        StringBuilder md = new StringBuilder();
        md.append("| # | event type | method | path | body | confidence | inferred |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Endpoint e : catalogue.endpoints()) {
            String type = "`api." + e.operation() + "`" + e.aliases().stream().map(a -> " (`api." + a + "`)")
                    .collect(Collectors.joining());
            md.append("| ").append(e.ref()).append(" | ").append(type).append(" | ").append(e.method())
                    .append(" | `").append(e.path()).append("` | ").append(e.contentType()).append(" | ")
                    .append(e.confidence()).append(" | ").append(String.join(", ", e.inferred())).append(" |\n");
        }
        return md.toString();
    }

    /** The page's text with the block between the markers replaced by the current table. */
    public static String replaceBlock(String readme, String table) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README.md lacks the markers " + BEGIN + " … " + END);
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + table + readme.substring(end);
    }
}

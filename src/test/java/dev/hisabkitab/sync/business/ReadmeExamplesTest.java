package dev.hisabkitab.sync.business;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/events.md (once the README) shows, for each business event type, an example event and the HisabKitab call it
 * becomes. They are taken from docs/examples/*.md (which their own tests keep equal to what the mappers make), never
 * edited by hand: this test fails when docs/events.md drifts; {@code mvn test -Dtest=ReadmeExamplesTest -Dreadme.update=true} rewrites
 * the block between {@code <!-- examples:begin -->} and {@code <!-- examples:end -->}.
 */
class ReadmeExamplesTest {

    static final List<String> TYPES = List.of("party.upsert", "item.upsert", "invoice.create", "payment.create",
            "journal.create");
    static final String BEGIN = "<!-- examples:begin (generated from docs/examples by ReadmeExamplesTest) -->";
    static final String END = "<!-- examples:end -->";
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern OPERATION = Pattern.compile("^Operation `([^`]+)`.*$", Pattern.MULTILINE);

    @Test
    void readmeShowsEachEventTypeWithThePayloadItBecomes() throws IOException {
        Path readme = Path.of("docs", "events.md");
        String current = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = current.indexOf(BEGIN);
        int end = current.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/events.md needs the lines " + BEGIN + " and " + END);
        String expected = current.substring(0, begin + BEGIN.length()) + "\n" + block() + current.substring(end);
        if (Boolean.getBoolean("readme.update") && !expected.equals(current)) {
            Files.writeString(readme, expected, StandardCharsets.UTF_8);
            current = expected;
        }
        assertEquals(expected, current,
                "docs/events.md's business event examples are out of date: run mvn test -Dtest=ReadmeExamplesTest -Dreadme.update=true");
    }

    static String block() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String type : TYPES) {
            String doc = Files.readString(Path.of("docs/examples/" + type + ".md"), StandardCharsets.UTF_8);
            List<String> json = new ArrayList<>();
            Matcher m = JSON_BLOCK.matcher(doc);
            while (m.find()) {
                json.add(m.group(1));
            }
            Matcher op = OPERATION.matcher(doc);
            assertTrue(json.size() >= 2 && op.find(), "docs/examples/" + type + ".md has no event and call");
            out.append("<details><summary><code>").append(type).append("</code> → <code>").append(op.group(1))
                    .append("</code> (<a href=\"examples/").append(type).append(".md\">look-ups and notes</a>)")
                    .append("</summary>\n\n")
                    .append("The event:\n\n```json\n").append(json.get(0)).append("\n```\n\n")
                    .append("The HisabKitab payload it becomes:\n\n```json\n").append(json.get(1)).append("\n```\n\n")
                    .append("</details>\n\n");
        }
        return out.toString();
    }
}

package dev.hisabkitab.sync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The image starts from an AOT cache made by a training run when it is built (docs/performance.md, "Start to ready"):
 * the Dockerfile runs src/main/docker/aot-train.sh, the final stage runs the same Java as the training stage (a cache
 * made by another JVM build is ignored) on the files the training ran, and its java is told to use the cache written.
 * bench/aot-start.sh runs the same script against the packaged jar.
 */
class DockerfileAotCacheTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");

    private static String dockerfile() throws IOException {
        return Files.readString(RenderedManifests.ROOT.resolve("src/main/docker/Dockerfile.jvm"));
    }

    private static List<String> stageImages(String text) {
        Matcher m = FROM.matcher(text);
        List<String> images = new ArrayList<>();
        while (m.find()) {
            images.add(m.group(1));
        }
        return images;
    }

    @Test
    void trainingStageRunsTheTrainingScriptAndWritesTheCacheTheEntrypointUses() throws IOException {
        String text = dockerfile();
        Matcher run = Pattern.compile("(?m)^RUN\\s+sh\\s+(\\S+aot-train\\.sh)\\s+(\\S+)\\s+(\\S+)").matcher(text);
        assertTrue(run.find(), "Dockerfile.jvm runs aot-train.sh");
        assertTrue(text.contains("COPY src/main/docker/aot-train.sh " + run.group(1)),
                "the script run is the repository's aot-train.sh");
        assertTrue(Files.isRegularFile(RenderedManifests.ROOT.resolve("src/main/docker/aot-train.sh")));
        assertEquals(Dockerfile.workdir(), run.group(2), "the training runs the files the final stage runs");
        String cache = run.group(3);
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT\\s+\\[(.*)]\\s*$").matcher(text);
        assertTrue(entrypoint.find());
        assertTrue(entrypoint.group(1).contains("\"-XX:AOTCache=" + cache + "\""),
                "the final java uses the cache the training wrote: " + entrypoint.group(1));
        assertTrue(text.contains("COPY --from=aot-training " + Dockerfile.workdir() + "/ " + Dockerfile.workdir() + "/"),
                "the final stage takes the trained files and their cache whole");
    }

    @Test
    void trainingAndFinalStageRunTheSameJava25() throws IOException {
        String text = dockerfile();
        List<String> images = stageImages(text);
        assertEquals(2, images.size(), "a training stage and the final stage: " + images);
        assertEquals(images.get(0), images.get(1), "the cache needs the same JVM build in both stages");
        String image = images.get(0);
        if (image.startsWith("${")) {
            Matcher arg = Pattern.compile("(?m)^ARG\\s+" + Pattern.quote(image.substring(2, image.length() - 1))
                    + "=(\\S+)\\s*$").matcher(text);
            assertTrue(arg.find(), "the image's ARG has a default");
            image = arg.group(1);
        }
        assertTrue(image.matches("eclipse-temurin:25[.\\-\\w]*"), "Java 25 (AOT cache with method profiles): " + image);
    }
}

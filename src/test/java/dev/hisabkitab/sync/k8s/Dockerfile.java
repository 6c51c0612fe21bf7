package dev.hisabkitab.sync.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What src/main/docker/Dockerfile.jvm sets that the manifests must agree with. */
final class Dockerfile {

    private Dockerfile() {
    }

    static String user() {
        return instruction("USER");
    }

    static String workdir() {
        return instruction("WORKDIR");
    }

    private static String instruction(String name) {
        try {
            String text = Files.readString(RenderedManifests.ROOT.resolve("src/main/docker/Dockerfile.jvm"));
            Matcher m = Pattern.compile("(?m)^" + name + "\\s+(\\S+)\\s*$").matcher(text);
            if (!m.find()) {
                throw new AssertionError("Dockerfile.jvm has no " + name);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

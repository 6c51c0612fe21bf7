package dev.hisabkitab.sync.sandbox;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's changes kept in a file, one JSON line per accepted write (company key's hash, method, path, query,
 * body), so a sandbox started again on the file replays them and answers as the account did before: a demo restarted
 * keeps the parties and documents it booked, as the connector keeps its completed ids. Each line reaches the
 * operating system before the answer is sent (a killed process loses nothing; a torn last line is skipped).
 */
final class SandboxState implements Closeable {

    /** One accepted write, as replayed. */
    record Change(String keyHash, String method, String path, String query, JsonNode body) {
    }

    private final Path file;
    private final BufferedWriter out;

    private SandboxState(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** The changes the file holds, in order (none when it does not exist); lines that do not parse are skipped. */
    static List<Change> read(Path file) {
        List<Change> changes = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return changes;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    changes.add(new Change(n.path("key").asText(), n.path("method").asText(), n.path("path").asText(),
                            n.path("query").isNull() ? null : n.path("query").asText(null), n.get("body")));
                } catch (IOException torn) {
                    // the last line of a process killed mid-write
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sandbox's state " + file, e);
        }
        return changes;
    }

    /** Appends to the file (created with its folder when missing), after a torn last line if there is one. */
    static SandboxState appendTo(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            boolean torn = Files.isRegularFile(file) && Files.size(file) > 0 && !endsWithNewline(file);
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (torn) {
                out.write('\n');
                out.flush();
            }
            return new SandboxState(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the sandbox's state " + file, e);
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            channel.position(channel.size() - 1);
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n';
        }
    }

    /** Records an accepted write; it is in the operating system's hands when this returns. */
    synchronized void changed(Change change) {
        ObjectNode line = Json.object();
        line.put("key", change.keyHash());
        line.put("method", change.method());
        line.put("path", change.path());
        line.put("query", change.query());
        line.set("body", change.body());
        try {
            out.write(Json.MAPPER.writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the sandbox's state " + file, e);
        }
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}

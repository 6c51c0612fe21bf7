package dev.hisabkitab.sync.console;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Header;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's Files page over the inbox folder: an upload is a file dropped into the inbox (book) or its
 * {@code dry-run/} folder (check), exactly as a person would drop it; progress is the status file beside it; history
 * is what lies in {@code .done/} and {@code .failed/} with its report. The console holds no state of its own, so a
 * folder-only user and the console always see the same.
 */
@ApplicationScoped
@Named("consoleFiles")
public class ConsoleFiles {

    public static final String BOOK = "book";
    public static final String CHECK = "check";
    private static final String REPORT = ".report.csv";
    private static final String STATUS = ".progress.txt";
    /** A plain file name: no folder, no hidden file, no lock or temporary name. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._()-]{0,200}");

    @ConfigProperty(name = "hisabkitab.inbox")
    Path inbox;

    @ConfigProperty(name = "hisabkitab.inbox.include")
    String include;

    private final Map<Path, Counted> counted = new ConcurrentHashMap<>();

    /** A file finished: where it lies, what its report says. */
    public record FinishedFile(String name, String mode, String result, String finished, long ok, long failed,
            long planned, long duplicate) {
    }

    /** A report as a table. */
    public record ReportTable(List<String> header, List<List<String>> rows) {
    }

    /**
     * Drops an uploaded file into the inbox ({@code book}) or its dry-run folder ({@code check}): written under a
     * temporary name and renamed, so the inbox never takes half a file. A name the inbox would not take, or one
     * already waiting there, is refused with a message saying why.
     */
    public Map<String, String> upload(@Header("name") String name, @Header("mode") String mode, byte[] content)
            throws IOException {
        String fileName = plainName(name);
        if (!fileName.matches(include)) {
            throw new ConsoleRequestException(400, "The inbox does not take " + fileName + ": the name must be "
                    + "parties*, items*, invoices*, payments* or journals* (.csv or .xlsx), or events as .json, "
                    + ".ndjson or .jsonl");
        }
        if (content == null || content.length == 0) {
            throw new ConsoleRequestException(400, fileName + " is empty");
        }
        Path folder = folder(mode);
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        if (Files.exists(target)) {
            throw new ConsoleRequestException(409, "A file named " + fileName + " is already waiting or in progress"
                    + " there: wait until it is done, or rename this one");
        }
        // a temporary name of its own (the inbox ignores *.tmp), then published under the file's name only if no
        // other upload took that name meanwhile: a link fails when the name exists, where a rename would replace it
        Path temporary = Files.createTempFile(folder, ".upload-", ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.createLink(target, temporary);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException taken) {
                    throw taken;
                }
                Files.move(temporary, target); // a volume without links: a move that refuses an existing name
            }
        } catch (FileAlreadyExistsException e) {
            throw new ConsoleRequestException(409, "A file named " + fileName + " was uploaded at the same moment: "
                    + "wait until it is done, or rename this one");
        } finally {
            Files.deleteIfExists(temporary);
        }
        return Map.of("file", fileName, "mode", modeName(mode));
    }

    /** Files waiting in the inbox and files being worked on, with their progress. */
    public List<FileProgress> inProgress() throws IOException {
        List<FileProgress> files = new ArrayList<>();
        for (String mode : List.of(BOOK, CHECK)) {
            Path folder = folder(mode);
            for (Path file : list(folder)) {
                String name = file.getFileName().toString();
                if (name.matches(include)) {
                    Path status = folder.resolve(name + STATUS);
                    files.add(Files.exists(status) ? FileProgress.parse(name, mode, readQuietly(status))
                            : FileProgress.waiting(name, mode));
                }
            }
        }
        return files;
    }

    /** Files in progress and every finished file: the Files page in one answer. */
    public Map<String, Object> page() throws IOException {
        return Map.of("inProgress", inProgress(), "history", history());
    }

    /** Every finished file with its report, newest first. */
    public List<FinishedFile> history() throws IOException {
        List<FinishedFile> files = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (String mode : List.of(BOOK, CHECK)) {
            for (String result : List.of("done", "failed")) {
                Path folder = folder(mode).resolve("." + result);
                for (Path report : list(folder)) {
                    String name = report.getFileName().toString();
                    if (name.endsWith(REPORT)) {
                        seen.add(report);
                        files.add(finished(name.substring(0, name.length() - REPORT.length()), mode, result, report));
                    }
                }
            }
        }
        counted.keySet().retainAll(seen); // reports archived or deleted meanwhile
        files.sort(Comparator.comparing(FinishedFile::finished).reversed().thenComparing(FinishedFile::name));
        return files;
    }

    /** A finished file's report as a table. */
    public ReportTable report(@Header("mode") String mode, @Header("result") String result, @Header("file") String file)
            throws IOException {
        List<CSVRecord> records = records(reportOf(mode, result, file));
        List<String> header = records.isEmpty() ? List.of() : records.get(0).toList();
        return new ReportTable(header, records.stream().skip(1).map(CSVRecord::toList).toList());
    }

    /** A finished file's report as the CSV it is. */
    public byte[] reportFile(@Header("mode") String mode, @Header("result") String result, @Header("file") String file)
            throws IOException {
        return Files.readAllBytes(reportOf(mode, result, file));
    }

    /** The failed rows of a finished file in its own layout (see {@link FailedRows}). */
    public FailedRows.Download failedRows(@Header("mode") String mode, @Header("result") String result,
            @Header("file") String file) throws IOException {
        Path report = reportOf(mode, result, file);
        List<String> failedSources = new ArrayList<>();
        for (CSVRecord row : records(report).stream().skip(1).toList()) {
            if (row.size() > 3 && row.get(3).equals("failed")) {
                failedSources.add(row.get(0));
            }
        }
        Path original = report.resolveSibling(plainName(file));
        if (!Files.exists(original)) {
            throw new ConsoleRequestException(404, "The file " + file + " is no longer beside its report");
        }
        return FailedRows.of(original, plainName(file), failedSources);
    }

    /**
     * A finished file as its report says; read again only when the report changed (the page asks every second, and a
     * 100,000-row report is not to be parsed that often).
     */
    private FinishedFile finished(String name, String mode, String result, Path report) throws IOException {
        BasicFileAttributes seen = Files.readAttributes(report, BasicFileAttributes.class);
        Counted known = counted.get(report);
        if (known != null && known.modified().equals(seen.lastModifiedTime()) && known.size() == seen.size()) {
            return known.file();
        }
        long ok = 0;
        long failed = 0;
        long planned = 0;
        long duplicate = 0;
        for (CSVRecord row : records(report).stream().skip(1).toList()) {
            switch (row.size() > 3 ? row.get(3) : "") {
                case "ok" -> ok++;
                case "failed" -> failed++;
                case "planned" -> planned++;
                case "duplicate" -> duplicate++;
                default -> {
                }
            }
        }
        FinishedFile file = new FinishedFile(name, mode, result,
                seen.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS).toString(), ok, failed, planned,
                duplicate);
        counted.put(report, new Counted(seen.lastModifiedTime(), seen.size(), file));
        return file;
    }

    /** A report's counts as of its time and size. */
    private record Counted(FileTime modified, long size, FinishedFile file) {
    }

    private Path reportOf(String mode, String result, String file) {
        if (!"done".equals(result) && !"failed".equals(result)) {
            throw new ConsoleRequestException(400, "result must be done or failed");
        }
        Path report = folder(mode).resolve("." + result).resolve(plainName(file) + REPORT);
        if (!Files.exists(report)) {
            throw new ConsoleRequestException(404, "No report for " + file + " in " + modeName(mode) + "/" + result);
        }
        return report;
    }

    private Path folder(String mode) {
        return CHECK.equals(modeName(mode)) ? inbox.resolve("dry-run") : inbox;
    }

    private static String modeName(String mode) {
        if (mode == null || mode.isBlank() || mode.equals(BOOK)) {
            return BOOK;
        }
        if (mode.equals(CHECK)) {
            return CHECK;
        }
        throw new ConsoleRequestException(400, "mode must be book or check, not " + mode);
    }

    /** A name from a request, only when it names a plain file (never a path out of the inbox). */
    static String plainName(String name) {
        if (name == null || !PLAIN_NAME.matcher(name).matches() || name.contains("..")) {
            throw new ConsoleRequestException(400, "Not a plain file name: letters, digits, space, . _ ( ) -");
        }
        return name;
    }

    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String readQuietly(Path status) {
        try {
            return Files.readString(status, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return ""; // the file finished between the listing and the read
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CSVRecord> records(Path report) throws IOException {
        try (var parser = CSVFormat.RFC4180.parse(new StringReader(Files.readString(report, StandardCharsets.UTF_8)))) {
            return parser.getRecords();
        }
    }
}

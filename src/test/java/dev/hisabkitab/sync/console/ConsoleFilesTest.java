package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Files page over a real folder, without the application: history counts, and uploads that never replace. */
class ConsoleFilesTest {

    static final String HEADER = "source,id,type,status,hisabkitab_id,number,error_category,error_message\n";

    @TempDir
    Path inbox;

    ConsoleFiles files;

    @BeforeEach
    void folder() {
        files = new ConsoleFiles();
        files.inbox = inbox;
        files.include = ".*\\.(json|ndjson|jsonl|csv|xlsx)";
    }

    @Test
    void aReportIsCountedOnceAndAgainOnlyWhenItChanges() throws Exception {
        Path report = Files.createDirectories(inbox.resolve(".done")).resolve("parties.csv.report.csv");
        Files.writeString(report, HEADER + "row 2,p-1,party.upsert,ok,1,,,\nrow 3,p-2,party.upsert,duplicate,2,,,\n");

        ConsoleFiles.FinishedFile first = only(files.history());
        assertEquals(List.of(1L, 1L, 0L), List.of(first.ok(), first.duplicate(), first.failed()));
        assertSame(first, only(files.history()), "an unchanged report is not read again");

        Files.writeString(report, "row 4,p-3,party.upsert,failed,,,mapping,x\n", java.nio.file.StandardOpenOption.APPEND);
        ConsoleFiles.FinishedFile changed = only(files.history());
        assertNotSame(first, changed);
        assertEquals(List.of(1L, 1L, 1L), List.of(changed.ok(), changed.duplicate(), changed.failed()));
    }

    @Test
    void anUploadNeverReplacesAFileOfItsNameAndLeavesNoTemporaryFile() throws Exception {
        files.upload("parties-a.csv", "book", "role,name\n".getBytes());
        assertEquals("role,name\n", Files.readString(inbox.resolve("parties-a.csv")));
        ConsoleRequestException taken = assertThrows(ConsoleRequestException.class,
                () -> files.upload("parties-a.csv", "book", "other".getBytes()));
        assertEquals(409, taken.status());
        assertEquals("role,name\n", Files.readString(inbox.resolve("parties-a.csv")));
        try (var left = Files.list(inbox)) {
            assertEquals(List.of("parties-a.csv"), left.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString()).toList());
        }
    }

    private static ConsoleFiles.FinishedFile only(List<ConsoleFiles.FinishedFile> history) {
        assertEquals(1, history.size(), history.toString());
        return history.get(0);
    }
}

package dev.hisabkitab.sync.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ArchiveNameTest {

    private static final Instant FINISHED = Instant.parse("2026-12-07T05:40:12.345Z");

    @Test
    void aFreeNameIsKept() {
        assertEquals("invoices.csv", ArchiveName.free("invoices.csv", FINISHED, Set.of("parties.csv")::contains));
    }

    @Test
    void aNameTakenByAnEarlierFileOrOnlyByItsReportGetsTheTimeItWasFinished() {
        assertEquals("invoices.2026-12-07T05-40-12Z.csv",
                ArchiveName.free("invoices.csv", FINISHED, Set.of("invoices.csv", "invoices.csv.report.csv")::contains));
        assertEquals("invoices.2026-12-07T05-40-12Z.csv",
                ArchiveName.free("invoices.csv", FINISHED, Set.of("invoices.csv.report.csv")::contains),
                "the earlier report alone (its file deleted by hand) is kept too");
    }

    @Test
    void aStampedNameTakenInTheSameSecondGetsASequence() {
        assertEquals("sales.2026-12-07T05-40-12Z-3.ndjson", ArchiveName.free("sales.ndjson", FINISHED,
                Set.of("sales.ndjson", "sales.2026-12-07T05-40-12Z.ndjson",
                        "sales.2026-12-07T05-40-12Z-2.ndjson.report.csv")::contains));
    }

    @Test
    void aNameWithoutAnExtensionOrStartingWithADotIsStampedAtItsEnd() {
        assertEquals("README.2026-12-07T05-40-12Z", ArchiveName.free("README", FINISHED, Set.of("README")::contains));
        assertEquals(".hidden.2026-12-07T05-40-12Z", ArchiveName.free(".hidden", FINISHED, Set.of(".hidden")::contains));
    }
}

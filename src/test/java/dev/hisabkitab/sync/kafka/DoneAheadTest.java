package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class DoneAheadTest {

    @Test
    void whatIsDonePastTheOffsetSurvivesTheRoundTripThroughTheMetadata() {
        DoneAhead done = new DoneAhead(1_000_000, 1_000_050, new TreeSet<>(List.of(1_000_003L, 1_000_040L)));
        DoneAhead read = DoneAhead.decode(1_000_000, done.encode());
        assertEquals(done, read);
        assertFalse(read.done(1_000_000), "the committed offset itself is not done");
        assertTrue(read.done(1_000_001));
        assertFalse(read.done(1_000_003));
        assertTrue(read.done(1_000_049));
        assertFalse(read.done(1_000_050), "past the end: not known");
        assertTrue(done.encode().length() < 20, done.encode());
    }

    @Test
    void nothingDonePastTheOffsetIsNoMetadataAndNoMetadataSaysNothing() {
        assertEquals("", DoneAhead.none(7).encode());
        assertEquals("", DoneAhead.at(8, List.of(), 8, DoneAhead.none(0)).encode());
        for (String metadata : new String[] {null, "", "from another tool", "hk1;zz!;", "hk1;5;x,?"}) {
            DoneAhead read = DoneAhead.decode(7, metadata);
            for (long o = 0; o < 100; o++) {
                assertFalse(read.done(o), metadata + " claims " + o);
            }
        }
    }

    @Test
    void aListTooLongForKafkaIsCutAndWhatIsPastTheCutCountsAsNotDone() {
        TreeSet<Long> open = new TreeSet<>();
        for (long o = 2; o < 20_000; o += 2) {
            open.add(o); // every other record still open: the longest list there can be
        }
        DoneAhead done = new DoneAhead(0, 20_000, open);
        String metadata = done.encode();
        assertTrue(metadata.length() <= DoneAhead.MAX_CHARS, "length " + metadata.length());
        DoneAhead read = DoneAhead.decode(0, metadata);
        assertTrue(read.end() < 20_000 && read.end() > 1000, "cut at " + read.end());
        for (long o = 1; o < 20_001; o++) {
            boolean claimed = read.done(o);
            // never claims a record that is not done; claims the done ones up to the cut
            assertEquals(o < read.end() && o % 2 == 1, claimed, "record " + o);
        }
    }

    @Test
    void theNextCommitKeepsWhatTheEarlierOwnerFinishedAndHasNotBeenReadYet() {
        DoneAhead earlier = new DoneAhead(100, 200, new TreeSet<>(List.of(150L, 180L)));
        // read up to 160 (150 is running), nothing else open
        DoneAhead next = DoneAhead.at(150, List.of(150L), 160, earlier);
        assertEquals(150, next.offset());
        assertEquals(200, next.end());
        assertEquals(new TreeSet<>(List.of(180L)), next.open());
        // the earlier owner's own commit point not read yet counts as not done
        DoneAhead notRead = DoneAhead.at(90, List.of(), 90, earlier);
        assertEquals(new TreeSet<>(List.of(100L, 150L, 180L)), notRead.open());
        assertFalse(notRead.done(100));
        assertTrue(notRead.done(99));
    }
}

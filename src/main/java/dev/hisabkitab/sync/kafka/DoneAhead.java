package dev.hisabkitab.sync.kafka;

import java.util.Collection;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Records at or past a partition's committed offset that are done already, carried in the committed offset's
 * metadata. Records of different keys finish out of order, so when a partition's offset is committed (the lowest
 * record not done) later records may already have their outcomes out; written into the same Kafka transaction as
 * those outcomes, this tells the partition's next owner (after a crash, a stop, a rebalance) which records to skip
 * instead of publishing their outcomes a second time.
 *
 * <p>Form: {@code hk1;<end>;<open>...} — every record in [offset, offset + end) is done except the offset itself and
 * the listed ones (distances from the previous open one, base 36). Kafka limits offset metadata (4096 bytes by
 * default): a list that does not fit is cut, and {@code end} with it, so records past it count as not done (they are
 * processed again: never lost, at worst published twice).
 *
 * @param end  one past the last record known done ({@code offset} when nothing past it is)
 * @param open the records in (offset, end) that are not done
 */
public record DoneAhead(long offset, long end, NavigableSet<Long> open) {

    private static final String FORM = "hk1";
    /** Below Kafka's default {@code offset.metadata.max.bytes} (4096) with room to spare. */
    static final int MAX_CHARS = 3000;

    /** Nothing known past the offset. */
    public static DoneAhead none(long offset) {
        return new DoneAhead(offset, offset, new TreeSet<>());
    }

    /** Whether the record was done by an earlier owner of the partition. */
    public boolean done(long record) {
        return record > offset && record < end && !open.contains(record);
    }

    /** The metadata to commit with {@code offset}: empty when nothing past it is done. */
    public String encode() {
        if (end <= offset + 1) {
            return "";
        }
        int fixed = FORM.length() + 2 + Long.toString(end - offset, 36).length();
        long knownEnd = end;
        StringBuilder steps = new StringBuilder();
        long previous = offset;
        for (long record : open.subSet(offset, false, end, false)) {
            String step = Long.toString(record - previous, 36);
            if (fixed + steps.length() + step.length() + 1 > MAX_CHARS) {
                // cut here: this record and everything after it count as not done
                knownEnd = record;
                break;
            }
            steps.append(steps.isEmpty() ? "" : ",").append(step);
            previous = record;
        }
        return FORM + ";" + Long.toString(knownEnd - offset, 36) + ";" + steps;
    }

    /** What a committed offset's metadata says; anything not in this form (or none) says nothing is done past it. */
    public static DoneAhead decode(long offset, String metadata) {
        if (metadata == null || !metadata.startsWith(FORM + ";")) {
            return none(offset);
        }
        try {
            String[] parts = metadata.split(";", -1);
            long end = offset + Long.parseLong(parts[1], 36);
            TreeSet<Long> open = new TreeSet<>();
            long previous = offset;
            if (parts.length > 2 && !parts[2].isEmpty()) {
                for (String step : parts[2].split(",")) {
                    previous += Long.parseLong(step, 36);
                    open.add(previous);
                }
            }
            return new DoneAhead(offset, end, open);
        } catch (RuntimeException e) {
            // damaged or from another tool: claim nothing (records are processed again, never skipped wrongly)
            return none(offset);
        }
    }

    /**
     * What to commit at {@code point}: the records past it that are {@code open} now (handed out, not done, not
     * finishing) are not done, nor are the ones not handed out yet ({@code next} and later) that the earlier owner
     * did not finish ({@code earlier}); everything else below the end is.
     */
    static DoneAhead at(long point, Collection<Long> open, long next, DoneAhead earlier) {
        TreeSet<Long> notDone = new TreeSet<>();
        for (long record : open) {
            if (record > point) {
                notDone.add(record);
            }
        }
        long end = next;
        if (earlier.end() > next) {
            end = earlier.end();
            notDone.addAll(earlier.open().tailSet(next, true));
            if (earlier.offset() >= next) {
                notDone.add(earlier.offset());
            }
        }
        notDone.remove(point);
        return new DoneAhead(point, end, notDone);
    }
}

package dev.hisabkitab.sync.idempotency;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import org.jboss.logging.Logger;

/**
 * The idempotency store without Kafka: an append-only file of JSON lines, one {@link CompletedEvent} or
 * {@link WriteIntent} a line, each line synced to the disk ({@link FileChannel#force}) before {@link #record} (or
 * {@link #recordIntent}) returns. The file is the durable record.
 *
 * <p>The completed events are answered from an index on disk beside it ({@code <file>.index}, a
 * {@link RocksCompletedIndex}), not from the heap: the heap holds only the open intents. Each line is put in the index
 * after it is synced, together with the index's checkpoint ({@link Checkpoint}: the file position it covers, which
 * file, and the last line's length and CRC), under the lock that appends: a checkpoint never covers a line the index
 * lacks. The index is not synced itself (a crash of the process loses nothing written to it; a crash of the machine
 * may lose its last writes, checkpoint included, so the lines after the older checkpoint are read again). {@link
 * #open()} reads only the lines after the checkpoint; an index that is missing, or whose checkpoint does not match the
 * file (another file, one rewritten or cut shorter), is deleted and rebuilt from the whole file.
 *
 * <p>A crash in the middle of an append leaves a last line without its newline (or a tail of zero bytes): that torn
 * tail is cut off and ignored — its event had not been recorded, so it is tried again, as any event interrupted before
 * its record. A damaged complete line is skipped with a warning. When the file has more than {@code compactAbove}
 * lines and some are redundant (an id repeated, a damaged line), it is rewritten at start with one line per id, its
 * last (written to a temporary file, synced, renamed over the old one); so it is after the retention sweep forgot ids.
 *
 * <p>One process at a time: a lock on {@code <file>.lock} refuses a second one (an inbox of its own per process).
 */
public final class FileIdempotencyStore extends IndexedStore {

    private static final Logger LOG = Logger.getLogger(FileIdempotencyStore.class);

    /** The index's named values: its checkpoint, and a rewrite of the file owed (ids forgotten, the file not yet rewritten). */
    static final String CHECKPOINT = "file.checkpoint";
    static final String REWRITE_DUE = "file.rewrite-due";

    private final Path file;
    private final Path indexDir;
    private final int compactAbove;
    private FileChannel lockChannel;
    private FileLock lock;
    private FileChannel channel;
    private RocksCompletedIndex diskIndex;
    /** Which file the checkpoints name (its inode where the platform tells it). */
    private String identity;
    /** Complete non-blank lines in the file, and blank ones (redundant). */
    private long lines;
    private long blank;
    /** Lines read at the last {@link #open()} (for tests: a reopen reads only the tail). */
    private long linesRead;
    /**
     * An index write failed after its line was synced: the index lacks a line, so its checkpoint stays where it was (the
     * next start reads the lines after it again) and the file is not rewritten from the index until then.
     */
    private boolean indexBehind;

    /** The index in {@code <file>.index}: beside the file it is made from, in its volume, under its lock. */
    public FileIdempotencyStore(Path file, int compactAbove) {
        this.file = file.toAbsolutePath().normalize();
        this.indexDir = this.file.resolveSibling(this.file.getFileName() + ".index");
        this.compactAbove = compactAbove;
    }

    @Override
    public synchronized void open() {
        if (channel != null) {
            return;
        }
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            lock();
            boolean created = !Files.exists(file);
            if (!created) {
                cutTornTail();
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (created) {
                channel.force(true);
                syncDirectory(dir);
            }
            boolean rewriteDue = openIndex();
            long redundant = lines - (size() + pendingIntents().size()) + blank;
            if (rewriteDue || lines > compactAbove && redundant > 0) {
                compact();
            }
        } catch (IOException e) {
            close();
            throw new IdempotencyStoreException("Cannot open the completed-events file " + file + ": " + e, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.infof("Completed events: %d known, recorded in %s, indexed in %s (%d line(s) read at start)", size(), file,
                indexDir, linesRead);
    }

    private void lock() throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("another process (or store) already uses it (" + lockFile + " is locked)");
        }
    }

    /**
     * Opens the index, rebuilt when its checkpoint does not match the file, and reads the lines after the checkpoint
     * into it. True when a rewrite of the file is owed.
     */
    private boolean openIndex() throws IOException {
        long size = channel.size();
        identity = identity(file);
        indexBehind = false; // whatever an earlier open of this instance lacked is read again below
        RocksCompletedIndex index = openOrRebuild();
        Checkpoint from = index.meta(CHECKPOINT).map(Checkpoint::parse).orElse(null);
        boolean matches;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            matches = from != null && matches(in, from, size);
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        if (!matches) {
            if (from != null || index.size() > 0) {
                LOG.infof("Completed-events index %s does not match %s (%s): rebuilt from the file", indexDir, file,
                        from == null ? "no checkpoint" : "another file, or one rewritten or cut shorter");
                index.close();
                RocksCompletedIndex.delete(indexDir);
                index = RocksCompletedIndex.open(indexDir, false);
            }
            from = new Checkpoint(identity, 0, 0, 0, 0, 0);
        }
        diskIndex = index;
        useIndex(index);
        loadIntentsFromIndex();
        lines = from.lines();
        blank = from.blank();
        linesRead = 0;
        Checkpoint at = readFrom(from.position(), size);
        if (!at.equals(from)) {
            index.apply(List.of(), List.of(), Map.of(CHECKPOINT, at.text()));
        }
        return index.meta(REWRITE_DUE).isPresent();
    }

    /** The index; one RocksDB finds damaged is deleted first (it holds nothing the file does not). */
    private RocksCompletedIndex openOrRebuild() {
        try {
            return RocksCompletedIndex.open(indexDir, false);
        } catch (IdempotencyStoreException e) {
            if (!(e.getCause() instanceof org.rocksdb.RocksDBException r) || r.getStatus() == null
                    || r.getStatus().getCode() != org.rocksdb.Status.Code.Corruption) {
                throw e; // e.g. held by another process: not ours to delete
            }
            LOG.warnf("Completed-events index %s is damaged (%s): rebuilt from %s", indexDir, r.getMessage(), file);
            RocksCompletedIndex.delete(indexDir);
            return RocksCompletedIndex.open(indexDir, false);
        }
    }

    /** Whether the checkpoint was made from this file: the same file, at least as long, the same line before it. */
    private boolean matches(FileChannel in, Checkpoint checkpoint, long size) throws IOException {
        if (!checkpoint.identity().equals(identity) || checkpoint.position() > size) {
            return false;
        }
        if (checkpoint.position() == 0) {
            return true;
        }
        if (checkpoint.lastLength() <= 0 || checkpoint.lastLength() > checkpoint.position()
                || checkpoint.lastLength() > 16 << 20) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate((int) checkpoint.lastLength());
        long at = checkpoint.position() - checkpoint.lastLength();
        while (last.hasRemaining()) {
            if (in.read(last, at + last.position()) < 0) {
                return false;
            }
        }
        return crc(last.array(), last.array().length) == checkpoint.lastCrc();
    }

    /** Cuts off whatever follows the last newline: a line whose append did not finish. */
    private void cutTornTail() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long end = endOfLastLine(ch, size);
            if (end < size) {
                LOG.warnf("Completed events file %s ends with an incomplete line (%d bytes, an interrupted write): "
                        + "ignored and cut off", file, size - end);
                ch.truncate(end);
                ch.force(true);
            }
        }
    }

    /** The position just after the last {@code '\n'}, 0 when there is none. */
    static long endOfLastLine(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            pos -= n;
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    /** Reads the lines from {@code position} (a line's start) to {@code end} into the index; the checkpoint at end. */
    private Checkpoint readFrom(long position, long end) throws IOException {
        int damaged = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (position < end) {
                in.position(position);
                BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(in),
                        StandardCharsets.UTF_8.newDecoder()), 1 << 16);
                Loading loading = new Loading();
                String line;
                while ((line = reader.readLine()) != null) {
                    linesRead++;
                    if (line.isBlank()) {
                        blank++;
                        continue;
                    }
                    lines++;
                    try {
                        loading.line(line);
                    } catch (IllegalArgumentException e) {
                        damaged++;
                    }
                }
                loading.flush();
            }
            if (damaged > 0) {
                LOG.warnf("Completed events file %s: %d damaged line(s) skipped", file, damaged);
            }
            if (end == 0) {
                return new Checkpoint(identity, 0, 0, 0, lines, blank);
            }
            long start = endOfLastLine(in, end - 1);
            ByteBuffer last = ByteBuffer.allocate((int) (end - start));
            while (last.hasRemaining()) {
                if (in.read(last, start + last.position()) < 0) {
                    throw new IOException("file shrank while being read");
                }
            }
            return new Checkpoint(identity, end, end - start, crc(last.array(), last.array().length), lines, blank);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text", e);
        }
    }

    /**
     * Rewrites the file with one line per known event and open intent (temporary file, synced, renamed over the old
     * one), then moves the index's checkpoint to the new file.
     */
    private void compact() throws IOException {
        if (indexBehind) {
            throw new IOException("its index lacks a line (an index write failed): rewritten after the next start");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".compacting");
        long[] written = new long[1];
        byte[][] last = new byte[1][];
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream writer = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
            Consumer<String> line = json -> {
                byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
                try {
                    writer.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written[0]++;
                last[0] = bytes;
            };
            index().forEach(event -> line.accept(event.toJson()));
            // the open intents as the index holds them: it drops one only with its event's completion, in one batch
            index().forEachMeta(INTENT, (name, json) -> {
                if (!index().contains(EventKey.parse(name.substring(INTENT.length())))) {
                    line.accept(json);
                }
            });
            writer.flush();
            out.force(true);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long before = lines;
        if (channel != null) {
            channel.close();
            channel = null;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.getParent());
        } finally {
            // appends go on at the end of whichever file is there now
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        identity = identity(file);
        lines = written[0];
        blank = 0;
        Checkpoint at = last[0] == null ? new Checkpoint(identity, 0, 0, 0, 0, 0)
                : new Checkpoint(identity, channel.size(), last[0].length, crc(last[0], last[0].length), lines, 0);
        // a crash before this leaves the old checkpoint, which does not match the new file: rebuilt from it at start
        Map<String, String> values = new HashMap<>();
        values.put(CHECKPOINT, at.text());
        values.put(REWRITE_DUE, null);
        index().apply(List.of(), List.of(), values);
        LOG.infof("Completed events file %s compacted: %d lines -> %d", file, before, lines);
    }

    @Override
    protected void writeForgotten(Collection<EventKey> keys) {
        // nothing to write first: the file is rewritten without them once they left the index (a crash in between
        // leaves the rewrite owed, REWRITE_DUE, and it is done at the next start)
    }

    @Override
    protected Map<String, String> forgetting() {
        return Map.of(REWRITE_DUE, "true");
    }

    @Override
    protected synchronized void forgottenLocally() {
        if (channel == null) {
            throw new IdempotencyStoreException("The completed-events file " + file + " is not open");
        }
        try {
            compact();
        } catch (IOException e) {
            throw new IdempotencyStoreException("Cannot rewrite " + file + " without the forgotten ids: " + e, e);
        }
    }

    @Override
    protected void write(CompletedEvent event) {
        write(event, values -> {
        });
    }

    @Override
    protected void writeIntent(WriteIntent intent) {
        writeIntent(intent, values -> {
        });
    }

    @Override
    protected void write(CompletedEvent event, Consumer<Map<String, String>> thenIndex) {
        appendThenIndex(event.key(), event.toJson(), "completed event", thenIndex);
    }

    @Override
    protected void writeIntent(WriteIntent intent, Consumer<Map<String, String>> thenIndex) {
        appendThenIndex(intent.key(), intent.toJson(), "write intent of", thenIndex);
    }

    /**
     * Appends one line, syncs it, then puts it in the index with the checkpoint after it; under this store's lock, so
     * the lines are indexed in the order of the file.
     */
    private synchronized void appendThenIndex(EventKey key, String json, String what,
            Consumer<Map<String, String>> thenIndex) {
        Checkpoint after = append(key, json, what);
        boolean indexed = false;
        try {
            thenIndex.accept(indexBehind ? Map.of() : Map.of(CHECKPOINT, after.text()));
            indexed = true;
        } finally {
            if (!indexed && !indexBehind) {
                indexBehind = true;
                LOG.errorf("Completed-events index %s lacks a line of %s (its write failed): it is read again at the "
                        + "next start", indexDir, file);
            }
        }
    }

    /** Appends one line and syncs it to the disk; the checkpoint just after it. */
    private Checkpoint append(EventKey key, String json, String what) {
        if (channel == null) {
            throw new IdempotencyStoreException("The completed-events file " + file + " is not open");
        }
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.wrap(line);
        long before = -1;
        try {
            before = channel.size();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
            lines++;
            return new Checkpoint(identity, before + line.length, line.length, crc(line, line.length), lines, blank);
        } catch (IOException e) {
            // a half-written line would glue itself to the next record: cut it off again (best effort)
            if (before >= 0) {
                try {
                    channel.truncate(before);
                } catch (IOException ignored) {
                    // the torn tail is cut off at the next start
                }
            }
            throw new IdempotencyStoreException("Cannot record " + what + " " + key + " in " + file
                    + ": " + e, e);
        }
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /**
     * Which file this is: its inode where the platform tells it ({@code ?} elsewhere: the last line's CRC tells a file
     * rewritten then). A compaction renames a new file over the old one: a new inode.
     */
    private static String identity(Path file) {
        try {
            return String.valueOf(Files.getAttribute(file, "unix:ino"));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return "?";
        }
    }

    /**
     * How far the index covers the file: every line before {@code position} is in it. {@code identity} names the file,
     * {@code lastLength} and {@code lastCrc} the line ending at {@code position}; {@code lines} and {@code blank} count
     * the file's lines up to there (the compaction rule, without reading them again).
     */
    record Checkpoint(String identity, long position, long lastLength, long lastCrc, long lines, long blank) {

        String text() {
            return identity + " " + position + " " + lastLength + " " + lastCrc + " " + lines + " " + blank;
        }

        /** The checkpoint written as {@link #text()}; {@code null} when it is not one (a rebuild then). */
        static Checkpoint parse(String text) {
            String[] f = text.split(" ");
            try {
                return f.length != 6 ? null : new Checkpoint(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** Makes a created or renamed directory entry durable (not possible on every platform; then skipped). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. Windows cannot open a directory as a channel
        }
    }

    /** Lines in the file (for tests and the compaction rule). */
    synchronized int lines() {
        return (int) lines;
    }

    /** Lines read from the file by the last {@link #open()}: all of them only when the index was (re)built. */
    public synchronized long linesReadAtOpen() {
        return linesRead;
    }

    public Path file() {
        return file;
    }

    /** Where the index of the file is kept: {@code <file>.index}. */
    public Path indexDir() {
        return indexDir;
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.debugf("Closing %s: %s", file, e);
        } finally {
            channel = null;
        }
        if (diskIndex != null) {
            diskIndex.close();
            diskIndex = null;
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debugf("Closing %s: %s", file, e);
        } finally {
            lock = null;
            lockChannel = null;
        }
    }
}

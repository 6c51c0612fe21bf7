package dev.hisabkitab.sync.idempotency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

import org.jboss.logging.Logger;

/**
 * The idempotency store without Kafka: an append-only file of JSON lines, one {@link CompletedEvent} or
 * {@link WriteIntent} a line, each line synced to the disk ({@link FileChannel#force}) before {@link #record} (or
 * {@link #recordIntent}) returns.
 *
 * <p>{@link #open()} reads the whole file. A crash in the middle of an append leaves a last line without its newline
 * (or a tail of zero bytes): that torn tail is cut off and ignored — its event had not been recorded, so it is
 * tried again, as any event interrupted before its record. A damaged complete line is skipped with a warning. When
 * the file has more than {@code compactAbove} lines and some are redundant (an id repeated, a damaged line), it is
 * rewritten with one line per id, its last (written to a temporary file, synced, renamed over the old one).
 *
 * <p>One process at a time: a lock on {@code <file>.lock} refuses a second one (an inbox of its own per process).
 */
public final class FileIdempotencyStore extends MemoryBackedStore {

    private static final Logger LOG = Logger.getLogger(FileIdempotencyStore.class);

    private final Path file;
    private final int compactAbove;
    private FileChannel lockChannel;
    private FileLock lock;
    private FileChannel channel;
    private int lines;
    private int redundant;

    public FileIdempotencyStore(Path file, int compactAbove) {
        this.file = file.toAbsolutePath().normalize();
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
                load();
                if (lines > compactAbove && redundant > 0) {
                    compact();
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (created) {
                channel.force(true);
                syncDirectory(dir);
            }
        } catch (IOException e) {
            close();
            throw new IdempotencyStoreException("Cannot open the completed-events file " + file + ": " + e, e);
        }
        LOG.infof("Completed events: %d known, recorded in %s", size(), file);
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

    private void load() throws IOException {
        lines = 0;
        redundant = 0;
        int damaged = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    redundant++;
                    continue;
                }
                lines++;
                try {
                    if (loaded(line)) {
                        redundant++;
                    }
                } catch (IllegalArgumentException e) {
                    damaged++;
                    redundant++;
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text", e);
        }
        if (damaged > 0) {
            LOG.warnf("Completed events file %s: %d damaged line(s) skipped", file, damaged);
        }
    }

    /** Rewrites the file with one line per known event: temporary file, synced, renamed over the old one. */
    private void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compacting");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            var writer = Channels.newWriter(out, StandardCharsets.UTF_8);
            index().forEach(event -> {
                try {
                    writer.write(event.toJson());
                    writer.write('\n');
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (WriteIntent intent : pendingIntents().values()) {
                writer.write(intent.toJson());
                writer.write('\n');
            }
            writer.flush();
            out.force(true);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(file.getParent());
        int kept = size() + pendingIntents().size();
        LOG.infof("Completed events file %s compacted: %d lines -> %d", file, lines, kept);
        lines = kept;
        redundant = 0;
    }

    @Override
    protected void writeForgotten(java.util.Collection<EventKey> keys) {
        // nothing to write first: the file is rewritten without them once they left the index (a crash in between
        // loads them again at the next start, and the next sweep forgets them again)
    }

    @Override
    protected synchronized void forgottenLocally(java.util.Collection<EventKey> keys) {
        if (channel == null) {
            throw new IdempotencyStoreException("The completed-events file " + file + " is not open");
        }
        try {
            channel.close();
            compact();
        } catch (IOException e) {
            throw new IdempotencyStoreException("Cannot rewrite " + file + " without the forgotten ids: " + e, e);
        } finally {
            try {
                // appends go on at the end of whichever file is there now
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                channel = null;
                LOG.errorf("Cannot reopen %s after forgetting ids: %s", file, e);
            }
        }
    }

    @Override
    protected void write(CompletedEvent event) {
        append(event.key(), event.toJson(), "completed event");
    }

    @Override
    protected void writeIntent(WriteIntent intent) {
        append(intent.key(), intent.toJson(), "write intent of");
    }

    /** Appends one line and syncs it to the disk. */
    private synchronized void append(EventKey key, String json, String what) {
        if (channel == null) {
            throw new IdempotencyStoreException("The completed-events file " + file + " is not open");
        }
        ByteBuffer bytes = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        long before = -1;
        try {
            before = channel.size();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
            lines++;
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
        return lines;
    }

    public Path file() {
        return file;
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
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debugf("Closing %s: %s", file, e);
        } finally {
            channel = null;
            lock = null;
            lockChannel = null;
        }
    }
}

package dev.hisabkitab.sync.idempotency;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The completed events in an embedded RocksDB in a local directory (as Kafka Streams keeps its state stores): the heap
 * holds none of them, RocksDB's own memory is bounded (block cache and write buffers below; index and bloom filter
 * blocks about 1.5 MB per million ids besides). Three column families:
 * <ul>
 * <li>default: {@link EventKey#text()} → 8 bytes (the millisecond it is indexed under for retention) + {@link
 * CompletedEvent#toJson()};</li>
 * <li>{@code by-time}: those 8 bytes + the key → nothing, so the retention sweep reads only what it removes;</li>
 * <li>{@code meta}: named values ({@link #meta}) and the exact count.</li>
 * </ul>
 * Every {@link #apply} is one atomic write batch. One process at a time (RocksDB's LOCK file refuses a second).
 */
public final class RocksCompletedIndex implements CompletedIndex {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] BY_TIME = "by-time".getBytes(UTF_8);
    private static final byte[] META = "meta".getBytes(UTF_8);
    private static final byte[] EMPTY = new byte[0];
    /** The exact number of events, kept in meta (counting 5 million keys at each start would cost seconds). */
    private static final String COUNT = "index.count";
    /** Bounds RocksDB's native memory: table blocks, index and bloom filters share it. */
    private static final long BLOCK_CACHE_BYTES = 16L << 20;
    private static final long WRITE_BUFFERS_BYTES = 16L << 20;

    private final Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle events;
    private final ColumnFamilyHandle byTime;
    private final ColumnFamilyHandle meta;
    private final WriteOptions writeOptions;
    private volatile long count;
    /** Held to use the DB, taken exclusively to close it: a native handle used after close would crash the JVM. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock open = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;

    private RocksCompletedIndex(Path dir, boolean sync) throws RocksDBException, IOException {
        this.dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(this.dir);
        LRUCache cache = keep(new LRUCache(BLOCK_CACHE_BYTES));
        BloomFilter bloom = keep(new BloomFilter(10));
        // point look-ups (is this id completed?) mostly miss: the bloom filter answers most without reading a block.
        // Index and filter blocks stay out of the block cache (held by the table readers: about 1.5 MB per million
        // ids): in a cache full of data blocks they were evicted and read again at every look-up (measured: 3,600
        // look-ups/s at 1 million ids, docs/performance.md)
        ColumnFamilyOptions lookups = keep(new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                        .setCacheIndexAndFilterBlocks(false))
                .setCompressionType(CompressionType.LZ4_COMPRESSION));
        ColumnFamilyOptions scans = keep(new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setCacheIndexAndFilterBlocks(true))
                .setCompressionType(CompressionType.LZ4_COMPRESSION));
        DBOptions options = keep(new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setDbWriteBufferSize(WRITE_BUFFERS_BYTES).setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2).setMaxOpenFiles(256));
        List<ColumnFamilyDescriptor> families = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, lookups),
                new ColumnFamilyDescriptor(BY_TIME, scans), new ColumnFamilyDescriptor(META, scans));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        this.db = RocksDB.open(options, this.dir.toString(), families, handles);
        this.events = handles.get(0);
        this.byTime = handles.get(1);
        this.meta = handles.get(2);
        // closed before the DB, in reverse order (see close)
        resources.addAll(handles);
        this.writeOptions = keep(new WriteOptions().setSync(sync));
        this.count = meta(COUNT).map(Long::parseLong).orElseGet(this::countAll);
    }

    /**
     * Opens (creating) the index in {@code dir}.
     *
     * @param sync whether each {@link #apply} is synced to the disk before it returns (needed when the index is the
     *        durable record; a copy of a Kafka topic can be re-read instead)
     */
    public static RocksCompletedIndex open(Path dir, boolean sync) {
        try {
            return new RocksCompletedIndex(dir, sync);
        } catch (RocksDBException | IOException e) {
            throw new IdempotencyStoreException("Cannot open the completed-events index " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /** Deletes a (closed) index directory and everything in it: an index made from another record, rebuilt. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IdempotencyStoreException("Cannot delete the completed-events index " + dir + ": " + e, e);
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public Optional<CompletedEvent> get(EventKey key) {
        byte[] value = read(events, key.text().getBytes(UTF_8));
        return value == null ? Optional.empty() : Optional.of(event(value));
    }

    /** Takes the shared lock, refusing once closed. */
    private void use() {
        open.readLock().lock();
        if (closed) {
            open.readLock().unlock();
            throw new IdempotencyStoreException("The completed-events index " + dir + " is closed");
        }
    }

    private void done() {
        open.readLock().unlock();
    }

    @Override
    public boolean contains(EventKey key) {
        byte[] k = key.text().getBytes(UTF_8);
        use();
        try {
            // keyMayExist answers most misses from the bloom filter without a read
            return db.keyMayExist(events, k, null) && read(events, k) != null;
        } finally {
            done();
        }
    }

    @Override
    public synchronized void apply(Collection<CompletedEvent> puts, Collection<EventKey> removes,
            Map<String, String> values) {
        // what this batch has done to each key so far: the same key twice in one batch must count once
        Map<EventKey, byte[]> pending = new HashMap<>();
        long delta = 0;
        Instant now = Instant.now();
        use();
        try (WriteBatch batch = new WriteBatch()) {
            for (CompletedEvent event : puts) {
                byte[] k = event.key().text().getBytes(UTF_8);
                // a new id (most puts) is told by the bloom filter without a read
                byte[] old = pending.containsKey(event.key()) ? pending.get(event.key())
                        : db.keyMayExist(events, k, null) ? read(events, k) : null;
                if (old != null) {
                    batch.delete(byTime, timeKey(old, k));
                } else {
                    delta++;
                }
                long millis = CompletedIndex.completedAt(event, now).toEpochMilli();
                byte[] json = event.toJson().getBytes(UTF_8);
                byte[] value = ByteBuffer.allocate(8 + json.length).putLong(millis).put(json).array();
                batch.put(events, k, value);
                batch.put(byTime, timeKey(value, k), EMPTY);
                pending.put(event.key(), value);
            }
            for (EventKey key : removes) {
                byte[] k = key.text().getBytes(UTF_8);
                byte[] old = pending.containsKey(key) ? pending.get(key) : read(events, k);
                if (old != null) {
                    batch.delete(events, k);
                    batch.delete(byTime, timeKey(old, k));
                    delta--;
                }
                pending.put(key, null);
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                if (v.getValue() == null) {
                    batch.delete(meta, v.getKey().getBytes(UTF_8));
                } else {
                    batch.put(meta, v.getKey().getBytes(UTF_8), v.getValue().getBytes(UTF_8));
                }
            }
            if (delta != 0) {
                batch.put(meta, COUNT.getBytes(UTF_8), Long.toString(count + delta).getBytes(UTF_8));
            }
            db.write(writeOptions, batch);
            count += delta;
        } catch (RocksDBException e) {
            throw new IdempotencyStoreException("Cannot write the completed-events index " + dir + ": "
                    + e.getMessage(), e);
        } finally {
            done();
        }
    }

    @Override
    public Optional<String> meta(String name) {
        byte[] v = read(meta, name.getBytes(UTF_8));
        return v == null ? Optional.empty() : Optional.of(new String(v, UTF_8));
    }

    @Override
    public void forEachMeta(String prefix, java.util.function.BiConsumer<String, String> action) {
        byte[] start = prefix.getBytes(UTF_8);
        use();
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(start); it.isValid(); it.next()) {
                String name = new String(it.key(), UTF_8);
                if (!name.startsWith(prefix)) {
                    break;
                }
                action.accept(name, new String(it.value(), UTF_8));
            }
        } finally {
            done();
        }
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public void forEachCompletedBefore(Instant cutoff, Consumer<EventKey> action) {
        long limit = cutoff.toEpochMilli();
        use();
        try (RocksIterator it = db.newIterator(byTime)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] k = it.key();
                // big-endian millis after 1970 sort as unsigned bytes do, so the first at or after the cutoff ends it
                if (ByteBuffer.wrap(k).getLong() >= limit) {
                    break;
                }
                action.accept(EventKey.parse(new String(k, 8, k.length - 8, UTF_8)));
            }
        } finally {
            done();
        }
    }

    @Override
    public void forEach(Consumer<CompletedEvent> action) {
        use();
        try (RocksIterator it = db.newIterator(events)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(event(it.value()));
            }
        } finally {
            done();
        }
    }

    private long countAll() {
        long n = 0;
        try (RocksIterator it = db.newIterator(events)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private byte[] read(ColumnFamilyHandle family, byte[] key) {
        use();
        try {
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw new IdempotencyStoreException("Cannot read the completed-events index " + dir + ": "
                    + e.getMessage(), e);
        } finally {
            done();
        }
    }

    private static CompletedEvent event(byte[] value) {
        return CompletedEvent.fromJson(new String(value, 8, value.length - 8, UTF_8));
    }

    /** The by-time key of an event stored as {@code value} under {@code key}: its 8 millis bytes, then the key. */
    private static byte[] timeKey(byte[] value, byte[] key) {
        byte[] k = Arrays.copyOf(value, 8 + key.length);
        System.arraycopy(key, 0, k, 8, key.length);
        return k;
    }

    /** RocksDB's own figures for the events family (benchmark and diagnosis). */
    public String stats() {
        use();
        try {
            return "L0 files " + db.getProperty(events, "rocksdb.num-files-at-level0") + ", pending compaction bytes "
                    + db.getProperty(events, "rocksdb.estimate-pending-compaction-bytes") + ", block cache "
                    + db.getProperty(events, "rocksdb.block-cache-usage");
        } catch (RocksDBException e) {
            return e.getMessage();
        } finally {
            done();
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        open.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeHandles();
        } finally {
            open.writeLock().unlock();
        }
    }

    private void closeHandles() {
        // handles before the DB, the DB before its options
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i) instanceof ColumnFamilyHandle h) {
                h.close();
            }
        }
        db.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (!(resources.get(i) instanceof ColumnFamilyHandle)) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    // native handles do not fail to close
                }
            }
        }
    }
}

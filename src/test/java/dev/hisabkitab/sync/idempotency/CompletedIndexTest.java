package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both completed-events indexes answer alike; the RocksDB one keeps everything across a reopen. */
public class CompletedIndexTest {

    @TempDir
    Path dir;

    static Stream<Arguments> indexes() {
        return Stream.of(Arguments.of("heap", (Function<Path, CompletedIndex>) d -> new HeapCompletedIndex()),
                Arguments.of("rocksdb", (Function<Path, CompletedIndex>) d -> RocksCompletedIndex.open(d, false)));
    }

    static CompletedEvent at(String id, String completedAt) {
        return new CompletedEvent(new EventKey("acme", id), 7L, "Bill-" + id, "created", completedAt,
                "orders/0@" + id.length());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indexes")
    void putGetRemoveAndCount(String name, Function<Path, CompletedIndex> open) {
        try (CompletedIndex index = open.apply(dir)) {
            CompletedEvent a = at("a", "2025-02-11T11:09:39Z");
            index.put(a);
            index.put(at("b", "2025-02-11T11:09:40Z"));
            // the same key again replaces, it is not a second event
            index.put(at("a", "2025-02-12T00:00:00Z"));
            assertEquals(2, index.size());
            assertEquals(Optional.of(at("a", "2025-02-12T00:00:00Z")), index.get(new EventKey("acme", "a")));
            assertTrue(index.contains(new EventKey("acme", "b")));
            assertFalse(index.contains(new EventKey("other", "a")), "another company's id is another event");
            index.remove(new EventKey("acme", "a"));
            index.remove(new EventKey("acme", "never"));
            assertEquals(1, index.size());
            assertEquals(Optional.empty(), index.get(new EventKey("acme", "a")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indexes")
    void sameKeyTwiceInOneBatchCountsOnce(String name, Function<Path, CompletedIndex> open) {
        try (CompletedIndex index = open.apply(dir)) {
            index.apply(List.of(at("a", "2025-01-01T00:00:00Z"), at("a", "2025-01-02T00:00:00Z")),
                    List.of(new EventKey("acme", "x")), Map.of("offset", "41"));
            assertEquals(1, index.size());
            index.apply(List.of(at("b", "2025-01-01T00:00:00Z")), List.of(new EventKey("acme", "b")), Map.of());
            assertEquals(1, index.size());
            assertEquals(Optional.of("41"), index.meta("offset"));
            List<EventKey> old = new ArrayList<>();
            index.forEachCompletedBefore(Instant.parse("2026-01-01T00:00:00Z"), old::add);
            assertEquals(List.of(new EventKey("acme", "a")), old, "one time entry per key, the last one");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indexes")
    void completedBeforeACutoffOldestFirst(String name, Function<Path, CompletedIndex> open) {
        try (CompletedIndex index = open.apply(dir)) {
            index.put(at("late", "2025-03-01T00:00:00Z"));
            index.put(at("early", "2025-01-01T00:00:00Z"));
            index.put(at("offset-time", "2025-02-01T05:30:00+05:30"));
            index.put(at("moved", "2025-01-15T00:00:00Z"));
            index.put(at("moved", "2025-04-01T00:00:00Z")); // completed again later: no longer old
            index.put(at("no-time", "not a time")); // kept a whole retention from now
            List<EventKey> old = new ArrayList<>();
            index.forEachCompletedBefore(Instant.parse("2025-03-01T00:00:00Z"), old::add);
            assertEquals(List.of(new EventKey("acme", "early"), new EventKey("acme", "offset-time")), old);
        }
    }

    @Test
    void rocksKeepsEventsCountAndMetaAcrossAReopen() {
        try (CompletedIndex index = RocksCompletedIndex.open(dir, true)) {
            for (int i = 0; i < 1000; i++) {
                index.put(at("e" + i, "2025-02-11T11:09:39Z"));
            }
            index.apply(List.of(), List.of(new EventKey("acme", "e5")), Map.of("checkpoint", "orders-0=999"));
        }
        try (CompletedIndex index = RocksCompletedIndex.open(dir, true)) {
            assertEquals(999, index.size());
            assertEquals(Optional.of(at("e7", "2025-02-11T11:09:39Z")), index.get(new EventKey("acme", "e7")));
            assertFalse(index.contains(new EventKey("acme", "e5")));
            assertEquals(Optional.of("orders-0=999"), index.meta("checkpoint"));
            Set<EventKey> all = new HashSet<>();
            index.forEach(e -> all.add(e.key()));
            assertEquals(999, all.size());
        }
    }

    @Test
    void rocksRefusesASecondOpenOfTheSameDirectory() {
        try (CompletedIndex index = RocksCompletedIndex.open(dir, false)) {
            IdempotencyStoreException e = assertThrows(IdempotencyStoreException.class,
                    () -> RocksCompletedIndex.open(dir, false));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }
}

package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the outcome topics (replies, dead letters, the plain route's replies) from their beginning for the whole run,
 * on a thread of its own, and notes when each outcome arrived ({@link System#nanoTime()} of the poll that returned
 * it, the clock the producer side uses too) and in which order: per partition, arrival order is offset order.
 */
final class OutcomeCollector implements AutoCloseable {

    /** One outcome record. {@code seq} counts records in arrival order over all topics. */
    record Arrival(String id, String key, String topic, int partition, long offset, long nanos, long seq, boolean deadLetter,
            String value, String status) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final KafkaConsumer<String, String> consumer;
    private final Set<String> deadLetterTopics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    // guarded by this
    private final Map<String, List<Arrival>> byId = new HashMap<>();
    private final Map<String, Integer> distinctByPhase = new HashMap<>();
    private final Map<String, Integer> recordsByPhase = new HashMap<>();
    private final Map<String, List<Arrival>> deadLettersByPhase = new HashMap<>();
    private long seq;

    OutcomeCollector(String bootstrap, List<String> topics, Set<String> deadLetterTopics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-outcomes");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // outcomes are committed in Kafka transactions: readers of replies use read_committed (docs/guarantees.md)
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // read_committed would hide nothing here; read_uncommitted returns records as soon as they are acknowledged
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.deadLetterTopics = Set.copyOf(deadLetterTopics);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new BenchFailure("topic " + topic + " has no partitions");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "bench-outcome-collector");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (records.isEmpty()) {
                    continue;
                }
                synchronized (this) {
                    for (ConsumerRecord<String, String> r : records) {
                        String[] idAndStatus = idAndStatus(r.value());
                        String id = idAndStatus[0];
                        boolean dead = deadLetterTopics.contains(r.topic());
                        Arrival a = new Arrival(id, r.key(), r.topic(), r.partition(), r.offset(), now, seq++, dead,
                                dead ? abbreviate(r.value()) : null, idAndStatus[1]);
                        String phase = Workload.phaseOf(id);
                        List<Arrival> seen = byId.computeIfAbsent(String.valueOf(id), k -> new ArrayList<>(1));
                        seen.add(a);
                        recordsByPhase.merge(phase, 1, Integer::sum);
                        if (seen.size() == 1) {
                            distinctByPhase.merge(phase, 1, Integer::sum);
                        }
                        if (dead) {
                            deadLettersByPhase.computeIfAbsent(phase, k -> new ArrayList<>()).add(a);
                        }
                    }
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            synchronized (this) {
                notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The top-level "id" and "status" of an outcome (replies, dead letters and the plain route's events all carry an
     * id; a reply's status is ok, duplicate …); null where absent.
     */
    private static String[] idAndStatus(String value) {
        String[] out = new String[2];
        if (value == null) {
            return out;
        }
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME && (out[0] == null || out[1] == null)) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("id") && t == JsonToken.VALUE_STRING) {
                    out[0] = p.getText();
                } else if (field.equals("status") && t == JsonToken.VALUE_STRING) {
                    out[1] = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return out;
        } catch (IOException e) {
            return out;
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 3000 ? s : s.substring(0, 3000) + "... (" + s.length() + " characters)";
    }

    /**
     * Waits until {@code n} distinct ids of the phase have an outcome, a dead letter of the phase arrived, or the
     * deadline passed; {@code check} runs about every second while waiting (it throws when a process died) and gets the
     * count so far.
     */
    synchronized int await(String phase, int n, long deadlineNanos, LongConsumer check) {
        return awaitCount(() -> distinctByPhase.getOrDefault(phase, 0), n, () -> deadLettersByPhase.containsKey(phase), deadlineNanos,
                check);
    }

    /**
     * Waits until each of {@code ids} has an outcome or the deadline passed; {@code check} as for {@link #await}.
     * Returns how many have one.
     */
    synchronized int awaitAll(Set<String> ids, long deadlineNanos, LongConsumer check) {
        return awaitCount(() -> (int) ids.stream().filter(byId::containsKey).count(), ids.size(), () -> false, deadlineNanos, check);
    }

    /** Waits (holding this monitor, which the reader thread notifies) until the count reaches {@code n}, {@code stop} or the deadline. */
    private int awaitCount(IntSupplier count, int n, BooleanSupplier stop, long deadlineNanos, LongConsumer check) {
        while (true) {
            if (failure != null) {
                throw new BenchFailure("reading the outcome topics failed: " + failure);
            }
            int have = count.getAsInt();
            if (have >= n || stop.getAsBoolean()) {
                return have;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return have;
            }
            check.accept(have);
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted");
            }
        }
    }

    /** Outcomes of the phase per reply status (dead letters: "dead letter"). */
    synchronized Map<String, Integer> statuses(String phase) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (List<Arrival> arrivals : byId.values()) {
            for (Arrival a : arrivals) {
                if (phase.equals(Workload.phaseOf(a.id()))) {
                    out.merge(a.deadLetter() ? "dead letter" : String.valueOf(a.status()), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    synchronized int distinct(String phase) {
        return distinctByPhase.getOrDefault(phase, 0);
    }

    synchronized int records(String phase) {
        return recordsByPhase.getOrDefault(phase, 0);
    }

    synchronized List<Arrival> deadLetters(String phase) {
        return List.copyOf(deadLettersByPhase.getOrDefault(phase, List.of()));
    }

    /** The first outcome of each id asked for (absent: none yet). */
    synchronized Map<String, Arrival> first(List<String> ids) {
        Map<String, Arrival> out = new LinkedHashMap<>();
        for (String id : ids) {
            List<Arrival> a = byId.get(id);
            if (a != null) {
                out.put(id, a.get(0));
            }
        }
        return out;
    }

    /** Every outcome of these ids, in arrival order. */
    synchronized List<Arrival> all(Set<String> ids) {
        List<Arrival> out = new ArrayList<>();
        for (String id : ids) {
            List<Arrival> a = byId.get(id);
            if (a != null) {
                out.addAll(a);
            }
        }
        out.sort((x, y) -> Long.compare(x.seq(), y.seq()));
        return out;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

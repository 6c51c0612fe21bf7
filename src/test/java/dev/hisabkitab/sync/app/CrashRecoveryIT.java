package dev.hisabkitab.sync.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.NumberSequence;
import dev.hisabkitab.sync.event.Gstin;
import dev.hisabkitab.sync.sandbox.HisabKitabSandbox;
import dev.hisabkitab.sync.sandbox.SandboxCompany;
import dev.hisabkitab.sync.support.Events;
import dev.hisabkitab.sync.support.KafkaBroker;
import dev.hisabkitab.sync.support.KafkaTestClient;

/**
 * Never a document twice across SIGKILLs (docs/guarantees.md). A few hundred business events of mixed types
 * ({@code invoice.create} sales, {@code journal.create}, {@code payment.create} receipts, each with and without a
 * number, and {@code party.upsert} of new parties) go through a real broker to the packaged connector, a separate
 * process, which is killed with SIGKILL three times mid-stream (at about 20 %, 45 % and 70 % of the outcomes, with
 * creates in flight: the sandbox answers every call after a small latency) and started again each time as the same
 * replica (the same {@code hisabkitab.kafka.instance-id} and the same HTTP port, which the outcome producer's
 * transactional id is made of).
 *
 * <p>The sandbox accepts a used document number or master name again ({@link HisabKitabSandbox#acceptRepeatedNumbers}),
 * so nothing but the connector stands between a create re-sent after a restart and a second booking. Checked at the
 * end, with the connector stopped: every event has exactly one outcome on the reply and dead-letter topics (read
 * committed), all {@code ok}; HisabKitab holds exactly one document per event: one record per given number; for the
 * documents numbered by HisabKitab as many records in the series as events, each named by exactly one reply and none
 * named by no reply; one ledger per upserted party. Each document's narration names its event, so a double booking is
 * reported with the event it belongs to.
 *
 * <p>Also measured (printed and written to {@code target/crash-recovery.txt}): for each restart, the time from
 * starting the new process to the first new outcome a read_committed reader sees. The target is 10 s at most; only
 * a time over {@value #RESTART_SANITY_SECONDS} s fails the test.
 */
class CrashRecoveryIT {

    static final int EVENTS = Integer.getInteger("crash.events", 300);
    static final String KEY = "hk-crash-recovery-key-9d24";
    static final String EVENTS_TOPIC = "hisabkitab.events";
    static final String REPLIES = "hisabkitab.replies";
    static final String DLQ = "hisabkitab.dlq";
    static final String INSTANCE_ID = "crash-recovery";
    /** Ordering keys: events of different keys are processed in parallel, so many creates are in flight at a kill. */
    static final int KEYS = 32;
    /** Added to every sandbox answer: creates are in flight (some booked, their answer not yet read) at each kill. */
    static final Duration SANDBOX_LATENCY = Duration.ofMillis(80);
    /** Kills at these fractions of the events having an outcome. */
    static final double[] KILL_AT = {0.20, 0.45, 0.70};
    static final int RESTART_SANITY_SECONDS = 60;
    static final int RESTART_TARGET_SECONDS = 10;
    /** Given numbers start with this; HisabKitab's own series (numbers of events without one) never does. */
    static final String GIVEN = "CR-";
    static final Pattern EVENT_IN_NARRATION = Pattern.compile("crash-recovery event (cr-\\d+)");

    static final List<String> CUSTOMERS = List.of("Crash Customer Alpha", "Crash Customer Beta", "Crash Customer Gamma",
            "Crash Customer Delta");
    static final String ITEM = "Crash Widget";

    /** A document series: the sandbox resource, its number field, and the event type that books into it. */
    enum Series {
        SALE("sale", "invoice_number", "invoice.create"),
        JOURNAL("journal", "voucher_number", "journal.create"),
        RECEIPT("receipt", "receipt_number", "payment.create");

        final String resource;
        final String numberField;
        final String type;

        Series(String resource, String numberField, String type) {
            this.resource = resource;
            this.numberField = numberField;
            this.type = type;
        }
    }

    /** One event sent: its id, type, the series it books into (null: a party), its given number or party name. */
    record Sent(String id, String type, Series series, String number, String partyName) {
        boolean numbered() {
            return number != null;
        }

        String describe() {
            return id + " (" + type + (series == null ? " \"" + partyName + "\""
                    : numbered() ? " number " + number : " without number") + ")";
        }
    }

    @TempDir
    Path work;

    private HisabKitabSandbox sandbox;
    private KafkaBroker broker;
    private ConnectorProcess app;
    private int appRuns;
    private int httpPort;
    private final Path reportDir = Path.of(System.getProperty("crash.report.dir", "target"));

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void noDocumentIsBookedTwiceAcrossSigkillsAndEveryEventEndsAsOneOkOutcome() throws Exception {
        sandbox = HisabKitabSandbox.start(0, Set.of(KEY));
        sandbox.acceptRepeatedNumbers(true);
        SandboxCompany company = sandbox.company(KEY);
        createMasters(company);
        broker = new KafkaBroker().start();
        broker.createTopics(EVENTS_TOPIC, REPLIES, DLQ);
        httpPort = ConnectorProcess.freePort(); // one port for every run: the restarted process is the same replica

        Map<String, Sent> sent = new LinkedHashMap<>();
        try (KafkaTestClient kafka = broker.client(Duration.ofMinutes(2))) {
            for (int i = 1; i <= EVENTS; i++) {
                Sent event = sendEvent(kafka, i);
                sent.put(event.id(), event);
            }
        }
        sandbox.faults().latency(SANDBOX_LATENCY);

        List<String> restarts = new ArrayList<>();
        long maxRestartMillis = 0;
        try (Outcomes outcomes = new Outcomes(broker.bootstrapServers())) {
            app = start();
            for (int k = 0; k < KILL_AT.length; k++) {
                int killAt = (int) Math.ceil(EVENTS * KILL_AT[k]);
                outcomes.await(Duration.ofMinutes(3), o -> o.ids().size() >= killAt || !app.isAlive(),
                        killAt + " events with an outcome before kill " + (k + 1));
                assertTrue(app.isAlive(), () -> "the connector died by itself before kill:\n" + log(appRuns));
                int doneAtKill = outcomes.ids().size();
                app.kill(); // SIGKILL: creates in flight, outcomes uncommitted
                assertTrue(doneAtKill < EVENTS, "kill " + (k + 1) + " came after the last event (" + doneAtKill
                        + " of " + EVENTS + " done): not mid-stream");

                long startedAt = System.currentTimeMillis();
                long startedNanos = System.nanoTime();
                app = start();
                ConnectorProcess restarted = app;
                outcomes.await(Duration.ofSeconds(RESTART_SANITY_SECONDS + 30),
                        o -> o.anyProducedSince(startedAt) || o.ids().size() >= EVENTS || !restarted.isAlive()
                                || System.nanoTime() - startedNanos > TimeUnit.SECONDS.toNanos(RESTART_SANITY_SECONDS),
                        "the first outcome after restart " + (k + 1));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
                assertTrue(restarted.isAlive(), () -> "the restarted connector died:\n" + log(appRuns));
                String line;
                if (outcomes.anyProducedSince(startedAt)) {
                    maxRestartMillis = Math.max(maxRestartMillis, tookMillis);
                    line = String.format(Locale.ROOT, "restart %d (SIGKILL at %d/%d outcomes): first new outcome %.1f s"
                            + " after the process started", k + 1, doneAtKill, EVENTS, tookMillis / 1000.0);
                } else {
                    line = String.format(Locale.ROOT, "restart %d (SIGKILL at %d/%d outcomes): no new outcome within"
                            + " %.1f s", k + 1, doneAtKill, EVENTS, tookMillis / 1000.0);
                }
                System.out.println("CrashRecoveryIT: " + line);
                restarts.add(line);
                writeTimes(restarts, maxRestartMillis);
                assertTrue(outcomes.anyProducedSince(startedAt) || outcomes.ids().size() >= EVENTS,
                        line + " (sanity bound " + RESTART_SANITY_SECONDS + " s; target " + RESTART_TARGET_SECONDS + " s)");
            }

            outcomes.await(Duration.ofMinutes(4), o -> o.ids().size() >= EVENTS || !app.isAlive(),
                    "an outcome for every event");
            assertTrue(app.isAlive(), () -> "the connector died by itself before the last outcome:\n" + log(appRuns));
            // stopped before counting: nothing is in flight any more, and every outcome is committed or aborted
            app.stop(Duration.ofSeconds(60)); // within its shutdown timeout
            outcomes.readToEnd();

            System.out.println("CrashRecoveryIT: " + String.format(Locale.ROOT, "max restart-to-first-outcome %.1f s"
                    + " (target %d s)", maxRestartMillis / 1000.0, RESTART_TARGET_SECONDS));
            // how often a kill fell between a booking and its completion (the write-ahead intent's window): the
            // replies that say so; random per run, so reported, not asserted
            long adopted = outcomes.byId().values().stream().flatMap(List::stream)
                    .filter(o -> o.path("result").path("message").asText().startsWith("Adopted after restart")).count();
            restarts.add("replies adopted after restart (booked before a kill, found, not sent again): " + adopted);
            System.out.println("CrashRecoveryIT: " + restarts.get(restarts.size() - 1));
            writeTimes(restarts, maxRestartMillis);
            check(sent, outcomes.byId(), company);
        }
    }

    // ------------------------------------------------------------------------------------------ the events

    /**
     * Event i of a mix cycling through: sale with / without number, journal with / without, receipt with / without,
     * a new party. Every document's narration names its event id.
     */
    static Sent sendEvent(KafkaTestClient kafka, int i) {
        return sendEvent(kafka, i, event -> "crash-" + (i % KEYS));
    }

    /** {@link #sendEvent(KafkaTestClient, int)} with the Kafka key the function gives the event. */
    static Sent sendEvent(KafkaTestClient kafka, int i, java.util.function.Function<Sent, String> keyOf) {
        String id = "cr-" + i;
        String narration = "crash-recovery event " + id;
        String customer = CUSTOMERS.get(i % CUSTOMERS.size());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode payload = f.objectNode();
        Sent event;
        switch (i % 7) {
            case 0, 1 -> {
                String number = i % 7 == 0 ? GIVEN + "S-" + i : null;
                payload.put("documentType", "sale").put("date", "2025-02-11");
                payload.putObject("party").put("name", customer);
                payload.put("placeOfSupply", "Maharashtra");
                payload.putArray("lines").addObject().put("item", ITEM).put("quantity", 1 + i % 5).put("unit", "PCS")
                        .put("rate", 100 + i).put("gstRate", 18);
                payload.put("narration", narration);
                event = new Sent(id, "invoice.create", Series.SALE, number, null);
            }
            case 2, 3 -> {
                String number = i % 7 == 2 ? GIVEN + "J-" + i : null;
                payload.put("date", "2025-03-31").put("narration", narration);
                ArrayNode entries = payload.putArray("entries");
                entries.addObject().put("ledger", "Freight Charges").put("debit", 200 + i);
                entries.addObject().put("ledger", "Cash").put("credit", 200 + i);
                event = new Sent(id, "journal.create", Series.JOURNAL, number, null);
            }
            case 4, 5 -> {
                String number = i % 7 == 4 ? GIVEN + "R-" + i : null;
                payload.put("direction", "received").put("date", "2025-02-25");
                payload.putObject("party").put("name", customer);
                payload.put("account", "HDFC Bank").put("amount", 500 + i).put("narration", narration);
                event = new Sent(id, "payment.create", Series.RECEIPT, number, null);
            }
            default -> {
                String name = "Crash Party " + i;
                payload.put("role", "customer").put("name", name);
                payload.putObject("billingAddress").put("line1", i + ", Laxmi Road").put("city", "Pune")
                        .put("state", "Maharashtra").put("pincode", "411002");
                event = new Sent(id, "party.upsert", null, null, name);
            }
        }
        if (event.numbered()) {
            payload.put("number", event.number());
        }
        kafka.produce(EVENTS_TOPIC, keyOf.apply(event), Events.envelope(id, event.type(), payload).toString());
        return event;
    }

    /** The parties and the item the documents name, in HisabKitab before the connector starts. */
    static void createMasters(SandboxCompany company) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (int n = 0; n < CUSTOMERS.size(); n++) {
            ObjectNode ledger = f.objectNode().put("action", "Customers").put("name", CUSTOMERS.get(n)).put("group_id", 18);
            ObjectNode details = ledger.putObject("party_details").put("gstin", gstin(n));
            details.putObject("billing_address").put("address_1", "12, Station Road").put("country_id", 101)
                    .put("state_id", 4008).put("city_id", 133351).put("pin_code", "411001");
            details.put("same_as_billing_address", 1);
            company.create("ledger.create-customer", ledger);
        }
        company.create("item.create-goods", f.objectNode().put("item_name", ITEM).put("group_id", 1).put("item_type", 1)
                .put("primary_unit_of_measurement", 1).put("sale_price_type", 2).put("discount_type", 1)
                .put("purchase_price_type", 2).put("purchase_discount_type", 1).put("is_description_same_as_item_name", 1)
                .put("is_gst_applicable", 1).put("gst_tax_id", 10).put("is_rcm_applicable", 0).put("income_ledger_id", 2)
                .put("expense_ledger_id", 3));
    }

    /** A Maharashtra GSTIN (state code 27) with a valid check character. */
    private static String gstin(int n) {
        String first14 = "27AACCR" + String.format(Locale.ROOT, "%04d", 4100 + n) + "K1Z";
        return first14 + Gstin.checkCharacter(first14);
    }

    // ------------------------------------------------------------------------------------------ the checks

    static void check(Map<String, Sent> sent, Map<String, List<JsonNode>> outcomes, SandboxCompany company) {
        List<Executable> checks = new ArrayList<>();

        List<String> missing = sent.keySet().stream().filter(id -> !outcomes.containsKey(id)).toList();
        checks.add(() -> assertTrue(missing.isEmpty(), missing.size() + " events without an outcome: " + missing));
        Map<String, List<String>> repeated = new TreeMap<>();
        outcomes.forEach((id, list) -> {
            if (list.size() > 1) {
                repeated.put(id, list.stream().map(CrashRecoveryIT::describeOutcome).toList());
            }
        });
        checks.add(() -> assertTrue(repeated.isEmpty(), repeated.size() + " events with more than one outcome: " + repeated));
        List<String> unknown = outcomes.keySet().stream().filter(id -> !sent.containsKey(id)).toList();
        checks.add(() -> assertTrue(unknown.isEmpty(), "outcomes of events never sent: " + unknown));
        List<String> notOk = outcomes.entrySet().stream().filter(e -> sent.containsKey(e.getKey()))
                .filter(e -> e.getValue().stream().anyMatch(o -> !"ok".equals(o.path("status").asText())))
                .map(e -> sent.get(e.getKey()).describe() + ": " + e.getValue().stream()
                        .map(CrashRecoveryIT::describeOutcome).toList())
                .toList();
        checks.add(() -> assertTrue(notOk.isEmpty(), notOk.size() + " events whose outcome is not ok: " + notOk));

        for (Series series : Series.values()) {
            checks.addAll(checkSeries(series, sent, outcomes, company));
        }
        checks.addAll(checkParties(sent, outcomes, company));
        assertAll("one outcome and one document per event", checks);
    }

    /** One record per given number; HisabKitab's own series as long as its events, every record named once by a reply. */
    private static List<Executable> checkSeries(Series series, Map<String, Sent> sent, Map<String, List<JsonNode>> outcomes,
            SandboxCompany company) {
        List<Executable> checks = new ArrayList<>();
        List<JsonNode> records = company.records(series.resource);
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        Map<String, List<JsonNode>> byEvent = new HashMap<>();
        for (JsonNode r : records) {
            long id = r.path("id").asLong();
            byId.put(id, r);
            String event = eventOf(company, series, r);
            byEvent.computeIfAbsent(event, k -> new ArrayList<>()).add(r);
        }
        List<Sent> events = sent.values().stream().filter(e -> e.series() == series).toList();

        // every event: exactly one record whose narration names it (the plainest form of "booked once")
        List<String> notOnce = new ArrayList<>();
        for (Sent e : events) {
            List<JsonNode> booked = byEvent.getOrDefault(e.id(), List.of());
            if (booked.size() != 1) {
                notOnce.add(e.describe() + ": " + booked.size() + " " + series.resource + " records "
                        + describe(series, booked) + ", its reply names " + describeReply(replyOf(outcomes, e.id())));
            }
        }
        checks.add(() -> assertTrue(notOnce.isEmpty(), notOnce.size() + " " + series.type + " events not booked exactly once"
                + " (by the event id in each record's narration):\n  " + String.join("\n  ", notOnce)));
        List<JsonNode> strangers = byEvent.getOrDefault(null, List.of());
        checks.add(() -> assertTrue(strangers.isEmpty(), series.resource + " records of no event: "
                + describe(series, strangers)));

        // given numbers: exactly one record with it, and it is the one the reply names
        Map<String, List<JsonNode>> byNumber = new HashMap<>();
        for (JsonNode r : records) {
            byNumber.computeIfAbsent(r.path(series.numberField).asText(), k -> new ArrayList<>()).add(r);
        }
        List<String> numbered = new ArrayList<>();
        for (Sent e : events) {
            if (!e.numbered()) {
                continue;
            }
            List<JsonNode> withNumber = byNumber.getOrDefault(e.number(), List.of());
            long replyId = replyOf(outcomes, e.id()).path("hisabkitabId").asLong(-1);
            if (withNumber.size() != 1) {
                numbered.add(e.describe() + ": " + withNumber.size() + " " + series.resource + " records with number "
                        + e.number() + " " + describe(series, withNumber) + ", its reply names id " + replyId);
            } else if (withNumber.get(0).path("id").asLong() != replyId) {
                numbered.add(e.describe() + ": its reply names id " + replyId + ", the record with number " + e.number()
                        + " is " + describe(series, withNumber));
            }
        }
        checks.add(() -> assertTrue(numbered.isEmpty(), numbered.size() + " " + series.type + " events with a number not"
                + " booked exactly once under it:\n  " + String.join("\n  ", numbered)));

        // HisabKitab's own series (numbers this connector took from next-number)
        List<Sent> unnumbered = events.stream().filter(e -> !e.numbered()).toList();
        List<JsonNode> series1 = records.stream().filter(r -> !r.path(series.numberField).asText().startsWith(GIVEN)).toList();
        checks.add(() -> assertTrue(series1.size() == unnumbered.size(), series.resource + " records numbered by HisabKitab: "
                + series1.size() + " for " + unnumbered.size() + " " + series.type + " events without a number ("
                + (series1.size() > unnumbered.size() ? series1.size() - unnumbered.size() + " double bookings)"
                        : unnumbered.size() - series1.size() + " documents missing)")));
        Map<Long, String> named = new HashMap<>();
        List<String> badReplies = new ArrayList<>();
        for (Sent e : unnumbered) {
            JsonNode result = replyOf(outcomes, e.id());
            if (result.isMissingNode()) {
                continue; // reported as missing or not ok above
            }
            long id = result.path("hisabkitabId").asLong(-1);
            String number = result.path("number").asText();
            JsonNode record = byId.get(id);
            if (record == null) {
                badReplies.add(e.describe() + ": its reply names " + series.resource + " id " + id + " number " + number
                        + ", which does not exist");
            } else if (!sameNumber(record.path(series.numberField).asText(), number)) {
                badReplies.add(e.describe() + ": its reply names " + series.resource + " id " + id + " number " + number
                        + ", which has number " + record.path(series.numberField).asText());
            } else if (record.path(series.numberField).asText().startsWith(GIVEN)) {
                badReplies.add(e.describe() + ": its reply names the record of a given number, " + describe(series, List.of(record)));
            }
            String before = named.putIfAbsent(id, e.id());
            if (before != null) {
                badReplies.add(e.describe() + ": its reply names " + series.resource + " id " + id + " number " + number
                        + ", which the reply of " + before + " names too");
            }
        }
        checks.add(() -> assertTrue(badReplies.isEmpty(), badReplies.size() + " replies of " + series.type + " events"
                + " without a number that do not name a distinct existing record:\n  " + String.join("\n  ", badReplies)));
        List<JsonNode> orphans = series1.stream().filter(r -> !named.containsKey(r.path("id").asLong())).toList();
        checks.add(() -> assertTrue(orphans.isEmpty(), orphans.size() + " " + series.resource + " records numbered by"
                + " HisabKitab that no reply names (orphans: booked, the reply names another record): "
                + orphans.stream().map(r -> describe(series, List.of(r)) + " of event " + eventOf(company, series, r))
                        .collect(Collectors.joining(", "))));
        Map<String, List<JsonNode>> repeatedNumbers = new TreeMap<>();
        series1.forEach(r -> repeatedNumbers.computeIfAbsent(r.path(series.numberField).asText(), k -> new ArrayList<>()).add(r));
        repeatedNumbers.values().removeIf(l -> l.size() < 2);
        checks.add(() -> assertTrue(repeatedNumbers.isEmpty(), "numbers HisabKitab's " + series.resource + " series holds"
                + " more than once: " + repeatedNumbers.entrySet().stream()
                        .map(en -> en.getKey() + " " + describe(series, en.getValue())).collect(Collectors.joining(", "))));
        return checks;
    }

    /** Exactly one ledger per upserted party name, the one its reply names. */
    private static List<Executable> checkParties(Map<String, Sent> sent, Map<String, List<JsonNode>> outcomes,
            SandboxCompany company) {
        Map<String, List<Long>> ledgersByName = new HashMap<>();
        for (JsonNode l : company.records("ledger")) {
            ledgersByName.computeIfAbsent(l.path("name").asText().trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.path("id").asLong());
        }
        List<String> wrong = new ArrayList<>();
        for (Sent e : sent.values()) {
            if (e.partyName() == null) {
                continue;
            }
            List<Long> ledgers = ledgersByName.getOrDefault(e.partyName().toLowerCase(Locale.ROOT), List.of());
            long replyId = replyOf(outcomes, e.id()).path("hisabkitabId").asLong(-1);
            if (ledgers.size() != 1) {
                wrong.add(e.describe() + ": " + ledgers.size() + " ledgers named so " + ledgers + ", its reply names id " + replyId);
            } else if (ledgers.get(0) != replyId) {
                wrong.add(e.describe() + ": its reply names ledger id " + replyId + ", the ledger is " + ledgers.get(0));
            }
        }
        return List.of(() -> assertTrue(wrong.isEmpty(), wrong.size() + " party.upsert events without exactly one ledger:\n  "
                + String.join("\n  ", wrong)));
    }

    /** The event id the record's narration names, or null. */
    private static String eventOf(SandboxCompany company, Series series, JsonNode record) {
        String narration = record.path("narration").asText("");
        if (narration.isEmpty()) {
            narration = company.requestBody(series.resource, record.path("id").asLong())
                    .map(b -> b.path("narration").asText("")).orElse("");
        }
        Matcher m = EVENT_IN_NARRATION.matcher(narration);
        return m.find() ? m.group(1) : null;
    }

    /** The result of the event's first ok reply, or a missing node. */
    private static JsonNode replyOf(Map<String, List<JsonNode>> outcomes, String id) {
        return outcomes.getOrDefault(id, List.of()).stream().filter(o -> "ok".equals(o.path("status").asText()))
                .map(o -> o.path("result")).findFirst().orElse(MissingNode.getInstance());
    }

    /** An outcome in a line: its status and the record its reply names, or its error's category and message. */
    private static String describeOutcome(JsonNode outcome) {
        JsonNode error = outcome.path("error");
        return outcome.path("status").asText() + (outcome.has("result") ? " " + describeReply(outcome.path("result"))
                : " " + error.path("category").asText() + " " + error.path("httpStatus").asText("") + " "
                        + error.path("message").asText());
    }

    private static String describeReply(JsonNode result) {
        return result.isMissingNode() ? "nothing (no ok reply)"
                : "id " + result.path("hisabkitabId").asText() + " number " + result.path("number").asText();
    }

    private static String describe(Series series, List<JsonNode> records) {
        return records.stream().map(r -> "id " + r.path("id").asText() + " number " + r.path(series.numberField).asText())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** A listed number and the one a reply gives are the same document number (exactly, or with the series' affixes). */
    private static boolean sameNumber(String listed, String replied) {
        return listed.equals(replied) || NumberSequence.match(listed, replied) != NumberSequence.Match.NONE
                || NumberSequence.match(replied, listed) != NumberSequence.Match.NONE;
    }

    // ------------------------------------------------------------------------------------------ the connector

    private ConnectorProcess start() throws IOException {
        appRuns++;
        return ConnectorProcess.start("connector run " + appRuns, work, logPath(appRuns), httpPort,
                ConnectorProcess.properties("hisabkitab.kafka.instance-id", INSTANCE_ID, "hisabkitab.api-key", KEY,
                        "hisabkitab.base-url", sandbox.baseUrl(), "kafka.brokers", broker.bootstrapServers(),
                        "hisabkitab.inbox", work.resolve("inbox").toString(),
                        "hisabkitab.idempotency.file", work.resolve("completed.jsonl").toString(),
                        // a rate limit that keeps the limiter in the path without pacing the run
                        "hisabkitab.rate-limit-per-second", "200"),
                Map.of());
    }

    /** Logs stay in target/ (not the temporary folder) so that a failed CI run can be read. */
    private Path logPath(int run) {
        return reportDir.resolve("crash-recovery-logs").resolve("app-" + run + ".log");
    }

    private String log(int run) {
        try {
            return Files.readString(logPath(run));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void writeTimes(List<String> restarts, long maxMillis) throws IOException {
        List<String> lines = new ArrayList<>(restarts);
        lines.add(String.format(Locale.ROOT, "max %.1f s (target %d s, sanity bound %d s)", maxMillis / 1000.0,
                RESTART_TARGET_SECONDS, RESTART_SANITY_SECONDS));
        Files.createDirectories(reportDir);
        Files.write(reportDir.resolve("crash-recovery.txt"), lines, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------ the outcomes

    /**
     * Every record of the reply and dead-letter topics a read_committed reader sees, read by one consumer assigned to
     * all their partitions from the start (no group: no join to wait for). Used from the test's thread only.
     */
    static final class Outcomes implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<TopicPartition> partitions = new ArrayList<>();
        private final Map<String, List<JsonNode>> byId = new HashMap<>();
        private long newestTimestamp = Long.MIN_VALUE;

        Outcomes(String bootstrapServers) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "crash-recovery-outcomes-" + UUID.randomUUID());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // outcomes are committed in Kafka transactions (docs/guarantees.md): only committed ones count
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
            for (String topic : List.of(REPLIES, DLQ)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll() {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                JsonNode outcome = Events.json(r.value());
                byId.computeIfAbsent(outcome.path("id").asText(), k -> new ArrayList<>()).add(outcome);
                newestTimestamp = Math.max(newestTimestamp, r.timestamp());
            }
        }

        /** Reads until the condition holds; fails naming what it waited for. */
        void await(Duration atMost, Predicate<Outcomes> condition, String what) {
            Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .pollInSameThread().until(() -> {
                        poll();
                        return condition.test(this);
                    });
        }

        /** Reads every committed record there is (call with no producer left: nothing open holds the end back). */
        void readToEnd() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await(Duration.ofSeconds(60), o -> end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()),
                    "the reply and dead-letter topics read to their end " + end);
        }

        Set<String> ids() {
            return byId.keySet();
        }

        /** Whether an outcome was produced at or after this time (the record's CreateTime, set by the producer). */
        boolean anyProducedSince(long epochMillis) {
            return newestTimestamp >= epochMillis;
        }

        Map<String, List<JsonNode>> byId() {
            Map<String, List<JsonNode>> copy = new HashMap<>();
            byId.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }

        @Override
        public void close() {
            consumer.close(Duration.ZERO);
        }
    }
}

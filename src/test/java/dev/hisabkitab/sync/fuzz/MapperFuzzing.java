package dev.hisabkitab.sync.fuzz;

import static dev.hisabkitab.sync.fuzz.Fuzzing.assertDeadLetter;
import static dev.hisabkitab.sync.fuzz.Fuzzing.check;
import static dev.hisabkitab.sync.fuzz.Pipeline.PARSER;
import static dev.hisabkitab.sync.fuzz.Pipeline.SCHEMAS;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * The harness every mapper fuzz test uses: one of the type's valid examples, changed by {@link PayloadMutator}, written
 * as event text and read back by the envelope parser (as the pipeline reads it), kept only when
 * {@code EventSchemas.validate} finds no problem, then mapped through the {@link BusinessMapper} interface against an
 * {@link InMemoryDirectory} that knows the names the examples use. The mapper may refuse with a {@code mapping}
 * {@link EventFailure}, nothing else; what it maps must hold amounts only to the paisa and nothing negative (the
 * round-off aside), with the document's own sums adding up.
 *
 * <p>Input layout (FuzzedDataProvider): the example's index is the last byte of the input, so a one-byte seed
 * {@code k} is the type's k-th example unchanged.
 */
final class MapperFuzzing {

    /** Numbers that are amounts: at most 2 decimals, never negative (the round-off is checked on its own). */
    static final Set<String> AMOUNTS = Set.of("total", "cess", "discount_value_2", "total_discount_amount",
            "gross_value", "taxable_value", "cgst", "sgst", "igst", "grand_total", "ac_value", "ac_total",
            "ac_total_without_tax", "pd_amount", "total_received_amount", "total_amount", "pending_amount",
            "received_amount", "amount", "amount[]", "debit_total", "credit_total", "credit_limit", "opening_balance");
    /** Numbers that are rates, prices or quantities: never negative, any decimals the event gave. */
    static final Set<String> RATES = Set.of("quantity", "rpu", "discount_value", "sale_price", "purchase_price");

    static final BigDecimal SALE_TOTAL = new BigDecimal("5900.00");
    static final BigDecimal PURCHASE_TOTAL = new BigDecimal("59000.00");
    private static final BigDecimal HALF = new BigDecimal("0.50");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private MapperFuzzing() {
    }

    /** How far a fuzzed event got. */
    enum Outcome {
        /** the event text did not parse (an invalid-event dead letter) */
        NOT_AN_ENVELOPE,
        /** the payload failed its JSON Schema (an invalid-event dead letter) */
        INVALID,
        /** the mapper refused it (a mapping dead letter) */
        REFUSED,
        /** the mapper made a call, and the call passed every check */
        MAPPED
    }

    /** With -Dfuzz.jvmArgs=-Dfuzz.stats=true: how far the inputs got, printed when the fuzzing JVM ends. */
    private static final Map<Outcome, AtomicLong> STATS = new EnumMap<>(Outcome.class);

    static {
        if (Boolean.getBoolean("fuzz.stats")) {
            for (Outcome o : Outcome.values()) {
                STATS.put(o, new AtomicLong());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("fuzz outcomes: " + STATS)));
        }
    }

    static Outcome fuzz(BusinessMapper mapper, FuzzedDataProvider data) {
        Outcome outcome = fuzzOnce(mapper, data);
        AtomicLong count = STATS.get(outcome);
        if (count != null) {
            count.incrementAndGet();
        }
        return outcome;
    }

    private static Outcome fuzzOnce(BusinessMapper mapper, FuzzedDataProvider data) {
        List<String> examples = Fuzzing.examplesOf(mapper.eventType());
        ObjectNode event = Fuzzing.example(examples.get(data.consumeInt(0, examples.size() - 1)));
        PayloadMutator.mutate((ObjectNode) event.get("payload"), data);
        // with no data left (a seed): the masters are there and invoices are pending in full
        boolean masters = data.consumeInt(0, 7) != 7;
        boolean serviceRate = !data.consumeBoolean();
        BigDecimal salePending = pending(data, SALE_TOTAL);
        BigDecimal purchasePending = pending(data, PURCHASE_TOTAL);
        return map(mapper, event, directory(masters, serviceRate, salePending, purchasePending));
    }

    /** The event as text through the parser and the schema, then the mapper, then the checks. */
    static Outcome map(BusinessMapper mapper, ObjectNode event, InMemoryDirectory directory) {
        String text = Fuzzing.write(event);
        Fuzzing.print(mapper.eventType(), text);
        Envelope envelope;
        try {
            envelope = PARSER.parse(text);
        } catch (EventFailure e) {
            assertDeadLetter(e, ErrorCategory.INVALID_EVENT);
            return Outcome.NOT_AN_ENVELOPE;
        }
        List<String> problems = SCHEMAS.validate(envelope.type(), envelope.payload());
        if (!problems.isEmpty()) {
            return Outcome.INVALID; // an invalid-event dead letter; the mapper never sees it
        }
        JsonNode payload = envelope.payload();
        ApiCall call;
        try {
            String series = mapper.numberSeries(payload);
            call = mapper.map(payload, series == null ? null : "FZ-0001", directory, MappingDefaults.standard());
        } catch (EventFailure e) {
            assertDeadLetter(e, ErrorCategory.MAPPING);
            return Outcome.REFUSED;
        }
        check(call != null && call.operation() != null && call.payload() != null, "no call");
        check(Pipeline.CATALOGUE.find(call.operation()).isPresent(), "no catalogue operation " + call.operation());
        checkNumbers(call.payload(), null);
        checkSums(call.payload());
        return Outcome.MAPPED;
    }

    /**
     * The directory of the examples' company: with {@code masters}, Sharma Traders (Maharashtra), Tata Bolts
     * (Karnataka) and Kulkarni Estates, the examples' items and their invoices with these pending amounts; without,
     * the parties and items are unknown (so party.upsert / item.upsert create them). Always the ledgers, units,
     * cities and groups the examples name.
     */
    static InMemoryDirectory directory(boolean masters, boolean serviceRate, BigDecimal salePending,
            BigDecimal purchasePending) {
        InMemoryDirectory d = new InMemoryDirectory().withCity("Pune", 4008, 133351).withCity("Mumbai", 4008, 133024)
                .withCity("Bengaluru", 4026, 131517).withUnit("HRS", 13).withItemGroup("Fasteners", 7);
        long id = 40;
        for (String ledger : List.of("HDFC Current Account", "Freight Outward", "Freight Inward", "Consultancy Income",
                "Depreciation", "Plant and Machinery", "Maintenance Charges", "Office Rent")) {
            d.withLedger(ledger, id++);
        }
        if (masters) {
            PartyLedger sharma = d.withParty("Sharma Traders", "27AAPFU0939F1ZV");
            PartyLedger tata = d.withParty("Tata Bolts Pvt Ltd", "29AABCT3518Q1ZS");
            d.withParty("Kulkarni Estates", null);
            d.withItem("Steel Bolt M8", false, 1L, 10L);
            d.withItem("Installation Service", true, 13L, serviceRate ? 10L : null);
            d.withInvoice(sharma.id(), true, new InvoiceRef(501, "INV-2025-0001", LocalDate.of(2025, 2, 11), SALE_TOTAL,
                    salePending, 1));
            d.withInvoice(tata.id(), false, new InvoiceRef(77, "TB/2024-25/889", LocalDate.of(2025, 2, 3),
                    PURCHASE_TOTAL, purchasePending, 2));
        }
        return d;
    }

    private static BigDecimal pending(FuzzedDataProvider data, BigDecimal total) {
        return data.consumeBoolean() ? BigDecimal.valueOf(data.consumeLong(0, total.movePointRight(2).longValue()), 2) : total;
    }

    /** Every number in the body, by the name of the field (or list) that holds it. */
    private static void checkNumbers(JsonNode node, String field) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                checkNumbers(e.getValue(), e.getKey());
            }
        } else if (node.isArray()) {
            node.forEach(element -> checkNumbers(element, field));
        } else if (node.isNumber()) {
            BigDecimal n = node.decimalValue();
            String what = field + " = " + n.toString();
            if ("rounding_amount".equals(field)) {
                check(decimals(n) <= 2 && n.abs().compareTo(HALF) <= 0, "round-off " + what);
            } else if (AMOUNTS.contains(field)) {
                check(decimals(n) <= 2, "an amount finer than a paisa: " + what);
                check(n.signum() >= 0, "a negative amount: " + what);
            } else if (RATES.contains(field)) {
                check(n.signum() >= 0, "a negative rate or quantity: " + what);
                check(!"discount_value".equals(field) || n.compareTo(HUNDRED) <= 0, "a discount over 100%: " + what);
            } else {
                // ids, flags, codes, days: whole numbers, not negative
                check(n.signum() >= 0 && n.stripTrailingZeros().scale() <= 0, "not a whole number >= 0: " + what);
            }
        }
    }

    /** The decimals a number is written with (15000.00 has 2; 1E+2 has none). */
    private static int decimals(BigDecimal n) {
        return Math.max(n.scale(), 0);
    }

    /** A document's totals, a journal's sides and a payment's settlements add up. */
    private static void checkSums(JsonNode body) {
        if (body.has("grand_total")) {
            BigDecimal sum = BigDecimal.ZERO;
            for (String f : List.of("taxable_value", "cgst", "sgst", "igst", "cess", "rounding_amount")) {
                sum = sum.add(body.get(f).decimalValue());
            }
            check(sum.compareTo(body.get("grand_total").decimalValue()) == 0, "grand total does not add up: " + body);
            check(body.get("cgst").decimalValue().compareTo(body.get("sgst").decimalValue()) == 0, "CGST is not SGST");
            BigDecimal charges = BigDecimal.ZERO;
            for (JsonNode c : body.path("additional_charges")) {
                charges = charges.add(c.get("ac_value").decimalValue());
            }
            check(body.get("gross_value").decimalValue().add(charges).compareTo(body.get("taxable_value").decimalValue()) == 0,
                    "taxable value is not gross value + charges");
            BigDecimal paid = BigDecimal.ZERO;
            for (JsonNode p : body.path("payment_details")) {
                paid = paid.add(p.get("pd_amount").decimalValue());
            }
            check(paid.compareTo(body.get("grand_total").decimalValue()) <= 0, "paid more than the grand total");
        }
        if (body.has("debit_total")) {
            check(body.get("debit_total").decimalValue().compareTo(body.get("credit_total").decimalValue()) == 0,
                    "journal does not balance");
        }
        if (body.has("total_received_amount")) {
            BigDecimal settled = BigDecimal.ZERO;
            for (JsonNode s : body.path("settle_invoices_data")) {
                settled = settled.add(s.get("received_amount").decimalValue());
                check(s.get("received_amount").decimalValue().compareTo(s.get("pending_amount").decimalValue()) <= 0,
                        "settled more than is pending");
            }
            check(settled.compareTo(body.get("total_received_amount").decimalValue()) <= 0, "settled more than paid");
        }
    }
}

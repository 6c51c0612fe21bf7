package dev.hisabkitab.sync.business;

import static dev.hisabkitab.sync.business.MapperAssertions.pretty;
import static dev.hisabkitab.sync.business.MapperAssertions.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.business.item.ItemMapper;
import dev.hisabkitab.sync.business.journal.JournalMapper;
import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.InMemoryDirectory;
import dev.hisabkitab.sync.business.masters.InvoiceRef;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.business.masters.PartyLedger;
import dev.hisabkitab.sync.business.masters.PartyRef;
import dev.hisabkitab.sync.business.masters.StateInfo;
import dev.hisabkitab.sync.business.party.PartyMapper;
import dev.hisabkitab.sync.business.payment.PaymentMapper;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.ApiRequest;
import dev.hisabkitab.sync.client.FormFields;

/**
 * Generates docs/examples/{party.upsert,item.upsert,payment.create,journal.create}.md from the mappers: one example
 * event each (src/test/resources/events/valid/), the look-ups the mapper made, and the exact call it made. The
 * files are checked against what the mappers make now; regenerate them with
 * {@code mvn test -Dtest=MasterMapperExamplesTest -Ddocs.examples.write=true}.
 */
class MasterMapperExamplesTest {

    private static final Path DIR = Path.of("docs", "examples");
    private static final boolean WRITE = Boolean.getBoolean("docs.examples.write");
    private static final MappingDefaults DEFAULTS = MappingDefaults.standard();

    @Test
    void partyUpsert() throws IOException {
        InMemoryDirectory directory = SandboxCalls.directory();
        Example e = new Example("party.upsert", "/events/valid/party.upsert-customer.json");
        e.map(new PartyMapper(), null, directory);
        directory.withParty(new PartyLedger(101, "Sharma Traders", "27AAPFU0939F1ZV", null, null));
        e.again(new PartyMapper(), null, directory, "When the directory finds the party (GSTIN first, else the name), "
                + "here as ledger 101, the same body updates it");
        e.check("A field the event leaves out is left out of the body; `same_as_billing_address` is 1 when the event "
                        + "has no shipping address.",
                "`tax_details.pan` is the event's PAN, else characters 3 to 12 of the GSTIN; when both are given they "
                        + "must agree (else a `mapping` failure).",
                "The GSTIN's state (its first two digits) must be the billing address's state, else a `mapping` failure "
                        + "naming both. A party found by name with another GSTIN is not overwritten (`mapping` failure).",
                "`gst_registration_type`, `type_of_entity` and `credit_limit_action` are not sent: only one value of "
                        + "each was ever seen and their meaning is not documented.",
                "The phone goes out as the national number with `region_iso_1` \"in\" and `region_code_1` 91; a phone "
                        + "that is not one Indian number (another country's code, an extension, two numbers) goes out as "
                        + "written, without a region: HisabKitab imposes no format on it.",
                "`credit_period_type` 2 = days; `opening_balance_dr_cr` 1 = debit, 2 = credit.");
    }

    @Test
    void itemUpsert() throws IOException {
        InMemoryDirectory directory = SandboxCalls.directory().withItemGroup("Fasteners", 2);
        Example e = new Example("item.upsert", "/events/valid/item.upsert-goods.json");
        e.map(new ItemMapper(), null, directory);
        directory.withItem(new ItemMaster(57, "Steel Bolt M8", false, 1L, 10L, null, null));
        e.again(new ItemMapper(), null, directory, "When the directory has an item of that name, here item 57, the same "
                + "body updates it");
        e.check("`item_type` 1 = goods (`item.create-goods`), 2 = service (`item.create-service`); an existing item "
                        + "of the other kind is a `mapping` failure, not turned into this kind.",
                "`sale_price_type`/`purchase_price_type` 1 when `pricesIncludeTax` is true, else 2 (GST on top); "
                        + "`discount_type`/`purchase_discount_type` 2 (fixed amount, the documented default).",
                "`is_gst_applicable` 1 with `gst_tax_id` when the event has a `gstRate` (0 included), else 0; "
                        + "`is_rcm_applicable` 0; `decimal_places` 2.",
                "Prices keep finer decimals than a paisa (0.125); `decimal_places_for_rate` is then sent too.");
    }

    @Test
    void paymentCreate() throws IOException {
        InMemoryDirectory directory = SandboxCalls.directory().withLedger("HDFC Current Account", 13);
        PartyLedger sharma = directory.withParty(new PartyLedger(101, "Sharma Traders", "27AAPFU0939F1ZV", null, null));
        directory.withInvoice(sharma.id(), true, new InvoiceRef(3, "INV-2025-0001", LocalDate.of(2025, 2, 11),
                new BigDecimal("5900.00"), new BigDecimal("5900.00"), 1));
        Example e = new Example("payment.create", "/events/valid/payment.create-received.json");
        e.map(new PaymentMapper(), null, directory);
        e.check("Money paid goes to `payment.create` with the same body: the only vendor example of Create Payment uses "
                        + "the receipt's names (`receipt_number`, `total_received_amount`, `received_amount`).",
                "Without `number` the connector first asks `receipt.next-number` / `payment.next-number` and the "
                        + "answer becomes `receipt_number`.",
                "`mode` is not sent: `payment_mode_id` is an id from a payment-mode list whose API is not documented.",
                "Without `settle`, `is_manage_transaction` is 0 and the money stays on account. With it, each invoice "
                        + "must be the party's (sales invoices for a receipt, purchase bills for a payment), listed "
                        + "once, settled by no more than is pending, and the settled amounts may not add up to more than "
                        + "`amount`; each is a `mapping` failure naming the invoice or the totals.");
    }

    @Test
    void journalCreate() throws IOException {
        InMemoryDirectory directory = SandboxCalls.directory().withLedger("Depreciation", 14)
                .withLedger("Plant and Machinery", 15);
        Example e = new Example("journal.create", "/events/valid/journal.create-depreciation.json");
        e.map(new JournalMapper(), null, directory);
        e.check("The catalogue sends Create Journal as multipart/form-data (the full vendor page), so the payload is "
                        + "that form as field name → value(s); with `hisabkitab.endpoints.\"journal.create\".content-type="
                        + "application/json` the mapper makes the newer JSON form (`ledger_amount_data[]`) instead.",
                "`debit_credit_type` 1 = debit, 2 = credit; rows keep the event's order.",
                "Debits must equal credits, else a `mapping` failure such as \"Journal does not balance: debits "
                        + "1,500.00, credits 1,400.00 (a difference of 100.00).\"; an entry with both or neither of "
                        + "debit and credit is a `mapping` failure naming it.",
                "Without `number` the connector first asks `journal.next-number`.");
    }

    /** One generated page. */
    private static final class Example {
        private final String type;
        private final String source;
        private final JsonNode event;
        private final StringBuilder md = new StringBuilder();
        private ApiCall first;

        Example(String type, String source) {
            this.type = type;
            this.source = source;
            this.event = resource(source);
        }

        void map(BusinessMapper mapper, String assignedNumber, Directory directory) {
            assertEquals(type, mapper.eventType());
            List<String> lookups = new ArrayList<>();
            first = mapper.map(event.get("payload"), assignedNumber, recording(directory, lookups), DEFAULTS);
            md.append("# `").append(type).append("`: an example\n\n")
                    .append("Generated by `MasterMapperExamplesTest` from what `").append(mapper.getClass().getSimpleName())
                    .append("` makes of the event; do not edit by hand (regenerate with\n")
                    .append("`mvn test -Dtest=MasterMapperExamplesTest -Ddocs.examples.write=true`).\n")
                    .append("The ids are those of a test company (they match the sandbox's seeded master data where it "
                            + "has the name); in a real company they are whatever its HisabKitab holds.\n\n")
                    .append("## The event\n\n").append("From `src/test/resources").append(source).append("`:\n\n")
                    .append(fence("json", pretty(event)))
                    .append("## What the mapper looked up\n\n")
                    .append("Number series: ").append(series(mapper.numberSeries(event.get("payload")))).append("\n\n")
                    .append("| asked the directory | answer |\n|---|---|\n");
            lookups.forEach(l -> md.append(l).append('\n'));
            md.append("\n## The call\n\n")
                    .append("Operation `").append(first.operation()).append("`")
                    .append(first.target() == null ? ", no path parameters" : ", target `" + first.target() + "`")
                    .append(". Payload:\n\n")
                    .append(fence("json", pretty(first.payload())));
            ApiRequest request = ApiRequest.of(SandboxCalls.CATALOGUE.find(first.operation()).orElseThrow(), first.target(),
                    first.payload());
            md.append("Sent as `").append(request.method()).append(' ').append(request.path()).append("`, ");
            if (request.form() != null) {
                md.append("multipart/form-data with these form fields, in this order (`FormFields`):\n\n")
                        .append(fence("text", formText(request.form())));
            } else {
                md.append("application/json with this body.\n\n");
            }
        }

        void again(BusinessMapper mapper, String assignedNumber, Directory directory, String what) {
            ApiCall update = mapper.map(event.get("payload"), assignedNumber, directory, DEFAULTS);
            assertEquals(first.payload(), update.payload());
            md.append("## The same event for an existing record\n\n").append(what).append(": operation `")
                    .append(update.operation()).append("`, target `").append(update.target()).append("`, the payload above.\n");
        }

        void check(String... notes) throws IOException {
            if (notes.length > 0) {
                md.append(md.toString().endsWith("\n\n") ? "" : "\n").append("## Notes\n\n");
                for (String n : notes) {
                    md.append("- ").append(n).append('\n');
                }
            }
            Path file = DIR.resolve(type + ".md");
            String text = md.toString().stripTrailing() + "\n";
            if (WRITE) {
                Files.createDirectories(DIR);
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
            assertEquals(text, Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "",
                    file + " is not what the mapper makes now; regenerate it with "
                            + "mvn test -Dtest=MasterMapperExamplesTest -Ddocs.examples.write=true");
        }
    }

    private static String series(String series) {
        return series == null ? "none (the event brings its own number, or the record has none)"
                : "`" + series + "` (the connector asks `" + series + ".next-number` first)";
    }

    private static String formText(List<FormFields.Field> form) {
        return form.stream().map(f -> f.name() + "=" + f.value()).collect(Collectors.joining("\n"));
    }

    private static String fence(String language, String text) {
        return "```" + language + "\n" + text + "\n```\n\n";
    }

    /** The directory, writing down every question and answer as a table row. */
    private static Directory recording(Directory directory, List<String> rows) {
        return (Directory) Proxy.newProxyInstance(Directory.class.getClassLoader(), new Class<?>[] { Directory.class },
                (proxy, method, args) -> {
                    Object answer;
                    try {
                        answer = method.invoke(directory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    String question = method.getName() + "(" + (args == null ? ""
                            : java.util.Arrays.stream(args).map(MasterMapperExamplesTest::describe)
                                    .collect(Collectors.joining(", "))) + ")";
                    rows.add("| `" + question + "` | " + describe(answer) + " |");
                    return answer;
                });
    }

    private static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return '"' + s + '"';
        }
        if (o instanceof Optional<?> opt) {
            return opt.map(MasterMapperExamplesTest::describe).orElse("none");
        }
        if (o instanceof StateInfo s) {
            return "state " + s.id() + " (" + s.name() + ", GST state code " + s.gstStateCode() + ")";
        }
        if (o instanceof PartyLedger p) {
            return "ledger " + p.id() + " (" + p.name() + (p.gstin() == null ? "" : ", GSTIN " + p.gstin()) + ")";
        }
        if (o instanceof PartyRef r) {
            return r.describe() + " as " + r.role();
        }
        if (o instanceof ItemMaster i) {
            return "item " + i.id() + " (" + i.name() + ")";
        }
        if (o instanceof InvoiceRef i) {
            return "transaction " + i.transactionId() + ": " + i.number() + " of " + i.date() + ", total " + i.total()
                    + ", pending " + i.pending() + ", bill type " + i.billType();
        }
        if (o instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return String.valueOf(o);
    }
}

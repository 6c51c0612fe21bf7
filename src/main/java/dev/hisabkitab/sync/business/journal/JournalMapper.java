package dev.hisabkitab.sync.business.journal;

import static dev.hisabkitab.sync.business.MappingSupport.amount;
import static dev.hisabkitab.sync.business.MappingSupport.apiDate;
import static dev.hisabkitab.sync.business.MappingSupport.decimal;
import static dev.hisabkitab.sync.business.MappingSupport.object;
import static dev.hisabkitab.sync.business.MappingSupport.paise;
import static dev.hisabkitab.sync.business.MappingSupport.quoted;
import static dev.hisabkitab.sync.business.MappingSupport.rupees;
import static dev.hisabkitab.sync.business.MappingSupport.text;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@code journal.create} → {@code journal.create}, after checking that every entry either debits or credits its
 * ledger and that the debits equal the credits.
 *
 * <p>The API documents two bodies for Create Journal (journals.md). The catalogue sends it as
 * {@code multipart/form-data} (full page 001), so by default the payload is that form as a JSON object of form
 * field names to values ({@link dev.hisabkitab.sync.client.FormFields} encodes it): the parallel lists
 * {@code ledger_id[]}, {@code debit_credit_type[]} (1 debit, 2 credit) and {@code amount[]}, one element per
 * entry in the event's order, plus {@code voucher_number}, {@code date}, {@code debit_total},
 * {@code credit_total} and {@code narration}. When the catalogue's content type is overridden to
 * {@code application/json} ({@link #forContentType}), the newer JSON form with {@code ledger_amount_data[]} is
 * made instead. Bill-wise settlement ({@code is_manage_*}, {@code debit_*[<ledger>][]}) is not part of the event
 * and is not sent.
 */
public final class JournalMapper implements BusinessMapper {

    public static final String EVENT_TYPE = "journal.create";
    static final int DEBIT = 1;
    static final int CREDIT = 2;

    private final boolean json;

    /** The multipart form, as the shipped catalogue sends journal.create. */
    public JournalMapper() {
        this(false);
    }

    private JournalMapper(boolean json) {
        this.json = json;
    }

    /**
     * The mapper for the content type the catalogue gives {@code journal.create}: the JSON form for
     * {@code application/json}, the multipart form otherwise.
     */
    public static JournalMapper forContentType(String contentType) {
        return new JournalMapper(Endpoint.JSON.equals(contentType));
    }

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    /** {@code journal} when the event brings no number of its own. */
    @Override
    public String numberSeries(JsonNode payload) {
        return text(payload, "number") == null ? "journal" : null;
    }

    /** One entry of the event, checked. */
    private record Entry(String ledger, int side, BigDecimal amount) {
    }

    @Override
    public ApiCall map(JsonNode payload, String assignedNumber, Directory directory, MappingDefaults defaults) {
        String number = text(payload, "number");
        if (number == null) {
            number = assignedNumber;
        }
        if (number == null || number.isBlank()) {
            throw new IllegalStateException("journal.create without a number needs the number HisabKitab assigned");
        }
        List<Entry> entries = entries(payload.get("entries"));
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        for (Entry e : entries) {
            if (e.side() == DEBIT) {
                debits = debits.add(e.amount());
            } else {
                credits = credits.add(e.amount());
            }
        }
        if (debits.compareTo(credits) != 0) {
            throw EventFailure.mapping("Journal does not balance: debits " + rupees(debits) + ", credits " + rupees(credits)
                    + " (a difference of " + rupees(debits.subtract(credits).abs()) + ").");
        }
        List<Long> ledgerIds = new ArrayList<>();
        for (Entry e : entries) {
            ledgerIds.add(directory.ledger(e.ledger()));
        }

        ObjectNode body = object();
        body.put("voucher_number", number);
        body.put("date", apiDate(text(payload, "date")));
        if (json) {
            ArrayNode rows = body.putArray("ledger_amount_data");
            for (int i = 0; i < entries.size(); i++) {
                ObjectNode row = rows.addObject();
                row.put("ledger_id", ledgerIds.get(i));
                row.set("amount", amount(entries.get(i).amount()));
                row.put("debit_credit_type", entries.get(i).side());
            }
        } else {
            ArrayNode ledgers = body.putArray("ledger_id[]");
            ArrayNode sides = body.putArray("debit_credit_type[]");
            ArrayNode amounts = body.putArray("amount[]");
            for (int i = 0; i < entries.size(); i++) {
                ledgers.add(ledgerIds.get(i));
                sides.add(entries.get(i).side());
                amounts.add(amount(entries.get(i).amount()));
            }
        }
        body.set("debit_total", amount(debits));
        body.set("credit_total", amount(credits));
        String narration = text(payload, "narration");
        if (narration != null) {
            body.put("narration", narration);
        }
        return ApiCall.of(EVENT_TYPE, null, body);
    }

    /** The entries in the event's order; an entry must have exactly one of debit and credit. */
    private static List<Entry> entries(JsonNode entries) {
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (JsonNode e : entries) {
            n++;
            String ledger = text(e, "ledger");
            BigDecimal debit = decimal(e, "debit");
            BigDecimal credit = decimal(e, "credit");
            String which = "Entry " + n + " (ledger " + quoted(ledger) + ")";
            if (debit != null && credit != null) {
                throw EventFailure.mapping(which + " has both a debit of " + rupees(debit) + " and a credit of "
                        + rupees(credit) + "; an entry either debits or credits its ledger.");
            }
            if (debit == null && credit == null) {
                throw EventFailure.mapping(which + " has neither a debit nor a credit amount.");
            }
            out.add(debit != null ? new Entry(ledger, DEBIT, paise(debit)) : new Entry(ledger, CREDIT, paise(credit)));
        }
        return out;
    }
}

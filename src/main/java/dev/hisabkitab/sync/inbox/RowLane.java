package dev.hisabkitab.sync.inbox;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hisabkitab.sync.Json;
import dev.hisabkitab.sync.event.SourceEvent;

/**
 * Which documents of one CSV or Excel file must stay in file order (their lane's key), read from the document's
 * envelope: the company and the party the document is for, as the Kafka path's recommended record key (company +
 * party). A file holds one kind of document, so this is all that depends on an earlier row of it:
 * <ul>
 * <li>invoices and payments: their party (by GSTIN, else by name): a party's invoices are booked in file order, a
 *     party auto-created by its first invoice is found by the next, a credit note comes after its invoice, a payment
 *     after the payment before it;</li>
 * <li>a party row: the party it upserts, the same way (by GSTIN, else by name); an item row: its own name (a master
 *     upserted twice in a file is upserted in that order).</li>
 * <li>a journal voucher, a document naming no party (a cash sale) and a row that is no readable document: none —
 *     nothing in its file refers to it, and the ledgers it names are not created by the file.</li>
 * </ul>
 * A party is keyed as the mapping finds it (Directory.findParty, PartyRef: GSTIN wins over name): two rows with one
 * GSTIN are one party whatever names they give it ("ACME Ltd", "Acme Limited"), so they share a lane and the second
 * finds the ledger the first created, never a second ledger for one registration. Names are compared without case
 * (what differs only in case may be one master in HisabKitab: ordering more than needed is safe), GSTINs too (the
 * mapping looks them up in capitals).
 */
final class RowLane {

    private RowLane() {
    }

    /** The document's ordering key within its file; empty when it depends on no other document of the file. */
    static Optional<List<String>> keyOf(SourceEvent document) {
        if (document.text() == null) {
            return Optional.empty();
        }
        JsonNode envelope;
        try {
            envelope = Json.mapper().readTree(document.text());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        String company = envelope.path("company").asText("default");
        JsonNode payload = envelope.path("payload");
        String type = envelope.path("type").asText("");
        return switch (type) {
            case "party.upsert" -> partyOf(company, payload);
            case "item.upsert" -> named(company, "item", payload.path("name"));
            case "invoice.create", "payment.create" -> partyOf(company, payload.path("party"));
            default -> Optional.empty();
        };
    }

    /**
     * A party: a name (payment.create's string form), or an object (a document's party, a party row) by its GSTIN,
     * else by its name.
     */
    private static Optional<List<String>> partyOf(String company, JsonNode party) {
        if (party.isTextual()) {
            return named(company, "party", party);
        }
        return named(company, "party-gstin", party.path("gstin"))
                .or(() -> named(company, "party", party.path("name")));
    }

    private static Optional<List<String>> named(String company, String what, JsonNode name) {
        String text = name.isTextual() ? name.asText().strip().toLowerCase(Locale.ROOT) : "";
        return text.isEmpty() ? Optional.empty() : Optional.of(List.of(company, what, text));
    }
}

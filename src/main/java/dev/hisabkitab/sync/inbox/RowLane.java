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
 * <li>invoices and payments: their party (by name, else by GSTIN): a party's invoices are booked in file order, a
 *     party auto-created by its first invoice is found by the next, a credit note comes after its invoice, a payment
 *     after the payment before it;</li>
 * <li>a party or item row: its own name (a party or item upserted twice in a file is upserted in that order);</li>
 * <li>a journal voucher, a document naming no party (a cash sale) and a row that is no readable document: none —
 *     nothing in its file refers to it, and the ledgers it names are not created by the file.</li>
 * </ul>
 * Names are compared without case (what differs only in case may be one master in HisabKitab: ordering more than
 * needed is safe).
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
            case "party.upsert" -> named(company, "party", payload.path("name"));
            case "item.upsert" -> named(company, "item", payload.path("name"));
            case "invoice.create", "payment.create" -> partyOf(company, payload.path("party"));
            default -> Optional.empty();
        };
    }

    /** A document's party: a name (payment.create's string form), or an object by name, else by GSTIN. */
    private static Optional<List<String>> partyOf(String company, JsonNode party) {
        if (party.isTextual()) {
            return named(company, "party", party);
        }
        return named(company, "party", party.path("name"))
                .or(() -> named(company, "party-gstin", party.path("gstin")));
    }

    private static Optional<List<String>> named(String company, String what, JsonNode name) {
        String text = name.isTextual() ? name.asText().strip().toLowerCase(Locale.ROOT) : "";
        return text.isEmpty() ? Optional.empty() : Optional.of(List.of(company, what, text));
    }
}

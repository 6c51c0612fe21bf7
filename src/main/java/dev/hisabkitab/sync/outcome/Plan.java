package dev.hisabkitab.sync.outcome;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What booking an event would send to HisabKitab, as a dry run found it (reply status {@code planned}, README "Dry
 * run"): the request itself, exactly as the client would send it (headers, and so the API key, are not part of it),
 * the document's computed totals, and the calls booking would make first (masters that auto-create would create).
 *
 * @param operation   the catalogue operation, e.g. {@code sale.create-item}
 * @param method      the HTTP method
 * @param path        the path relative to {@code hisabkitab.base-url}, parameters filled in, with {@code ?query} for
 *                    GET/DELETE operations that have parameters
 * @param contentType {@code application/json} or {@code multipart/form-data}; absent when no body is sent
 * @param body        the JSON body (dates already as HisabKitab wants them); absent for multipart and body-less calls
 * @param form        the multipart form fields in the order sent; absent otherwise
 * @param totals      the computed totals of an {@code invoice.create} document; absent for other events
 * @param numberSeries the document series ({@code sale}, {@code purchase}…) whose next number booking takes when the
 *                    event gives none; the body holds HisabKitab's next number of that series at planning time
 * @param first       the calls booking would make before this one (a missing party or item created by
 *                    {@code hisabkitab.auto-create}); empty when none
 * @param notes       what a reader should know about the plan, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "operation", "method", "path", "contentType", "body", "form", "totals", "numberSeries", "first",
        "notes" })
public record Plan(String operation, String method, String path, String contentType, JsonNode body,
        List<Field> form, Totals totals, String numberSeries, List<Call> first, List<String> notes) {

    public Plan {
        first = first == null ? List.of() : List.copyOf(first);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** One multipart form field. */
    @JsonPropertyOrder({ "name", "value" })
    public record Field(String name, String value) {
    }

    /**
     * A call booking would make before the event's own.
     *
     * @param creates       what it creates, e.g. {@code party "New Traders" (customer)}
     * @param placeholderId the id that stands for the created record in the bodies of this plan (negative: -1, -2…)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "creates", "placeholderId", "operation", "method", "path", "contentType", "body", "form" })
    public record Call(String creates, long placeholderId, String operation, String method, String path,
            String contentType, JsonNode body, List<Field> form) {
    }

    /**
     * An invoice's totals as the connector computed them (the fields of the body they fill in brackets), in rupees.
     *
     * @param taxableValue lines after discounts plus charges ({@code taxable_value})
     * @param cgst         central GST ({@code cgst})
     * @param sgst         state GST ({@code sgst})
     * @param igst         integrated GST ({@code igst})
     * @param cess         cess ({@code cess})
     * @param roundOff     the round-off to the rupee ({@code rounding_amount})
     * @param grandTotal   the document's total ({@code grand_total})
     */
    @JsonPropertyOrder({ "taxableValue", "cgst", "sgst", "igst", "cess", "roundOff", "grandTotal" })
    public record Totals(BigDecimal taxableValue, BigDecimal cgst, BigDecimal sgst, BigDecimal igst, BigDecimal cess,
            BigDecimal roundOff, BigDecimal grandTotal) {
    }
}

package dev.hisabkitab.sync.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.Envelope;

/**
 * One call of a catalogue operation for a company: what the HisabKitab client route sends. An {@code api.*}
 * event is one directly; a business event becomes one after mapping; the resolver's look-ups are ones too.
 *
 * @param company   the company whose API key is used
 * @param operation the catalogue operation, e.g. {@code sale.create-item}
 * @param target    path parameters ({@code {"id": 3}}); may be {@code null}
 * @param payload   the body (JSON object, form fields as an object, or query parameters for GETs); may be {@code null}
 * @param notes     what the mapping decided by a rule the reader should know of (e.g. the place of supply taken
 *                  from the company's state); the reply repeats them. Never {@code null}
 */
public record ApiCall(String company, String operation, ObjectNode target, JsonNode payload, List<String> notes) {

    public ApiCall {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public ApiCall(String company, String operation, ObjectNode target, JsonNode payload) {
        this(company, operation, target, payload, List.of());
    }

    public static ApiCall of(String company, String operation) {
        return new ApiCall(company, operation, null, null);
    }

    /** A call of an operation whose company is filled in later (what the pure mappers return). */
    public static ApiCall of(String operation, ObjectNode target, JsonNode payload) {
        return new ApiCall(null, operation, target, payload);
    }

    /** The company whose key the call uses: {@code default} when it names none. */
    public String companyOrDefault() {
        return company == null ? Envelope.DEFAULT_COMPANY : company;
    }

    public ApiCall withCompany(String newCompany) {
        return new ApiCall(newCompany, operation, target, payload, notes);
    }

    /** This call with one more note for the reply. */
    public ApiCall withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new ApiCall(company, operation, target, payload, more);
    }
}

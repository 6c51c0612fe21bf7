package dev.hisabkitab.sync.business.masters;

import java.util.Locale;

/**
 * How an event names a party: GSTIN wins over name (docs/contract.md, "Business events"). {@code role} and {@code stateName} are used
 * only when the party must be created ({@code hisabkitab.auto-create=true}).
 *
 * @param name      the party's name, or {@code null}
 * @param gstin     its GSTIN, or {@code null}
 * @param role      {@code customer} or {@code supplier}
 * @param stateName the state to give a created party without a GSTIN (e.g. the document's place of supply), or
 *                  {@code null} for the company's own state
 */
public record PartyRef(String name, String gstin, String role, String stateName) {

    /** A GSTIN typed in small letters is the same GSTIN: it is looked up and sent in capitals, as GSTINs are issued. */
    public PartyRef {
        gstin = gstin == null ? null : gstin.toUpperCase(Locale.ROOT);
    }

    /** How a person reads this party in a message: {@code "Sharma Traders" (GSTIN 27AAB…)}. */
    public String describe() {
        String n = name == null || name.isBlank() ? null : '"' + name.trim() + '"';
        String g = gstin == null || gstin.isBlank() ? null : "GSTIN " + gstin.trim();
        if (n != null && g != null) {
            return n + " (" + g + ")";
        }
        return n != null ? n : String.valueOf(g);
    }
}

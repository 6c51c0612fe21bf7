package dev.hisabkitab.sync.business.masters;

/**
 * A customer or supplier ledger as HisabKitab holds it, with what documents copy from it.
 *
 * @param id       the ledger id
 * @param name     its name
 * @param gstin    its GSTIN, or {@code null} for an unregistered party
 * @param billing  its billing address ({@code null} when the ledger has none)
 * @param shipping its shipping address ({@code null} when none)
 */
public record PartyLedger(long id, String name, String gstin, Address billing, Address shipping) {

    /** An address with its HisabKitab country/state/city ids. */
    public record Address(String line1, String line2, Long countryId, Long stateId, Long cityId, String pinCode) {
    }
}

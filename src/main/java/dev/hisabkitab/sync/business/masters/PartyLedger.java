package dev.hisabkitab.sync.business.masters;

/**
 * A customer or supplier ledger as HisabKitab holds it, with what documents copy from it.
 *
 * @param id          the ledger id
 * @param name        its name
 * @param gstin       its GSTIN, or {@code null} for an unregistered party (or when {@code detailsRead} is false)
 * @param billing     its billing address ({@code null} when the ledger has none)
 * @param shipping    its shipping address ({@code null} when none)
 * @param detailsRead whether HisabKitab's answer had a block with the party's GSTIN and addresses that was read;
 *                    false: its GSTIN and state are unknown (not absent), and nothing that decides tax may be taken
 *                    from it
 */
public record PartyLedger(long id, String name, String gstin, Address billing, Address shipping, boolean detailsRead) {

    /** A party whose details were read. */
    public PartyLedger(long id, String name, String gstin, Address billing, Address shipping) {
        this(id, name, gstin, billing, shipping, true);
    }

    /** An address with its HisabKitab country/state/city ids. */
    public record Address(String line1, String line2, Long countryId, Long stateId, Long cityId, String pinCode) {
    }
}

package dev.hisabkitab.sync.business.masters;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a mapper may ask about a company's HisabKitab master data: names in, ids out. Names are matched
 * case-insensitively after trimming (docs/contract.md, "Business events"). Every method that returns a value (not an
 * {@link Optional}) throws {@link dev.hisabkitab.sync.outcome.EventFailure#mapping} with a message a bookkeeper
 * understands when the name does not resolve, e.g. {@code No ledger named "Freight" in HisabKitab}.
 *
 * <p>The live implementation looks names up through the HisabKitab client, caches them per company and, with
 * {@code hisabkitab.auto-create=true}, creates a missing party or item once; tests use an in-memory one.
 */
public interface Directory {

    /** The company itself: its state decides CGST + SGST or IGST. */
    CompanyProfile company();

    /** The customer/supplier ledger an event names (GSTIN first, then name); created when allowed. */
    PartyLedger party(PartyRef party);

    /** The party ledger with this GSTIN (first) or name, if there is one; never creates. */
    Optional<PartyLedger> findParty(String name, String gstin);

    /** The id of any ledger (sales, purchase, bank, cash, freight, expense…) by name. */
    long ledger(String name);

    /** The item by name; created (as goods, unit PCS) when allowed. */
    ItemMaster item(String name);

    /** The item by name, if there is one; never creates. */
    Optional<ItemMaster> findItem(String name);

    /** The unit of measurement id by its code (PCS, KGS) or name (PIECES). */
    long unit(String codeOrName);

    /** The GST rate id of a percentage (18 → the id of "18%"). */
    long gstRate(BigDecimal percent);

    /** A state by name ("Maharashtra"), case-insensitive. */
    StateInfo state(String name);

    /** The state a GSTIN belongs to (its first two digits). */
    StateInfo stateOfGstin(String gstin);

    /** The id of a city in a state, if HisabKitab knows it. */
    Optional<Long> city(String name, long stateId);

    /** The country id by name ("India"). */
    long country(String name);

    /** The ledger group id by name ("Sundry Debtors"). */
    long ledgerGroup(String name);

    /** The item group id by name ("General"). */
    long itemGroup(String name);

    /**
     * A document of the party with this number, to settle: a sales-side document for a receipt
     * ({@code sales = true}), a purchase-side one for a payment.
     */
    InvoiceRef invoice(String number, long partyLedgerId, boolean sales);
}

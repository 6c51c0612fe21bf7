package dev.hisabkitab.sync.business.masters;

/**
 * Names the mappers fall back to when an event leaves something out (settings {@code hisabkitab.defaults.*} in
 * application.properties).
 *
 * @param salesLedger    ledger an item line of a sales-side document posts to when the item has no income ledger
 * @param purchaseLedger ledger an item line of a purchase-side document posts to when the item has no expense ledger
 * @param unit           unit code of an item line (and a created item) that names none
 * @param itemGroup      group of a created item
 * @param customerGroup  ledger group of a created customer
 * @param supplierGroup  ledger group of a created supplier
 * @param country        country of an address that names none
 */
public record MappingDefaults(String salesLedger, String purchaseLedger, String unit, String itemGroup,
        String customerGroup, String supplierGroup, String country) {

    /** The defaults application.properties ships with (and tests use). */
    public static MappingDefaults standard() {
        return new MappingDefaults("Sales", "Purchase", "PCS", "General", "Sundry Debtors", "Sundry Creditors",
                "India");
    }
}

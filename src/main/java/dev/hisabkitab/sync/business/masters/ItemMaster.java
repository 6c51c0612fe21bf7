package dev.hisabkitab.sync.business.masters;

/**
 * A goods or service item as HisabKitab holds it, with the defaults a document line takes from it.
 *
 * @param id              the item id
 * @param name            its name
 * @param service         {@code true} for a service item, {@code false} for goods
 * @param unitId          its primary unit of measurement id, or {@code null}
 * @param gstRateId       its GST rate id, or {@code null} when it carries none
 * @param incomeLedgerId  the ledger its sales post to, or {@code null} (the company's default sales ledger then)
 * @param expenseLedgerId the ledger its purchases post to, or {@code null} (the default purchase ledger then)
 * @param unitRead        whether HisabKitab's answer said the item's unit (false: unknown, not absent)
 * @param gstRateRead     whether HisabKitab's answer said the item's GST rate or that it has none (false: unknown)
 */
public record ItemMaster(long id, String name, boolean service, Long unitId, Long gstRateId, Long incomeLedgerId,
        Long expenseLedgerId, boolean unitRead, boolean gstRateRead) {

    /** An item whose unit and GST rate were read. */
    public ItemMaster(long id, String name, boolean service, Long unitId, Long gstRateId, Long incomeLedgerId,
            Long expenseLedgerId) {
        this(id, name, service, unitId, gstRateId, incomeLedgerId, expenseLedgerId, true, true);
    }
}

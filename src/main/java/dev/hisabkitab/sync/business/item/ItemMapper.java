package dev.hisabkitab.sync.business.item;

import static dev.hisabkitab.sync.business.MappingSupport.decimal;
import static dev.hisabkitab.sync.business.MappingSupport.object;
import static dev.hisabkitab.sync.business.MappingSupport.price;
import static dev.hisabkitab.sync.business.MappingSupport.priceScale;
import static dev.hisabkitab.sync.business.MappingSupport.quoted;
import static dev.hisabkitab.sync.business.MappingSupport.text;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.masters.Directory;
import dev.hisabkitab.sync.business.masters.ItemMaster;
import dev.hisabkitab.sync.business.masters.MappingDefaults;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@code item.upsert} → {@code item.create-goods} ({@code item_type} 1) / {@code item.create-service}
 * ({@code item_type} 2), or {@code item.update} with {@code {"id": …}} when the directory has an item of that name.
 * An update sends the full create body (Update Item takes "the full item body" in HisabKitab's API documentation).
 *
 * <p>Coded values (HisabKitab's API documentation, page 004): price types 1 = price includes GST, 2 = excludes; discount types
 * 2 = fixed amount (the documented default; the fields are required, the event has no discounts).
 */
public final class ItemMapper implements BusinessMapper {

    public static final String EVENT_TYPE = "item.upsert";

    static final int GOODS = 1;
    static final int SERVICE = 2;
    static final int PRICE_INCLUDES_GST = 1;
    static final int PRICE_EXCLUDES_GST = 2;
    static final int DISCOUNT_FIXED_AMOUNT = 2;
    /**
     * Decimals allowed in quantities: the vendor example's 2. The event does not say; 2 lets an invoice bill
     * 2.5 hours or 1.25 kg of an item.
     */
    static final int QUANTITY_DECIMALS = 2;

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    /** An item has no number series. */
    @Override
    public String numberSeries(JsonNode payload) {
        return null;
    }

    @Override
    public ApiCall map(JsonNode payload, String assignedNumber, Directory directory, MappingDefaults defaults) {
        String name = text(payload, "name");
        boolean service = "service".equals(text(payload, "kind"));
        Optional<ItemMaster> existing = directory.findItem(name);
        existing.ifPresent(found -> checkSameKind(found, service));

        String group = text(payload, "group");
        boolean includesTax = payload.path("pricesIncludeTax").asBoolean(false);
        int priceType = includesTax ? PRICE_INCLUDES_GST : PRICE_EXCLUDES_GST;

        ObjectNode body = object();
        body.put("item_name", name);
        body.put("group_id", directory.itemGroup(group != null ? group : defaults.itemGroup()));
        body.put("item_type", service ? SERVICE : GOODS);
        body.put("primary_unit_of_measurement", directory.unit(text(payload, "unit")));
        body.put("decimal_places", QUANTITY_DECIMALS);

        String description = text(payload, "description");
        body.put("is_description_same_as_item_name", description == null ? 1 : 0);
        if (description != null) {
            body.put("description", description);
        }

        BigDecimal gstRate = decimal(payload, "gstRate");
        body.put("is_gst_applicable", gstRate == null ? 0 : 1);
        if (gstRate != null) {
            body.put("gst_tax_id", directory.gstRate(gstRate));
        }
        String hsnSac = text(payload, "hsnSac");
        if (hsnSac != null) {
            body.put("hsn_sac_code", hsnSac);
        }
        // Reverse charge is a property of a purchase from an unregistered or notified supplier, not of the item
        // as the event describes it.
        body.put("is_rcm_applicable", 0);

        BigDecimal salePrice = decimal(payload, "salePrice");
        BigDecimal purchasePrice = decimal(payload, "purchasePrice");
        if (salePrice != null) {
            body.set("sale_price", price(salePrice));
        }
        body.put("sale_price_type", priceType);
        body.put("discount_type", DISCOUNT_FIXED_AMOUNT);
        if (purchasePrice != null) {
            body.set("purchase_price", price(purchasePrice));
        }
        body.put("purchase_price_type", priceType);
        body.put("purchase_discount_type", DISCOUNT_FIXED_AMOUNT);
        int rateDecimals = Math.max(salePrice == null ? 2 : priceScale(salePrice),
                purchasePrice == null ? 2 : priceScale(purchasePrice));
        if (rateDecimals > 2) {
            // Only when a price needs it, so that HisabKitab keeps 0.125 instead of rounding it to 0.13.
            body.put("decimal_places_for_rate", rateDecimals);
        }

        if (existing.isPresent()) {
            return ApiCall.of("item.update", object().put("id", existing.get().id()), body);
        }
        return ApiCall.of(service ? "item.create-service" : "item.create-goods", null, body);
    }

    /**
     * HisabKitab keeps goods and services as different kinds of item master (the response's model_type), so an
     * update does not turn one into the other.
     */
    private static void checkSameKind(ItemMaster found, boolean service) {
        if (found.service() != service) {
            throw EventFailure.mapping("Item " + quoted(found.name()) + " exists in HisabKitab as " + (found.service() ? "a service" : "goods")
                    + ", but the event describes " + (service ? "a service" : "goods") + ". Correct the kind in the event or the item in "
                    + "HisabKitab, or give the new item another name.");
        }
    }
}

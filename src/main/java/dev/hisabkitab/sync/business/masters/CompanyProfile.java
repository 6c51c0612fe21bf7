package dev.hisabkitab.sync.business.masters;

/**
 * The HisabKitab company itself (company details): its GSTIN and the state it is registered in, which decides
 * CGST + SGST (place of supply in this state) or IGST (elsewhere).
 */
public record CompanyProfile(String name, String gstin, long stateId, String stateName, String gstStateCode,
        long countryId) {
}

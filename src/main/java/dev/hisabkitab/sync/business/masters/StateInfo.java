package dev.hisabkitab.sync.business.masters;

/** A state of the company's HisabKitab state list, with its two-digit GST state code (first two digits of a GSTIN). */
public record StateInfo(long id, String name, String gstStateCode, long countryId) {
}

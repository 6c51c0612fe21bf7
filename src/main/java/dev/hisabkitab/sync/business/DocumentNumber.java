package dev.hisabkitab.sync.business;

/**
 * The number a business document without one books under, and the HisabKitab number series it was taken from (a dry
 * run's: the series' next number, peeked at and not taken). Kept in one exchange property, {@value #PROPERTY}.
 */
public record DocumentNumber(String series, String number) {

    public static final String PROPERTY = "hkDocumentNumber";

    /** Whether this number was taken from {@code otherSeries}: an event read again keeps such a number. */
    public boolean of(String otherSeries) {
        return series != null && series.equals(otherSeries) && number != null;
    }
}

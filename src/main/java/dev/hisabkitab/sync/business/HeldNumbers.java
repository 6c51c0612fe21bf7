package dev.hisabkitab.sync.business;

import java.util.Set;

/**
 * Document numbers that unfinished events hold: each event records the number it books under before its write is sent
 * (a write-ahead intent), so the number survives a crash. HisabKitab keeps offering such a number as next until that
 * event's document is booked, so no other event may take it.
 */
public interface HeldNumbers {

    /** The numbers of a company's series held by unfinished events: given to no other event. */
    Set<String> held(String company, String series);
}

package dev.hisabkitab.sync.business;

import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * Document numbers that unfinished events hold: each event records the number it books under before its write is sent
 * (a write-ahead intent), so the number survives a crash. HisabKitab keeps offering such a number as next until that
 * event's document is booked, so no other event may take it.
 */
public interface HeldNumbers {

    /** The number of {@code series} this event's earlier try recorded, which an event read again keeps. */
    Optional<String> heldByThisEvent(Exchange exchange, String series);

    /** The numbers of a company's series held by unfinished events: given to no other event. */
    Set<String> held(String company, String series);
}

package dev.hisabkitab.sync.business;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Numbers of a company's series claimed across replicas. HisabKitab answers the same next number to every replica
 * until a document is booked, so replicas numbering one series at once need an arbiter they all share: with Kafka
 * on, a topic whose one partition orders every claim (kafka.NumberClaimsTopic); the first claim of a number wins.
 * Without Kafka (file drops, one process) there is no other replica, and {@link #shared()} is false.
 */
public interface NumberClaims {

    /** Whether numbers are claimed across replicas; false: this process alone gives numbers. */
    boolean shared();

    /**
     * The number of {@code series} this event gets: the number it won before (a claim read back after a crash), else
     * the first from {@code from} on that is not {@code held} (by an unfinished event's intent), not claimed by another
     * event, and whose claim comes first for that number in the series' order. Waits until the claim is decided.
     *
     * @throws dev.hisabkitab.sync.outcome.EventFailure unavailable (retried) when no claim is decided in time: no
     *         number is guessed
     */
    String claim(String company, String series, String eventId, String from, Predicate<String> held);

    /** The highest number of the series claimed by any replica, as far as this replica has read (for a peek). */
    Optional<String> highestClaimed(String company, String series);
}

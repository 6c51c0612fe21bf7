package dev.hisabkitab.sync.business;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.hisabkitab.sync.business.masters.MasterRows;
import dev.hisabkitab.sync.client.ApiCall;
import dev.hisabkitab.sync.client.HisabKitabGateway;
import dev.hisabkitab.sync.outcome.EventFailure;
import dev.hisabkitab.sync.outcome.Reply;

/**
 * Numbers for documents that come without one: HisabKitab's next number of the series
 * ({@code <resource>.next-number}), never handed out twice by this connector even while many events of the
 * series are in flight (HisabKitab answers the same next number until a document is created). Per series, one
 * number is taken at a time: the later of HisabKitab's next number and the one after the last this connector gave.
 * A number given to an event that then fails is not reused (a gap, as after a cancelled document); a number an
 * unfinished event's write-ahead intent holds is given to no other event, also after a restart.
 *
 * <p>Replicas (with Kafka) share only Kafka, and HisabKitab answers each the same next number: there each number is
 * claimed across replicas ({@link NumberClaims}, the first claim of a number wins, a loser takes the next), and an
 * event keeps the number it won before. Without Kafka this process is the only one giving numbers.
 */
@ApplicationScoped
public class DocumentNumbers {

    private final Map<String, Series> series = new ConcurrentHashMap<>();

    @Inject
    HisabKitabGateway gateway;

    @Inject
    HeldNumbers heldNumbers;

    @Inject
    NumberClaims claims;

    private static final class Series {
        private String lastGiven;
    }

    /**
     * The number for the next document of {@code resource} (e.g. {@code sale}) in the company's books, for the event
     * {@code eventId} (which keeps a number it claimed before).
     */
    public String next(String company, String resource, String eventId) {
        Series s = series.computeIfAbsent(key(company, resource), k -> new Series());
        synchronized (s) {
            String from = after(s, fromHisabKitab(company, resource));
            String number = claims.shared()
                    ? claims.claim(company, resource, eventId, from, n -> heldNumbers.held(company, resource).contains(n))
                    : notHeld(company, resource, from);
            // an event keeping an earlier number does not move this series back
            s.lastGiven = s.lastGiven == null ? number : NumberSequence.later(number, s.lastGiven);
            return number;
        }
    }

    /**
     * The first number from {@code number} on that no unfinished event holds: an event whose intent holds a number
     * (recorded before its write was sent, HeldNumbers) keeps it across a restart, while HisabKitab still
     * offers it as next until that event's document is booked.
     */
    private String notHeld(String company, String resource, String number) {
        Set<String> held = heldNumbers.held(company, resource);
        while (held.contains(number)) {
            number = NumberSequence.next(number);
        }
        return number;
    }

    /**
     * The number {@link #next} would give now, without taking it (a dry run): HisabKitab's next number is read
     * (a GET, which consumes nothing there) and nothing is remembered here, so the next document booked gets it.
     */
    public String peek(String company, String resource) {
        String fromHisabKitab = afterClaimed(company, resource, fromHisabKitab(company, resource));
        Series s = series.get(key(company, resource));
        if (s == null) {
            return notHeld(company, resource, fromHisabKitab);
        }
        synchronized (s) {
            return notHeld(company, resource, after(s, fromHisabKitab));
        }
    }

    /** The later of {@code number} and the one after the highest any replica claimed (nothing without Kafka). */
    private String afterClaimed(String company, String resource, String number) {
        return claims.highestClaimed(company, resource)
                .map(highest -> NumberSequence.later(number, NumberSequence.next(highest))).orElse(number);
    }

    private String fromHisabKitab(String company, String resource) {
        Reply.Result answer = gateway.call(ApiCall.of(company, resource + ".next-number"));
        String number = answer == null ? null : MasterRows.nextNumber(answer.data()).orElse(answer.number());
        if (number == null || number.isBlank()) {
            throw EventFailure.mapping("HisabKitab gave no next number for " + resource
                    + " documents; send the document's number in the event");
        }
        return number.trim();
    }

    /** The later of HisabKitab's next number and the one after the last this connector gave. */
    private static String after(Series s, String fromHisabKitab) {
        return s.lastGiven == null ? fromHisabKitab : NumberSequence.later(fromHisabKitab, NumberSequence.next(s.lastGiven));
    }

    private static String key(String company, String resource) {
        return company + "\u0000" + resource;
    }
}

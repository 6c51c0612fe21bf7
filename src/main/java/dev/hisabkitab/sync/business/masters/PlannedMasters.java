package dev.hisabkitab.sync.business.masters;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;


/**
 * The parties and items a dry run found that booking would create, remembered for the rest of one dropped file (or
 * one event): booking the file creates them once, at the first event that needs them, and the later events find
 * them. Each gets an id of its own for the plans' bodies, negative (-1, -2…) so nobody takes it for HisabKitab's.
 * A file's events are planned one after the other; the methods are synchronized all the same.
 */
public final class PlannedMasters {

    /** A master planned to be created, its stand-in record, and what a note about it says. */
    record Planned<T>(T record, String says) {
    }

    private final boolean wholeFile;
    private final Map<String, Planned<PartyLedger>> parties = new HashMap<>();
    private final Map<String, Planned<ItemMaster>> items = new HashMap<>();
    private long handedOut;

    private PlannedMasters(boolean wholeFile) {
        this.wholeFile = wholeFile;
    }

    /** For the events of one dropped file, one after the other. */
    public static PlannedMasters forFile() {
        return new PlannedMasters(true);
    }

    /** For one event on its own (a Kafka record). */
    public static PlannedMasters forOneEvent() {
        return new PlannedMasters(false);
    }

    /** Whether later events (of the same file) see what is planned here. */
    boolean wholeFile() {
        return wholeFile;
    }

    /** The next stand-in id: -1, -2… */
    synchronized long nextId() {
        return -++handedOut;
    }

    synchronized Optional<Planned<PartyLedger>> party(String company, String name, String gstin) {
        Planned<PartyLedger> found = blank(gstin) ? null : parties.get(company + "\u0000gstin:" + key(gstin));
        if (found == null && !blank(name)) {
            found = parties.get(company + "\u0000name:" + key(name));
        }
        return Optional.ofNullable(found);
    }

    synchronized void addParty(String company, PartyLedger standIn, String says) {
        Planned<PartyLedger> planned = new Planned<>(standIn, says);
        if (!blank(standIn.gstin())) {
            parties.put(company + "\u0000gstin:" + key(standIn.gstin()), planned);
        }
        parties.put(company + "\u0000name:" + key(standIn.name()), planned);
    }

    synchronized Optional<Planned<ItemMaster>> item(String company, String name) {
        return Optional.ofNullable(items.get(company + "\u0000" + key(name)));
    }

    synchronized void addItem(String company, ItemMaster standIn, String says) {
        items.put(company + "\u0000" + key(standIn.name()), new Planned<>(standIn, says));
    }

    /** Names match as the live directory matches them: case-insensitive, trimmed, inner spaces as one. */
    static String key(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

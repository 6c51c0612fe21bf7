package dev.hisabkitab.sync.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.hisabkitab.sync.event.SourceEvent;

class RowLaneTest {

    @Test
    void aDocumentGoesInTheLaneOfItsCompanyAndParty() {
        assertEquals(Optional.of(List.of("default", "party", "sharma traders")),
                key("{\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\" Sharma Traders\"}}}"));
        assertEquals(Optional.of(List.of("default", "party-gstin", "27x")),
                key("{\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\" Sharma Traders\",\"gstin\":\"27X\"}}}"));
        assertEquals(Optional.of(List.of("acme", "party", "sharma traders")),
                key("{\"company\":\"acme\",\"type\":\"payment.create\",\"payload\":{\"party\":\"SHARMA TRADERS\"}}"));
        assertEquals(Optional.of(List.of("default", "party-gstin", "27x")),
                key("{\"type\":\"payment.create\",\"payload\":{\"party\":{\"gstin\":\"27X\"}}}"));
        assertNotEquals(key("{\"company\":\"acme\",\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\"A\"}}}"),
                key("{\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\"A\"}}}"));
    }

    @Test
    void rowsWithOneGstinShareALaneWhateverNameTheyGiveTheParty() {
        // the mapping finds a party by GSTIN first: "ACME Ltd" and "Acme Limited" with one GSTIN are one ledger, so
        // the second must wait for the first (else both miss it and two ledgers get one GSTIN)
        Optional<List<String>> acme = key("{\"type\":\"party.upsert\",\"payload\":{\"name\":\"ACME Ltd\","
                + "\"gstin\":\"27AAACA1234A1Z5\"}}");
        assertEquals(Optional.of(List.of("default", "party-gstin", "27aaaca1234a1z5")), acme);
        assertEquals(acme, key("{\"type\":\"party.upsert\",\"payload\":{\"name\":\"Acme Limited\","
                + "\"gstin\":\" 27aaaca1234a1z5\"}}"));
        assertEquals(acme, key("{\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\"Acme Limited\","
                + "\"gstin\":\"27AAACA1234A1Z5\"}}}"));
        assertEquals(acme, key("{\"type\":\"payment.create\",\"payload\":{\"party\":{\"name\":\"ACME\","
                + "\"gstin\":\"27AAACA1234A1Z5\"}}}"));
        // without a GSTIN a party is its name
        assertEquals(Optional.of(List.of("default", "party", "acme ltd")),
                key("{\"type\":\"party.upsert\",\"payload\":{\"name\":\"ACME Ltd\",\"gstin\":\" \"}}"));
    }

    @Test
    void aMasterRowGoesInTheLaneOfItsOwnName() {
        assertEquals(Optional.of(List.of("default", "party", "rathi stationers")),
                key("{\"type\":\"party.upsert\",\"payload\":{\"name\":\"Rathi Stationers\"}}"));
        assertEquals(Optional.of(List.of("default", "item", "blue pen")),
                key("{\"type\":\"item.upsert\",\"payload\":{\"name\":\"Blue Pen\"}}"));
    }

    @Test
    void whatNamesNoPartyDependsOnNothingInItsFile() {
        assertEquals(Optional.empty(), key("{\"type\":\"journal.create\",\"payload\":{\"number\":\"J-1\"}}"));
        assertEquals(Optional.empty(), key("{\"type\":\"invoice.create\",\"payload\":{\"number\":\"CASH-1\"}}"));
        assertEquals(Optional.empty(), key("{\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\" \"}}}"));
        assertEquals(Optional.empty(), key("not json"));
        assertEquals(Optional.empty(), RowLane.keyOf(SourceEvent.unreadable("file", "The file is empty")));
    }

    private static Optional<List<String>> key(String envelope) {
        return RowLane.keyOf(new SourceEvent("row 2", envelope));
    }
}

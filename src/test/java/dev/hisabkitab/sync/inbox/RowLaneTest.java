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
                key("{\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\" Sharma Traders\",\"gstin\":\"27X\"}}}"));
        assertEquals(Optional.of(List.of("acme", "party", "sharma traders")),
                key("{\"company\":\"acme\",\"type\":\"payment.create\",\"payload\":{\"party\":\"SHARMA TRADERS\"}}"));
        assertEquals(Optional.of(List.of("default", "party-gstin", "27x")),
                key("{\"type\":\"payment.create\",\"payload\":{\"party\":{\"gstin\":\"27X\"}}}"));
        assertNotEquals(key("{\"company\":\"acme\",\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\"A\"}}}"),
                key("{\"type\":\"invoice.create\",\"payload\":{\"party\":{\"name\":\"A\"}}}"));
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

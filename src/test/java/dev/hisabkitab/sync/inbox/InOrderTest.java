package dev.hisabkitab.sync.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class InOrderTest {

    @Test
    void resultsGoOutInOrderAsSoonAsEveryEarlierOneIsIn() {
        InOrder<String> order = new InOrder<>();
        assertEquals(List.of(), order.arrived(1, "b"));
        assertEquals(List.of(), order.arrived(2, "c"));
        assertEquals(List.of("a", "b", "c"), order.arrived(0, "a"));
        assertEquals(List.of("d"), order.arrived(3, "d"));
        assertEquals(4, order.released());
        assertThrows(IllegalArgumentException.class, () -> order.arrived(2, "c again"));
    }

    @Test
    void anyArrivalOrderGivesFileOrder() {
        List<Long> arrivals = new ArrayList<>(LongStream.range(0, 1000).boxed().toList());
        Collections.shuffle(arrivals, new Random(7));
        InOrder<Long> order = new InOrder<>();
        List<Long> out = new ArrayList<>();
        for (long index : arrivals) {
            out.addAll(order.arrived(index, index));
        }
        assertEquals(LongStream.range(0, 1000).boxed().toList(), out);
    }
}

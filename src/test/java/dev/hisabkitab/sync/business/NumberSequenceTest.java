package dev.hisabkitab.sync.business;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberSequenceTest {

    @ParameterizedTest
    @CsvSource({ "1,2", "9,10", "INV-0099,INV-0100", "INV-2025-0099,INV-2025-0100", "A9/B,A10/B", "DN,DN-2",
            "099,100", "999,1000" })
    void nextKeepsPrefixSuffixAndWidth(String number, String next) {
        assertEquals(next, NumberSequence.next(number));
    }

    @ParameterizedTest
    @CsvSource({ "5,3,5", "3,5,5", "INV-9,INV-10,INV-10", "INV-10,INV-9,INV-10", "SB-4,INV-9,SB-4", "7,7,7" })
    void laterComparesWithinOneSeriesAndOtherwisePrefersHisabKitab(String fromHisabKitab, String local,
            String later) {
        assertEquals(later, NumberSequence.later(fromHisabKitab, local));
    }
}

package dev.hisabkitab.sync.business;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberMatchTest {

    @ParameterizedTest
    @CsvSource({ "INV-2025-0001,inv-2025-0001,EXACT", "INV-F-INV-2025-0001,F-INV-2025-0001,WITH_AFFIXES",
            "INV-1,1,WITH_AFFIXES", "INV-11,1,NONE", "DN1,1,WITH_AFFIXES", "INV-1/25,1,WITH_AFFIXES",
            "INV-12,2,NONE", "SB-A,A,WITH_AFFIXES", "SBA,A,NONE", "INV-7,8,NONE", "'',1,NONE" })
    void aListedNumberIsTheEventsNumberExactlyOrWithTheSeriesAffixes(String listed, String wanted,
            NumberSequence.Match expected) {
        assertEquals(expected, NumberSequence.match(listed, wanted));
    }
}

package dev.hisabkitab.sync.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.party.PartyMapper;

/** {@link PartyMapper} through {@link BusinessMapper}, on schema-valid changes of its examples (see {@link MapperFuzzing}). */
class PartyMapperFuzzTest {

    private static final BusinessMapper MAPPER = new PartyMapper();

    @FuzzTest(maxDuration = "10s")
    void map(FuzzedDataProvider data) {
        MapperFuzzing.fuzz(MAPPER, data);
    }
}

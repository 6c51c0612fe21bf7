package dev.hisabkitab.sync.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.item.ItemMapper;

/** {@link ItemMapper} through {@link BusinessMapper}, on schema-valid changes of its examples (see {@link MapperFuzzing}). */
class ItemMapperFuzzTest {

    private static final BusinessMapper MAPPER = new ItemMapper();

    @FuzzTest(maxDuration = "10s")
    void map(FuzzedDataProvider data) {
        MapperFuzzing.fuzz(MAPPER, data);
    }
}

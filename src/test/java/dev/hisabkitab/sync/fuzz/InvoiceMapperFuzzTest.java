package dev.hisabkitab.sync.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.invoice.InvoiceMapper;

/** {@link InvoiceMapper} through {@link BusinessMapper}, on schema-valid changes of its examples (see {@link MapperFuzzing}). */
class InvoiceMapperFuzzTest {

    private static final BusinessMapper MAPPER = new InvoiceMapper();

    @FuzzTest(maxDuration = "10s")
    void map(FuzzedDataProvider data) {
        MapperFuzzing.fuzz(MAPPER, data);
    }
}

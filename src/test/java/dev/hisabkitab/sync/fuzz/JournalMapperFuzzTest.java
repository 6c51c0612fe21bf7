package dev.hisabkitab.sync.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.journal.JournalMapper;
import dev.hisabkitab.sync.catalogue.Endpoint;

/**
 * {@link JournalMapper} through {@link BusinessMapper}, on schema-valid changes of its example (see
 * {@link MapperFuzzing}), in both of its forms: the multipart form the catalogue sends and the JSON form.
 */
class JournalMapperFuzzTest {

    private static final BusinessMapper MULTIPART = new JournalMapper();
    private static final BusinessMapper JSON = JournalMapper.forContentType(Endpoint.JSON);

    @FuzzTest(maxDuration = "10s")
    void map(FuzzedDataProvider data) {
        MapperFuzzing.fuzz(data.consumeBoolean() ? JSON : MULTIPART, data);
    }
}

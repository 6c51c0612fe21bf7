package dev.hisabkitab.sync.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hisabkitab.sync.business.BusinessMapper;
import dev.hisabkitab.sync.business.invoice.InvoiceMapper;
import dev.hisabkitab.sync.business.item.ItemMapper;
import dev.hisabkitab.sync.business.journal.JournalMapper;
import dev.hisabkitab.sync.business.party.PartyMapper;
import dev.hisabkitab.sync.business.payment.PaymentMapper;
import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.fuzz.MapperFuzzing.Outcome;

/**
 * The mapper fuzz harness itself (a plain test, no Jazzer): every example, unchanged, is mapped against the
 * harness's directory and passes its checks, so the fuzzers start from events that reach deep into the mappers.
 */
class FuzzHarnessTest {

    private static final Map<String, List<BusinessMapper>> MAPPERS = Map.of("party.upsert", List.of(new PartyMapper()),
            "item.upsert", List.of(new ItemMapper()), "invoice.create", List.of(new InvoiceMapper()),
            "payment.create", List.of(new PaymentMapper()),
            "journal.create", List.of(new JournalMapper(), JournalMapper.forContentType(Endpoint.JSON)));

    static List<String> examples() {
        return Fuzzing.EXAMPLES;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsMappedAndPassesTheChecks(String example) {
        String type = example.substring(0, example.indexOf('-'));
        for (BusinessMapper mapper : MAPPERS.get(type)) {
            for (boolean masters : new boolean[] { true, false }) {
                Outcome outcome = MapperFuzzing.map(mapper, Fuzzing.example(example), MapperFuzzing.directory(masters,
                        true, MapperFuzzing.SALE_TOTAL, MapperFuzzing.PURCHASE_TOTAL));
                if (masters || type.equals("party.upsert") || type.equals("item.upsert") || type.equals("journal.create")) {
                    assertEquals(Outcome.MAPPED, outcome, example + (masters ? "" : " without masters"));
                }
            }
        }
    }
}

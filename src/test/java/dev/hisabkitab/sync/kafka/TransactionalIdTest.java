package dev.hisabkitab.sync.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** The outcome producer's transactional id (KafkaLanes): configured, else from the instance id, else the place. */
class TransactionalIdTest {

    static final Supplier<String> PLACE = () -> "host-8080";

    @Test
    void anInstanceIdNamesTheProducerSoARestartWithTheSameIdAbortsWhatItLeftOpen() {
        assertEquals("hisabkitab-sync-outcomes-pod-7",
                KafkaLanes.transactionalId(Optional.empty(), "hisabkitab-sync", Optional.of("pod-7"), PLACE));
    }

    @Test
    void withoutAnInstanceIdTheHostAndPortDoAsBefore() {
        assertEquals("hisabkitab-sync-outcomes-host-8080",
                KafkaLanes.transactionalId(Optional.empty(), "hisabkitab-sync", Optional.empty(), PLACE));
        assertEquals("hisabkitab-sync-outcomes-host-8080",
                KafkaLanes.transactionalId(Optional.of(" "), "hisabkitab-sync", Optional.of(""), PLACE));
    }

    @Test
    void aConfiguredTransactionalIdWins() {
        assertEquals("tx-1", KafkaLanes.transactionalId(Optional.of("tx-1"), "hisabkitab-sync", Optional.of("pod-7"),
                PLACE));
    }
}

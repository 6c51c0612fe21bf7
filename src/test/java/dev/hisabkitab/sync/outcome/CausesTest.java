package dev.hisabkitab.sync.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void describedNamesTheWrapperAndWhatWentWrongFirst() {
        Throwable wrapped = new CamelExecutionException("Exception occurred during execution on the exchange", null,
                new IllegalStateException("outer", new OutOfMemoryError("Java heap space")));
        assertEquals("CamelExecutionException: Exception occurred during execution on the exchange"
                + " (caused by OutOfMemoryError: Java heap space)", Causes.described(wrapped));
    }

    @Test
    void describedAFailureWithoutCauseIsItself() {
        assertEquals("IllegalArgumentException: bad rate", Causes.described(new IllegalArgumentException("bad rate")));
        assertEquals("NullPointerException", Causes.described(new NullPointerException()));
        assertEquals("unknown error", Causes.described(null));
    }

    @Test
    void rootIsTheLastOfTheChain() {
        IllegalStateException first = new IllegalStateException("first");
        assertSame(first, Causes.root(new RuntimeException("a", new RuntimeException("b", first))));
    }
}

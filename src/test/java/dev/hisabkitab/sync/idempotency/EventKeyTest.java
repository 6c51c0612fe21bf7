package dev.hisabkitab.sync.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The key text of the completed-events store read back, on the parser-free path and the parser's alike. */
class EventKeyTest {

    static Stream<EventKey> keys() {
        return Stream.of(new EventKey("default", "erp-1"), new EventKey("acme", "INV/2025/0001"), new EventKey("", ""),
                new EventKey("a\",\"b", "c"), new EventKey("quote\"d", "back\\slash"), new EventKey("comma,s", "\"]"),
                new EventKey("कंपनी", "बिल-१"), new EventKey("tab\there", "new\nline"), new EventKey("[\"x", "y\"]"));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void everyKeyReadsBackAsItself(EventKey key) {
        assertEquals(key, EventKey.parse(key.text()), key.text());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "[]", "[\"a\"]", "[\"a\",\"b\",\"c\"]", "[\"a\",1]", "{\"a\":\"b\"}", "[\"a\",\"b\"",
            "not json" })
    void whatIsNoKeyIsNone(String text) {
        assertNull(EventKey.parse(text), text);
    }
}

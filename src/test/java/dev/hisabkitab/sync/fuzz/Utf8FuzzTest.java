package dev.hisabkitab.sync.fuzz;

import static dev.hisabkitab.sync.fuzz.Fuzzing.assertDeadLetter;
import static dev.hisabkitab.sync.fuzz.Fuzzing.check;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.hisabkitab.sync.event.EventIntake;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@link EventIntake#decodeUtf8(byte[])} on any bytes (a Kafka record's value): either an {@code invalid-event}, or
 * text whose UTF-8 encoding is exactly the bytes received (nothing replaced, nothing dropped).
 */
class Utf8FuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decodeUtf8(byte[] input) {
        String text;
        try {
            text = EventIntake.decodeUtf8(input);
        } catch (EventFailure e) {
            assertDeadLetter(e, ErrorCategory.INVALID_EVENT);
            return;
        }
        check(Arrays.equals(text.getBytes(StandardCharsets.UTF_8), input), "decoding is not exact");
    }
}

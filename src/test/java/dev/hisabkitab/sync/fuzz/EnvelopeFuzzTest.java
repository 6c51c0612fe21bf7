package dev.hisabkitab.sync.fuzz;

import static dev.hisabkitab.sync.fuzz.Fuzzing.assertDeadLetter;
import static dev.hisabkitab.sync.fuzz.Fuzzing.check;
import static dev.hisabkitab.sync.fuzz.Pipeline.PARSER;
import static dev.hisabkitab.sync.fuzz.Pipeline.SCHEMAS;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.hisabkitab.sync.Envelope;
import dev.hisabkitab.sync.event.EnvelopeParser;
import dev.hisabkitab.sync.event.EventSchemas;
import dev.hisabkitab.sync.outcome.ErrorCategory;
import dev.hisabkitab.sync.outcome.EventFailure;

/**
 * {@link EnvelopeParser#parse(String)} on any text, then, as {@code EventIntake} does, {@link EventSchemas#validate}
 * for business types; also {@link EnvelopeParser#readablePart} (what a dead letter of an unreadable event shows) and
 * {@link EventSchemas#validateEnvelope}. Seeds: every valid example event and a few api.* envelopes
 * (src/test/resources/dev/hisabkitab/sync/fuzz/EnvelopeFuzzTestInputs/parse/).
 */
class EnvelopeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Envelope readable = EnvelopeParser.readablePart(text);
        check(readable != null, "readablePart gave null");
        Envelope envelope;
        try {
            envelope = PARSER.parse(text);
        } catch (EventFailure e) {
            assertDeadLetter(e, ErrorCategory.INVALID_EVENT);
            return;
        }
        check(envelope.id() != null && !envelope.id().isBlank(), "an envelope without an id");
        check(envelope.company() != null && !envelope.company().isBlank(), "an envelope without a company");
        check(envelope.isBusiness() || envelope.isApiOperation(), "an envelope of an unknown type " + envelope.type());
        if (envelope.isBusiness()) {
            List<String> problems = SCHEMAS.validate(envelope.type(), envelope.payload());
            check(problems.size() <= EventSchemas.MAX_PROBLEMS, problems.size() + " problems listed");
            problems.forEach(p -> check(p != null && !p.isBlank(), "a blank problem in " + problems));
        } else {
            check(!envelope.apiOperation().isEmpty() || envelope.type().equals(Envelope.API_PREFIX), "no operation");
        }
        SCHEMAS.validateEnvelope(envelope.original())
                .forEach(p -> check(p != null && !p.isBlank(), "a blank envelope problem"));
    }
}

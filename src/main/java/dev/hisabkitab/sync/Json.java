package dev.hisabkitab.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one way JSON is read and written: events, HisabKitab's answers, replies, dead letters and stores alike. */
public final class Json {

    private static final ObjectMapper JSON = mapper(JsonFactory.builder().build());

    private Json() {
    }

    /** The shared mapper (thread-safe once built). */
    public static ObjectMapper mapper() {
        return JSON;
    }

    /** A mapper with the shared settings over a factory with its own read limits. */
    public static ObjectMapper mapper(JsonFactory factory) {
        return JsonMapper.builder(factory)
                // Never echo the input inside error messages: it may be huge or hold secrets.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // Amounts pass through as the sender wrote them (10.50 stays 10.50).
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .build();
    }
}

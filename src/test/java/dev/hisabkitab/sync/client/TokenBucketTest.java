package dev.hisabkitab.sync.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aFullBucketLetsItsCapacityGoAtOnceThenQueuesCallersOneIntervalApart() {
        TokenBucket bucket = new TokenBucket(2, 2, 0);
        assertEquals(0, bucket.reserve(0));
        assertEquals(0, bucket.reserve(0));
        assertEquals(500 * MS, bucket.reserve(0), "third call: the next token in half a second");
        assertEquals(1000 * MS, bucket.reserve(0), "fourth: after the third");
        assertEquals(-2, bucket.available(0), 1e-9);
    }

    @Test
    void tokensComeBackWithTimeButNeverMoreThanTheCapacity() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, bucket.reserve(0));
        }
        assertEquals(100 * MS, bucket.reserve(0));
        // one second later: the queued call took its token, nine are back
        assertEquals(9, bucket.available(1000 * MS), 1e-9);
        // an hour idle saves up no more than the capacity
        assertEquals(10, bucket.available(3_600_000 * MS), 1e-9);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, bucket.reserve(3_600_000 * MS));
        }
        assertEquals(100 * MS, bucket.reserve(3_600_000 * MS));
    }

    @Test
    void aSlowRateWaitsWholeIntervals() {
        TokenBucket bucket = new TokenBucket(0.5, 1, 0);
        assertEquals(0, bucket.reserve(0));
        assertEquals(2000 * MS, bucket.reserve(0));
        assertEquals(3000 * MS, bucket.reserve(1000 * MS), "the second is due at 2 s, the third at 4 s");
    }

    @Test
    void aBucketNeedsARateAndRoomForOneCall() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0.5, 0));
    }
}

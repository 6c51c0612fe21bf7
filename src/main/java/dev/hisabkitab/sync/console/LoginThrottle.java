package dev.hisabkitab.sync.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins slow down guessing: after {@code most} failures for one name within {@code window}, that name is
 * refused without a password check until the oldest of them is {@code window} old (the check itself costs a
 * PBKDF2 run, so a flood of guesses also cannot take the cores). A success forgets the name's failures. Pure: the
 * caller gives the time. Names are kept only while they have recent failures, and at most {@value #MOST_NAMES}.
 */
public final class LoginThrottle {

    static final int MOST_NAMES = 10_000;

    private final int most;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int most, Duration window) {
        this.most = most;
        this.window = window;
    }

    /** Whether a login for this name may be checked now. */
    public boolean allows(String name, Instant now) {
        Deque<Instant> recent = failures.get(key(name));
        if (recent == null) {
            return true;
        }
        synchronized (recent) {
            forgetOld(recent, now);
            return recent.size() < most;
        }
    }

    public void failed(String name, Instant now) {
        if (failures.size() >= MOST_NAMES) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    forgetOld(e.getValue(), now);
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(key(name), n -> new ArrayDeque<>());
        synchronized (recent) {
            forgetOld(recent, now);
            recent.addLast(now);
            while (recent.size() > most) {
                recent.removeFirst();
            }
        }
    }

    public void succeeded(String name) {
        failures.remove(key(name));
    }

    private void forgetOld(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
            recent.removeFirst();
        }
    }

    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }
}

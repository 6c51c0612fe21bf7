package dev.hisabkitab.sync.outcome;

import java.util.function.Predicate;

/** Looks through a failure and its causes (Camel wraps what a bean threw, sometimes twice). */
public final class Causes {

    private Causes() {
    }

    /** The first throwable of this type in the chain, or null. */
    public static <T extends Throwable> T first(Throwable failure, Class<T> type) {
        return first(failure, type, t -> true);
    }

    /** The last throwable of the chain: what went wrong first (the failure itself when it has no cause). */
    public static Throwable root(Throwable failure) {
        Throwable t = failure;
        while (t != null && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The failure as a person reads it: its type and message, and what went wrong first when that is another
     * throwable (Camel's wrapper names only the exchange), e.g. {@code CamelExecutionException: … (caused by
     * OutOfMemoryError: Java heap space)}.
     */
    public static String described(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        Throwable root = root(failure);
        return named(failure) + (root == failure ? "" : " (caused by " + named(root) + ")");
    }

    private static String named(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** The first throwable of this type in the chain that matches, or null. */
    public static <T extends Throwable> T first(Throwable failure, Class<T> type, Predicate<? super T> matching) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t) && matching.test(type.cast(t))) {
                return type.cast(t);
            }
        }
        return null;
    }
}

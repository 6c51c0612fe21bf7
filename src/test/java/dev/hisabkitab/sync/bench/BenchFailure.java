package dev.hisabkitab.sync.bench;

/** The benchmark could not run or a check failed; the message says what and where. */
final class BenchFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BenchFailure(String message) {
        super(message);
    }
}

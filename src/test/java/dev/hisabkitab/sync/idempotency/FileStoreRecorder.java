package dev.hisabkitab.sync.idempotency;

import java.nio.file.Path;

/**
 * A process recording completed events through a {@link FileIdempotencyStore} until it is killed
 * ({@link FileIdempotencyStoreIndexTest}): prints {@code acknowledged <i>} once {@code record} of id {@code k-<i>} has
 * returned. Args: FILE.
 */
public final class FileStoreRecorder {

    public static void main(String[] args) {
        FileIdempotencyStore store = new FileIdempotencyStore(Path.of(args[0]), 10_000);
        store.open();
        System.out.println("open");
        System.out.flush();
        for (int i = 0;; i++) {
            store.record(FileIdempotencyStoreTest.completed("default", "k-" + i, (long) i, "K-" + i));
            System.out.println("acknowledged " + i);
            System.out.flush();
        }
    }
}

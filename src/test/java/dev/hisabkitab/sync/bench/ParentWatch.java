package dev.hisabkitab.sync.bench;

import java.io.IOException;

/**
 * A benchmark child process ends when its parent does: the parent holds the write end of the child's stdin, and the
 * operating system closes it when the parent exits for any reason (SIGKILL included). A daemon thread reads stdin to
 * its end and then exits the JVM (shutdown hooks run: the broker deletes its directory, Camel stops).
 */
final class ParentWatch {

    private ParentWatch() {
    }

    static void exitWhenStdinCloses() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is ever sent; a byte would be ignored
                }
            } catch (IOException e) {
                // closed as well
            }
            System.exit(0);
        }, "bench-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}

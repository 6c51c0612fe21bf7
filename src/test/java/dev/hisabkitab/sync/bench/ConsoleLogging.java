package dev.hisabkitab.sync.bench;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Log records of the benchmark's own JVMs to the console (their log files). The Quarkus jars on the test class path
 * install a handler that holds every record until a Quarkus application configures logging, which these JVMs never
 * do: it is replaced.
 */
final class ConsoleLogging {

    /** Held: a logger's level must not go with a collected logger object. */
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

    private ConsoleLogging() {
    }

    static void install(Level level) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n");
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new SimpleFormatter());
        console.setLevel(level);
        root.addHandler(console);
        root.setLevel(level);
        KAFKA.setLevel(Level.WARNING.intValue() > level.intValue() ? Level.WARNING : level);
    }
}

package dev.hisabkitab.sync.observability;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Registers a gauge on the object of this application run. A registry can outlive a run (Micrometer's global
 * registry across restarts in one JVM, as in tests): registering the same name and tags again would return the old
 * gauge, bound to the previous run's object (held weakly, so reading NaN once it is collected). The old one is removed
 * first, and the new one holds its object strongly.
 */
public final class Gauges {

    public static <T> void register(MeterRegistry registry, String name, Tags tags, String description, T object,
            ToDoubleFunction<T> value) {
        registry.find(name).tags(tags).meters().forEach(registry::remove);
        Gauge.builder(name, object, value).tags(tags).description(description).strongReference(true).register(registry);
    }

    private Gauges() {
    }
}

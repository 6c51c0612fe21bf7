package dev.hisabkitab.sync.catalogue;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.Config;

/**
 * Makes the endpoint catalogue available to the application, with the user's overrides from
 * configuration: {@code hisabkitab.endpoints."<operation>".<method|path|content-type>=value}.
 */
@ApplicationScoped
public class CatalogueConfig {

    static final String PREFIX = "hisabkitab.endpoints.";

    @Produces
    @Singleton
    EndpointCatalogue catalogue(Config config) {
        return EndpointCatalogue.builtIn(overrides(config.getPropertyNames(), name -> config.getValue(name, String.class)));
    }

    /** A wrong override stops the start with its message, instead of failing every event later. */
    void checkAtStart(@Observes BeforeConfigure event, EndpointCatalogue catalogue) {
        catalogue.endpoints();
    }

    /** Groups {@code hisabkitab.endpoints."op".attr} (or unquoted {@code hisabkitab.endpoints.op.attr}) by operation. */
    static Map<String, Map<String, String>> overrides(Iterable<String> propertyNames,
            java.util.function.Function<String, String> value) {
        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        for (String name : propertyNames) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int lastDot = rest.lastIndexOf('.');
            if (lastDot <= 0) {
                throw new IllegalArgumentException(name + ": expected hisabkitab.endpoints.\"<operation>\".<method|path|content-type>");
            }
            String operation = rest.substring(0, lastDot).replace("\"", "");
            overrides.computeIfAbsent(operation, k -> new LinkedHashMap<>()).put(rest.substring(lastDot + 1),
                    value.apply(name));
        }
        return overrides;
    }
}

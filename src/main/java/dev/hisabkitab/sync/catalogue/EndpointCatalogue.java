package dev.hisabkitab.sync.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The HisabKitab endpoint catalogue: every operation of the third-party API as data, read from
 * {@code hisabkitab/endpoints.yaml}, with per-operation overrides applied on top.
 */
public final class EndpointCatalogue {

    public static final String RESOURCE = "hisabkitab/endpoints.yaml";
    private static final Set<String> OVERRIDABLE = Set.of("method", "path", "content-type");

    private final Map<String, Endpoint> byOperation;
    private final List<Endpoint> endpoints;

    private EndpointCatalogue(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        Map<String, Endpoint> index = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            putUnique(index, e.operation(), e);
            for (String alias : e.aliases()) {
                putUnique(index, alias, e);
            }
        }
        this.byOperation = Collections.unmodifiableMap(index);
    }

    private static void putUnique(Map<String, Endpoint> index, String name, Endpoint e) {
        if (index.put(name, e) != null) {
            throw new IllegalStateException("The endpoint catalogue names operation '" + name + "' twice");
        }
    }

    /** The catalogue shipped with the connector, without overrides. */
    public static EndpointCatalogue builtIn() {
        return builtIn(Map.of());
    }

    /**
     * The shipped catalogue with overrides: map from operation name to attribute (method, path, content-type) to value.
     * An override for an operation the catalogue does not know is an error, so a typo does not go unnoticed.
     */
    public static EndpointCatalogue builtIn(Map<String, Map<String, String>> overrides) {
        try (InputStream in = EndpointCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in, overrides);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    static EndpointCatalogue read(InputStream yaml, Map<String, Map<String, String>> overrides) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        CatalogueFile file = mapper.readValue(yaml, CatalogueFile.class);
        EndpointCatalogue plain = new EndpointCatalogue(file.endpoints());
        if (overrides.isEmpty()) {
            return plain;
        }
        List<Endpoint> patched = new java.util.ArrayList<>(file.endpoints());
        overrides.forEach((operation, attributes) -> {
            Endpoint e = plain.find(operation).orElseThrow(() -> new IllegalArgumentException(
                    "hisabkitab.endpoints.\"" + operation + "\" overrides an operation the catalogue does not have"));
            for (String attribute : attributes.keySet()) {
                if (!OVERRIDABLE.contains(attribute)) {
                    throw new IllegalArgumentException("hisabkitab.endpoints.\"" + operation + "\"." + attribute
                            + " is not overridable; use one of " + OVERRIDABLE);
                }
            }
            String contentType = attributes.get("content-type");
            if (contentType != null && !Set.of(Endpoint.JSON, Endpoint.MULTIPART, Endpoint.NONE).contains(contentType)) {
                throw new IllegalArgumentException("hisabkitab.endpoints.\"" + operation + "\".content-type=" + contentType
                        + " is not one of " + Endpoint.JSON + ", " + Endpoint.MULTIPART + ", " + Endpoint.NONE);
            }
            // an operation and its alias name the same entry: apply both overrides to it
            int index = indexOfRef(patched, e.ref());
            patched.set(index, patched.get(index).withOverrides(attributes));
        });
        return new EndpointCatalogue(patched);
    }

    private static int indexOfRef(List<Endpoint> endpoints, int ref) {
        for (int i = 0; i < endpoints.size(); i++) {
            if (endpoints.get(i).ref() == ref) {
                return i;
            }
        }
        throw new IllegalStateException("no catalogue entry " + ref);
    }

    /** The endpoint for an operation name or alias. */
    public Optional<Endpoint> find(String operation) {
        return Optional.ofNullable(byOperation.get(operation));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Every operation name and alias. */
    public Collection<String> operationNames() {
        return byOperation.keySet();
    }

    record CatalogueFile(List<Endpoint> endpoints) {
    }
}

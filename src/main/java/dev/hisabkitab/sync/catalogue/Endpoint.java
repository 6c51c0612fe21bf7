package dev.hisabkitab.sync.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HisabKitab API endpoint as the catalogue describes it.
 *
 * @param path relative to {@code hisabkitab.base-url}; {@code {name}} segments are filled from the envelope's target
 * @param contentType {@code application/json}, {@code multipart/form-data}, or {@code none} (the payload is sent as query)
 * @param inferred which of path, method, contentType the vendor reference does not state
 */
public record Endpoint(int ref, String operation, List<String> aliases, String name, String method, String path,
        String contentType, String confidence, List<String> inferred) {

    public static final String JSON = "application/json";
    public static final String MULTIPART = "multipart/form-data";
    public static final String NONE = "none";

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    public Endpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        inferred = inferred == null ? List.of() : List.copyOf(inferred);
    }

    /** The names of the path's {@code {name}} parameters, in order. */
    public List<String> pathParameters() {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The resource part of the operation name, e.g. {@code sale} for {@code sale.create-item}. */
    public String resource() {
        return operation.substring(0, operation.indexOf('.'));
    }

    /** The action part of the operation name, e.g. {@code create-item} for {@code sale.create-item}. */
    public String action() {
        return operation.substring(operation.indexOf('.') + 1);
    }

    public boolean sendsBody() {
        return !NONE.equals(contentType);
    }

    /** This endpoint with attributes replaced by the non-null values of {@code overrides} (keys: method, path, content-type). */
    public Endpoint withOverrides(Map<String, String> overrides) {
        return new Endpoint(ref, operation, aliases, name,
                overrides.getOrDefault("method", method).toUpperCase(java.util.Locale.ROOT),
                overrides.getOrDefault("path", path),
                overrides.getOrDefault("content-type", contentType),
                confidence, inferred);
    }
}

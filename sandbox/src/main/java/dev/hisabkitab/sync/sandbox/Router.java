package dev.hisabkitab.sync.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.hisabkitab.sync.catalogue.Endpoint;
import dev.hisabkitab.sync.catalogue.EndpointCatalogue;

/**
 * Matches a request to catalogue entries by method and path template. Where several templates match a path,
 * the one with a literal segment at the first place they differ wins ({@code /ledgers/tds-tax-data} beats
 * {@code /ledgers/{id}}). Several operations may share one method and template (e.g. every ledger create).
 */
final class Router {

    /** A template of the catalogue and the operations using it, per method. */
    private record Template(String path, String[] segments, Map<String, List<Endpoint>> byMethod) {
    }

    /** The match: the operations sharing the template and method, and the path parameters. */
    record Match(String template, List<Endpoint> endpoints, Map<String, String> parameters) {
    }

    /** No template matched the path. */
    static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }

    /** A template matched the path, but not with this method. */
    static final class MethodNotAllowed extends Exception {
        private static final long serialVersionUID = 1L;
        final List<String> allowed;

        MethodNotAllowed(List<String> allowed) {
            super(null, null, false, false);
            this.allowed = allowed;
        }
    }

    private final List<Template> templates = new ArrayList<>();

    Router(EndpointCatalogue catalogue) {
        Map<String, Template> byPath = new LinkedHashMap<>();
        for (Endpoint e : catalogue.endpoints()) {
            Template t = byPath.computeIfAbsent(e.path(), p -> new Template(p, split(p), new LinkedHashMap<>()));
            t.byMethod().computeIfAbsent(e.method(), m -> new ArrayList<>()).add(e);
        }
        templates.addAll(byPath.values());
        templates.sort(Comparator.comparing(Template::segments, Router::specificity));
    }

    /** Literal segments sort before parameters, position by position. */
    private static int specificity(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean pa = isParameter(a[i]);
            boolean pb = isParameter(b[i]);
            if (pa != pb) {
                return pa ? 1 : -1;
            }
        }
        return 0;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    /** The operations for a method and a path relative to the base path (e.g. {@code /ledgers/5}). */
    Match route(String method, String relativePath) throws NotFound, MethodNotAllowed {
        String[] segments = split(relativePath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Template t : templates) {
            Map<String, String> params = match(t.segments(), segments);
            if (params == null) {
                continue;
            }
            List<Endpoint> endpoints = t.byMethod().get(method);
            if (endpoints != null) {
                return new Match(t.path(), endpoints, params);
            }
            allowed.addAll(t.byMethod().keySet());
        }
        if (allowed.isEmpty()) {
            throw new NotFound();
        }
        throw new MethodNotAllowed(new ArrayList<>(allowed));
    }

    private static Map<String, String> match(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (isParameter(t)) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), java.net.URLDecoder.decode(segments[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!t.equals(segments[i])) {
                return null;
            }
        }
        return params;
    }
}

package dev.hisabkitab.sync.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every API request the sandbox received, in the order they were answered. The API key is never kept: an entry
 * names the company the key belongs to and carries the key's SHA-256.
 */
public final class SandboxJournal {

    /** Status recorded for a request whose connection was closed without a response. */
    public static final int DROPPED = -1;

    /**
     * One request.
     *
     * @param apiKeyPresent whether an {@code ApiKey} header was sent (a blank one counts as absent)
     * @param company the name of the company the key belongs to, null for a missing or unknown key
     * @param apiKeySha256 the SHA-256 (hex) of the key sent, null when none was sent
     * @param operation the catalogue operation it was answered as, null when it matched none
     * @param status the status answered, {@link #DROPPED} when the connection was closed instead
     */
    public record Entry(Instant at, String method, String path, String query, boolean apiKeyPresent, String company,
            String apiKeySha256, String contentType, String body, String operation, int status) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(Entry e) {
        entries.add(e);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<Entry> entries(Predicate<Entry> filter) {
        return entries.stream().filter(filter).toList();
    }

    /** The entries answered as this catalogue operation. */
    public List<Entry> entries(String operation) {
        return entries(e -> operation.equals(e.operation()));
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void reset() {
        entries.clear();
    }

    synchronized ArrayNode toJson() {
        ArrayNode out = Json.array();
        for (Entry e : entries) {
            ObjectNode o = out.addObject();
            o.put("at", e.at().toString());
            o.put("method", e.method());
            o.put("path", e.path());
            o.put("query", e.query());
            o.put("api_key_present", e.apiKeyPresent());
            o.put("company", e.company());
            o.put("api_key_sha256", e.apiKeySha256());
            o.put("content_type", e.contentType());
            o.put("body", e.body());
            o.put("operation", e.operation());
            o.put("status", e.status());
        }
        return out;
    }
}

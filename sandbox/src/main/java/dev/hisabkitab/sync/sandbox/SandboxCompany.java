package dev.hisabkitab.sync.sandbox;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hisabkitab.sync.sandbox.SandboxRules.ResourceRule;

/**
 * The state of one sandbox company (one accepted API key): its records per resource, id sequences and
 * configurations. Resource names are those of the catalogue ({@code sale}, {@code ledger}, {@code item},
 * {@code journal}, …) plus {@code media} and {@code location}. Methods returning records return copies.
 */
public final class SandboxCompany implements Validator.Lookup {

    private final SandboxApi api;
    private final int number;
    private final String apiKeyHash;
    final ReentrantLock lock = new ReentrantLock();
    private final Map<String, LinkedHashMap<Long, StoredRecord>> collections = new HashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, ObjectNode> configurations = new HashMap<>();
    private final Map<String, Long> highestNumbers = new HashMap<>();
    /** Per resource: document number → the records using it, so that the unique-number check is a look-up rather
     * than a scan of every document (a scan made the sandbox slower with every invoice booked). */
    private final Map<String, Map<String, Set<Long>>> idsByNumber = new HashMap<>();
    volatile ObjectNode details = Json.object();

    SandboxCompany(SandboxApi api, int number, String apiKey) {
        this.api = api;
        this.number = number;
        this.apiKeyHash = sha256(apiKey);
    }

    static String sha256(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return String.format("%064x", new BigInteger(1, d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ public inspection API

    /** The company's name (from its seed profile), as the request journal records it. */
    public String name() {
        return details.path("name").asText();
    }

    /** The company id the API shows in records ({@code company_id}). */
    public long companyId() {
        return details.path("id").asLong();
    }

    /** The SHA-256 (hex) of the company's API key; the key itself is not kept. */
    public String apiKeyHash() {
        return apiKeyHash;
    }

    /** The records of a resource as the API shows them (create/detail shape), in id order. */
    public List<JsonNode> records(String resource) {
        return locked(() -> {
            List<JsonNode> out = new ArrayList<>();
            collection(resource).values().forEach(r -> out.add(r.view.deepCopy()));
            return out;
        });
    }

    /** One record as the API shows it. */
    public Optional<JsonNode> record(String resource, long id) {
        return locked(() -> Optional.ofNullable(collection(resource).get(id)).map(r -> (JsonNode) r.view.deepCopy()));
    }

    /** The validated request body a record was created (or last updated) from, with canonical values. */
    public Optional<JsonNode> requestBody(String resource, long id) {
        return locked(() -> Optional.ofNullable(collection(resource).get(id)).map(r -> (JsonNode) r.body.deepCopy()));
    }

    public int count(String resource) {
        return locked(() -> collection(resource).size());
    }

    /** The id of the first record of a resource whose field (e.g. {@code name}) equals the value, ignoring case. */
    public Optional<Long> idOf(String resource, String field, String value) {
        return locked(() -> collection(resource).values().stream()
                .filter(r -> value.equalsIgnoreCase(Json.text(r.view, field)) || value.equalsIgnoreCase(Json.text(r.body, field)))
                .map(r -> r.id).findFirst());
    }

    /** The next unused number of a document series, as the next-number endpoint answers it. */
    public String nextNumber(String resource) {
        return locked(() -> api.nextNumber(this, api.rule(resource)));
    }

    /** Company details as {@code company.details} answers them. */
    public JsonNode details() {
        return locked(() -> details.deepCopy());
    }

    public JsonNode configuration(String resource) {
        return locked(() -> configuration(api.rule(resource)).deepCopy());
    }

    /**
     * Creates a record through the same validation and storage as the HTTP API (for test set-up).
     *
     * @param operation a catalogue operation that creates, e.g. {@code sale.create-item}, {@code ledger.create-customer},
     *        {@code broker.create}
     * @return the record as the create response's record shows it
     * @throws SandboxApiException when the sandbox refuses the body (status 422 with field errors)
     */
    public JsonNode create(String operation, JsonNode body) {
        return locked(() -> api.createRecord(this, operation, body).view.deepCopy());
    }

    /** Attaches a (pretend) uploaded file to a record; returns the media id that {@code ledger.delete-media} takes. */
    public long attachMedia(String resource, long recordId, String fileName, String mimeType, int size) {
        return locked(() -> {
            StoredRecord owner = collection(resource).get(recordId);
            if (owner == null) {
                throw new IllegalArgumentException(resource + " " + recordId + " does not exist");
            }
            ObjectNode upload = Json.object();
            upload.put("file_name", fileName);
            upload.put("mime_type", mimeType);
            upload.put("size", size);
            return api.addMedia(this, resource, owner, upload);
        });
    }

    // ------------------------------------------------------------------ package-private store

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    int number() {
        return number;
    }

    LinkedHashMap<Long, StoredRecord> collection(String name) {
        return collections.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    /** Stores a new or updated record (its {@code number} already set) and indexes it under that number. */
    void store(String resource, StoredRecord r) {
        collection(resource).put(r.id, r);
        Map<String, Set<Long>> numbers = idsByNumber.computeIfAbsent(resource, k -> new HashMap<>());
        unindex(numbers, r);
        if (r.number != null) {
            numbers.computeIfAbsent(r.number, k -> new HashSet<>(2)).add(r.id);
        }
        r.indexedNumber = r.number;
    }

    /** Removes a record; the removed one, or null when there was none. */
    StoredRecord remove(String resource, long id) {
        StoredRecord r = collection(resource).remove(id);
        if (r != null) {
            unindex(idsByNumber.computeIfAbsent(resource, k -> new HashMap<>()), r);
        }
        return r;
    }

    private static void unindex(Map<String, Set<Long>> numbers, StoredRecord r) {
        if (r.indexedNumber != null) {
            Set<Long> ids = numbers.get(r.indexedNumber);
            if (ids != null && ids.remove(r.id) && ids.isEmpty()) {
                numbers.remove(r.indexedNumber);
            }
            r.indexedNumber = null;
        }
    }

    long nextId(String sequence) {
        long next = sequences.getOrDefault(sequence, 0L) + 1;
        sequences.put(sequence, next);
        return next;
    }

    /** Makes later ids of the sequence start above {@code id} (after seeding fixed ids). */
    void reserve(String sequence, long id) {
        sequences.merge(sequence, id, Math::max);
    }

    /** Records that a document of the series used this number (creates and updates, kept after a delete). */
    void noteNumber(String resource, long number) {
        highestNumbers.merge(resource, number, Math::max);
    }

    long highestNumber(String resource) {
        return highestNumbers.getOrDefault(resource, 0L);
    }

    ObjectNode configuration(ResourceRule rule) {
        return configurations.computeIfAbsent(rule.name, k -> api.defaultConfiguration(rule));
    }

    void clear() {
        collections.clear();
        sequences.clear();
        configurations.clear();
        highestNumbers.clear();
        idsByNumber.clear();
    }

    @Override
    public boolean exists(String collection, long id) {
        return collection(collection).containsKey(id);
    }

    @Override
    public boolean existsByName(String collection, String name) {
        return collection(collection).values().stream().anyMatch(r -> name.equals(Json.text(r.view, "name")));
    }

    @Override
    public boolean isTaken(String resource, String field, String value, Long exceptId) {
        if (api.acceptRepeats) {
            return false;
        }
        ResourceRule rule = api.rule(resource);
        String v = value.trim();
        if (field.equals(rule.number)) {
            Set<Long> ids = idsByNumber.getOrDefault(resource, Map.of()).getOrDefault(v, Set.of());
            return exceptId == null ? !ids.isEmpty() : ids.stream().anyMatch(id -> !id.equals(exceptId));
        }
        String wanted = v.toLowerCase(Locale.ROOT);
        for (StoredRecord r : collection(resource).values()) {
            if (exceptId != null && r.id == exceptId) {
                continue;
            }
            String other = Json.text(r.body, field);
            if (other != null && other.trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}

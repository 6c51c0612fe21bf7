package dev.hisabkitab.sync.sandbox;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Files uploaded with a record (multipart bodies): stored as media of their record, deleted by media id. */
final class MediaApi {

    private MediaApi() {
    }

    static void collectUploads(JsonNode node, List<JsonNode> out) {
        if (node == null) {
            return;
        }
        if (FormBodies.isUpload(node)) {
            out.add(node);
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectUploads(child, out));
        }
    }

    /** Stores an upload of a record as media and lists it in the record's view. */
    static long addMedia(SandboxCompany c, String resource, StoredRecord owner, JsonNode upload) {
        long id = c.nextId("media");
        StoredRecord m = new StoredRecord(id, Instant.now());
        ObjectNode view = Json.object();
        view.put("id", id);
        view.put("model_type", resource);
        view.put("model_id", owner.id);
        view.put("file_name", upload.path("file_name").asText());
        view.put("mime_type", upload.path("mime_type").asText());
        view.put("size", upload.path("size").asLong());
        view.put("original_url", "/storage/" + id + "/" + upload.path("file_name").asText());
        view.put("created_at", Dates.timestamp(m.createdAt));
        m.body = view;
        m.view = view;
        c.store("media", m);
        owner.view.withArray("media").add(view.deepCopy());
        return id;
    }

    static void deleteMedia(SandboxCompany c, Long id) {
        StoredRecord m = id == null ? null : c.remove("media", id);
        if (m == null) {
            throw SandboxApiException.notFound("Media not found.");
        }
        StoredRecord owner = c.collection(m.view.path("model_type").asText()).get(m.view.path("model_id").asLong());
        if (owner != null && owner.view.has("media")) {
            ArrayNode media = (ArrayNode) owner.view.get("media");
            for (int i = media.size() - 1; i >= 0; i--) {
                if (media.get(i).path("id").asLong() == id) {
                    media.remove(i);
                }
            }
        }
    }
}

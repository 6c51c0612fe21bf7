package dev.hisabkitab.sync.business.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.hisabkitab.sync.business.gst.DocumentType;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.ItemType;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.Mode;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.OriginalInvoice;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.SupplierBill;
import dev.hisabkitab.sync.business.invoice.DocumentSpec.Variant;

/**
 * The document types of {@code invoice.create}, read from {@code hisabkitab/document-types.yaml}: the
 * per-document field names, operations and blocks as data. A malformed entry fails on loading, naming it.
 */
public final class DocumentTypes {

    public static final String RESOURCE = "hisabkitab/document-types.yaml";

    private static final class Holder {
        static final DocumentTypes BUILT_IN = load(RESOURCE);
    }

    private final Map<String, DocumentSpec> byType;

    private DocumentTypes(Map<String, DocumentSpec> byType) {
        this.byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
    }

    /** The document types shipped with the connector. */
    public static DocumentTypes builtIn() {
        return Holder.BUILT_IN;
    }

    /** The spec of an event's {@code documentType} (case-insensitive, trimmed). */
    public Optional<DocumentSpec> find(String documentType) {
        return documentType == null ? Optional.empty()
                : Optional.ofNullable(byType.get(documentType.trim().toLowerCase(Locale.ROOT)));
    }

    /** Every spec, in file order. */
    public Collection<DocumentSpec> all() {
        return byType.values();
    }

    static DocumentTypes load(String resource) {
        JsonNode root;
        try (InputStream in = DocumentTypes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("blocks").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> fields = new ArrayList<>();
            e.getValue().forEach(f -> fields.add(f.asText()));
            blocks.put(e.getKey(), List.copyOf(fields));
        }
        Map<String, DocumentSpec> specs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("documentTypes").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            specs.put(e.getKey(), spec(resource, e.getKey(), e.getValue(), blocks));
        }
        if (specs.isEmpty()) {
            throw new IllegalStateException(resource + " lists no documentTypes");
        }
        return new DocumentTypes(specs);
    }

    private static DocumentSpec spec(String resource, String type, JsonNode n, Map<String, List<String>> blocks) {
        String where = resource + ", " + type + ": ";
        DocumentType family = DocumentType.fromEventName(required(where, n, "natureFamily"))
                .orElseThrow(() -> new IllegalStateException(where + "natureFamily is no documentType"));
        String role = required(where, n, "partyRole");
        if (!role.equals("customer") && !role.equals("supplier")) {
            throw new IllegalStateException(where + "partyRole must be customer or supplier");
        }
        ItemType itemType = null;
        if (n.hasNonNull("itemType")) {
            JsonNode t = n.get("itemType");
            itemType = new ItemType(required(where + "itemType.", t, "field"), t.path("item").asInt(),
                    t.path("accounting").asInt());
        }
        Map<Mode, Variant> modes = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            JsonNode m = n.path("modes").path(mode.name().toLowerCase(Locale.ROOT));
            if (!m.isMissingNode()) {
                modes.put(mode, new Variant(required(where, m, "operation"), required(where, m, "lines")));
            }
        }
        if (modes.isEmpty()) {
            throw new IllegalStateException(where + "no modes");
        }
        String refused = text(n, "accountingRefused");
        if (!modes.containsKey(Mode.ACCOUNTING) && refused == null) {
            throw new IllegalStateException(where + "without an accounting mode, accountingRefused must say why");
        }
        OriginalInvoice original = null;
        if (n.hasNonNull("originalInvoice")) {
            JsonNode o = n.get("originalInvoice");
            String reference = required(where + "originalInvoice.", o, "reference");
            if (!reference.equals("number") && !reference.equals("purchase-id")) {
                throw new IllegalStateException(where + "originalInvoice.reference must be number or purchase-id");
            }
            original = new OriginalInvoice(required(where, o, "number"), required(where, o, "date"),
                    reference.equals("purchase-id"));
        }
        SupplierBill bill = null;
        if (n.hasNonNull("supplierBill")) {
            JsonNode b = n.get("supplierBill");
            bill = new SupplierBill(required(where, b, "number"), required(where, b, "date"));
        }
        Map<String, List<String>> empty = new LinkedHashMap<>();
        for (JsonNode b : n.path("emptyBlocks")) {
            List<String> fields = blocks.get(b.asText());
            if (fields == null) {
                throw new IllegalStateException(where + "emptyBlocks names " + b.asText() + ", which blocks does not define");
            }
            empty.put(b.asText(), fields);
        }
        return new DocumentSpec(type, required(where, n, "label"), required(where, n, "resource"), role, family,
                required(where, n, "number"), required(where, n, "date"), required(where, n, "party"), itemType, modes,
                refused, required(where, n, "chargeTotal"), flag(where, n, "otherDetails"), flag(where, n, "payments"),
                original, bill, flag(where, n, "lineTotalDiscount"), empty);
    }

    private static String required(String where, JsonNode n, String key) {
        String v = text(n, key);
        if (v == null) {
            throw new IllegalStateException(where + key + " is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private static boolean flag(String where, JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isBoolean()) {
            throw new IllegalStateException(where + key + " must be true or false");
        }
        return v.asBoolean();
    }
}

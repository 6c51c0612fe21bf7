package dev.hisabkitab.sync.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads form bodies the way PHP fills {@code $_POST}/{@code $_FILES} for Laravel: bracketed keys such as
 * {@code ledger_id[]}, {@code debit_ledger_id[2702][]} or {@code a[b][c]} build the same nested structure a
 * JSON body gives ({@code {"ledger_id": [...], "debit_ledger_id": {"2702": [...]}, "a": {"b": {"c": ...}}}}).
 * A PHP array whose keys are exactly 0..n-1 becomes a JSON array (as json_encode would write it); dots and
 * spaces in the base name become underscores, as PHP does; the last of repeated scalar keys wins.
 */
final class FormBodies {

    /** Key marking an uploaded file in the parsed structure. */
    static final String UPLOAD = "__upload";

    private FormBodies() {
    }

    static boolean isUpload(JsonNode n) {
        return n != null && n.isObject() && n.has(UPLOAD);
    }

    /** One form field: its raw name and value (a text node or an upload node). */
    record Field(String name, JsonNode value) {
    }

    static ObjectNode urlEncoded(String body) {
        List<Field> fields = new ArrayList<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.add(new Field(name, Json.F.textNode(value)));
            }
        }
        return build(fields);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The boundary parameter of a multipart content type, or null. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /** Parses a multipart/form-data body; throws IllegalArgumentException when it is not well formed. */
    static ObjectNode multipart(byte[] body, String boundary) {
        // ISO-8859-1 maps bytes to chars one to one, so indexes are byte offsets.
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int pos = raw.indexOf(delimiter);
        if (pos < 0) {
            throw new IllegalArgumentException("the body does not contain the boundary " + boundary);
        }
        List<Field> fields = new ArrayList<>();
        while (true) {
            pos += delimiter.length();
            if (raw.startsWith("--", pos)) {
                break; // closing delimiter
            }
            if (raw.startsWith("\r\n", pos)) {
                pos += 2;
            } else if (raw.startsWith("\n", pos)) {
                pos += 1;
            }
            int headerEnd = raw.indexOf("\r\n\r\n", pos);
            int sep = 4;
            if (headerEnd < 0) {
                headerEnd = raw.indexOf("\n\n", pos);
                sep = 2;
            }
            if (headerEnd < 0) {
                throw new IllegalArgumentException("a part has no header end");
            }
            String headers = raw.substring(pos, headerEnd);
            int contentStart = headerEnd + sep;
            int next = raw.indexOf("\r\n" + delimiter, contentStart);
            int contentEnd = next;
            if (next < 0) {
                next = raw.indexOf("\n" + delimiter, contentStart);
                contentEnd = next;
                if (next < 0) {
                    throw new IllegalArgumentException("a part is not terminated by the boundary");
                }
                next += 1;
            } else {
                next += 2;
            }
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
            addPart(fields, headers, content);
            pos = next;
        }
        return build(fields);
    }

    private static void addPart(List<Field> fields, String headers, byte[] content) {
        String name = null;
        String filename = null;
        String type = null;
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String h = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String v = line.substring(colon + 1).trim();
            if (h.equals("content-disposition")) {
                name = dispositionParameter(v, "name");
                filename = dispositionParameter(v, "filename");
            } else if (h.equals("content-type")) {
                type = v;
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("a part has no name");
        }
        name = new String(name.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        if (filename != null) {
            if (filename.isEmpty() && content.length == 0) {
                return; // PHP: UPLOAD_ERR_NO_FILE, Laravel sees no file
            }
            ObjectNode upload = Json.object();
            upload.put(UPLOAD, true);
            upload.put("file_name", new String(filename.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            upload.put("mime_type", type == null ? "application/octet-stream" : type);
            upload.put("size", content.length);
            fields.add(new Field(name, upload));
        } else {
            fields.add(new Field(name, Json.F.textNode(new String(content, StandardCharsets.UTF_8))));
        }
    }

    private static String dispositionParameter(String disposition, String parameter) {
        int i = 0;
        while (i < disposition.length()) {
            int semi = disposition.indexOf(';', i);
            if (semi < 0) {
                return null;
            }
            i = semi + 1;
            while (i < disposition.length() && disposition.charAt(i) == ' ') {
                i++;
            }
            int eq = disposition.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = disposition.substring(i, eq).trim();
            int vStart = eq + 1;
            String value;
            int end;
            if (vStart < disposition.length() && disposition.charAt(vStart) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = vStart + 1;
                while (j < disposition.length() && disposition.charAt(j) != '"') {
                    if (disposition.charAt(j) == '\\' && j + 1 < disposition.length()) {
                        j++;
                    }
                    sb.append(disposition.charAt(j));
                    j++;
                }
                value = sb.toString();
                end = j + 1;
            } else {
                int s = disposition.indexOf(';', vStart);
                end = s < 0 ? disposition.length() : s;
                value = disposition.substring(vStart, end).trim();
            }
            if (key.equalsIgnoreCase(parameter)) {
                return value;
            }
            i = end;
        }
        return null;
    }

    /** Builds the nested structure from PHP-style field names. */
    static ObjectNode build(List<Field> fields) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Field f : fields) {
            List<String> path = parseName(f.name());
            if (path == null) {
                continue;
            }
            put(root, path, 0, f.value());
        }
        return (ObjectNode) toJson(root, true);
    }

    /** PHP's variable-name parsing; null for a name PHP drops. Segment null means "[]" (append). */
    static List<String> parseName(String name) {
        String n = name.stripLeading();
        int open = n.indexOf('[');
        List<String> path = new ArrayList<>();
        if (open < 0 || n.indexOf(']', open) < 0) {
            String base = n.replace('.', '_').replace(' ', '_').replace('[', '_');
            if (base.isEmpty()) {
                return null;
            }
            path.add(base);
            return path;
        }
        String base = n.substring(0, open).replace('.', '_').replace(' ', '_');
        if (base.isEmpty()) {
            return null;
        }
        path.add(base);
        int i = open;
        while (i < n.length() && n.charAt(i) == '[') {
            int close = n.indexOf(']', i);
            if (close < 0) {
                break;
            }
            String seg = n.substring(i + 1, close);
            path.add(seg.isEmpty() ? null : seg);
            i = close + 1;
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, List<String> path, int index, JsonNode value) {
        String key = path.get(index);
        if (key == null) {
            key = String.valueOf(nextIndex(map));
        }
        if (index == path.size() - 1) {
            map.put(key, value);
            return;
        }
        Object child = map.get(key);
        if (!(child instanceof Map)) {
            child = new LinkedHashMap<String, Object>();
            map.put(key, child);
        }
        put((Map<String, Object>) child, path, index + 1, value);
    }

    private static long nextIndex(Map<String, Object> map) {
        long max = -1;
        for (String k : map.keySet()) {
            if (k.matches("-?\\d+")) {
                try {
                    max = Math.max(max, Long.parseLong(k));
                } catch (NumberFormatException ignored) {
                    // not an index
                }
            }
        }
        return max + 1;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode toJson(Object o, boolean root) {
        if (o instanceof JsonNode n) {
            return n;
        }
        Map<String, Object> map = (Map<String, Object>) o;
        boolean sequential = !root;
        int expected = 0;
        if (sequential) {
            for (String k : map.keySet()) {
                if (!k.equals(String.valueOf(expected))) {
                    sequential = false;
                    break;
                }
                expected++;
            }
        }
        if (sequential) {
            ArrayNode array = Json.array();
            map.values().forEach(v -> array.add(toJson(v, false)));
            return array;
        }
        ObjectNode obj = Json.object();
        map.forEach((k, v) -> obj.set(k, toJson(v, false)));
        return obj;
    }

    /**
     * The reverse: PHP-style form fields for a JSON object (objects as {@code a[b]}, arrays as {@code a[0][b]}, arrays
     * of scalars as {@code a[]}); null values become empty strings and empty arrays are left out, as a form cannot
     * carry them. Values are strings, or lists of strings for {@code name[]} fields.
     */
    static Map<String, List<String>> flatten(JsonNode body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> flatten(e.getKey(), e.getValue(), out));
        return out;
    }

    private static void flatten(String name, JsonNode value, Map<String, List<String>> out) {
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> flatten(name + "[" + e.getKey() + "]", e.getValue(), out));
        } else if (value.isArray()) {
            boolean scalars = true;
            for (JsonNode v : value) {
                scalars &= v.isValueNode();
            }
            if (scalars) {
                for (JsonNode v : value) {
                    out.computeIfAbsent(name + "[]", k -> new ArrayList<>()).add(scalar(v));
                }
            } else {
                for (int i = 0; i < value.size(); i++) {
                    flatten(name + "[" + i + "]", value.get(i), out);
                }
            }
        } else {
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(scalar(value));
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isNull()) {
            return "";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "1" : "0";
        }
        return v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
    }
}

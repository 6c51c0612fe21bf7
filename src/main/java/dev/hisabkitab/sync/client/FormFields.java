package dev.hisabkitab.sync.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Flattens a JSON payload into the PHP-style form fields HisabKitab's multipart endpoints and query
 * strings read: {@code {"ledger_id[]": [1, 2]}} → {@code ledger_id[]=1, ledger_id[]=2};
 * nested objects → {@code a[b][c]=v}; a list under a plain name → {@code name[]} for values,
 * {@code name[0][field]} for objects. Booleans become 1/0 and null an empty value, as HTML forms send them.
 */
public final class FormFields {

    public record Field(String name, String value) {
    }

    private FormFields() {
    }

    public static List<Field> flatten(JsonNode payload) {
        List<Field> fields = new ArrayList<>();
        if (payload == null || payload.isNull()) {
            return fields;
        }
        Iterator<Map.Entry<String, JsonNode>> it = payload.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            add(e.getKey(), e.getValue(), fields);
        }
        return fields;
    }

    private static void add(String name, JsonNode value, List<Field> fields) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                add(name + "[" + e.getKey() + "]", e.getValue(), fields);
            }
        } else if (value.isArray()) {
            boolean listName = name.endsWith("[]");
            String base = listName ? name.substring(0, name.length() - 2) : name;
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isContainerNode()) {
                    add(base + "[" + i + "]", element, fields);
                } else {
                    add(base + "[]", element, fields);
                }
            }
        } else {
            fields.add(new Field(name, scalar(value)));
        }
    }

    private static String scalar(JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "1" : "0";
        }
        if (value.isBigDecimal() || value.isFloatingPointNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.asText();
    }
}

package dev.hisabkitab.sync.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Flattens a JSON payload into the form fields HisabKitab's multipart endpoints and query strings read
 * (docs/contract.md, "Raw API events": field name → a value or a list of values): {@code {"ledger_id[]": [1, 2]}} →
 * {@code ledger_id[]=1, ledger_id[]=2}; {@code {"voucher_number": ["6"]}} → {@code voucher_number=6};
 * nested objects → PHP-style {@code a[b][c]=v}; lists of objects → {@code name[0][field]}. Booleans become 1/0 and null an empty value, as HTML forms send them.
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
            add(e.getKey(), e.getValue(), true, fields);
        }
        return fields;
    }

    private static void add(String name, JsonNode value, boolean givenName, List<Field> fields) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                add(name + "[" + e.getKey() + "]", e.getValue(), false, fields);
            }
        } else if (value.isArray()) {
            // A list of values repeats the field: under the name as the sender gave it ("ledger_id[]" for
            // PHP arrays, "voucher_number" for the vendor's one-value lists), or as a PHP array ("a[b][]")
            // when the list sits inside an object. A list of objects is indexed.
            String base = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
            String repeated = givenName ? name : base + "[]";
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isContainerNode()) {
                    add(base + "[" + i + "]", element, false, fields);
                } else {
                    fields.add(new Field(repeated, scalar(element)));
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

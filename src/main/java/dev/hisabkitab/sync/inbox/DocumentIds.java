package dev.hisabkitab.sync.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Event ids of the documents of a CSV or Excel drop, derived from the file's kind and the document's content
 * (docs/contract.md, "File drops"): {@code <kind>-<first 24 hex digits of SHA-256(event type, company, payload)>}. The same file
 * dropped again gives the same ids, so every document is a {@code duplicate}; a corrected row changes its document's
 * content and so its id, and is booked. The file's name and the row numbers are not part of it: the same document in
 * a renamed or re-sorted file is still the same document. A document identical to an earlier one in the same file
 * (two equal cash sales without a number) is a second document: its id also counts how many came before it.
 * One instance per file.
 */
public final class DocumentIds {

    private static final int HEX_DIGITS = 24;

    private final Map<String, Integer> seen = new HashMap<>();

    public String id(DropKind kind, String company, JsonNode payload) {
        String content = kind.eventType() + '\n' + company + '\n' + payload;
        String id = kind.prefix() + "-" + sha256(content);
        int earlier = seen.merge(id, 1, Integer::sum) - 1;
        return earlier == 0 ? id : kind.prefix() + "-" + sha256(content + '\n' + earlier);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

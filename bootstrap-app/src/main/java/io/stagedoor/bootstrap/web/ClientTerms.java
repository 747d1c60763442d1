package io.stagedoor.bootstrap.web;

import java.util.regex.Pattern;

/**
 * Error details in the client's terms. A decoder's message names Java types ({@code `java.lang.Long`}, a handler's
 * request record); a client knows JSON types and field names, so those words are replaced.
 */
final class ClientTerms {

    /** A backticked type, or a bare fully qualified class name (inner classes included). */
    private static final Pattern JAVA_TYPE = Pattern.compile(
            "`[^`]*`|\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:\\$[A-Za-z0-9_$]+)?");
    private static final Pattern CLASS_NOTE = Pattern.compile("\\s*\\((?:class|for|through reference chain)[^)]*\\)");

    private ClientTerms() {
    }

    static String scrub(String message) {
        String withoutNotes = CLASS_NOTE.matcher(message).replaceAll("");
        return JAVA_TYPE.matcher(withoutNotes).replaceAll("value").trim();
    }

    /** What a field wanted, in JSON words, from the decoder's complaint about it. */
    static String expected(String decoderMessage) {
        String lower = decoderMessage.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("long") || lower.contains("int") || lower.contains("number")) {
            return "must be a JSON integer";
        }
        if (lower.contains("string")) {
            return "must be a JSON string";
        }
        if (lower.contains("boolean")) {
            return "must be true or false";
        }
        return "has the wrong JSON type";
    }
}

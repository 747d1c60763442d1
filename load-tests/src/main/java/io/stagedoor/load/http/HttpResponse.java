package io.stagedoor.load.http;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** A fully read response: status and body bytes; the body is parsed as JSON only when asked. */
public record HttpResponse(int status, byte[] body) {

    public JsonNode json() {
        return Json.read(body);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The problem+json {@code code}, or the status when the body has none. */
    public String problemCode() {
        try {
            JsonNode node = json();
            JsonNode code = node.get("code");
            if (code != null && code.isString()) {
                return code.asString();
            }
        } catch (RuntimeException ignored) {
            // not JSON
        }
        return "HTTP " + status;
    }

    /** A short label for error counts: "409 SEAT_UNAVAILABLE". */
    public String label() {
        String code = problemCode();
        return code.startsWith("HTTP ") ? code : status + " " + code;
    }
}

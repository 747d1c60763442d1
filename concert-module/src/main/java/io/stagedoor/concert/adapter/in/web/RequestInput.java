package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.common.request.AdmissionAttributes;
import io.stagedoor.common.request.PathIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Input checks shared by the concert handlers. Bad input becomes {@link ServerWebInputException} naming the field,
 * which the global error handler renders as 400 INVALID_REQUEST. JSON numbers are checked on the tree (not bound by
 * a lenient mapper), so {@code "7"}, {@code 7.5} or {@code true} are refused, never coerced.
 */
final class RequestInput {

    private RequestInput() {
    }

    static long positiveId(ServerRequest request, String name) {
        return PathIds.positiveId(name, request.pathVariable(name));
    }

    static long admittedUserId(ServerRequest request) {
        return admitted(request, AdmissionAttributes.USER_ID);
    }

    static long admittedConcertId(ServerRequest request) {
        return admitted(request, AdmissionAttributes.CONCERT_ID);
    }

    private static long admitted(ServerRequest request, String attribute) {
        Object value = request.attribute(attribute)
                .orElseThrow(() -> new IllegalStateException("gated route reached without admission: " + attribute));
        if (value instanceof Number number) {
            return number.longValue();
        }
        return Long.parseLong(value.toString());
    }

    /** The body as a JSON object; an empty body, or anything but an object, is a 400. */
    static Mono<JsonNode> jsonObject(ServerRequest request) {
        return request.bodyToMono(JsonNode.class)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("request body is required")))
                .map(body -> {
                    if (!body.isObject()) {
                        throw new ServerWebInputException("request body must be a JSON object");
                    }
                    return body;
                });
    }

    static JsonNode required(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new ServerWebInputException(path + " is required");
        }
        return node;
    }

    static JsonNode optional(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    static long requiredLong(JsonNode parent, String field, String path) {
        return longValue(required(parent, field, path), path);
    }

    static long longValue(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new ServerWebInputException(path + " must be an integer");
        }
        return node.longValue();
    }

    static int intValue(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ServerWebInputException(path + " must be an integer between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return node.intValue();
    }

    static String requiredText(JsonNode parent, String field, String path) {
        JsonNode node = required(parent, field, path);
        if (!node.isString()) {
            throw new ServerWebInputException(path + " must be a string");
        }
        return node.stringValue();
    }

    static Instant requiredInstant(JsonNode parent, String field, String path) {
        String text = requiredText(parent, field, path);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ServerWebInputException(path + " must be an ISO-8601 instant such as 2026-12-24T10:00:00Z");
        }
    }

    /** Runs a command constructor; its IllegalArgumentException becomes a 400 naming the field it mentions. */
    static <T> T validated(java.util.function.Supplier<T> construction, String pathPrefix) {
        try {
            return construction.get();
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(pathPrefix + e.getMessage());
        }
    }
}

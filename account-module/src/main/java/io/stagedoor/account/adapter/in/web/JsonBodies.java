package io.stagedoor.account.adapter.in.web;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies as JSON trees so every field's JSON type is checked here, whatever coercions the application's
 * JSON mapper allows ("50000" or 50000.5 are refused as an amount instead of being converted). Malformed JSON fails in
 * the decoder and is answered 400 INVALID_REQUEST by the application's error handler.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object; an empty body or any other JSON value is a 400. */
    static Mono<JsonNode> object(ServerRequest request) {
        return request.bodyToMono(JsonNode.class)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("request body is required")))
                .handle((body, sink) -> {
                    if (body.isObject()) {
                        sink.next(body);
                    } else {
                        sink.error(new ServerWebInputException("request body must be a JSON object"));
                    }
                });
    }

    /** A field that must be present and not null. */
    static JsonNode required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new ServerWebInputException(field + " is required");
        }
        return value;
    }

    /** A field that must be a JSON string. */
    static String string(JsonNode body, String field) {
        JsonNode value = required(body, field);
        if (!value.isString()) {
            throw new ServerWebInputException(field + " must be a JSON string");
        }
        return value.stringValue();
    }

    /** A field that must be a positive JSON integer within the long range. */
    static long positiveLong(JsonNode body, String field) {
        JsonNode value = required(body, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw new ServerWebInputException(field + " must be a positive integer");
        }
        return value.longValue();
    }
}

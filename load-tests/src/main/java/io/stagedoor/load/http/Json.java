package io.stagedoor.load.http;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The harness's one JSON mapper (Jackson 3). */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static JsonNode read(byte[] body) {
        return MAPPER.readTree(body);
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}

package io.stagedoor.bootstrap.contract;

import java.math.BigInteger;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value (as plain Java: maps, lists, strings, numbers, booleans, null) against a schema of the
 * OpenAPI document. It knows the JSON Schema keywords the document uses and refuses any other one, so the document
 * cannot drift into constructs this check silently ignores.
 */
final class SchemaValidator {

    /** Keywords that only describe and constrain nothing here. */
    private static final Set<String> ANNOTATIONS = Set.of(
            "description", "title", "example", "examples", "default", "readOnly", "writeOnly", "deprecated");

    private static final Set<String> CHECKED = Set.of(
            "$ref", "allOf", "oneOf", "anyOf", "type", "enum", "const", "properties", "required", "additionalProperties",
            "items", "minItems", "maxItems", "minProperties", "minimum", "maximum", "minLength", "maxLength", "pattern",
            "format");

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final OpenApiDocument document;

    SchemaValidator(OpenApiDocument document) {
        this.document = document;
    }

    /** Every way {@code value} breaks {@code schema}, each prefixed with its JSON path; empty when it fits. */
    List<String> validate(Object value, Map<String, Object> schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "$", errors);
        return errors;
    }

    @SuppressWarnings("unchecked")
    private void check(Object value, Map<String, Object> schema, String at, List<String> errors) {
        for (String keyword : schema.keySet()) {
            if (!CHECKED.contains(keyword) && !ANNOTATIONS.contains(keyword) && !keyword.startsWith("x-")) {
                errors.add(at + ": schema keyword '" + keyword + "' is not understood by this check");
            }
        }
        if (schema.containsKey("$ref")) {
            check(value, document.schemaAt((String) schema.get("$ref")), at, errors);
        }
        for (Object part : list(schema.get("allOf"))) {
            check(value, (Map<String, Object>) part, at, errors);
        }
        checkAlternatives(value, list(schema.get("oneOf")), true, at, errors);
        checkAlternatives(value, list(schema.get("anyOf")), false, at, errors);
        if (schema.containsKey("type") && !hasType(value, schema.get("type"))) {
            errors.add(at + ": " + describe(value) + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.containsKey("const") && !sameJson(schema.get("const"), value)) {
            errors.add(at + ": " + describe(value) + " is not " + schema.get("const"));
        }
        if (schema.containsKey("enum") && list(schema.get("enum")).stream().noneMatch(allowed -> sameJson(allowed, value))) {
            errors.add(at + ": " + describe(value) + " is not one of " + schema.get("enum"));
        }
        if (value instanceof Map<?, ?> object) {
            checkObject((Map<String, Object>) object, schema, at, errors);
        } else if (value instanceof List<?> array) {
            checkArray(array, schema, at, errors);
        } else if (value instanceof String text) {
            checkString(text, schema, at, errors);
        } else if (isInteger(value) || value instanceof Number) {
            checkNumber((Number) value, schema, at, errors);
        }
    }

    private void checkAlternatives(Object value, List<Object> alternatives, boolean exactlyOne, String at, List<String> errors) {
        if (alternatives.isEmpty()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        int matching = 0;
        for (Object alternative : alternatives) {
            @SuppressWarnings("unchecked")
            List<String> own = validate(value, (Map<String, Object>) alternative);
            if (own.isEmpty()) {
                matching++;
            } else {
                failures.add(String.join("; ", own));
            }
        }
        if (matching == 0) {
            errors.add(at + ": matches none of the alternatives " + failures);
        } else if (exactlyOne && matching > 1) {
            errors.add(at + ": matches " + matching + " alternatives of a oneOf");
        }
    }

    @SuppressWarnings("unchecked")
    private void checkObject(Map<String, Object> object, Map<String, Object> schema, String at, List<String> errors) {
        Map<String, Object> properties = schema.containsKey("properties")
                ? (Map<String, Object>) schema.get("properties") : Map.of();
        for (Object required : list(schema.get("required"))) {
            if (!object.containsKey(required.toString())) {
                errors.add(at + ": required property '" + required + "' is missing");
            }
        }
        if (schema.containsKey("minProperties") && object.size() < ((Number) schema.get("minProperties")).intValue()) {
            errors.add(at + ": fewer than " + schema.get("minProperties") + " properties");
        }
        Object additional = schema.get("additionalProperties");
        for (Map.Entry<String, Object> member : object.entrySet()) {
            String path = at + "." + member.getKey();
            if (properties.containsKey(member.getKey())) {
                check(member.getValue(), (Map<String, Object>) properties.get(member.getKey()), path, errors);
            } else if (Boolean.FALSE.equals(additional)) {
                errors.add(path + ": property is not in the document");
            } else if (additional instanceof Map<?, ?> additionalSchema) {
                check(member.getValue(), (Map<String, Object>) additionalSchema, path, errors);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkArray(List<?> array, Map<String, Object> schema, String at, List<String> errors) {
        if (schema.containsKey("minItems") && array.size() < ((Number) schema.get("minItems")).intValue()) {
            errors.add(at + ": fewer than " + schema.get("minItems") + " items");
        }
        if (schema.containsKey("maxItems") && array.size() > ((Number) schema.get("maxItems")).intValue()) {
            errors.add(at + ": more than " + schema.get("maxItems") + " items");
        }
        if (schema.containsKey("items")) {
            for (int i = 0; i < array.size(); i++) {
                check(array.get(i), (Map<String, Object>) schema.get("items"), at + "[" + i + "]", errors);
            }
        }
    }

    private static void checkString(String text, Map<String, Object> schema, String at, List<String> errors) {
        int length = text.codePointCount(0, text.length());
        if (schema.containsKey("minLength") && length < ((Number) schema.get("minLength")).intValue()) {
            errors.add(at + ": '" + text + "' is shorter than " + schema.get("minLength"));
        }
        if (schema.containsKey("maxLength") && length > ((Number) schema.get("maxLength")).intValue()) {
            errors.add(at + ": '" + text + "' is longer than " + schema.get("maxLength"));
        }
        if (schema.containsKey("pattern") && !Pattern.compile(schema.get("pattern").toString()).matcher(text).find()) {
            errors.add(at + ": '" + text + "' does not match " + schema.get("pattern"));
        }
        Object format = schema.get("format");
        if ("date-time".equals(format)) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                errors.add(at + ": '" + text + "' is not an RFC 3339 date-time");
            }
        } else if ("uri".equals(format)) {
            try {
                if (!URI.create(text).isAbsolute()) {
                    errors.add(at + ": '" + text + "' is not an absolute URI");
                }
            } catch (IllegalArgumentException e) {
                errors.add(at + ": '" + text + "' is not a URI");
            }
        }
    }

    private static void checkNumber(Number number, Map<String, Object> schema, String at, List<String> errors) {
        double value = number.doubleValue();
        if (schema.containsKey("minimum") && value < ((Number) schema.get("minimum")).doubleValue()) {
            errors.add(at + ": " + number + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.containsKey("maximum") && value > ((Number) schema.get("maximum")).doubleValue()) {
            errors.add(at + ": " + number + " is above the maximum " + schema.get("maximum"));
        }
        Object format = schema.get("format");
        if (("int32".equals(format) || "int64".equals(format)) && isInteger(number)) {
            BigInteger integer = new BigInteger(number.toString());
            boolean fits = "int32".equals(format)
                    ? integer.compareTo(INT32_MIN) >= 0 && integer.compareTo(INT32_MAX) <= 0
                    : integer.compareTo(INT64_MIN) >= 0 && integer.compareTo(INT64_MAX) <= 0;
            if (!fits) {
                errors.add(at + ": " + number + " does not fit " + format);
            }
        }
    }

    private static boolean hasType(Object value, Object type) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(one -> hasType(value, one));
        }
        return switch (type.toString()) {
            case "null" -> value == null;
            case "object" -> value instanceof Map<?, ?>;
            case "array" -> value instanceof List<?>;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> isInteger(value);
            case "number" -> value instanceof Number;
            default -> throw new IllegalArgumentException("unknown JSON type " + type);
        };
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger;
    }

    private static boolean sameJson(Object expected, Object actual) {
        if (expected instanceof Number e && actual instanceof Number a) {
            return new java.math.BigDecimal(e.toString()).compareTo(new java.math.BigDecimal(a.toString())) == 0;
        }
        return expected == null ? actual == null : expected.equals(actual);
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value;
        return list;
    }

    private static String describe(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }
}

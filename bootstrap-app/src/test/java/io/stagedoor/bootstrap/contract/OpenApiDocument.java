package io.stagedoor.bootstrap.contract;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The project's OpenAPI document ({@code docs/openapi.yaml}) read as plain maps, with the look-ups the contract test needs. */
final class OpenApiDocument {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^}]+)}");

    private final Map<String, Object> root;

    private OpenApiDocument(Map<String, Object> root) {
        this.root = root;
    }

    static OpenApiDocument load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return new OpenApiDocument(root);
        }
    }

    Map<String, Object> root() {
        return root;
    }

    /** The path of the first server URL ({@code /api/v1}); operation paths are relative to it. */
    String basePath() {
        String url = map(list(root.get("servers")).get(0)).get("url").toString();
        String path = URI.create(url).getPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        map(root.get("paths")).forEach((path, item) -> map(item).forEach((key, spec) -> {
            if (METHODS.contains(key)) {
                operations.add(new Operation(key.toUpperCase(Locale.ROOT), path, map(spec)));
            }
        }));
        return operations;
    }

    Operation operation(String operationId) {
        return operations().stream().filter(operation -> operation.id().equals(operationId)).findFirst()
                .orElseThrow(() -> new AssertionError("the document has no operation " + operationId));
    }

    /** The schema a local {@code $ref} such as {@code #/components/schemas/Problem} points to. */
    Map<String, Object> schemaAt(String ref) {
        return map(at(ref));
    }

    /** Follows a {@code $ref} (of a response, parameter or header) if {@code node} is one. */
    Map<String, Object> resolve(Object node) {
        Map<String, Object> map = map(node);
        while (map.containsKey("$ref")) {
            map = map(at(map.get("$ref").toString()));
        }
        return map;
    }

    Object at(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are used: " + ref);
        }
        Object node = root;
        for (String segment : ref.substring(2).split("/")) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(name)) {
                throw new IllegalArgumentException("unresolvable reference " + ref);
            }
            node = map.get(name);
        }
        return node;
    }

    /** Every code of the Problem schema's {@code code} enum. */
    Set<String> problemCodeEnum() {
        Set<String> codes = new LinkedHashSet<>();
        list(schemaAt("#/components/schemas/ProblemCode").get("enum")).forEach(code -> codes.add(code.toString()));
        return codes;
    }

    /**
     * The problem codes a problem+json schema admits, following $ref, allOf (intersection), oneOf/anyOf (union) and
     * {@code properties.code} (const, enum or a reference to the code enum). Null when it admits any code.
     */
    Set<String> codesAdmittedBy(Map<String, Object> schema) {
        Set<String> admitted = null;
        if (schema.containsKey("$ref")) {
            admitted = intersect(admitted, codesAdmittedBy(schemaAt(schema.get("$ref").toString())));
        }
        if (schema.containsKey("properties") && map(schema.get("properties")).containsKey("code")) {
            admitted = intersect(admitted, codeValues(map(map(schema.get("properties")).get("code"))));
        }
        for (Object part : list(schema.get("allOf"))) {
            admitted = intersect(admitted, codesAdmittedBy(map(part)));
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.containsKey(combinator)) {
                Set<String> union = new LinkedHashSet<>();
                for (Object part : list(schema.get(combinator))) {
                    Set<String> codes = codesAdmittedBy(map(part));
                    if (codes == null) {
                        union = null;
                        break;
                    }
                    union.addAll(codes);
                }
                admitted = intersect(admitted, union);
            }
        }
        return admitted;
    }

    private Set<String> codeValues(Map<String, Object> codeSchema) {
        Set<String> values = null;
        if (codeSchema.containsKey("$ref")) {
            values = intersect(values, codeValues(schemaAt(codeSchema.get("$ref").toString())));
        }
        if (codeSchema.containsKey("const")) {
            values = intersect(values, Set.of(codeSchema.get("const").toString()));
        }
        if (codeSchema.containsKey("enum")) {
            Set<String> enumerated = new LinkedHashSet<>();
            list(codeSchema.get("enum")).forEach(code -> enumerated.add(code.toString()));
            values = intersect(values, enumerated);
        }
        return values;
    }

    private static Set<String> intersect(Set<String> sofar, Set<String> more) {
        if (sofar == null) {
            return more == null ? null : new LinkedHashSet<>(more);
        }
        if (more != null) {
            sofar.retainAll(more);
        }
        return sofar;
    }

    /** Every {@code $ref} anywhere in the document that points nowhere. */
    List<String> unresolvableReferences() {
        List<String> broken = new ArrayList<>();
        collectReferences(root, broken);
        return broken;
    }

    private void collectReferences(Object node, List<String> broken) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    try {
                        at(value.toString());
                    } catch (IllegalArgumentException e) {
                        broken.add(value.toString());
                    }
                } else {
                    collectReferences(value, broken);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectReferences(item, broken));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    /** One operation: an HTTP method on a path template. */
    final class Operation {

        private final String method;
        private final String path;
        private final Map<String, Object> spec;

        Operation(String method, String path, Map<String, Object> spec) {
            this.method = method;
            this.path = path;
            this.spec = spec;
        }

        String method() {
            return method;
        }

        String path() {
            return path;
        }

        String id() {
            return String.valueOf(spec.get("operationId"));
        }

        boolean hasRequestBody() {
            return spec.containsKey("requestBody");
        }

        /** The request body object, resolved; empty when the operation takes none. */
        Map<String, Object> requestBody() {
            return hasRequestBody() ? resolve(spec.get("requestBody")) : Map.of();
        }

        /** The path template's variables, in order. */
        List<String> pathVariables() {
            List<String> variables = new ArrayList<>();
            Matcher matcher = TEMPLATE_VARIABLE.matcher(path);
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
            return variables;
        }

        /** Parameters declared on the path item and the operation, resolved. */
        List<Map<String, Object>> parameters() {
            List<Map<String, Object>> parameters = new ArrayList<>();
            list(map(map(root.get("paths")).get(path)).get("parameters")).forEach(p -> parameters.add(resolve(p)));
            list(spec.get("parameters")).forEach(p -> parameters.add(resolve(p)));
            return parameters;
        }

        /** The security alternatives (each a set of scheme names); empty when the operation is open. */
        List<Set<String>> securityAlternatives() {
            Object security = spec.containsKey("security") ? spec.get("security") : root.get("security");
            List<Set<String>> alternatives = new ArrayList<>();
            for (Object requirement : list(security)) {
                if (!map(requirement).isEmpty()) {
                    alternatives.add(new LinkedHashSet<>(map(requirement).keySet()));
                }
            }
            return alternatives;
        }

        /** The security schemes the operation accepts, resolved. */
        Map<String, Map<String, Object>> securitySchemes() {
            Map<String, Map<String, Object>> schemes = new LinkedHashMap<>();
            for (Set<String> alternative : securityAlternatives()) {
                for (String name : alternative) {
                    schemes.put(name, resolve(at("#/components/securitySchemes/" + name)));
                }
            }
            return schemes;
        }

        Set<String> documentedStatuses() {
            return new LinkedHashSet<>(map(spec.get("responses")).keySet());
        }

        Optional<Map<String, Object>> response(int status) {
            Object response = map(spec.get("responses")).get(String.valueOf(status));
            return Optional.ofNullable(response).map(OpenApiDocument.this::resolve);
        }

        /** The documented media type of a response that fits {@code actual}, and its entry. */
        Optional<Map.Entry<String, Map<String, Object>>> content(Map<String, Object> response, MediaType actual) {
            return map(response.get("content")).entrySet().stream()
                    .filter(entry -> MediaType.parseMediaType(entry.getKey()).isCompatibleWith(actual))
                    .map(entry -> Map.entry(entry.getKey(), map(entry.getValue())))
                    .findFirst();
        }

        /** The problem codes documented for {@code status}; empty when the status is not documented as a problem. */
        Set<String> problemCodes(int status) {
            return response(status)
                    .map(response -> map(map(response.get("content")).get(PROBLEM_JSON)))
                    .filter(problem -> problem.containsKey("schema"))
                    .map(problem -> codesAdmittedBy(map(problem.get("schema"))))
                    .orElse(Set.of());
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + id() + ")";
        }
    }
}

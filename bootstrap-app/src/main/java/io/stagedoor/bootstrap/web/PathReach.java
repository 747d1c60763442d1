package io.stagedoor.bootstrap.web;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Which first path segments a route group can possibly answer: the literal first segments of its routes' path
 * patterns, or any path at all when one of its routes cannot be read that far. Anything the visitors do not spell
 * out (nesting, resources, or/negate, unknown predicates or router functions, a route without a path) counts as
 * any path, so a wrong reading can only make a group asked more often, never skipped.
 *
 * <p>Segments are compared case-folded: a route may come from a case-insensitive path parser, which the visitor
 * does not reveal, and folding only ever adds candidates.
 */
record PathReach(Set<String> firstSegments, boolean anyPath) {

    /** Unreserved URI characters only; anything else ({, *, ?, %, ;, ...) may make PathPattern match more than text. */
    private static final Pattern LITERAL_SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

    PathReach {
        firstSegments = Set.copyOf(firstSegments);
    }

    static PathReach of(RouterFunction<?> group) {
        GroupReader reader = new GroupReader();
        group.accept(reader);
        return new PathReach(reader.firstSegments, reader.anyPath);
    }

    boolean reaches(String segmentKey) {
        return anyPath || firstSegments.contains(segmentKey);
    }

    /**
     * The key of the first segment of the path the request is matched against (inside a nested route, the path
     * after the nest's prefix), as PathPattern sees it: decoded, without matrix variables, empty segments skipped.
     * "" when the path has no segment.
     */
    static String firstSegmentKey(ServerRequest request) {
        List<PathContainer.Element> elements = request.requestPath().pathWithinApplication().elements();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) instanceof PathContainer.PathSegment segment) {
                return key(segment.valueToMatch());
            }
        }
        return "";
    }

    /** The literal first segment of a path pattern ("/queue/status" -> "queue"), if it has one. */
    static Optional<String> literalFirstSegment(String pattern) {
        if (!pattern.startsWith("/")) {
            return Optional.empty();
        }
        int end = pattern.indexOf('/', 1);
        String first = end < 0 ? pattern.substring(1) : pattern.substring(1, end);
        return LITERAL_SEGMENT.matcher(first).matches() ? Optional.of(key(first)) : Optional.empty();
    }

    /** Whether the pattern is plain text, every segment of it ("/queue/status" yes, "/users/{userId}" no). */
    static boolean isLiteral(String pattern) {
        if (!pattern.startsWith("/") || pattern.length() == 1) {
            return false;
        }
        for (String segment : pattern.substring(1).split("/", -1)) {
            if (!LITERAL_SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String key(String segment) {
        return segment.toLowerCase(Locale.ROOT);
    }

    private static final class GroupReader implements RouterFunctions.Visitor {

        private final Set<String> firstSegments = new HashSet<>();
        private boolean anyPath;

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
            PredicateParts parts = PredicateParts.of(predicate);
            if (parts.widened() || parts.paths().isEmpty()) {
                anyPath = true;
                return;
            }
            for (String pattern : parts.paths()) {
                literalFirstSegment(pattern).ifPresentOrElse(firstSegments::add, () -> anyPath = true);
            }
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            // a prefix plus relative paths could be read, but no module nests; not worth the risk of misreading
            anyPath = true;
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
            anyPath = true;
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
            // attributes never decide whether a route matches
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            anyPath = true;
        }
    }
}

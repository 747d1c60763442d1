package io.stagedoor.bootstrap.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;

/**
 * What a route predicate is made of, as far as Spring's predicate visitor tells: its methods and path patterns,
 * whether it also holds other conditions (header, query parameter, path extension, API version), and whether anything
 * may widen it (or, negate, a predicate the visitor cannot see into). Unless widened, every part is joined by
 * {@code and}: a match satisfies all of its paths, and the other conditions only narrow it further.
 *
 * @param methods  the methods it names
 * @param paths    the path patterns it names
 * @param narrowed it holds conditions other than methods and paths
 * @param widened  an or, a negation or an unknown predicate appears somewhere in it
 */
public record PredicateParts(Set<HttpMethod> methods, List<String> paths, boolean narrowed, boolean widened) {

    public PredicateParts {
        methods = Set.copyOf(methods);
        paths = List.copyOf(paths);
    }

    public static PredicateParts of(RequestPredicate predicate) {
        Reader reader = new Reader();
        predicate.accept(reader);
        return new PredicateParts(reader.methods, reader.paths, reader.narrowed, reader.widened);
    }

    /** Made of methods and paths joined by {@code and} alone. */
    public boolean onlyMethodsAndPaths() {
        return !narrowed && !widened;
    }

    private static final class Reader implements RequestPredicates.Visitor {

        private final Set<HttpMethod> methods = new LinkedHashSet<>();
        private final List<String> paths = new ArrayList<>();
        private boolean narrowed;
        private boolean widened;

        @Override
        public void method(Set<HttpMethod> methods) {
            this.methods.addAll(methods);
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {
            narrowed = true;
        }

        @Override
        public void header(String name, String value) {
            narrowed = true;
        }

        @Override
        public void queryParam(String name, String value) {
            narrowed = true;
        }

        @Override
        public void version(String version) {
            narrowed = true;
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
            widened = true;
        }

        @Override
        public void or() {
            widened = true;
        }

        @Override
        public void endOr() {
            widened = true;
        }

        @Override
        public void startNegate() {
            widened = true;
        }

        @Override
        public void endNegate() {
            widened = true;
        }

        @Override
        public void unknown(RequestPredicate predicate) {
            widened = true;
        }
    }
}

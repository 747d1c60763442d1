package io.stagedoor.bootstrap.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

/**
 * Route groups answered as {@code first.and(second).and(...)} would answer them (the first group in the given order
 * whose route matches wins), but each request only asks the groups whose routes can match its first path segment
 * (see {@link PathReach}), and without a {@code Flux.concat} per group: every {@code and} level costs a concat, a
 * {@code next} and a {@code defer} on every request, paid by the hottest calls for groups they can never match.
 *
 * <p>The index only chooses which groups to ask; a request still goes through {@code group.route(request)}, so the
 * filters a group carries (the admission gate, the Admin-Key check) still run.
 *
 * <p>Kept because its A/B against plain {@code and} composition favoured it (docs/performance.md, "Route table
 * against plain RouterFunction composition").
 */
final class RouteTable implements RouterFunction<ServerResponse> {

    private final List<RouterFunction<ServerResponse>> groups;
    private final Map<String, List<RouterFunction<ServerResponse>>> candidatesByFirstSegment;
    /** For a first segment no route names: the groups that answer any path. */
    private final List<RouterFunction<ServerResponse>> anyPathGroups;

    private RouteTable(List<RouterFunction<ServerResponse>> groups) {
        this.groups = List.copyOf(groups);
        List<PathReach> reaches = this.groups.stream().map(PathReach::of).toList();
        Map<String, List<RouterFunction<ServerResponse>>> candidates = new HashMap<>();
        reaches.stream()
                .flatMap(reach -> reach.firstSegments().stream())
                .distinct()
                .forEach(segment -> candidates.put(segment, reaching(segment, reaches)));
        this.candidatesByFirstSegment = Map.copyOf(candidates);
        this.anyPathGroups = reaching("", reaches);
    }

    static RouteTable of(List<RouterFunction<ServerResponse>> groups) {
        return new RouteTable(groups);
    }

    /** This table with one more group asked last, after every other group found nothing. */
    RouteTable followedBy(RouterFunction<ServerResponse> last) {
        List<RouterFunction<ServerResponse>> extended = new ArrayList<>(groups);
        extended.add(last);
        return new RouteTable(extended);
    }

    @Override
    public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
        List<RouterFunction<ServerResponse>> candidates =
                candidatesByFirstSegment.getOrDefault(PathReach.firstSegmentKey(request), anyPathGroups);
        return firstMatch(candidates, 0, request);
    }

    @Override
    public void accept(RouterFunctions.Visitor visitor) {
        groups.forEach(group -> group.accept(visitor));
    }

    @Override
    public String toString() {
        return "RouteTable" + groups;
    }

    private List<RouterFunction<ServerResponse>> reaching(String segment, List<PathReach> reaches) {
        List<RouterFunction<ServerResponse>> reaching = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (reaches.get(i).reaches(segment)) {
                reaching.add(groups.get(i));
            }
        }
        return List.copyOf(reaching);
    }

    /**
     * Asks the candidates from {@code from} on. An answer that is already known (Mono.just / Mono.empty, as plain
     * routes give) is decided here and now; only an answer that has to be subscribed to waits, with the rest of
     * the candidates behind it.
     */
    private static Mono<HandlerFunction<ServerResponse>> firstMatch(List<RouterFunction<ServerResponse>> candidates,
                                                                    int from, ServerRequest request) {
        int last = candidates.size() - 1;
        for (int i = from; i <= last; i++) {
            Mono<HandlerFunction<ServerResponse>> answer = candidates.get(i).route(request);
            if (i == last) {
                return answer;
            }
            if (answer instanceof Fuseable.ScalarCallable<?> known) {
                if (isEmpty(known)) {
                    continue;
                }
                return answer;
            }
            int next = i + 1;
            return answer.switchIfEmpty(Mono.defer(() -> firstMatch(candidates, next, request)));
        }
        return Mono.empty();
    }

    /** A Mono.error is a ScalarCallable too: its call() throws, and the caller hands the error on by returning it. */
    private static boolean isEmpty(Fuseable.ScalarCallable<?> known) {
        try {
            return known.call() == null;
        } catch (Exception error) {
            return false;
        }
    }
}

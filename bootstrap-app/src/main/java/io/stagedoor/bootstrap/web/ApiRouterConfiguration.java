package io.stagedoor.bootstrap.web;

import io.stagedoor.bootstrap.performance.WheelTimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * Composes every module's routes into one router under {@code /api/v1}: public and Queue-Token routes as they are,
 * routes that act for a user behind the signed-in-user check, gated routes behind the signed-in-user check, the
 * queue's admission gate and the same-user check, operator routes behind the Admin-Key check, and a last route that
 * turns a known path called with the wrong method into 405. The groups sit in a {@link RouteTable}, which asks a request
 * only the groups whose routes can match its first path segment, in this order.
 */
@Configuration(proxyBeanMethods = false)
class ApiRouterConfiguration {

    static final String BASE_PATH = "/api/v1";

    @Bean
    WebFilter requestDeadlineFilter(@Value("${stagedoor.http.request-deadline:PT10S}") Duration deadline,
                                    WheelTimerScheduler requestTimers) {
        return new RequestDeadlineFilter(deadline, requestTimers);
    }

    /** The paths the bearer check skips: those of the Queue-Token routes. */
    @Bean
    BearerFreePaths bearerFreePaths(List<QueueTokenRoutes> queueTokenRoutes) {
        return BearerFreePaths.of(BASE_PATH, queueTokenRoutes.stream().map(QueueTokenRoutes::routes).toList());
    }

    @Bean
    RouterFunction<ServerResponse> apiRouter(List<PublicRoutes> publicRoutes,
                                             List<QueueTokenRoutes> queueTokenRoutes,
                                             List<UserRoutes> userRoutes,
                                             List<GatedRoutes> gatedRoutes,
                                             List<AdminRoutes> adminRoutes,
                                             ObjectProvider<AdmissionGate> admissionGate,
                                             @Value("${stagedoor.admin-key:}") String adminKey) {
        List<RouterFunction<ServerResponse>> api = new ArrayList<>();
        publicRoutes.forEach(open -> api.add(open.routes()));
        queueTokenRoutes.forEach(tokenOnly -> api.add(tokenOnly.routes()));
        SignedInUserFilter signedInUser = new SignedInUserFilter();
        userRoutes.forEach(own -> api.add(own.routes().filter(signedInUser)));
        if (!gatedRoutes.isEmpty()) {
            AdmissionGate gate = admissionGate.getIfAvailable(() -> {
                throw new IllegalStateException("Gated routes exist but no AdmissionGate is wired; refusing to serve them unchecked");
            });
            SameUserAsQueueTokenFilter sameUser = new SameUserAsQueueTokenFilter();
            // the last filter added runs first: signed-in user, the group's own filter in front of the gate, the
            // admission gate, then "the token is the user's"
            gatedRoutes.forEach(gated -> api.add(gated.routes()
                    .filter(sameUser)
                    .filter(gate.filterFor(gated.writes()))
                    .filter(gated.beforeTheGate())
                    .filter(signedInUser)));
        }
        if (!adminKey.isBlank()) {
            AdminKeyFilter adminKeyFilter = new AdminKeyFilter(adminKey);
            adminRoutes.forEach(admin -> api.add(admin.routes().filter(adminKeyFilter)));
        }
        RouteTable routes = RouteTable.of(api);
        // The 405 route goes in as the table's last group (it reveals no paths, so every request may reach it) rather
        // than behind an and(), which would put a Flux.concat back in front of every request.
        // RouterFunctions.nest, not the builder's path(): the builder adds a concatMap over its one nested route.
        return RouterFunctions.nest(RequestPredicates.path(BASE_PATH), routes.followedBy(MethodNotAllowedRoute.after(routes)));
    }
}

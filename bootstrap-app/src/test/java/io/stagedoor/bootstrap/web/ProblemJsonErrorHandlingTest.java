package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

@Import(ProblemJsonErrorHandlingTest.ProbeRoutes.class)
class ProblemJsonErrorHandlingTest extends StagedoorAppTest {

    record Probe(Long amount, String name) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ProbeRoutes {

        @Bean
        PublicRoutes probeRoutes() {
            return new PublicRoutes(RouterFunctions.route()
                    .POST("/probe", request -> request.bodyToMono(Probe.class)
                            .switchIfEmpty(Mono.error(new ServerWebInputException("Request body is required")))
                            .flatMap(probe -> ServerResponse.ok().bodyValue(probe)))
                    .GET("/probe/boom", request -> Mono.error(new IllegalStateException("internal detail that must not leak")))
                    .GET("/probe/not-authenticated", request -> Mono.error(new BadCredentialsException("bad credentials")))
                    .GET("/probe/denied", request -> Mono.error(new AccessDeniedException("denied")))
                    .build());
        }

        @Bean
        AdminRoutes probeAdminRoutes() {
            return new AdminRoutes(RouterFunctions.route()
                    .GET("/admin/probe", request -> ServerResponse.ok().bodyValue("admin ok"))
                    .build());
        }
    }

    @Test
    void wellFormedBodyReachesTheHandler() {
        client.post().uri("/api/v1/probe").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": 5, \"name\": \"x\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.amount").isEqualTo(5);
    }

    @Test
    void malformedJsonIsInvalidRequest() {
        expectInvalidRequest("{\"amount\": ", null);
    }

    @Test
    void stringWhereANumberBelongsIsInvalidRequestNamingTheField() {
        expectInvalidRequest("{\"amount\": \"5\"}", "amount");
    }

    @Test
    void decimalWhereAWholeNumberBelongsIsInvalidRequestNamingTheField() {
        expectInvalidRequest("{\"amount\": 5.5}", "amount");
    }

    @Test
    void numberBeyondLongRangeIsInvalidRequestNamingTheField() {
        expectInvalidRequest("{\"amount\": 123456789012345678901234567890}", "amount");
    }

    @Test
    void emptyBodyIsInvalidRequest() {
        client.post().uri("/api/v1/probe").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_REQUEST")
                .jsonPath("$.detail").isEqualTo("Request body is required");
    }

    @Test
    void unknownRouteIsNotFoundProblem() {
        client.get().uri("/api/v1/no-such-thing")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("NOT_FOUND")
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.instance").isEqualTo("/api/v1/no-such-thing");
    }

    @Test
    void moduleRoutesAreServedOnlyUnderTheApiBasePath() {
        client.post().uri("/probe").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": 5}")
                .exchange()
                .expectStatus().isNotFound();
        client.get().uri("/concerts").exchange().expectStatus().isNotFound();
        client.get().uri("/api/v1/concerts").exchange().expectStatus().isOk();
    }

    @Test
    void knownPathWithWrongMethodIsMethodNotAllowedWithAllowHeader() {
        client.delete().uri("/api/v1/probe")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader().valueEquals("Allow", "POST")
                .expectBody().jsonPath("$.code").isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void unexpectedFailureIsAGeneric500WithoutInternals() {
        client.get().uri("/api/v1/probe/boom")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
                .expectBody()
                .jsonPath("$.code").isEqualTo("INTERNAL_ERROR")
                .jsonPath("$.detail").isEqualTo("Something went wrong on our side");
    }

    @Test
    void springSecurityRefusalsLeaveAsTheContractsUnauthenticatedAndForbidden() {
        client.get().uri("/api/v1/probe/not-authenticated").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", challenge -> assertThat(challenge).startsWith("Bearer"))
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        client.get().uri("/api/v1/probe/denied").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
    }

    @Test
    void adminRouteRefusesAMissingOrWrongKeyAndServesTheRightOne() {
        client.get().uri("/api/v1/admin/probe").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("ADMIN_KEY_INVALID");
        client.get().uri("/api/v1/admin/probe").header("Admin-Key", "wrong").exchange()
                .expectStatus().isForbidden();
        client.get().uri("/api/v1/admin/probe").header("Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk();
    }

    @Test
    void healthReportsPostgresAndRedisUp() {
        managementClient().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
    }

    private void expectInvalidRequest(String body, String field) {
        var spec = client.post().uri("/api/v1/probe").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_REQUEST")
                .jsonPath("$.type").isEqualTo("https://stagedoor.dev/problems/invalid-request")
                .jsonPath("$.status").isEqualTo(400);
        if (field != null) {
            spec.jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail).contains("'" + field + "'"));
        }
    }
}

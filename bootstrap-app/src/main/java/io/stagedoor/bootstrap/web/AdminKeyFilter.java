package io.stagedoor.bootstrap.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Lets an operator route run only when the {@code Admin-Key} header equals the configured key (compared in constant time). */
final class AdminKeyFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    static final String HEADER = "Admin-Key";
    /** Shorter keys can be guessed; the app refuses to start with one. */
    static final int MIN_LENGTH = 32;

    private final byte[] key;

    AdminKeyFilter(String key) {
        if (key.length() < MIN_LENGTH) {
            throw new IllegalStateException("stagedoor.admin-key (STAGEDOOR_ADMIN_KEY) must be at least " + MIN_LENGTH
                    + " characters; it has " + key.length() + ". Use a long random secret, e.g. `openssl rand -hex 32`.");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        String presented = request.headers().firstHeader(HEADER);
        if (presented == null || !MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "A valid Admin-Key header is required");
            problem.setTitle("Admin key required");
            problem.setProperty("code", "ADMIN_KEY_INVALID");
            return Mono.error(new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null));
        }
        return next.handle(request);
    }
}

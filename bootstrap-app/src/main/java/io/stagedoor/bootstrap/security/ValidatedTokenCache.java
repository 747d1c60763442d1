package io.stagedoor.bootstrap.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Remembers validated bearer tokens on this instance, so a client's next requests with the same token skip parsing and
 * the signature check (an RSA verification is most of what the bearer check costs). Keyed by the SHA-256 of the whole
 * token (a tampered token is another key) and never kept past the token's own expiry; bounded in size (Caffeine).
 * Only successes are remembered: a refused token is checked again every time.
 */
final class ValidatedTokenCache implements ReactiveAuthenticationManager {

    private record Digest(long a, long b, long c, long d) {
    }

    private final ReactiveAuthenticationManager validation;
    private final Clock clock;
    private final Cache<Digest, UserAuthentication> validated;
    private final MessageDigest sha256;

    ValidatedTokenCache(ReactiveAuthenticationManager validation, int maxTokens, Clock clock) {
        this.validation = validation;
        this.clock = clock;
        this.validated = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .expireAfter(Expiry.<Digest, UserAuthentication>creating((digest, user) -> untilExpiry(user)))
                .build();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            return validation.authenticate(authentication);
        }
        Digest key = digest(bearer.getToken());
        UserAuthentication known = validated.getIfPresent(key);
        if (known != null && clock.instant().isBefore(known.expiresAt())) {
            return Mono.just(known);
        }
        return validation.authenticate(authentication)
                .doOnNext(user -> Optional.of(user)
                        .filter(UserAuthentication.class::isInstance)
                        .map(UserAuthentication.class::cast)
                        .filter(valid -> !untilExpiry(valid).isNegative())
                        .ifPresent(valid -> validated.put(key, valid)));
    }

    private Duration untilExpiry(UserAuthentication user) {
        return Duration.between(clock.instant(), user.expiresAt());
    }

    private Digest digest(String token) {
        MessageDigest digest = cloned();
        ByteBuffer hash = ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
        return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }

    private MessageDigest cloned() {
        try {
            return (MessageDigest) sha256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned on this JVM", e);
        }
    }
}

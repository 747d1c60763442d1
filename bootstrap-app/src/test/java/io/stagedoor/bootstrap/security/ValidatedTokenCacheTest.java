package io.stagedoor.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.bootstrap.support.TestSigningKey;
import io.stagedoor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;

/** The validated-token cache over the real decoder: it saves repeat validations, never outlives a token, never mixes tokens. */
class ValidatedTokenCacheTest {

    private static final String ISSUER = "stagedoor";
    private static final TestSigningKey KEY = TestSigningKey.generate();

    private final MutableClock clock = MutableClock.atSystemTime();
    private final AtomicInteger validations = new AtomicInteger();
    private final ReactiveAuthenticationManager cache = new ValidatedTokenCache(countingValidation(), 1_000, clock);

    @Test
    void aRepeatedTokenIsValidatedOnce() {
        String token = KEY.accessToken(ISSUER, 42, Duration.ofMinutes(15));

        for (int i = 0; i < 5; i++) {
            assertThat(userOf(token)).isEqualTo(42);
        }
        assertThat(validations).hasValue(1);
    }

    @Test
    void aCachedTokenIsNeverAcceptedPastItsExpiry() {
        String token = KEY.accessToken(ISSUER, 42, Duration.ofMinutes(2));
        assertThat(userOf(token)).isEqualTo(42);

        clock.advance(Duration.ofMinutes(3));

        assertThatThrownBy(() -> userOf(token)).isInstanceOf(AuthenticationException.class);
        assertThat(validations).as("asked the validator again, which refused").hasValue(2);
    }

    @Test
    void aTokenTamperedAfterItsOriginalWasCachedIsValidatedAndRefused() {
        String token = KEY.accessToken(ISSUER, 42, Duration.ofMinutes(15));
        userOf(token);
        String[] parts = token.split("\\.");
        String otherPayload = KEY.accessToken(ISSUER, 43, Duration.ofMinutes(15)).split("\\.")[1];

        assertThatThrownBy(() -> userOf(parts[0] + "." + otherPayload + "." + parts[2]))
                .isInstanceOf(AuthenticationException.class);
    }

    private long userOf(String token) {
        UserAuthentication user = (UserAuthentication) cache.authenticate(new BearerTokenAuthenticationToken(token)).block();
        return user.userId();
    }

    private ReactiveAuthenticationManager countingValidation() {
        SigningKeys keys = SigningKeys.fromPem(KEY.privatePem(), List.of());
        JwtReactiveAuthenticationManager validation = new JwtReactiveAuthenticationManager(TokenDecoders.builtIn(keys, ISSUER, clock));
        validation.setJwtAuthenticationConverter(TokenUsers.builtIn());
        return authentication -> {
            validations.incrementAndGet();
            return validation.authenticate(authentication);
        };
    }

    @Test
    void theClockOfTheTestIsTheOneTheValidatorUses() {
        // guards the test above: without the shared clock an expired token would look valid to the validator
        clock.set(Instant.now().plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> userOf(KEY.accessToken(ISSUER, 42, Duration.ofMinutes(15))))
                .isInstanceOf(AuthenticationException.class);
    }
}

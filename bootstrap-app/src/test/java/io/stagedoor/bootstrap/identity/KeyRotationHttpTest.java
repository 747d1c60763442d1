package io.stagedoor.bootstrap.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.bootstrap.support.TestSigningKey;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A signing-key rotation across instances, as docs/security.md prescribes it: during the switch some instances sign with
 * the old key and some with the new one, and every instance accepts both; once every instance signs with the new key,
 * the old one is dropped and its tokens are refused.
 */
class KeyRotationHttpTest extends StagedoorAppTest {

    private static final TestSigningKey NEW_KEY = TestSigningKey.generate();

    /** This class's app is an instance that still signs with the old key ({@link #SIGNING_KEY}) and accepts the new one. */
    @DynamicPropertySource
    static void acceptsTheNewKey(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.identity.accepted-keys", NEW_KEY::publicPem);
    }

    @Test
    void duringTheSwitchEveryInstanceAcceptsTokensOfBothKeysAndAfterItTheOldKeyIsRefused() {
        long userId = signUp().userId();
        ConfigurableApplicationContext switched = startAnotherInstance(
                "stagedoor.identity.signing-key=" + NEW_KEY.privatePem(),
                "stagedoor.identity.accepted-keys=" + SIGNING_KEY.publicPem());
        try {
            WebTestClient oldSigner = client;
            WebTestClient newSigner = clientFor(portOf(switched));
            String signedWithNewKey = signIn(newSigner, userId, PASSWORD).accessToken();
            String signedWithOldKey = signIn(oldSigner, userId, PASSWORD).accessToken();

            assertThat(keyIdOf(signedWithNewKey)).isEqualTo(NEW_KEY.keyId());
            assertThat(keyIdOf(signedWithOldKey)).isEqualTo(SIGNING_KEY.keyId());
            for (WebTestClient instance : List.of(oldSigner, newSigner)) {
                balance(instance, userId, signedWithNewKey).expectStatus().isOk();
                balance(instance, userId, signedWithOldKey).expectStatus().isOk();
                assertThat(publishedKeyIds(instance)).containsExactlyInAnyOrder(SIGNING_KEY.keyId(), NEW_KEY.keyId());
            }

            ConfigurableApplicationContext rotated = startAnotherInstance(
                    "stagedoor.identity.signing-key=" + NEW_KEY.privatePem(), "stagedoor.identity.accepted-keys=");
            try {
                WebTestClient afterwards = clientFor(portOf(rotated));
                balance(afterwards, userId, signedWithNewKey).expectStatus().isOk();
                balance(afterwards, userId, signedWithOldKey).expectStatus().isUnauthorized()
                        .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
                assertThat(publishedKeyIds(afterwards)).containsExactly(NEW_KEY.keyId());
            } finally {
                rotated.close();
            }
        } finally {
            switched.close();
        }
    }

    private static WebTestClient.ResponseSpec balance(WebTestClient instance, long userId, String accessToken) {
        return instance.get().uri("/api/v1/users/{id}/balance", userId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).exchange();
    }

    private static List<String> publishedKeyIds(WebTestClient instance) {
        Map<?, ?> jwks = instance.get().uri("/api/v1/auth/jwks").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((List<?>) jwks.get("keys")).stream().map(key -> (String) ((Map<?, ?>) key).get("kid")).toList();
    }

    private static String keyIdOf(String accessToken) {
        try {
            return SignedJWT.parse(accessToken).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}

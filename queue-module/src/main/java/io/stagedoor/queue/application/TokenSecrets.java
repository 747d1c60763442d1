package io.stagedoor.queue.application;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import io.stagedoor.queue.domain.QueueToken;

/**
 * Random bytes for token secrets from a DRBG (NIST SP 800-90A, 256-bit strength) that is seeded once, here in the
 * constructor. Afterwards drawing bytes is pure computation, so it is safe on an event-loop thread, unlike the
 * default NativePRNG, which reads /dev/urandom on every call.
 */
final class TokenSecrets {

    private final SecureRandom random;

    TokenSecrets() {
        try {
            random = SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256,
                    DrbgParameters.Capability.RESEED_ONLY, "stagedoor-queue-token".getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no DRBG SecureRandom", e);
        }
        random.nextBytes(new byte[1]); // instantiate (and seed) now, off any event loop
    }

    /** {@value QueueToken#SECRET_BYTES} fresh random bytes. */
    public byte[] next() {
        byte[] bytes = new byte[QueueToken.SECRET_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }
}

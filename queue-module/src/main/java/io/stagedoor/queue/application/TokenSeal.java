package io.stagedoor.queue.application;

import io.stagedoor.queue.domain.QueueToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals queue tokens: HMAC-SHA256 over {@code <concertId>.<userId>.<seq>.<random>}, truncated to 128 bits (base64url,
 * 22 characters). Every instance holds the same key ({@code stagedoor.queue.token-key}), so a token sealed by one is
 * trusted by all: its sequence number and user can be believed without asking Redis, and a token whose seq, user or
 * concert was changed is refused without asking Redis either.
 *
 * <p>The {@link Mac} is made once here (provider look-up may read files) and cloned per thread, so sealing on an event
 * loop is pure computation.
 */
final class TokenSeal {

    /** Bytes of the HMAC kept in the seal. */
    static final int SEAL_BYTES = 16;
    /** Shortest key accepted, in bytes. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    TokenSeal(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a queue token key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        Mac prototype;
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key, ALGORITHM));
            ((Mac) prototype.clone()).doFinal(); // a provider whose Mac cannot be cloned fails here, at start-up
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("This JVM cannot compute " + ALGORITHM, e);
        }
        Mac template = prototype;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return (Mac) template.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The token with its seal; a token without a sequence number (old format) is returned as it is. */
    public QueueToken seal(QueueToken token) {
        return token.carriesSeq() ? token.withSeal(sealOf(token)) : token;
    }

    /**
     * Whether the token may be believed: a sealed one whose seal matches, or an old-format one (no sequence number,
     * no seal; only the store can vouch for it). A sequence number without a seal is never believed.
     */
    public boolean trusted(QueueToken token) {
        if (!token.carriesSeq()) {
            return !token.sealed();
        }
        return token.sealed() && MessageDigest.isEqual(
                sealOf(token).getBytes(StandardCharsets.US_ASCII), token.seal().getBytes(StandardCharsets.US_ASCII));
    }

    private String sealOf(QueueToken token) {
        Mac mac = macs.get();
        byte[] full = mac.doFinal(token.sealedPart().getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, SEAL_BYTES));
    }
}

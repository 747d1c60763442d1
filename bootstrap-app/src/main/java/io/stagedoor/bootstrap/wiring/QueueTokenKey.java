package io.stagedoor.bootstrap.wiring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Which key seals queue tokens (docs/queue.md, Tokens). Every instance must use the same one, or a token handed out by
 * one instance is refused by the next.
 */
final class QueueTokenKey {

    private static final Log log = LogFactory.getLog(QueueTokenKey.class);
    static final String SETTING = "stagedoor.queue.token-key (env STAGEDOOR_QUEUE_TOKEN_KEY)";
    static final int MIN_CHARACTERS = 32;

    private QueueTokenKey() {
    }

    /**
     * The configured key (its UTF-8 bytes, at least {@value #MIN_CHARACTERS} characters); else SHA-256 of a label and
     * the access-token signing key PEM, which every instance already shares (and which stays secret, so the derived key
     * does too); else, on embedded servers only, a random key for this process.
     */
    static byte[] choose(String configured, String signingKeyPem, boolean embeddedServers) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MIN_CHARACTERS) {
                throw new IllegalStateException(SETTING + " must be at least " + MIN_CHARACTERS + " characters, e.g. "
                        + "`openssl rand -base64 32`");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        if (signingKeyPem != null && !signingKeyPem.isBlank()) {
            return sha256("stagedoor queue token seal\n" + signingKeyPem);
        }
        if (!embeddedServers) {
            // the built-in issuer's missing signing key is refused before this (QueueWiring waits for the validated
            // keys), so this is met with an external issuer and no token key: it names both settings
            throw new IllegalStateException(SETTING + " is not set (nor stagedoor.identity.signing-key, env "
                    + "STAGEDOOR_IDENTITY_SIGNING_KEY, to derive it from). "
                    + "With real servers every instance needs the same key to seal queue tokens, e.g. from "
                    + "`openssl rand -base64 32`");
        }
        log.warn("No " + SETTING + " set: generated a queue token key for this process only. Queue tokens are refused "
                + "by any other instance and after a restart; set the key for anything but a demo.");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}

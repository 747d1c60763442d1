package io.stagedoor.payment.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An admission as stored: the SHA-256 of its queue token in hex, so the table never holds a usable token. Here, not
 * in the domain, which uses nothing of the JDK beyond the language (java.security included).
 */
public final class Admission {

    private Admission() {
    }

    public static String of(String queueToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(queueToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }
}

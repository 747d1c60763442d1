package io.stagedoor.payment.application;

import io.stagedoor.payment.domain.PaymentRequest;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a request's canonical form (the hashing lives here: the domain stays free of java.security). */
public final class RequestFingerprints {

    private static final String ALGORITHM = "SHA-256";

    public RequestFingerprints() {
        // resolve the provider once, at wiring time, so the first request on an event loop does not load it
        digest();
    }

    public RequestFingerprint of(PaymentRequest request) {
        byte[] hash = digest().digest(request.canonical().getBytes(StandardCharsets.UTF_8));
        return new RequestFingerprint(HexFormat.of().formatHex(hash));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java runtime", e);
        }
    }
}

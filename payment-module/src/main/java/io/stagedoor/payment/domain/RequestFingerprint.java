package io.stagedoor.payment.domain;

/** The SHA-256 of a request's canonical form, as 64 lower-case hex digits; what a stored key remembers of its request. */
public record RequestFingerprint(String hex) {

    public RequestFingerprint {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a request fingerprint is 64 lower-case hex digits");
        }
    }

    public boolean matches(RequestFingerprint other) {
        return hex.equals(other.hex);
    }
}

package io.stagedoor.account.api;

/**
 * A user as an external OpenID Connect issuer names it: the issuer, the subject (the claim configured as the user),
 * and a display name for a user created for it (a name-like claim, or the subject).
 */
public record ExternalSubject(String issuer, String subject, String displayName) {

    public static final int MAX_LENGTH = 255;

    public ExternalSubject {
        issuer = required(issuer, "issuer");
        subject = required(subject, "subject");
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the token's " + what + " is missing");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the token's " + what + " is longer than " + MAX_LENGTH + " characters");
        }
        return value;
    }
}

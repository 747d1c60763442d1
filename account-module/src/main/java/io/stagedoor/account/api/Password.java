package io.stagedoor.account.api;

import java.util.Objects;

/**
 * A password as the user typed it: 12 to 128 characters (code points). It is only ever hashed or compared with a
 * hash; {@link #toString()} never shows it, so no log line or exception message can carry it.
 */
public final class Password {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private final String value;

    private Password(String value) {
        this.value = value;
    }

    /** A password of allowed length; anything else is refused with an {@link IllegalArgumentException} (never naming it). */
    public static Password of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("password is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        return new Password(value);
    }

    /** The clear text, for the hasher only. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Password password && value.equals(password.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "Password[redacted]";
    }
}

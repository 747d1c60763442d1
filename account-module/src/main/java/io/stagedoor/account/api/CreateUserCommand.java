package io.stagedoor.account.api;

import java.util.Objects;

/**
 * A sign-up. The name is stripped of surrounding blanks and must then be 1..100 characters without control characters;
 * anything else is refused here with an {@link IllegalArgumentException}. The password is already a valid
 * {@link Password}.
 */
public record CreateUserCommand(String name, Password password) {

    public static final int MAX_NAME_LENGTH = 100;

    public CreateUserCommand {
        name = validName(name);
        Objects.requireNonNull(password, "password");
    }

    /** The name rules of every user, also of one created for an external subject. */
    public static String validName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name is required");
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (stripped.codePointCount(0, stripped.length()) > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must not contain control characters");
        }
        return stripped;
    }
}

package io.stagedoor.account.api;

import java.util.Objects;

/**
 * A sign-up. The name is stripped of surrounding blanks and must then be 1..100 characters without control characters,
 * bidirectional overrides or isolates, or unpaired surrogates;
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
        if (stripped.codePoints().anyMatch(CreateUserCommand::isBidiControl)) {
            throw new IllegalArgumentException("name must not contain bidirectional override or isolate characters");
        }
        if (stripped.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
            throw new IllegalArgumentException("name must be valid Unicode (no unpaired surrogates)");
        }
        return stripped;
    }

    /**
     * Embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) reorder the text around a name wherever it is
     * shown — "Kim\u202Egnp.exe" — so a name could pass for another one.
     */
    private static boolean isBidiControl(int codePoint) {
        return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
    }
}

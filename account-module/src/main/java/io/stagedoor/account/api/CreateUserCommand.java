package io.stagedoor.account.api;

/**
 * A request to register a user. The name is stripped of surrounding blanks and must then be 1..100 characters
 * without control characters; anything else is refused here with an {@link IllegalArgumentException}.
 */
public record CreateUserCommand(String name) {

    public static final int MAX_NAME_LENGTH = 100;

    public CreateUserCommand {
        if (name == null) {
            throw new IllegalArgumentException("name is required");
        }
        name = name.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must not contain control characters");
        }
    }
}

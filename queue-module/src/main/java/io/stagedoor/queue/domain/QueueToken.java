package io.stagedoor.queue.domain;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A queue token: {@code <concertId>.<userId>.<secret>}, where the secret is 128 random bits in base64url (22 chars).
 * The ids make the token self-locating (its room and its holder need no lookup table), the secret makes it
 * unguessable: the store keeps the secret and a token only counts if its secret matches.
 */
public record QueueToken(long concertId, long userId, String secret) {

    /** Random bytes behind a secret. */
    public static final int SECRET_BYTES = 16;
    private static final int SECRET_LENGTH = 22;
    private static final int MAX_LENGTH = 64;
    private static final Pattern SHAPE = Pattern.compile("([1-9][0-9]{0,17})\\.([1-9][0-9]{0,17})\\.([A-Za-z0-9_-]{22})");

    public QueueToken {
        if (concertId <= 0 || userId <= 0) {
            throw new IllegalArgumentException("concertId and userId must be positive");
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length() != SECRET_LENGTH) {
            throw new IllegalArgumentException("secret must be " + SECRET_LENGTH + " base64url characters");
        }
    }

    /** A new token for a user and concert from {@value #SECRET_BYTES} random bytes. */
    public static QueueToken issue(long concertId, long userId, byte[] randomBytes) {
        if (randomBytes.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a token secret needs exactly " + SECRET_BYTES + " random bytes");
        }
        return new QueueToken(concertId, userId, Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes));
    }

    /** Reads a token as clients send it; empty when it is not shaped like one (which makes it invalid). */
    public static Optional<QueueToken> parse(String raw) {
        if (raw == null || raw.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        var matcher = SHAPE.matcher(raw.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new QueueToken(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                matcher.group(3)));
    }

    /** The token as clients carry it. */
    public String value() {
        return concertId + "." + userId + "." + secret;
    }

    @Override
    public String toString() {
        return concertId + "." + userId + ".***";
    }
}

package io.stagedoor.queue.domain;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A queue token: {@code <concertId>.<userId>.<seq>.<random>.<seal>}. The ids make the token self-locating (its room and
 * its holder need no lookup table); {@code <seq>.<random>} is the secret the store keeps (the place's sequence number
 * and 128 random bits in base64url), so a token only counts while its secret matches; the seal (an HMAC over the rest,
 * made and checked by the application) lets an instance trust the sequence number without asking the store, which is
 * what answers a status poll from memory.
 *
 * <p>Tokens issued before sequence numbers were carried read {@code <concertId>.<userId>.<random>} (no sequence, no
 * seal). They still parse: their secret is the random part alone and every question about them goes to the store.
 */
public record QueueToken(long concertId, long userId, String secret, String seal) {

    /** Random bytes behind a secret. */
    public static final int SECRET_BYTES = 16;
    private static final int RANDOM_LENGTH = 22;
    private static final int MAX_LENGTH = 128;
    private static final String ID = "([1-9][0-9]{0,17})";
    private static final String RANDOM = "([A-Za-z0-9_-]{22})";
    private static final Pattern SEALED = Pattern.compile(ID + "\\." + ID + "\\." + ID + "\\." + RANDOM + "\\." + RANDOM);
    private static final Pattern LEGACY = Pattern.compile(ID + "\\." + ID + "\\." + RANDOM);
    private static final Pattern SECRET = Pattern.compile("([1-9][0-9]{0,17}\\.)?[A-Za-z0-9_-]{22}");

    public QueueToken {
        if (concertId <= 0 || userId <= 0) {
            throw new IllegalArgumentException("concertId and userId must be positive");
        }
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(seal, "seal");
        if (!SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("secret must be [<seq>.]<" + RANDOM_LENGTH + " base64url characters>");
        }
    }

    /** An unsealed token (as the store hands it back, or an old-format one). */
    public QueueToken(long concertId, long userId, String secret) {
        this(concertId, userId, secret, "");
    }

    /**
     * A candidate token for a user and concert from {@value #SECRET_BYTES} random bytes: the store prefixes the
     * sequence number it hands out to the random part, and the application seals the result.
     */
    public static QueueToken issue(long concertId, long userId, byte[] randomBytes) {
        if (randomBytes.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a token secret needs exactly " + SECRET_BYTES + " random bytes");
        }
        return new QueueToken(concertId, userId, Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes));
    }

    /**
     * Reads a token as clients send it; empty when it is not shaped like one (which makes it invalid). A parsed sealed
     * token is not yet trusted: its seal must be checked.
     */
    public static Optional<QueueToken> parse(String raw) {
        if (raw == null || raw.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String trimmed = raw.trim();
        var sealed = SEALED.matcher(trimmed);
        if (sealed.matches()) {
            return Optional.of(new QueueToken(Long.parseLong(sealed.group(1)), Long.parseLong(sealed.group(2)),
                    sealed.group(3) + "." + sealed.group(4), sealed.group(5)));
        }
        var legacy = LEGACY.matcher(trimmed);
        if (legacy.matches()) {
            return Optional.of(new QueueToken(Long.parseLong(legacy.group(1)), Long.parseLong(legacy.group(2)),
                    legacy.group(3)));
        }
        return Optional.empty();
    }

    /** The place's sequence number the token carries; 0 for an old-format token. */
    public long seq() {
        int dot = secret.indexOf('.');
        return dot < 0 ? 0 : Long.parseLong(secret.substring(0, dot));
    }

    /** Whether the token carries its sequence number (and so must carry a seal). */
    public boolean carriesSeq() {
        return secret.indexOf('.') >= 0;
    }

    public boolean sealed() {
        return !seal.isEmpty();
    }

    /** What the seal covers: everything but the seal. */
    public String sealedPart() {
        return concertId + "." + userId + "." + secret;
    }

    public QueueToken withSeal(String newSeal) {
        return new QueueToken(concertId, userId, secret, newSeal);
    }

    /** The token as clients carry it. */
    public String value() {
        return seal.isEmpty() ? sealedPart() : sealedPart() + "." + seal;
    }

    @Override
    public String toString() {
        return concertId + "." + userId + ".***";
    }
}

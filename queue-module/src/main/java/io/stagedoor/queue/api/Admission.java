package io.stagedoor.queue.api;

import java.time.Instant;

/** Proof that a token is ACTIVE: who it admits, to which concert, and until when. */
public record Admission(String token, long userId, long concertId, Instant activeUntil) {
}

package io.stagedoor.queue.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import java.time.Instant;

/** Proof that a token is ACTIVE: who it admits, to which concert, and until when. */
public record Admission(String token, UserId userId, ConcertId concertId, Instant activeUntil) {
}

package io.stagedoor.concert.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's claim on one seat. The stored status changes only through the seat's conditional updates; a HELD
 * reservation whose hold ran out is already EXPIRED in effect ({@link #statusAt}) before the sweeper writes it.
 */
public record Reservation(long id, long userId, long concertId, long scheduleId, int seatNumber, long price,
                          ReservationStatus status, Instant expiresAt) {

    public Reservation {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Live: HELD and {@code now < expiresAt}. */
    public boolean isLiveAt(Instant now) {
        return status == ReservationStatus.HELD && HoldPolicy.isLive(expiresAt, now);
    }

    /** The status a caller sees at {@code now}: a HELD reservation past its expiry is EXPIRED. */
    public ReservationStatus statusAt(Instant now) {
        return status == ReservationStatus.HELD && !isLiveAt(now) ? ReservationStatus.EXPIRED : status;
    }

    /** Whether the sweeper may mark it EXPIRED: only a HELD one whose hold ran out, never a CONFIRMED one. */
    public boolean isSweepableAt(Instant now) {
        return status == ReservationStatus.HELD && !HoldPolicy.isLive(expiresAt, now);
    }

    public boolean isOwnedBy(long candidateUserId) {
        return userId == candidateUserId;
    }

    /** Empty when {@code caller} may confirm (pay) it at {@code now}; otherwise why not. */
    public Optional<ReservationRefusal> refusalToConfirm(long caller, Instant now) {
        if (!isOwnedBy(caller)) {
            return Optional.of(ReservationRefusal.NOT_YOURS);
        }
        return switch (statusAt(now)) {
            case HELD -> Optional.empty();
            case CONFIRMED -> Optional.of(ReservationRefusal.ALREADY_PAID);
            case EXPIRED, CANCELLED -> Optional.of(ReservationRefusal.EXPIRED);
        };
    }

    /**
     * Empty when {@code caller} may cancel it at {@code now} (a live hold, or one already cancelled: cancelling twice
     * is harmless); otherwise why not. A paid reservation is not released by a cancel.
     */
    public Optional<ReservationRefusal> refusalToCancel(long caller, Instant now) {
        if (!isOwnedBy(caller)) {
            return Optional.of(ReservationRefusal.NOT_YOURS);
        }
        return switch (statusAt(now)) {
            case HELD, CANCELLED -> Optional.empty();
            case CONFIRMED -> Optional.of(ReservationRefusal.ALREADY_PAID);
            case EXPIRED -> Optional.of(ReservationRefusal.EXPIRED);
        };
    }

    /** HELD and live → CONFIRMED, or the refusal as an exception (the database applies the same rule atomically). */
    public Reservation confirmedBy(long caller, Instant now) {
        refusalToConfirm(caller, now).ifPresent(refusal -> {
            throw new IllegalStateException("reservation " + id + " cannot be confirmed: " + refusal);
        });
        return withStatus(ReservationStatus.CONFIRMED);
    }

    /** A live hold → CANCELLED (seat free at once); an already cancelled one stays as it is. */
    public Reservation cancelledBy(long caller, Instant now) {
        refusalToCancel(caller, now).ifPresent(refusal -> {
            throw new IllegalStateException("reservation " + id + " cannot be cancelled: " + refusal);
        });
        return withStatus(ReservationStatus.CANCELLED);
    }

    /** What the sweeper does: HELD past its expiry → EXPIRED; anything else is left alone. */
    public Reservation sweptAt(Instant now) {
        return isSweepableAt(now) ? withStatus(ReservationStatus.EXPIRED) : this;
    }

    private Reservation withStatus(ReservationStatus newStatus) {
        return new Reservation(id, userId, concertId, scheduleId, seatNumber, price, newStatus, expiresAt);
    }
}

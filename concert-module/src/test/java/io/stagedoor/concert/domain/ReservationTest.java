package io.stagedoor.concert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private static final Instant T0 = Instant.parse("2026-12-24T10:00:00Z");
    private static final Instant EXPIRES = T0.plusSeconds(300);
    private static final long HOLDER = 42;
    private static final long STRANGER = 43;

    private static Reservation reservation(ReservationStatus status) {
        return new Reservation(91, HOLDER, 1, 3, 7, 130_000, status, EXPIRES);
    }

    @Test
    void holdIsLiveWhileNowIsBeforeExpiresAt() {
        Reservation held = reservation(ReservationStatus.HELD);

        assertThat(held.isLiveAt(EXPIRES.minusMillis(1))).isTrue();
        assertThat(held.statusAt(EXPIRES.minusMillis(1))).isEqualTo(ReservationStatus.HELD);
        assertThat(held.isLiveAt(EXPIRES)).isFalse();
    }

    @Test
    void heldReservationPastItsExpiryReadsAsExpired() {
        assertThat(reservation(ReservationStatus.HELD).statusAt(EXPIRES)).isEqualTo(ReservationStatus.EXPIRED);
    }

    @Test
    void confirmedReservationStaysConfirmedForeverAndIsNeverSwept() {
        Reservation confirmed = reservation(ReservationStatus.CONFIRMED);
        Instant muchLater = EXPIRES.plusSeconds(86_400);

        assertThat(confirmed.statusAt(muchLater)).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(confirmed.isSweepableAt(muchLater)).isFalse();
        assertThat(confirmed.sweptAt(muchLater)).isEqualTo(confirmed);
    }

    @Test
    void sweeperExpiresOnlyHoldsThatRanOut() {
        Reservation held = reservation(ReservationStatus.HELD);

        assertThat(held.isSweepableAt(EXPIRES.minusMillis(1))).isFalse();
        assertThat(held.sweptAt(EXPIRES.minusMillis(1)).status()).isEqualTo(ReservationStatus.HELD);
        assertThat(held.isSweepableAt(EXPIRES)).isTrue();
        assertThat(held.sweptAt(EXPIRES).status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(reservation(ReservationStatus.CANCELLED).isSweepableAt(EXPIRES)).isFalse();
    }

    @Test
    void holderConfirmsALiveHold() {
        Reservation held = reservation(ReservationStatus.HELD);

        assertThat(held.refusalToConfirm(HOLDER, T0)).isEmpty();
        assertThat(held.confirmedBy(HOLDER, T0).status()).isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void onlyTheHolderCanConfirmOrCancel() {
        Reservation held = reservation(ReservationStatus.HELD);

        assertThat(held.refusalToConfirm(STRANGER, T0)).contains(ReservationRefusal.NOT_YOURS);
        assertThat(held.refusalToCancel(STRANGER, T0)).contains(ReservationRefusal.NOT_YOURS);
        assertThatThrownBy(() -> held.confirmedBy(STRANGER, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> held.cancelledBy(STRANGER, T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void holderCannotConfirmAHoldThatRanOut() {
        assertThat(reservation(ReservationStatus.HELD).refusalToConfirm(HOLDER, EXPIRES))
                .contains(ReservationRefusal.EXPIRED);
        assertThat(reservation(ReservationStatus.EXPIRED).refusalToConfirm(HOLDER, T0))
                .contains(ReservationRefusal.EXPIRED);
        assertThat(reservation(ReservationStatus.CANCELLED).refusalToConfirm(HOLDER, T0))
                .contains(ReservationRefusal.EXPIRED);
    }

    @Test
    void paidReservationIsNotPaidTwiceNorCancelled() {
        Reservation confirmed = reservation(ReservationStatus.CONFIRMED);

        assertThat(confirmed.refusalToConfirm(HOLDER, T0)).contains(ReservationRefusal.ALREADY_PAID);
        assertThat(confirmed.refusalToCancel(HOLDER, T0)).contains(ReservationRefusal.ALREADY_PAID);
    }

    @Test
    void holderCancelsALiveHoldAndCancellingTwiceIsHarmless() {
        Reservation cancelled = reservation(ReservationStatus.HELD).cancelledBy(HOLDER, T0);

        assertThat(cancelled.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(cancelled.refusalToCancel(HOLDER, T0)).isEmpty();
    }

    @Test
    void holdThatRanOutCannotBeCancelled() {
        assertThat(reservation(ReservationStatus.HELD).refusalToCancel(HOLDER, EXPIRES))
                .contains(ReservationRefusal.EXPIRED);
    }
}

package io.stagedoor.concert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeatTest {

    private static final Instant T0 = Instant.parse("2026-12-24T10:00:00Z");
    private static final HoldPolicy FIVE_MINUTES = HoldPolicy.standard();

    @Test
    void availableSeatIsFree() {
        assertThat(Seat.available(3, 7, 130_000).isFreeAt(T0)).isTrue();
    }

    @Test
    void heldSeatIsNotFreeWhileTheHoldIsLive() {
        Seat held = Seat.available(3, 7, 130_000).heldBy(42, T0, FIVE_MINUTES);

        assertThat(held.status()).isEqualTo(SeatStatus.HELD);
        assertThat(held.heldBy()).isEqualTo(42L);
        assertThat(held.holdExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(held.isFreeAt(T0.plus(Duration.ofMinutes(5)).minusMillis(1))).isFalse();
    }

    @Test
    void expiredHoldFreesTheSeatWithoutASweep() {
        Seat held = Seat.available(3, 7, 130_000).heldBy(42, T0, FIVE_MINUTES);

        assertThat(held.isFreeAt(T0.plus(Duration.ofMinutes(5)))).isTrue();
    }

    @Test
    void secondHolderIsRefusedWhileSeatIsHeld() {
        Seat held = Seat.available(3, 7, 130_000).heldBy(42, T0, FIVE_MINUTES);

        assertThatThrownBy(() -> held.heldBy(43, T0.plusSeconds(10), FIVE_MINUTES))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherUserTakesTheSeatOnceTheHoldRanOut() {
        Seat held = Seat.available(3, 7, 130_000).heldBy(42, T0, FIVE_MINUTES);
        Instant later = T0.plus(Duration.ofMinutes(6));

        Seat retaken = held.heldBy(43, later, FIVE_MINUTES);

        assertThat(retaken.heldBy()).isEqualTo(43L);
        assertThat(retaken.holdExpiresAt()).isEqualTo(later.plus(Duration.ofMinutes(5)));
    }

    @Test
    void soldSeatIsNeverFree() {
        Seat sold = new Seat(3, 7, 130_000, SeatStatus.SOLD, 42L, null);

        assertThat(sold.isFreeAt(T0.plus(Duration.ofDays(365)))).isFalse();
    }
}

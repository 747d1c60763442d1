package io.stagedoor.concert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeatNumberingTest {

    @Test
    void seatsAreNumberedFromOneToFiftyByDefault() {
        SeatNumbering numbering = SeatNumbering.standard();

        assertThat(numbering.numbers().toArray()).startsWith(1).endsWith(50).hasSize(50);
        assertThat(numbering.contains(1)).isTrue();
        assertThat(numbering.contains(50)).isTrue();
        assertThat(numbering.contains(0)).isFalse();
        assertThat(numbering.contains(51)).isFalse();
        assertThat(numbering.contains(-1)).isFalse();
    }

    @Test
    void scheduleNeedsBetweenOneAndAThousandSeats() {
        assertThat(new SeatNumbering(1).numbers().toArray()).containsExactly(1);
        assertThatThrownBy(() -> new SeatNumbering(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeatNumbering(1001)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoomIndexRefreshTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aRoomIsRegisteredOnItsFirstJoinAndThenOncePerInterval() {
        RoomIndexRefresh refresh = new RoomIndexRefresh(Duration.ofSeconds(1));

        assertThat(refresh.due(1, T0, false)).isTrue();
        assertThat(refresh.due(1, T0.plusMillis(999), false)).isFalse();
        assertThat(refresh.due(2, T0.plusMillis(999), false)).as("another room").isTrue();
        assertThat(refresh.due(1, T0.plusSeconds(1), false)).isTrue();
        assertThat(refresh.due(1, T0.plusMillis(1500), false)).isFalse();
    }

    @Test
    void aClockThatWentBackRegistersAgain() {
        RoomIndexRefresh refresh = new RoomIndexRefresh(Duration.ofSeconds(1));
        refresh.due(1, T0, false);

        assertThat(refresh.due(1, T0.minusMillis(1), false)).isTrue();
    }

    @Test
    void aForgottenRegistrationIsTriedAgainOnTheNextJoin() {
        RoomIndexRefresh refresh = new RoomIndexRefresh(Duration.ofSeconds(1));
        refresh.due(1, T0, false);

        refresh.forget(1, T0);

        assertThat(refresh.due(1, T0.plusMillis(1), false)).isTrue();
    }

    @Test
    void aJoinThatFoundTheRoomIdleRegistersItEvenRightAfterTheLastRegistration() {
        RoomIndexRefresh refresh = new RoomIndexRefresh(Duration.ofSeconds(1));
        refresh.due(1, T0, false);

        assertThat(refresh.due(1, T0.plusMillis(1), true)).as("an admission round may have just retired it").isTrue();
        assertThat(refresh.due(1, T0.plusMillis(2), false)).as("counted as a registration").isFalse();
    }

    @Test
    void aZeroIntervalRegistersOnEveryJoin() {
        RoomIndexRefresh refresh = new RoomIndexRefresh(Duration.ZERO);

        assertThat(refresh.due(1, T0, false)).isTrue();
        assertThat(refresh.due(1, T0, false)).isTrue();
    }
}

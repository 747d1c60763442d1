package io.stagedoor.common.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypedIdsTest {

    static Stream<Arguments> ids() {
        return Stream.of(
                Arguments.of("userId", (LongFunction<Object>) UserId::of),
                Arguments.of("concertId", (LongFunction<Object>) ConcertId::of),
                Arguments.of("scheduleId", (LongFunction<Object>) ScheduleId::of),
                Arguments.of("reservationId", (LongFunction<Object>) ReservationId::of));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void zeroAndNegativeIdsAreRefusedNamingTheId(String name, LongFunction<Object> of) {
        for (long notAnId : new long[] {0, -1, Long.MIN_VALUE}) {
            assertThatIllegalArgumentException().isThrownBy(() -> of.apply(notAnId))
                    .withMessage(name + " must be a positive integer, not " + notAnId);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void anIdEqualsTheSameNumberAndPrintsAsTheBareNumber(String name, LongFunction<Object> of) {
        assertThat(of.apply(1)).isEqualTo(of.apply(1)).isNotEqualTo(of.apply(2));
        assertThat(of.apply(Long.MAX_VALUE)).hasToString(Long.toString(Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void idsOfDifferentThingsAreNeverEqual(String name, LongFunction<Object> of) {
        assertThat(Stream.of(UserId.of(7), ConcertId.of(7), ScheduleId.of(7), ReservationId.of(7))
                .filter(id -> id.equals(of.apply(7)))).hasSize(1);
    }
}

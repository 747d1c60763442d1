package io.stagedoor.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.load.report.OrderInversions.Waiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderInversionsTest {

    @Test
    void admittingInJoinOrderHasNoInversion() {
        List<Waiter> waiters = List.of(new Waiter(0, 1, 100), new Waiter(2, 3, 200), new Waiter(4, 5, 300));

        assertThat(OrderInversions.count(waiters)).isZero();
    }

    @Test
    void aLaterJoinerAdmittedFirstIsOneInversion() {
        List<Waiter> waiters = List.of(new Waiter(0, 1, 300), new Waiter(2, 3, 200), new Waiter(4, 5, 400));

        assertThat(OrderInversions.count(waiters)).isEqualTo(1);
    }

    @Test
    void fullyReversedAdmissionCountsEveryPair() {
        List<Waiter> waiters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiters.add(new Waiter(i * 10, i * 10 + 5, 1_000 - i));
        }

        assertThat(OrderInversions.count(waiters)).isEqualTo(45);
    }

    @Test
    void overlappingJoinsAreUnorderedSoEitherAdmissionOrderIsFair() {
        List<Waiter> waiters = List.of(new Waiter(0, 10, 200), new Waiter(5, 15, 100));

        assertThat(OrderInversions.count(waiters)).isZero();
    }

    @Test
    void admissionInTheSameTickIsNoInversion() {
        List<Waiter> waiters = List.of(new Waiter(0, 1, 100), new Waiter(2, 3, 100));

        assertThat(OrderInversions.count(waiters)).isZero();
    }

    @Test
    void theFastCountAgreesWithThePairwiseDefinition() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Waiter> waiters = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                long start = random.nextInt(1_000);
                waiters.add(new Waiter(start, start + random.nextInt(30), random.nextInt(200)));
            }
            assertThat(OrderInversions.count(waiters)).isEqualTo(OrderInversions.countNaive(waiters));
        }
    }
}

package io.stagedoor.load.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PassResultTest {

    @Test
    void throughputCountsOnlySuccessesPerMeasuredSecond() {
        PassResult result = new PassResult("p", 5_000, 700, Map.of("HTTP 500", 300L), 2_500_000_000L, LatencyStats.EMPTY, false);

        assertThat(result.throughput()).isCloseTo(2_000.0, within(1e-9));
        assertThat(result.errorCount()).isEqualTo(300);
        assertThat(result.seconds()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void requestsTheOpenLoopNeverSentAreNotCountedAsSent() {
        PassResult result = new PassResult("p", 900, 50, Map.of("HTTP 500", 20L, PassResult.NOT_SENT, 30L), 1_000_000_000L,
                LatencyStats.EMPTY, false);

        assertThat(result.errorCount()).isEqualTo(50);
        assertThat(result.sent()).isEqualTo(970);
    }

    @Test
    void noMeasuredTimeMeansNoThroughput() {
        assertThat(PassResult.perSecond(10, 0)).isZero();
    }
}

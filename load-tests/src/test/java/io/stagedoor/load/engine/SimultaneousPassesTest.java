package io.stagedoor.load.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stagedoor.load.engine.SimultaneousPasses.Lane;
import io.stagedoor.load.engine.SimultaneousPasses.Measured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SimultaneousPassesTest {

    private static final PassSettings TIMED = new PassSettings(2, Duration.ZERO, Duration.ofMillis(400), 1_000_000, Duration.ofSeconds(1));

    @Test
    void theLanesRunAtTheSameTimeNotOneAfterTheOther() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Operation tracked = seq -> Mono.defer(() -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return Mono.delay(Duration.ofMillis(5)).thenReturn(Outcome.ok()).doFinally(s -> inFlight.decrementAndGet());
        });
        List<Measured> measured = SimultaneousPasses.run(List.of(
                new Lane("a", TIMED, tracked, () -> Double.NaN),
                new Lane("b", TIMED, tracked, () -> Double.NaN),
                new Lane("c", TIMED, tracked, () -> Double.NaN)));

        // one lane alone never has more than its two workers' requests in flight
        assertThat(mostInFlight.get()).as("requests of several lanes in flight at once").isGreaterThan(TIMED.concurrency());
        assertThat(measured).extracting(m -> m.result().name()).containsExactly("a", "b", "c");
        assertThat(measured).allSatisfy(m -> assertThat(m.result().ok()).isPositive());
    }

    @Test
    void aLaneAtAFixedRateSendsWhatItsScheduleHoldsHoweverFastTheInstanceAnswers() {
        OpenLoopSettings hundredPerSecond = new OpenLoopSettings(100, Duration.ZERO, Duration.ofSeconds(1), 1_000_000,
                Duration.ofSeconds(1), 64);
        Operation instant = seq -> Mono.just(Outcome.ok());

        List<Measured> measured = SimultaneousPasses.run(List.of(
                new Lane("at rate", TIMED, instant, () -> Double.NaN, hundredPerSecond),
                new Lane("closed", TIMED, instant, () -> Double.NaN)));

        // a second at 100/s is 100 requests, however many the closed loop beside it pushes through meanwhile
        assertThat(measured.get(0).result().ok()).isEqualTo(100);
        assertThat(measured.get(1).result().ok()).isGreaterThan(100);
    }

    @Test
    void eachLanesCpuIsReadRightBeforeAndAfterItsPassAndChargedPerRequest() {
        // a fake instance whose CPU clock advances 0.001 s per request it serves
        AtomicLong served = new AtomicLong();
        PassSettings hundred = TIMED.withDuration(Duration.ofSeconds(5)).withMaxRequests(100);
        Operation counted = seq -> Mono.fromSupplier(() -> {
            served.incrementAndGet();
            return Outcome.ok();
        });

        List<Measured> measured = SimultaneousPasses.run(List.of(
                new Lane("counted", hundred, counted, () -> served.get() * 0.001),
                new Lane("unknown", hundred, seq -> Mono.just(Outcome.ok()), () -> Double.NaN)));

        assertThat(measured.get(0).cpuMicrosPerRequest()).isCloseTo(1_000.0, within(1e-6));
        assertThat(measured.get(1).cpuMicrosPerRequest()).isNaN();
    }

    @Test
    void whatAnInstanceBurnsIdleIsTakenOffEachRequestInProportionToThePassesLength() {
        PassResult hundred = new PassResult("slow", 100, 0, Map.of(), 2_000_000_000L, null, false);
        Measured measured = new Measured(hundred, 1_000, 2.0);

        // 0.01 cores idle over 2 s is 20 ms, 200 µs for each of the 100 requests
        assertThat(measured.cpuMicrosPerRequestBeyond(0.01)).isCloseTo(800.0, within(1e-9));
        assertThat(measured.cpuMicrosPerRequestBeyond(Double.NaN)).isEqualTo(1_000.0);
    }

    @Test
    void errorsAndRefusalsCountAsServedRequestsForTheCpuPerRequest() {
        PassResult result = new PassResult("mixed", 6, 2, Map.of("HTTP 500", 2L), 1_000_000_000L, null, false);

        assertThat(SimultaneousPasses.cpuMicrosPerRequest(1.0, 1.01, result)).isCloseTo(1_000.0, within(1e-6));
        assertThat(SimultaneousPasses.cpuMicrosPerRequest(Double.NaN, 1.01, result)).isNaN();
    }
}

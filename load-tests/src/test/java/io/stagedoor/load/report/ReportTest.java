package io.stagedoor.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.stagedoor.load.engine.LatencyStats;
import io.stagedoor.load.engine.PassResult;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void aRepeatedPassIsJudgedByTheMedianOfItsPairedRatios() {
        Report report = new Report();
        // 1,000 ok over one second each; paired ceilings make the ratios 0.50, 0.80 and 0.75
        report.pass("raw", pass("status poll #1"), Ceiling.REDIS, 0.70, 2_000.0);
        report.pass("raw", pass("status poll #2"), Ceiling.REDIS, 0.70, 1_250.0);
        report.pass("raw", pass("status poll #3"), Ceiling.REDIS, 0.70, 1_333.4);

        List<Report.Repeated> repeated = report.repeated();

        assertThat(repeated).hasSize(1);
        Report.Repeated status = repeated.get(0);
        assertThat(status.pass()).isEqualTo("status poll");
        assertThat(status.median()).isCloseTo(0.75, offset(0.001));
        assertThat(status.verdict()).isEqualTo("met");
        assertThat(status.spread()).isEqualTo("0.50x / 0.75x / 0.80x");
    }

    @Test
    void passesRunOnceOrWithoutTargetAreNotSummarised() {
        Report report = new Report();
        report.pass("raw", pass("holds"), Ceiling.POSTGRES, 0.5, 2_000.0);
        report.pass("raw", pass("create users #1"), Ceiling.POSTGRES, null, 2_000.0);
        report.pass("raw", pass("create users #2"), Ceiling.POSTGRES, null, 2_000.0);

        assertThat(report.repeated()).isEmpty();
    }

    @Test
    void anEvenNumberOfRepetitionsTakesTheMeanOfTheMiddleTwo() {
        Report report = new Report();
        report.pass("raw", pass("join #1"), Ceiling.REDIS, 0.5, 2_500.0); // 0.40
        report.pass("raw", pass("join #2"), Ceiling.REDIS, 0.5, 1_666.7); // 0.60

        assertThat(report.repeated().get(0).median()).isCloseTo(0.50, offset(0.001));
        assertThat(report.repeated().get(0).verdict()).isEqualTo("met");
    }

    private static PassResult pass(String name) {
        return new PassResult(name, 1_000, 0, Map.of(), 1_000_000_000L, LatencyStats.ofMicros(new Histogram(3)), false);
    }
}

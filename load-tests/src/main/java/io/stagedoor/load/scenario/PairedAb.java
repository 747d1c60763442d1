package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.Operation;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.http.LoopbackHttpClient;
import io.stagedoor.load.proc.ProcessCpu;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds or settings of the app side by side (A = {@code --target}, B = {@code --target-b}, same PostgreSQL and
 * Redis, both running at once): after {@code --ab-warmups} unmeasured passes of each, the status poll and payments
 * alternate A, B, B, A, ... for {@code --ab-rounds} rounds, so drift of a shared machine hits both alike. Per pass:
 * throughput and, with {@code --pid-a}/{@code --pid-b}, the app's CPU time per request from /proc (which drifts far
 * less than requests per second). The verdict is the median of the per-round B/A ratios. Used for metrics on against
 * off, and for A/B of code changes (two jars).
 */
public final class PairedAb {

    public static final String SECTION = "A/B";

    private final StagedoorApi apiA;
    private final StagedoorApi apiB;
    private final PassSettings settings;
    private final Report report;
    private final HarnessOptions options;
    private final String labelA;
    private final String labelB;
    private final ProcessCpu cpuA;
    private final ProcessCpu cpuB;
    private final int warmups;
    private final AbWork work;

    public PairedAb(Fixtures fixtures, LoopbackHttpClient clientB, PassSettings settings, Report report, HarnessOptions options) {
        this.apiA = fixtures.api();
        this.apiB = apiA.via(clientB);
        this.settings = settings;
        this.report = report;
        this.options = options;
        this.labelA = options.string("label-a", "A");
        this.labelB = options.string("label-b", "B");
        this.cpuA = process("pid-a");
        this.cpuB = process("pid-b");
        this.warmups = Math.max(1, options.integer("ab-warmups", 3));
        this.work = new AbWork(fixtures, options, settings.concurrency());
    }

    private ProcessCpu process(String option) {
        String pid = options.string(option, null);
        return pid == null ? null : new ProcessCpu(Long.parseLong(pid));
    }

    /** Rounds of the chosen paths ({@code --ab-paths}: status, holds, payments). */
    public void run() {
        int rounds = options.integer("ab-rounds", 4);
        List<String> paths = Arrays.asList(options.string("ab-paths", "status,payments").split(","));
        report.header("A/B: A = " + labelA + " (" + options.target() + "), B = " + labelB + " ("
                + options.string("target-b", "?") + "), " + rounds + " ABBA rounds per path");
        if (paths.contains("status")) {
            status(rounds);
        }
        if (paths.contains("holds")) {
            holds(rounds);
        }
        if (paths.contains("payments")) {
            payments(rounds);
        }
    }

    private void status(int rounds) {
        compare("status poll", rounds, settings.withWarmup(Duration.ZERO), work.status());
    }

    /** Each pass holds its own slice of distinct seats; a fan's holds are a token-count apart, as in the raw pass. */
    private void holds(int rounds) {
        int perPass = options.integer("ab-holds-per-pass", 4000);
        compare("holds", rounds, settings.withWarmup(Duration.ZERO).withMaxRequests(perPass),
                work.holds(perPass, 2 * rounds + 2 * warmups));
    }

    private void payments(int rounds) {
        int perPass = options.integer("ab-payments-per-pass", 2000);
        // + the unmeasured warm-up passes on each
        compare("payments", rounds, settings.withWarmup(Duration.ZERO).withMaxRequests(perPass),
                work.payments(perPass, 2 * rounds + 2 * warmups));
    }

    private void compare(String path, int rounds, PassSettings pass, AbWork.PassOf operation) {
        // unmeasured passes on each first (--ab-warmups): both JITs compile the path before anything is compared; B
        // usually starts fresh next to an A that has served whole rounds, so a single pass would favour A
        for (int i = 0; i < warmups; i++) {
            ClosedLoopRunner.run(path + " warm-up A", pass, operation.on(apiA));
            ClosedLoopRunner.run(path + " warm-up B", pass, operation.on(apiB));
        }
        List<Double> throughputRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Measured a;
            Measured b;
            // ABBA: the first of a round runs second in the next, so an order effect cancels out
            if (round % 2 == 1) {
                a = measure(path, labelA, round, pass, operation.on(apiA), cpuA);
                b = measure(path, labelB, round, pass, operation.on(apiB), cpuB);
            } else {
                b = measure(path, labelB, round, pass, operation.on(apiB), cpuB);
                a = measure(path, labelA, round, pass, operation.on(apiA), cpuA);
            }
            throughputRatios.add(b.result().throughput() / a.result().throughput());
            if (!Double.isNaN(a.cpuMicrosPerRequest()) && !Double.isNaN(b.cpuMicrosPerRequest())) {
                cpuRatios.add(b.cpuMicrosPerRequest() / a.cpuMicrosPerRequest());
            }
        }
        report.finding(SECTION, String.format(Locale.ROOT, "%s: %s / %s throughput, median of %d rounds %.3f (rounds %s)%s",
                path, labelB, labelA, rounds, median(throughputRatios), format(throughputRatios),
                cpuRatios.isEmpty() ? "" : String.format(Locale.ROOT, "; app CPU per request %s / %s, median %.3f (rounds %s)",
                        labelB, labelA, median(cpuRatios), format(cpuRatios))));
    }

    private record Measured(PassResult result, double cpuMicrosPerRequest) {
    }

    private Measured measure(String path, String label, int round, PassSettings pass, Operation operation, ProcessCpu cpu) {
        double before = cpu == null ? Double.NaN : cpu.cpuSeconds();
        PassResult result = ClosedLoopRunner.run(path + ", " + label + " #" + round, pass, operation);
        double after = cpu == null ? Double.NaN : cpu.cpuSeconds();
        long requests = result.ok() + result.refused() + result.errorCount();
        // passes run without warm-up (each path had an unmeasured pass on both first), so CPU and requests cover the same
        double micros = requests == 0 ? Double.NaN : (after - before) * 1e6 / requests;
        report.pass(SECTION, result.renamed(result.name() + (Double.isNaN(micros) ? "" : String.format(Locale.ROOT, " (%.0f µs CPU/req)", micros))),
                Ceiling.NONE, null);
        return new Measured(result, micros);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String format(List<Double> values) {
        return String.join(" / ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
}

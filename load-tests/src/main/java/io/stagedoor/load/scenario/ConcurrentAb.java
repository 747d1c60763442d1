package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.engine.SimultaneousPasses;
import io.stagedoor.load.engine.SimultaneousPasses.Lane;
import io.stagedoor.load.engine.SimultaneousPasses.Measured;
import io.stagedoor.load.http.LoopbackHttpClient;
import io.stagedoor.load.proc.ProcessCpu;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.ControlledCost;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * An A/B that can judge a few per cent on a shared machine ({@code --scenario ab3}): three instances on one database
 * and Redis — A ({@code --target}), B ({@code --target-b}) and A' ({@code --target-c}, the same build and settings as
 * A) — are served <em>at the same time</em>, the pass's workers split evenly between them, so whatever the machine
 * does during a round hits all three alike. Per round and instance: throughput and the instance's CPU time per request
 * from /proc ({@code --pid-a}, {@code --pid-b}, {@code --pid-c}), without its JIT compiler threads, whose bursts come
 * at each instance's own moments (their time per request is reported beside it). The set-up's per-user calls are dealt
 * over the three alike, so none has compiled the shared paths further than the others when the rounds begin. What B saves is read against the mean of A and A',
 * and how far A and A' differ is the noise floor that cost has to clear ({@link ControlledCost}). Made for "metrics
 * cost at most 5 %": A and A' with metrics on, B with them off.
 */
public final class ConcurrentAb {

    public static final String SECTION = "A/B with control";
    /** The metrics-cost target (docs/performance.md): recording metrics costs at most 5 %. */
    public static final double COST_LIMIT = 0.05;

    /**
     * @param cpuSeconds the instance's CPU seconds so far without its JIT compiler threads
     * @param jitSeconds its JIT compiler threads' CPU seconds so far
     */
    private record Instance(String label, StagedoorApi api, DoubleSupplier cpuSeconds, DoubleSupplier jitSeconds) {
    }

    private final PassSettings settings;
    private final Report report;
    private final HarnessOptions options;
    private final List<Instance> instances;
    private final int warmups;
    private final AbWork work;

    /** @param clientB and {@code clientC}: clients of {@code --target-b} and {@code --target-c} */
    public ConcurrentAb(Fixtures fixtures, LoopbackHttpClient clientB, LoopbackHttpClient clientC, PassSettings settings,
                        Report report, HarnessOptions options) {
        this.report = report;
        this.options = options;
        // every instance gets a third of the workers: together they put the usual load on the machine
        this.settings = settings.withWarmup(Duration.ZERO).withConcurrency(Math.max(1, settings.concurrency() / 3));
        String labelA = options.string("label-a", "A");
        StagedoorApi apiA = fixtures.api();
        StagedoorApi apiB = apiA.via(clientB);
        StagedoorApi apiC = apiA.via(clientC);
        this.instances = List.of(instance(labelA, apiA, "pid-a"), instance(options.string("label-b", "B"), apiB, "pid-b"),
                instance(labelA + "'", apiC, "pid-c"));
        this.warmups = Math.max(1, options.integer("ab-warmups", 3));
        this.work = new AbWork(fixtures.spreadOver(List.of(apiA, apiB, apiC)), options, settings.concurrency());
    }

    private Instance instance(String label, StagedoorApi api, String pidOption) {
        String pid = options.string(pidOption, null);
        if (pid == null) {
            return new Instance(label, api, () -> Double.NaN, () -> Double.NaN);
        }
        ProcessCpu process = new ProcessCpu(Long.parseLong(pid));
        return new Instance(label, api, () -> process.cpuSeconds() - process.compilerCpuSeconds(), process::compilerCpuSeconds);
    }

    /** Rounds of the chosen paths ({@code --ab-paths}: status, holds, payments). */
    public void run() {
        int rounds = options.integer("ab-rounds", 4);
        List<String> paths = Arrays.asList(options.string("ab-paths", "status,payments").split(","));
        report.header(String.format(Locale.ROOT, "A/B with control: A = %s (%s), B = %s (%s), A' = %s (%s), served at once,"
                        + " %d workers each; %d unmeasured and %d measured rounds per path", instances.get(0).label(),
                options.target(), instances.get(1).label(), options.string("target-b", "?"), instances.get(2).label(),
                options.string("target-c", "?"), settings.concurrency(), warmups, rounds));
        int passes = instances.size() * (rounds + warmups);
        if (paths.contains("status")) {
            compare("status poll", rounds, settings, work.status());
        }
        if (paths.contains("holds")) {
            int perPass = options.integer("ab3-holds-per-pass", 1000);
            compare("holds", rounds, settings.withMaxRequests(perPass), work.holds(perPass, passes));
        }
        if (paths.contains("payments")) {
            int perPass = options.integer("ab3-payments-per-pass", 1000);
            compare("payments", rounds, settings.withMaxRequests(perPass), work.payments(perPass, passes));
        }
    }

    private void compare(String path, int rounds, PassSettings pass, AbWork.PassOf operation) {
        for (int i = 1; i <= warmups; i++) {
            // unmeasured: every instance's JIT compiles the path before anything is compared
            SimultaneousPasses.run(lanes(path + " warm-up", i, pass, operation));
        }
        List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> throughput = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            double[] jitBefore = instances.stream().mapToDouble(i -> i.jitSeconds().getAsDouble()).toArray();
            List<Measured> measured = SimultaneousPasses.run(lanes(path, round, pass, operation));
            for (int i = 0; i < instances.size(); i++) {
                Measured m = measured.get(i);
                cpu.get(i).add(m.cpuMicrosPerRequest());
                throughput.get(i).add(m.result().throughput());
                long requests = m.result().ok() + m.result().refused() + m.result().errorCount();
                double jitMicros = requests == 0 ? Double.NaN
                        : (instances.get(i).jitSeconds().getAsDouble() - jitBefore[i]) * 1e6 / requests;
                report.pass(SECTION, m.result().renamed(m.result().name() + (Double.isNaN(m.cpuMicrosPerRequest()) ? ""
                        : String.format(Locale.ROOT, " (%.0f µs CPU/req, JIT %.0f µs/req)", m.cpuMicrosPerRequest(),
                        jitMicros))), Ceiling.NONE, null);
            }
        }
        ControlledCost cost = ControlledCost.of(cpu.get(0), cpu.get(1), cpu.get(2));
        ControlledCost throughputCost = ControlledCost.of(inverse(throughput.get(0)), inverse(throughput.get(1)),
                inverse(throughput.get(2)));
        report.finding(SECTION, finding(path, rounds, cost, throughputCost, cpu));
    }

    /**
     * The lanes of one round. The instances are submitted in a rotated order each round, so none is always released
     * first; results come back in the instances' order.
     */
    private List<Lane> lanes(String path, int round, PassSettings pass, AbWork.PassOf operation) {
        Lane[] lanes = new Lane[instances.size()];
        for (int k = 0; k < instances.size(); k++) {
            int i = (k + round) % instances.size();
            Instance instance = instances.get(i);
            lanes[i] = new Lane(path + ", " + instance.label() + " #" + round, pass, operation.on(instance.api()),
                    instance.cpuSeconds());
        }
        return List.of(lanes);
    }

    /** Seconds per request: a cost read like CPU per request (more is worse). */
    private static List<Double> inverse(List<Double> throughputs) {
        return throughputs.stream().map(t -> t > 0 ? 1 / t : Double.NaN).toList();
    }

    private String finding(String path, int rounds, ControlledCost cost, ControlledCost throughputCost, List<List<Double>> cpu) {
        String a = instances.get(0).label();
        String b = instances.get(1).label();
        String a2 = instances.get(2).label();
        if (cost.rounds() == 0) {
            return String.format(Locale.ROOT, "%s: %d rounds; no CPU per request (give --pid-a, --pid-b, --pid-c);"
                            + " cost from throughput (mean of %s and %s against %s, seconds per request) %s, noise floor %s",
                    path, rounds, a, a2, b, ControlledCost.percentages(throughputCost.cost(), throughputCost.costs(), true),
                    ControlledCost.percentages(throughputCost.noise(), throughputCost.noises(), false));
        }
        return String.format(Locale.ROOT, "%s: cost of %s against %s (app CPU per request without JIT, mean of %s and %s over %s, median"
                        + " of %d rounds) %s; noise floor |%s - %s| / their mean %s; from throughput %s (noise %s);"
                        + " CPU µs per request, medians: %s %s, %s %s, %s %s; cost <= %.0f %%: %s",
                path, a, b, a, a2, b, cost.rounds(), ControlledCost.percentages(cost.cost(), cost.costs(), true), a, a2,
                ControlledCost.percentages(cost.noise(), cost.noises(), false),
                String.format(Locale.ROOT, "%+.1f %%", throughputCost.cost() * 100),
                String.format(Locale.ROOT, "%.1f %%", throughputCost.noise() * 100),
                a, micros(cpu.get(0)), b, micros(cpu.get(1)), a2, micros(cpu.get(2)), COST_LIMIT * 100,
                cost.verdict(COST_LIMIT).text());
    }

    private static String micros(List<Double> values) {
        return String.format(Locale.ROOT, "%.0f", ControlledCost.median(values));
    }
}

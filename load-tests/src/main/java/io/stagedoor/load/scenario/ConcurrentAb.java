package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.engine.OpenLoopSettings;
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
import java.util.function.Predicate;

/**
 * An A/B that can judge a few per cent on a shared machine ({@code --scenario ab3}): three instances on one database
 * and Redis — A ({@code --target}), B ({@code --target-b}) and A' ({@code --target-c}, the same build and settings as
 * A) — are served <em>at the same time</em>, so whatever the machine does during a round hits all three alike. Made for
 * "metrics cost at most 5 %": A and A' with metrics on, B with them off. How a round is read, and why:
 * <ul>
 *   <li>the set-up's per-user calls are dealt over the three, so none has compiled the shared paths further;</li>
 *   <li>closed-loop rounds, unmeasured, until no instance spends over 5 % of its CPU in its JIT compiler (code still
 *       being compiled costs what the interpreter costs); the last of them gives a request's CPU at full load;</li>
 *   <li>measured rounds offer every instance the same requests per second (in a closed loop the instance the scheduler
 *       favours serves more and pays less per request);</li>
 *   <li>CPU per request from /proc ({@code --pid-a}, {@code --pid-b}, {@code --pid-c}) without the JIT compiler threads
 *       and without what the instance burns idle, read over a few seconds right before each round (timers and sweeps
 *       weigh on every request of a slow pass, and differ between instances);</li>
 *   <li>the cost, {@code mean(A, A') - B}, against a request's CPU at full load, judged by {@link ControlledCost}: the
 *       interval of its median over the rounds, widened by how far A and A' differ for good.</li>
 * </ul>
 */
public final class ConcurrentAb {

    public static final String SECTION = "A/B with control";
    /** The metrics-cost target (docs/performance.md): recording metrics costs at most 5 %. */
    public static final double COST_LIMIT = 0.05;
    /** Warm-up ends once no instance spends more than this share of its CPU compiling. */
    static final double JIT_SETTLED = 0.05;
    /** What a fixed-rate lane lets pile up before it counts requests as not sent. */
    private static final int MAX_IN_FLIGHT = 512;

    /** The thread groups read apart, each reported per request: the JIT, G1's concurrent threads, G1's pauses. */
    private static final List<Predicate<String>> APART = List.of(ProcessCpu.COMPILER, ProcessCpu.G1_CONCURRENT,
            ProcessCpu.GC_PAUSES);

    /** @param process the instance's process; null when its pid is unknown */
    private record Instance(String label, StagedoorApi api, ProcessCpu process) {

        /**
         * CPU seconds so far without the JIT compiler and G1's concurrent threads: compiling and concurrent marking
         * come when an instance's code or old generation calls for them, in bursts of seconds at its own moments,
         * not with each request (G1's pause workers stay in: young collections grow with what requests allocate).
         */
        double cpuSeconds() {
            return process == null ? Double.NaN
                    : process.cpuSeconds() - process.threadCpuSeconds(ProcessCpu.COMPILER.or(ProcessCpu.G1_CONCURRENT));
        }

        /** CPU seconds so far of each group of {@link #APART}. */
        double[] apartSeconds() {
            return APART.stream().mapToDouble(g -> process == null ? Double.NaN : process.threadCpuSeconds(g)).toArray();
        }
    }

    private final PassSettings settings;
    private final Report report;
    private final HarnessOptions options;
    private final List<Instance> instances;
    private final int warmups;
    private final int maxWarmups;
    private final AbWork work;

    /** @param clientB and {@code clientC}: clients of {@code --target-b} and {@code --target-c} */
    public ConcurrentAb(Fixtures fixtures, LoopbackHttpClient clientB, LoopbackHttpClient clientC, PassSettings settings,
                        Report report, HarnessOptions options) {
        this.report = report;
        this.options = options;
        // every instance gets a third of the workers: together they put the usual load on the machine
        this.settings = settings.withWarmup(Duration.ZERO).withConcurrency(Math.max(1, settings.concurrency() / 3))
                .withDuration(Duration.ofSeconds(options.integer("ab3-duration", (int) settings.duration().toSeconds())));
        String labelA = options.string("label-a", "A");
        StagedoorApi apiA = fixtures.api();
        StagedoorApi apiB = apiA.via(clientB);
        StagedoorApi apiC = apiA.via(clientC);
        this.instances = List.of(instance(labelA, apiA, "pid-a"), instance(options.string("label-b", "B"), apiB, "pid-b"),
                instance(labelA + "'", apiC, "pid-c"));
        this.warmups = Math.max(1, options.integer("ab-warmups", 3));
        this.maxWarmups = Math.max(warmups, options.integer("ab-warmups-max", 10));
        this.work = new AbWork(fixtures.spreadOver(List.of(apiA, apiB, apiC)), options, settings.concurrency());
    }

    private Instance instance(String label, StagedoorApi api, String pidOption) {
        String pid = options.string(pidOption, null);
        return new Instance(label, api, pid == null ? null : new ProcessCpu(Long.parseLong(pid)));
    }

    /** Rounds of the chosen paths ({@code --ab-paths}: status, holds, payments). */
    public void run() {
        int rounds = options.integer("ab-rounds", 4);
        List<String> paths = Arrays.asList(options.string("ab-paths", "status,payments").split(","));
        report.header(String.format(Locale.ROOT, "A/B with control: A = %s (%s), B = %s (%s), A' = %s (%s), served at once,"
                        + " each at the same fixed rate (0: closed loop, %d workers each); %d to %d unmeasured rounds per"
                        + " path (until JIT compiling is under %.0f %% of every instance's CPU), then %d measured",
                instances.get(0).label(), options.target(), instances.get(1).label(), options.string("target-b", "?"),
                instances.get(2).label(), options.string("target-c", "?"), settings.concurrency(), warmups, maxWarmups,
                JIT_SETTLED * 100, rounds));
        // every round takes a slice per instance: the warm-ups, one unmeasured round at the rate, the measured ones
        int passes = instances.size() * (maxWarmups + 1 + rounds);
        if (paths.contains("status")) {
            compare("status poll", rounds, pass(settings, 0, options.integer("ab3-status-rate", 1_200)), work.status());
        }
        if (paths.contains("holds")) {
            int perPass = options.integer("ab3-holds-per-pass", 1000);
            compare("holds", rounds, pass(settings.withMaxRequests(perPass), perPass, options.integer("ab3-holds-rate", 100)),
                    work.holds(perPass, passes));
        }
        if (paths.contains("payments")) {
            int perPass = options.integer("ab3-payments-per-pass", 1000);
            compare("payments", rounds, pass(settings.withMaxRequests(perPass), perPass, options.integer("ab3-payments-rate", 100)),
                    work.payments(perPass, passes));
        }
    }

    /** What every instance gets in one round: a closed loop ({@code atRate} null) or requests at a fixed rate. */
    private record Pass(PassSettings closed, OpenLoopSettings atRate) {

        String describe() {
            return atRate == null ? "closed loop" : String.format(Locale.ROOT, "%.0f/s each", atRate.ratePerSecond());
        }
    }

    /**
     * A closed loop ({@code rate} 0) or requests at {@code rate} per second for the pass's duration; a path whose
     * passes take slices of {@code slice} prepared items (0: none) runs until its slice is due when that takes longer.
     */
    private static Pass pass(PassSettings closed, int slice, int rate) {
        if (rate <= 0) {
            return new Pass(closed, null);
        }
        long seconds = Math.max(closed.duration().toSeconds(), ((long) slice + rate - 1) / rate);
        Duration duration = Duration.ofSeconds(Math.min(seconds, Duration.ofMinutes(10).toSeconds()));
        return new Pass(closed, new OpenLoopSettings(rate, Duration.ZERO, duration, closed.maxRequests(),
                closed.requestTimeout(), MAX_IN_FLIGHT));
    }

    /**
     * One round's passes, in the instances' order; per instance, the CPU µs per request of each group read apart
     * ({@link #APART}) and what it burned idle right before (cores; NaN when not read).
     */
    private record Round(int number, List<Measured> measured, double[][] apartMicros, double[] idleCores) {

        double jitMicros(int instance) {
            return apartMicros[instance][0];
        }

        /** Whether no instance spent more than {@code share} of its CPU compiling (unknown CPU: yes). */
        boolean settled(double share) {
            for (int i = 0; i < measured.size(); i++) {
                double cpu = measured.get(i).cpuMicrosPerRequest();
                if (!Double.isNaN(cpu) && !Double.isNaN(jitMicros(i)) && jitMicros(i) > share * cpu) {
                    return false;
                }
            }
            return true;
        }

        String apart(int instance) {
            double[] m = apartMicros[instance];
            return String.format(Locale.ROOT, "JIT %.0f, G1 concurrent %.0f, GC pauses %.0f µs/req", m[0], m[1], m[2]);
        }
    }

    private Round round(String name, int number, Pass pass, AbWork.PassOf operation, Duration idle) {
        double[] idleCores = idleCores(idle);
        double[][] before = instances.stream().map(Instance::apartSeconds).toArray(double[][]::new);
        List<Measured> measured = SimultaneousPasses.run(lanes(name, number, pass, operation));
        double[][] apart = new double[instances.size()][];
        for (int i = 0; i < apart.length; i++) {
            double[] after = instances.get(i).apartSeconds();
            apart[i] = new double[after.length];
            for (int g = 0; g < after.length; g++) {
                apart[i][g] = SimultaneousPasses.cpuMicrosPerRequest(before[i][g], after[g], measured.get(i).result());
            }
        }
        return new Round(number, measured, apart, idleCores);
    }

    /** Each instance's CPU per second (cores, as read for the cost) over {@code idle} with no requests; NaN for a zero span. */
    private double[] idleCores(Duration idle) {
        double[] cores = new double[instances.size()];
        if (idle.isZero()) {
            Arrays.fill(cores, Double.NaN);
            return cores;
        }
        double[] before = instances.stream().mapToDouble(Instance::cpuSeconds).toArray();
        long start = System.nanoTime();
        try {
            Thread.sleep(idle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < cores.length; i++) {
            cores[i] = (instances.get(i).cpuSeconds() - before[i]) / seconds;
        }
        return cores;
    }

    /**
     * Unmeasured rounds until every instance's JIT has settled: at least {@code --ab-warmups}, at most
     * {@code --ab-warmups-max}. A pass on code still being compiled reads the interpreter's cost, not the path's
     * (a first try had JIT at half of every instance's CPU through its fourth 10-second round, and at 10-30 % of a
     * payment's after 11,000 payments per instance). Returns the last of them.
     */
    private Round warmUp(String path, Pass pass, AbWork.PassOf operation) {
        // closed loop: the JIT compiles by invocation counts, so the fastest pace settles it soonest
        Pass closed = new Pass(pass.closed(), null);
        for (int i = 1; ; i++) {
            Round round = round(path + " warm-up", i, closed, operation, Duration.ZERO);
            System.out.printf(Locale.ROOT, "  %s warm-up %d: JIT µs per request %s, CPU µs per request %s%n", path, i,
                    Arrays.toString(Arrays.stream(round.apartMicros()).mapToLong(m -> Math.round(m[0])).toArray()),
                    round.measured().stream().map(m -> Long.toString(Math.round(m.cpuMicrosPerRequest()))).toList());
            if ((i >= warmups && round.settled(JIT_SETTLED)) || i >= maxWarmups) {
                return round;
            }
        }
    }

    private void compare(String path, int rounds, Pass pass, AbWork.PassOf operation) {
        Round lastWarmUp = warmUp(path, pass, operation);
        // what a request costs an instance running flat out: the settled closed-loop round's median instance
        double fullLoad = ControlledCost.median(lastWarmUp.measured().stream().map(Measured::cpuMicrosPerRequest).toList());
        if (pass.atRate() != null) {
            round(path + " at the rate, unmeasured", 0, pass, operation, Duration.ZERO); // from the closed loop's pace to the rate's
        }
        // what each instance burns per second unasked (timers, sweeps), read right before every measured round
        Duration idle = Duration.ofSeconds(options.integer("ab3-idle-seconds", 3));
        List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> throughput = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int number = 1; number <= rounds; number++) {
            Round round = round(path, number, pass, operation, idle);
            for (int i = 0; i < instances.size(); i++) {
                Measured m = round.measured().get(i);
                double beyondIdle = m.cpuMicrosPerRequestBeyond(round.idleCores()[i]);
                cpu.get(i).add(beyondIdle);
                throughput.get(i).add(m.result().throughput());
                report.pass(SECTION, m.result().renamed(m.result().name() + (Double.isNaN(m.cpuMicrosPerRequest()) ? ""
                        : String.format(Locale.ROOT, " (%.0f µs CPU/req, %.0f beyond idle %.3f cores; apart: %s)",
                        m.cpuMicrosPerRequest(), beyondIdle, round.idleCores()[i], round.apart(i)))), Ceiling.NONE, null);
            }
        }
        String described = String.format(Locale.ROOT, "%s (%s, after %d unmeasured rounds)", path, pass.describe(),
                lastWarmUp.number());
        if (Double.isNaN(fullLoad) || cpu.get(1).stream().allMatch(v -> Double.isNaN(v))) {
            ControlledCost throughputCost = ControlledCost.of(inverse(throughput.get(0)), inverse(throughput.get(1)),
                    inverse(throughput.get(2)));
            report.finding(SECTION, String.format(Locale.ROOT, "%s: %d rounds; no CPU per request (give --pid-a, --pid-b,"
                    + " --pid-c); cost from throughput (mean of A and A' against B, seconds per request) %s", described,
                    rounds, throughputCost.describe()));
            return;
        }
        // at one fixed rate the instances' timers and wake-ups cost alike, so the difference in µs is what the setting
        // adds per request; it is judged against a request's CPU at full load, the smaller (stricter) figure
        ControlledCost atOwnLoad = ControlledCost.of(cpu.get(0), cpu.get(1), cpu.get(2));
        ControlledCost judged = pass.atRate() == null ? atOwnLoad
                : ControlledCost.against(fullLoad, cpu.get(0), cpu.get(1), cpu.get(2));
        report.finding(SECTION, finding(described, judged, atOwnLoad, pass.atRate() != null, fullLoad, cpu));
    }

    /**
     * The lanes of one round. The instances are submitted in a rotated order each round, so none is always released
     * first; results come back in the instances' order.
     */
    private List<Lane> lanes(String path, int round, Pass pass, AbWork.PassOf operation) {
        Lane[] lanes = new Lane[instances.size()];
        for (int k = 0; k < instances.size(); k++) {
            int i = (k + round) % instances.size();
            Instance instance = instances.get(i);
            lanes[i] = new Lane(path + ", " + instance.label() + " #" + round, pass.closed(), operation.on(instance.api()),
                    instance::cpuSeconds, pass.atRate());
        }
        return List.of(lanes);
    }

    /** Seconds per request: a cost read like CPU per request (more is worse). */
    private static List<Double> inverse(List<Double> throughputs) {
        return throughputs.stream().map(t -> t > 0 ? 1 / t : Double.NaN).toList();
    }

    private String finding(String path, ControlledCost judged, ControlledCost atEqualLoad, boolean atRate, double fullLoad,
                           List<List<Double>> cpu) {
        String a = instances.get(0).label();
        String b = instances.get(1).label();
        String a2 = instances.get(2).label();
        String scale = atRate ? String.format(Locale.ROOT, "(mean(%s, %s) - %s) in app CPU µs per request without JIT, G1's concurrent threads and idle,"
                + " as a share of a request's CPU at full load (%.0f µs, the settled closed-loop round)", a, a2, b, fullLoad)
                : String.format(Locale.ROOT, "mean(%s, %s) / %s - 1 of app CPU per request without JIT, G1's concurrent threads and idle", a, a2, b);
        return String.format(Locale.ROOT, "%s: cost of %s against %s, %s, median of %d rounds: %s; cost <= %.0f %%: %s."
                        + " The same as a share of CPU per request at the pass's own load: %s. CPU µs per request,"
                        + " medians: %s %s, %s %s, %s %s",
                path, a, b, scale, judged.rounds(), judged.describe(), COST_LIMIT * 100,
                judged.verdict(COST_LIMIT).text(), atEqualLoad.describe(), a, micros(cpu.get(0)), b, micros(cpu.get(1)),
                a2, micros(cpu.get(2)));
    }

    private static String micros(List<Double> values) {
        return String.format(Locale.ROOT, "%.0f", ControlledCost.median(values));
    }
}

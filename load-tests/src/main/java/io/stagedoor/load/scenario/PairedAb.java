package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.Operation;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.http.HttpResponse;
import io.stagedoor.load.http.LoopbackHttpClient;
import io.stagedoor.load.proc.ProcessCpu;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

    private final Fixtures fixtures;
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

    public PairedAb(Fixtures fixtures, LoopbackHttpClient clientB, PassSettings settings, Report report, HarnessOptions options) {
        this.fixtures = fixtures;
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
        CreatedConcert room = fixtures.concert("ab-status", 1, 50);
        fixtures.pauseRoom(room.concertId());
        List<QueueTicket> waiting = fixtures.join(fixtures.users(options.integer("join-users", 1000), 0), room.concertId());
        // both instances serve the poll from their picture of the room, refreshed each tick: let B's first tick see it
        sleep(Duration.ofSeconds(2));
        compare("status poll", rounds, settings.withWarmup(Duration.ZERO), api -> seq -> api.statusRaw(waiting.get((int) (seq % waiting.size())).token())
                .map(r -> Outcome.expect(200, r.status())));
    }

    /** Each pass holds its own slice of distinct seats; a fan's holds are a token-count apart, as in the raw pass. */
    private void holds(int rounds) {
        int perPass = options.integer("ab-holds-per-pass", 4000);
        int passes = 2 * rounds + 2 * warmups;
        int count = perPass * passes;
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("ab-holds", (count + perSchedule - 1) / perSchedule, perSchedule);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(Math.max(200, (count + 3) / 4), 0), concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        compare("holds", rounds, settings.withWarmup(Duration.ZERO).withMaxRequests(perPass), slices(perPass, count,
                (api, i) -> api.holdRaw(tokens.get(i % tokens.size()).token(), scheduleIds.get(i / perSchedule),
                        i % perSchedule + 1)));
    }

    private void payments(int rounds) {
        int perPass = options.integer("ab-payments-per-pass", 2000);
        int passes = 2 * rounds + 2 * warmups; // + the unmeasured warm-up passes on each
        int count = perPass * passes;
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("ab-payments", (count + perSchedule - 1) / perSchedule, perSchedule);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(count, Fixtures.PRICE * 5), concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        List<Long> reservations = Flux.range(0, tokens.size())
                .flatMapSequential(i -> apiA.holdRaw(tokens.get(i).token(), scheduleIds.get(i / perSchedule), i % perSchedule + 1)
                        .map(r -> StagedoorApi.expect(r, 201, "POST /reservations").path("reservationId").asLong()), settings.concurrency())
                .collectList().block(Fixtures.SETUP_LIMIT);
        String run = fixtures.runId();
        compare("payments", rounds, settings.withWarmup(Duration.ZERO).withMaxRequests(perPass),
                slices(perPass, reservations.size(),
                        (api, i) -> api.payRaw(tokens.get(i).token(), reservations.get(i), "load-" + run + "-ab-" + i)));
    }

    /** The call a pass makes for prepared item {@code i}, answered 201 when it works. */
    private interface ItemCall {
        Mono<HttpResponse> call(StagedoorApi api, int i);
    }

    /**
     * Passes that each take the next slice of {@code perPass} prepared items (of {@code items}), so no item is used
     * twice across A, B and the warm-ups; a pass ends when its slice is used up.
     */
    private static PassOf slices(int perPass, int items, ItemCall call) {
        AtomicLong nextSlice = new AtomicLong();
        return api -> {
            int base = (int) (nextSlice.getAndIncrement() * perPass);
            return seq -> {
                int i = base + (int) seq;
                if (seq >= perPass || i >= items) {
                    return null;
                }
                return call.call(api, i).map(r -> r.status() == 201 ? Outcome.ok() : Outcome.error(r.label()));
            };
        };
    }

    /** Makes the operation of one pass against one instance (called once per pass). */
    private interface PassOf {
        Operation on(StagedoorApi api);
    }

    private void compare(String path, int rounds, PassSettings pass, PassOf operation) {
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

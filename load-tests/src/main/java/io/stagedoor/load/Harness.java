package io.stagedoor.load;

import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.ceiling.CeilingProcess;
import io.stagedoor.load.db.DatabaseInvariants;
import io.stagedoor.load.db.DatabaseUpkeep;
import io.stagedoor.load.db.HarnessUsers;
import io.stagedoor.load.db.RoundReset;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.http.LoopbackHttpClient;
import io.stagedoor.load.redis.RoomCleaner;
import io.stagedoor.load.report.Report;
import io.stagedoor.load.scenario.BookingRush;
import io.stagedoor.load.scenario.CeilingPasses;
import io.stagedoor.load.scenario.ConcurrentAb;
import io.stagedoor.load.scenario.Fixtures;
import io.stagedoor.load.scenario.HotReads;
import io.stagedoor.load.scenario.JoinSpike;
import io.stagedoor.load.scenario.MillionWaiters;
import io.stagedoor.load.scenario.OpenLoopPasses;
import io.stagedoor.load.scenario.PairedAb;
import io.stagedoor.load.scenario.RawPasses;
import io.stagedoor.load.scenario.SaleOpening;
import io.stagedoor.load.scenario.WrkCrossCheck;
import io.stagedoor.load.soak.FaultSoak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One run: ceilings first, the chosen scenarios, ceilings again (the two ceiling runs are averaged, so drift on a
 * shared machine shows and is evened out), then the table with every pass as a ratio to its ceiling.
 */
public final class Harness {

    private final HarnessOptions options;

    Harness(HarnessOptions options) {
        this.options = options;
    }

    int run() throws Exception {
        Set<String> scenarios = options.scenarios();
        PassSettings settings = options.passSettings();
        Report report = new Report();
        report.header("run " + Instant.now() + " — target " + options.target() + ", scenarios " + scenarios
                + ", concurrency " + settings.concurrency() + ", " + settings.warmup().toSeconds() + " s warm-up + "
                + settings.duration().toSeconds() + " s per pass");
        report.header("machine: " + machine());
        report.header("load average at the start (1, 5, 15 min): " + loadAverage());

        LoopbackHttpClient.requireLoopback(java.net.URI.create(options.target()));
        CeilingProcess started = null;
        int failures = 0;
        try (LoopbackHttpClient app = new LoopbackHttpClient(options.target(), settings.concurrency());
             LoopbackHttpClient burst = new LoopbackHttpClient(options.target(), 512)) {
            String ceilingUrl = options.ceiling();
            if (scenarios.contains("ceilings")) {
                if (ceilingUrl.equals("start")) {
                    started = CeilingProcess.start(options);
                    ceilingUrl = started.url();
                }
            }
            LoopbackHttpClient ceilingClient = scenarios.contains("ceilings") ? new LoopbackHttpClient(ceilingUrl, settings.concurrency()) : null;
            CeilingPasses ceilings = ceilingClient == null ? null : new CeilingPasses(ceilingClient, settings, report);
            if (ceilings != null) {
                ceilings.warmUp(Duration.ofSeconds(options.integer("ceiling-warmup", 10)));
                ceilings.run("(start)");
            }
            if (ceilings != null && scenarios.contains("pool-ab")) {
                ceilings.poolComparison(options.integer("ab-rounds", 4));
            }
            if (options.drivesTheApp() && options.adminKey() == null) {
                throw new IllegalArgumentException("the app's Admin-Key is needed: --admin-key KEY or STAGEDOOR_ADMIN_KEY");
            }
            StagedoorApi api = new StagedoorApi(app, options.adminKey(),
                    options.drivesTheApp() ? options.accessTokens() : null);
            StagedoorApi burstApi = api.via(burst);
            Fixtures fixtures = new Fixtures(api, new HarnessUsers(options.jdbcLogin()), Math.min(32, settings.concurrency()), rooms -> {
                try (RoomCleaner cleaner = new RoomCleaner(options.redisUrl())) {
                    return cleaner.retire(rooms);
                }
            });
            DatabaseInvariants invariants = new DatabaseInvariants(options.jdbcLogin());
            DatabaseUpkeep upkeep = new DatabaseUpkeep(options.jdbcLogin(), options.vacuum());
            report.header("dead rows: " + upkeep.describe());

            // each scenario's rooms are retired when it ends (RawPasses: each section's), so none loads the next one;
            // the raw scenario vacuums before each of its own sections, every other scenario before it starts
            failures += step("raw", scenarios, report, fixtures, () -> {
                RoundReset reset = options.roundState() == RoundReset.Mode.FRESH
                        ? new RoundReset(options.jdbcLogin(), fixtures.runId()) : null;
                if (new RawPasses(fixtures, settings, report, options, ceilings, upkeep, reset).run() > 0) {
                    throw new IllegalStateException("some raw passes could not run (see findings)");
                }
            });
            failures += vacuumedStep("open-loop", scenarios, report, fixtures, upkeep,
                    () -> new OpenLoopPasses(fixtures, api, burstApi, settings, report, options).run());
            failures += vacuumedStep("probe", scenarios, report, fixtures, upkeep, () -> probe(app, settings, report));
            failures += vacuumedStep("join-spike", scenarios, report, fixtures, upkeep, () -> new JoinSpike(fixtures, burstApi, report, options).run());
            failures += vacuumedStep("hot-reads", scenarios, report, fixtures, upkeep, () -> new HotReads(fixtures, settings, report, options, ceilings).run());
            failures += vacuumedStep("booking-rush", scenarios, report, fixtures, upkeep, () -> new BookingRush(fixtures, burstApi, report, options, invariants).run());
            failures += vacuumedStep("sale", scenarios, report, fixtures, upkeep,
                    () -> new SaleOpening(fixtures, new HarnessUsers(options.jdbcLogin()), burstApi, report, options, invariants).run());
            failures += step("soak", scenarios, report, fixtures, () -> {
                try {
                    new FaultSoak(options, report).run();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            failures += vacuumedStep("ab", scenarios, report, fixtures, upkeep, () -> {
                try (LoopbackHttpClient b = new LoopbackHttpClient(options.string("target-b", null), settings.concurrency())) {
                    new PairedAb(fixtures, b, settings, report, options).run();
                }
            });
            failures += vacuumedStep("ab3", scenarios, report, fixtures, upkeep, () -> {
                try (LoopbackHttpClient b = new LoopbackHttpClient(options.required("target-b", "ab3"), settings.concurrency());
                     LoopbackHttpClient c = new LoopbackHttpClient(options.required("target-c", "ab3"), settings.concurrency())) {
                    new ConcurrentAb(fixtures, b, c, settings, report, options).run();
                }
            });
            failures += vacuumedStep("wrk", scenarios, report, fixtures, upkeep, () -> {
                try {
                    new WrkCrossCheck(fixtures, report, options).run();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            failures += vacuumedStep("million", scenarios, report, fixtures, upkeep, () -> new MillionWaiters(fixtures, burstApi, settings, report, options).run());

            if (ceilings != null) {
                ceilings.run("(end)");
                ceilingClient.close();
            }
        } finally {
            if (started != null) {
                started.close();
            }
        }
        report.header("load average at the end (1, 5, 15 min): " + loadAverage());
        report.print(System.out);
        Path out = Path.of(options.out());
        report.writeMarkdown(out);
        System.out.println("\nmarkdown report: " + out.toAbsolutePath());
        return failures == 0 ? 0 : 1;
    }

    /**
     * GET one path of the target in a closed loop; with {@code --target-b} the same pass alternates between two
     * instances {@code --ab-rounds} times (e.g. the app with and without a setting), so drift hits both alike.
     */
    private void probe(LoopbackHttpClient app, PassSettings settings, Report report) {
        String path = options.string("path", "/livez"); // actuator itself is on the management port
        String targetB = options.string("target-b", null);
        io.stagedoor.load.engine.Operation onA = seq -> app.get(path, java.util.Map.of())
                .map(r -> io.stagedoor.load.engine.Outcome.expect(200, r.status()));
        if (targetB == null) {
            report.pass("probe", io.stagedoor.load.engine.ClosedLoopRunner.run("GET " + path, settings, onA),
                    io.stagedoor.load.report.Ceiling.NONE, null);
            return;
        }
        try (LoopbackHttpClient b = new LoopbackHttpClient(targetB, settings.concurrency())) {
            io.stagedoor.load.engine.Operation onB = seq -> b.get(path, java.util.Map.of())
                    .map(r -> io.stagedoor.load.engine.Outcome.expect(200, r.status()));
            double sumA = 0;
            double sumB = 0;
            int rounds = options.integer("ab-rounds", 4);
            for (int i = 1; i <= rounds; i++) {
                // ABBA: the first in a round runs second in the next, so an order effect cancels out
                io.stagedoor.load.engine.PassResult a;
                io.stagedoor.load.engine.PassResult bb;
                if (i % 2 == 1) {
                    a = io.stagedoor.load.engine.ClosedLoopRunner.run("A " + options.target() + path + " #" + i, settings, onA);
                    bb = io.stagedoor.load.engine.ClosedLoopRunner.run("B " + targetB + path + " #" + i, settings, onB);
                } else {
                    bb = io.stagedoor.load.engine.ClosedLoopRunner.run("B " + targetB + path + " #" + i, settings, onB);
                    a = io.stagedoor.load.engine.ClosedLoopRunner.run("A " + options.target() + path + " #" + i, settings, onA);
                }
                report.pass("probe A/B", a, io.stagedoor.load.report.Ceiling.NONE, null);
                report.pass("probe A/B", bb, io.stagedoor.load.report.Ceiling.NONE, null);
                sumA += a.throughput();
                sumB += bb.throughput();
            }
            report.finding("probe A/B", String.format(java.util.Locale.ROOT, "GET %s, mean of %d ABBA rounds: A %.0f/s, B %.0f/s, A/B = %.2fx",
                    path, rounds, sumA / rounds, sumB / rounds, sumB > 0 ? sumA / sumB : Double.NaN));
        }
    }

    private static int vacuumedStep(String name, Set<String> scenarios, Report report, Fixtures fixtures,
                                    DatabaseUpkeep upkeep, Runnable body) {
        return step(name, scenarios, report, fixtures, () -> {
            upkeep.beforeSection(name);
            body.run();
        });
    }

    private static int step(String name, Set<String> scenarios, Report report, Fixtures fixtures, Runnable body) {
        if (!scenarios.contains(name)) {
            return 0;
        }
        System.out.println("--- " + name + " ---");
        long start = System.nanoTime();
        try {
            body.run();
            System.out.printf("--- %s done in %d s ---%n", name, Duration.ofNanos(System.nanoTime() - start).toSeconds());
            return 0;
        } catch (RuntimeException e) {
            report.finding(name, "could not run: " + e);
            e.printStackTrace(System.out);
            return 1;
        } finally {
            fixtures.retireRooms();
        }
    }

    /** What else the shared machine was doing: /proc/loadavg's first three fields ("unknown" off Linux). */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return cores + " cores, " + cpu + ", Java " + System.getProperty("java.version")
                + "; load generator, app, ceiling app, PostgreSQL and Redis share these cores";
    }
}

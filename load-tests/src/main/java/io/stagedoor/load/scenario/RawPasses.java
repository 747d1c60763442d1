package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.db.DatabaseUpkeep;
import io.stagedoor.load.db.RoundReset;
import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.Operation;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.engine.WarmUpBound;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Flux;

/**
 * One endpoint per pass, each at the same concurrency as the ceilings, each compared with the ceiling the issue
 * names: status poll and join against one Redis round trip; schedules, seats, holds on distinct seats and
 * payments against one PostgreSQL round trip. Unless {@code --app-warmup 0}, an unjudged round of every chosen section
 * runs first, each pass bounded by answered requests as well as seconds ({@link WarmUpBound}), so each judged pass meets
 * a JIT that has compiled its path, as the warmed ceiling app has, on a slow machine too. With
 * {@code --round-state fresh}, each judged round starts from the database as the warm-up round left it
 * ({@link RoundReset}), so round 3 is not judged on tables that rounds 1 and 2 grew.
 */
public final class RawPasses {

    public static final double STATUS_TARGET = 0.70;
    public static final double JOIN_TARGET = 0.50;
    public static final double READS_TARGET = 1.0;
    public static final double HOLDS_TARGET = 0.5;
    public static final double PAYMENTS_TARGET = 0.25;
    /** Sign-ups and sign-ins in flight at once: enough to keep the app's hashing threads busy, well within its queue. */
    static final int HASHING_CONCURRENCY = 16;

    /** The report section of the warm-up round's passes: shown, never judged. */
    public static final String WARM_UP_SECTION = "raw warm-up";

    private final Fixtures fixtures;
    private final StagedoorApi api;
    private final Report report;
    private final HarnessOptions options;
    private final CeilingPasses ceilings;
    private final DatabaseUpkeep upkeep;
    private final RoundReset reset;
    private final PassSettings judgedSettings;
    private Round round;

    /**
     * One run through the chosen sections. A judged round pairs every pass with the ceiling measured right before it
     * and checks its target; the warm-up round only exercises the app's paths (with half the prepared work, no
     * ceilings, no targets), so its JIT has compiled them before anything is judged, as the ceiling app's has.
     *
     * @param suffix " #2" while the second of several judged repetitions runs, empty when each section runs once
     * @param budgetShare share of the prepared work (join pairs, seats, payments) this round uses
     * @param warmUp when each pass of the warm-up round may stop (null in a judged round: its passes run their time)
     */
    private record Round(String section, String suffix, PassSettings settings, boolean judged, double budgetShare,
                         WarmUpBound warmUp) {
    }

    /** @param reset brings the database back before each judged round (null: the tables grow round after round) */
    public RawPasses(Fixtures fixtures, PassSettings settings, Report report, HarnessOptions options, CeilingPasses ceilings,
                     DatabaseUpkeep upkeep, RoundReset reset) {
        this.ceilings = ceilings;
        this.upkeep = upkeep;
        this.reset = reset;
        this.fixtures = fixtures;
        this.api = fixtures.api();
        this.judgedSettings = settings;
        this.report = report;
        this.options = options;
    }

    /** Each section on its own: one that cannot run (a module not merged yet) is reported and the rest go on. */
    public int run() {
        int failed = 0;
        report.header("raw rounds: " + (reset == null
                ? "the tables grow round after round (--round-state grow)"
                : "each judged round starts from the database as the warm-up round left it: this run's later rows removed,"
                        + " VACUUM ANALYZE, CHECKPOINT, autovacuum idle (--round-state fresh)"));
        WarmUpBound warmUp = options.appWarmupBound();
        if (warmUp != null) {
            System.out.println("--- raw: JIT warm-up round, " + warmUp.describe() + ", not judged ---");
            report.header("raw warm-up round: " + warmUp.describe());
            round = new Round(WARM_UP_SECTION, " (warm-up)", warmUp.settings(judgedSettings), false, 0.5, warmUp);
            failed += runOnce();
        }
        // taken after the warm-up round, not before it: its rows stay, so the statistics the section's VACUUM ANALYZE
        // takes describe tables with rows in them. Marked before the warm-up, the reset emptied this run's tables, the
        // planner saw empty reservations and payments, and the batch functions' kept plans scanned them on every call
        // as they filled (holds at 0.13x instead of 0.48x)
        RoundReset.Mark start = reset == null ? null : reset.mark();
        int repeat = options.repeat();
        for (int i = 1; i <= repeat; i++) {
            round = new Round("raw", repeat == 1 ? "" : " #" + i, judgedSettings, true, 1.0, null);
            if (start != null) {
                RoundReset.Result restored = reset.restore(start);
                report.finding("raw", "before round" + round.suffix() + ": " + restored.describe());
            }
            String before = io.stagedoor.load.Harness.loadAverage();
            failed += runOnce();
            report.finding("raw", "round" + round.suffix() + ": load average before " + before + ", after "
                    + io.stagedoor.load.Harness.loadAverage());
        }
        return failed;
    }

    private int runOnce() {
        Set<String> chosen = options.rawSections();
        int failed = 0;
        failed += chosen.contains("accounts") ? section("accounts", this::accounts) : 0;
        failed += chosen.contains("queue") ? section("status and join", this::statusAndJoin) : 0;
        failed += chosen.contains("reads") ? section("schedules and seats", this::reads) : 0;
        failed += chosen.contains("holds") ? section("holds", this::holds) : 0;
        failed += chosen.contains("payments") ? section("payments", this::payments) : 0;
        return failed;
    }

    private int section(String name, Runnable body) {
        try {
            upkeep.beforeSection(name + round.suffix());
            body.run();
            return 0;
        } catch (RuntimeException e) {
            report.finding(round.section(), name + " could not run: " + e.getMessage());
            return 1;
        } finally {
            fixtures.retireRooms();
        }
    }

    /**
     * Sign-up and sign-in hash a password, slow on purpose (Argon2id on the app's bounded hashing pool): they are
     * measured at a concurrency that keeps the pool busy without overflowing its queue, and the sign-ins per second
     * per core are reported (what a sign-in rush costs). The other account routes write PostgreSQL through the same
     * stack and are shown against the PostgreSQL ceiling.
     */
    private void accounts() {
        List<Long> users = fixtures.users(200, 0);
        Double ceiling = paired(Ceiling.POSTGRES, "charge balance");
        PassResult charge = pass("charge balance", settings(),
                seq -> api.chargeRaw(users.get((int) (seq % users.size())), 1).map(r -> Outcome.expect(200, r.status())));
        record(charge, Ceiling.POSTGRES, null, ceiling);
        PassResult balance = pass("get balance", settings(),
                seq -> api.balanceRaw(users.get((int) (seq % users.size()))).map(r -> Outcome.expect(200, r.status())));
        record(balance, Ceiling.POSTGRES, null, ceiling);

        int signInUsers = options.integer("sign-in-users", 20);
        PassSettings hashing = settings().withConcurrency(Math.min(settings().concurrency(), HASHING_CONCURRENCY));
        ConcurrentLinkedQueue<Long> created = new ConcurrentLinkedQueue<>();
        PassResult signUp = pass("sign up (password hash)", hashing.withWarmup(Duration.ZERO).withMaxRequests(signInUsers),
                seq -> api.createUserRaw("load-" + fixtures.runId() + "-u" + seq).map(r -> {
                    if (r.status() == 201) {
                        created.add(r.json().path("userId").asLong());
                        return Outcome.ok();
                    }
                    return Outcome.error(r.label());
                }));
        record(signUp, Ceiling.NONE, null, null);
        List<Long> signedUp = new ArrayList<>(created);
        if (signedUp.isEmpty()) {
            return;
        }
        // a hashing path answers tens of requests a second: its warm-up is bounded by time alone
        PassResult signIn = ClosedLoopRunner.run("sign in (password check)", hashing,
                seq -> api.signInRaw(signedUp.get((int) (seq % signedUp.size()))).map(r -> Outcome.expect(200, r.status())),
                round.warmUp() == null ? null : new WarmUpBound(round.warmUp().atLeast(), 0, round.warmUp().atMost()));
        record(signIn, Ceiling.NONE, null, null);
        int cores = Runtime.getRuntime().availableProcessors();
        report.finding(round.section(), String.format("sign-ins: %.1f/s on this %d-core machine = %.1f/s per core"
                + " (app and harness share the cores; Argon2id at the app's configured cost)",
                signIn.throughput(), cores, signIn.throughput() / cores));
        // the pass stops sending, but the hashes it left queued still run: let them finish before anything else is measured
        api.signInRaw(signedUp.get(0)).block(Duration.ofMinutes(1));
    }

    private void statusAndJoin() {
        int pool = options.integer("join-users", 1000);
        List<Long> users = fixtures.users(pool, 0);

        CreatedConcert statusRoom = fixtures.concert("status", 1, 50);
        fixtures.pauseRoom(statusRoom.concertId());
        List<QueueTicket> waiting = fixtures.join(users, statusRoom.concertId());
        Double statusCeiling = paired(Ceiling.REDIS, "status");
        PassResult status = pass("status poll (WAITING tokens)", settings(),
                seq -> api.statusRaw(waiting.get((int) (seq % waiting.size())).token())
                        .map(r -> Outcome.expect(200, r.status())));
        record(status, Ceiling.REDIS, STATUS_TARGET, statusCeiling);

        // fresh (user, room) pairs so every join creates a place: users x paused rooms
        int budget = share(options.integer("join-budget", 150_000));
        int rooms = Math.max(1, (budget + pool - 1) / pool);
        List<Long> roomIds = Flux.range(0, rooms)
                .flatMapSequential(i -> reactor.core.publisher.Mono.fromCallable(() -> fixtures.concert("join-" + i, 1, 50).concertId())
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 4)
                .collectList().block(Fixtures.SETUP_LIMIT);
        roomIds.forEach(fixtures::pauseRoom);
        Double joinCeiling = paired(Ceiling.REDIS, "join");
        PassResult join = pass("join (new place)", settings(), seq -> {
            int room = (int) (seq / pool);
            if (room >= roomIds.size()) {
                return null;
            }
            return api.joinRaw(users.get((int) (seq % pool)), roomIds.get(room)).map(r -> Outcome.expect(201, r.status()));
        });
        record(join, Ceiling.REDIS, JOIN_TARGET, joinCeiling);
    }

    private void reads() {
        CreatedConcert concert = fixtures.concert("reads", 20, 50);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(200, 0), concert.concertId());
        long concertId = concert.concertId();
        Double schedulesCeiling = paired(Ceiling.POSTGRES, "schedules");
        PassResult schedules = pass("schedules", settings(),
                seq -> api.schedulesRaw(concertId, tokens.get((int) (seq % tokens.size())).token())
                        .map(r -> Outcome.expect(200, r.status())));
        record(schedules, Ceiling.POSTGRES, READS_TARGET, schedulesCeiling);
        List<Long> scheduleIds = concert.scheduleIds();
        Double seatsCeiling = paired(Ceiling.POSTGRES, "seats");
        PassResult seats = pass("seats", settings(),
                seq -> api.seatsRaw(concertId, scheduleIds.get((int) (seq % scheduleIds.size())),
                                tokens.get((int) (seq % tokens.size())).token())
                        .map(r -> Outcome.expect(200, r.status())));
        record(seats, Ceiling.POSTGRES, READS_TARGET, seatsCeiling);
    }

    private void holds() {
        int seats = share(options.integer("hold-seats", 90_000));
        int perSchedule = 1_000; // concert's CreateConcertCommand.MAX_SEATS (and at most 100 schedules)
        CreatedConcert concert = fixtures.concert("holds", (seats + perSchedule - 1) / perSchedule, perSchedule);
        // at most 4 holds per user: the per-fan hold limit (4 live holds per fan and concert) would refuse more. A fan's
        // four holds are a token-count apart, as a fan holds one seat after another: four holds of one fan at the same
        // instant wait for each other on the fan's lock, by design (docs/performance.md, "Holds and the fan's lock")
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(Math.max(200, (seats + 3) / 4), 0), concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        Double holdsCeiling = paired(Ceiling.POSTGRES, "holds");
        PassResult holds = pass("holds (distinct seats)", settings(), seq -> {
            int schedule = (int) (seq / perSchedule);
            if (schedule >= scheduleIds.size()) {
                return null;
            }
            return api.holdRaw(tokens.get((int) (seq % tokens.size())).token(), scheduleIds.get(schedule), (int) (seq % perSchedule) + 1)
                    .map(r -> r.status() == 201 ? Outcome.ok() : Outcome.error(r.label()));
        });
        record(holds, Ceiling.POSTGRES, HOLDS_TARGET, holdsCeiling);
    }

    private void payments() {
        int count = share(options.integer("payments", 30_000));
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("payments", (count + perSchedule - 1) / perSchedule, perSchedule);
        List<Long> users = fixtures.users(count, Fixtures.PRICE * 5);
        List<QueueTicket> tokens = fixtures.admitted(users, concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        List<Long> reservations = Flux.range(0, tokens.size())
                .flatMapSequential(i -> api.holdRaw(tokens.get(i).token(), scheduleIds.get(i / perSchedule), i % perSchedule + 1)
                        .map(r -> StagedoorApi.expect(r, 201, "POST /reservations").path("reservationId").asLong()), settings().concurrency())
                .collectList().block(Fixtures.SETUP_LIMIT);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < reservations.size(); i++) {
            keys.add("load-" + fixtures.runId() + "-pay-" + i);
        }
        Double paymentsCeiling = paired(Ceiling.POSTGRES, "payments");
        PassResult payments = pass("payments", settings().withMaxRequests(reservations.size()), seq -> {
            if (seq >= reservations.size()) {
                return null;
            }
            int i = (int) seq;
            return api.payRaw(tokens.get(i).token(), reservations.get(i), keys.get(i))
                    .map(r -> r.status() == 201 ? Outcome.ok() : Outcome.error(r.label()));
        });
        record(payments, Ceiling.POSTGRES, PAYMENTS_TARGET, paymentsCeiling);
        if (payments.exhausted()) {
            report.finding(round.section(), "payments pass ran out of prepared reservations after " + String.format("%.1f", payments.seconds())
                    + " s (" + reservations.size() + " prepared; raise --payments for a longer window)");
        }
    }

    private PassSettings settings() {
        return round.settings();
    }

    /** A closed-loop pass of this round: a warm-up pass stops at its bound, a judged one runs its time. */
    private PassResult pass(String name, PassSettings settings, Operation operation) {
        return ClosedLoopRunner.run(name, settings, operation, round.warmUp());
    }

    private int share(int budget) {
        return Math.max(1, (int) Math.round(budget * round.budgetShare()));
    }

    /** A judged pass with its target and paired ceiling; a warm-up pass shown as it ran, against no target. */
    private void record(PassResult result, Ceiling ceiling, Double target, Double pairedCeiling) {
        PassResult named = round.suffix().isEmpty() ? result : result.renamed(result.name() + round.suffix());
        report.pass(round.section(), named, ceiling, round.judged() ? target : null, pairedCeiling);
    }

    /**
     * The ceiling measured right before a judged pass, so drift on a shared machine hits both alike (null without
     * ceilings, and in the warm-up round, whose ratios then use the run's mean ceiling).
     */
    private Double paired(Ceiling kind, String pass) {
        return ceilings == null || !round.judged() ? null : ceilings.measure(kind, "(before " + pass + round.suffix() + ")");
    }
}

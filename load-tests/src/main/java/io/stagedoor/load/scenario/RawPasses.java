package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * One endpoint per pass, each at the same concurrency as the ceilings, each compared with the ceiling the issue
 * names: status poll and join against one Redis round trip; schedules, seats, holds on distinct seats and
 * payments against one PostgreSQL round trip.
 */
public final class RawPasses {

    public static final double STATUS_TARGET = 0.70;
    public static final double JOIN_TARGET = 0.50;
    public static final double READS_TARGET = 1.0;
    public static final double HOLDS_TARGET = 0.5;
    public static final double PAYMENTS_TARGET = 0.25;

    private final Fixtures fixtures;
    private final StagedoorApi api;
    private final PassSettings settings;
    private final Report report;
    private final HarnessOptions options;
    private final CeilingPasses ceilings;
    /** " #2" while the second of several repetitions runs; empty when each section runs once. */
    private String round = "";

    public RawPasses(Fixtures fixtures, PassSettings settings, Report report, HarnessOptions options, CeilingPasses ceilings) {
        this.ceilings = ceilings;
        this.fixtures = fixtures;
        this.api = fixtures.api();
        this.settings = settings;
        this.report = report;
        this.options = options;
    }

    /** Each section on its own: one that cannot run (a module not merged yet) is reported and the rest go on. */
    public int run() {
        int repeat = options.repeat();
        int failed = 0;
        for (int i = 1; i <= repeat; i++) {
            round = repeat == 1 ? "" : " #" + i;
            failed += runOnce();
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
            body.run();
            return 0;
        } catch (RuntimeException e) {
            report.finding("raw", name + " could not run: " + e.getMessage());
            return 1;
        }
    }

    /** Not in the issue's targets, but PostgreSQL writes through the same stack: shown against the PostgreSQL ceiling. */
    private void accounts() {
        List<Long> users = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Long> created = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Double ceiling = paired(Ceiling.POSTGRES, "create user");
        PassResult create = ClosedLoopRunner.run("create user", settings.withMaxRequests(Math.min(settings.maxRequests(), 60_000)),
                seq -> api.createUserRaw("load-" + fixtures.runId() + "-u" + seq).map(r -> {
                    if (r.status() == 201) {
                        created.add(r.json().path("userId").asLong());
                        return Outcome.ok();
                    }
                    return Outcome.error(r.label());
                }));
        report.pass("raw", numbered(create), Ceiling.POSTGRES, null, ceiling);
        users.addAll(created);
        if (users.isEmpty()) {
            return;
        }
        PassResult charge = ClosedLoopRunner.run("charge balance", settings,
                seq -> api.chargeRaw(users.get((int) (seq % users.size())), 1).map(r -> Outcome.expect(200, r.status())));
        report.pass("raw", numbered(charge), Ceiling.POSTGRES, null, ceiling);
        PassResult balance = ClosedLoopRunner.run("get balance", settings,
                seq -> api.http().get("/api/v1/users/" + users.get((int) (seq % users.size())) + "/balance", java.util.Map.of())
                        .map(r -> Outcome.expect(200, r.status())));
        report.pass("raw", numbered(balance), Ceiling.POSTGRES, null, ceiling);
    }

    private void statusAndJoin() {
        int pool = options.integer("join-users", 1000);
        List<Long> users = fixtures.users(pool, 0);

        CreatedConcert statusRoom = fixtures.concert("status", 1, 50);
        fixtures.pauseRoom(statusRoom.concertId());
        List<QueueTicket> waiting = fixtures.join(users, statusRoom.concertId());
        Double statusCeiling = paired(Ceiling.REDIS, "status");
        PassResult status = ClosedLoopRunner.run("status poll (WAITING tokens)", settings,
                seq -> api.statusRaw(waiting.get((int) (seq % waiting.size())).token())
                        .map(r -> Outcome.expect(200, r.status())));
        report.pass("raw", numbered(status), Ceiling.REDIS, STATUS_TARGET, statusCeiling);

        // fresh (user, room) pairs so every join creates a place: users x paused rooms
        int budget = options.integer("join-budget", 150_000);
        int rooms = Math.max(1, (budget + pool - 1) / pool);
        List<Long> roomIds = Flux.range(0, rooms)
                .flatMapSequential(i -> reactor.core.publisher.Mono.fromCallable(() -> fixtures.concert("join-" + i, 1, 50).concertId())
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 4)
                .collectList().block(Fixtures.SETUP_LIMIT);
        roomIds.forEach(fixtures::pauseRoom);
        Double joinCeiling = paired(Ceiling.REDIS, "join");
        PassResult join = ClosedLoopRunner.run("join (new place)", settings, seq -> {
            int room = (int) (seq / pool);
            if (room >= roomIds.size()) {
                return null;
            }
            return api.joinRaw(users.get((int) (seq % pool)), roomIds.get(room)).map(r -> Outcome.expect(201, r.status()));
        });
        report.pass("raw", numbered(join), Ceiling.REDIS, JOIN_TARGET, joinCeiling);
    }

    private void reads() {
        CreatedConcert concert = fixtures.concert("reads", 20, 50);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(200, 0), concert.concertId());
        long concertId = concert.concertId();
        Double schedulesCeiling = paired(Ceiling.POSTGRES, "schedules");
        PassResult schedules = ClosedLoopRunner.run("schedules", settings,
                seq -> api.schedulesRaw(concertId, tokens.get((int) (seq % tokens.size())).token())
                        .map(r -> Outcome.expect(200, r.status())));
        report.pass("raw", numbered(schedules), Ceiling.POSTGRES, READS_TARGET, schedulesCeiling);
        List<Long> scheduleIds = concert.scheduleIds();
        Double seatsCeiling = paired(Ceiling.POSTGRES, "seats");
        PassResult seats = ClosedLoopRunner.run("seats", settings,
                seq -> api.seatsRaw(concertId, scheduleIds.get((int) (seq % scheduleIds.size())),
                                tokens.get((int) (seq % tokens.size())).token())
                        .map(r -> Outcome.expect(200, r.status())));
        report.pass("raw", numbered(seats), Ceiling.POSTGRES, READS_TARGET, seatsCeiling);
    }

    private void holds() {
        int seats = options.integer("hold-seats", 90_000);
        int perSchedule = 1_000; // concert's CreateConcertCommand.MAX_SEATS (and at most 100 schedules)
        CreatedConcert concert = fixtures.concert("holds", (seats + perSchedule - 1) / perSchedule, perSchedule);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(200, 0), concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        Double holdsCeiling = paired(Ceiling.POSTGRES, "holds");
        PassResult holds = ClosedLoopRunner.run("holds (distinct seats)", settings, seq -> {
            int schedule = (int) (seq / perSchedule);
            if (schedule >= scheduleIds.size()) {
                return null;
            }
            return api.holdRaw(tokens.get((int) (seq % tokens.size())).token(), scheduleIds.get(schedule), (int) (seq % perSchedule) + 1)
                    .map(r -> r.status() == 201 ? Outcome.ok() : Outcome.error(r.label()));
        });
        report.pass("raw", numbered(holds), Ceiling.POSTGRES, HOLDS_TARGET, holdsCeiling);
    }

    private void payments() {
        int count = options.integer("payments", 30_000);
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("payments", (count + perSchedule - 1) / perSchedule, perSchedule);
        List<Long> users = fixtures.users(count, Fixtures.PRICE * 5);
        List<QueueTicket> tokens = fixtures.admitted(users, concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        List<Long> reservations = Flux.range(0, tokens.size())
                .flatMapSequential(i -> api.holdRaw(tokens.get(i).token(), scheduleIds.get(i / perSchedule), i % perSchedule + 1)
                        .map(r -> StagedoorApi.expect(r, 201, "POST /reservations").path("reservationId").asLong()), settings.concurrency())
                .collectList().block(Fixtures.SETUP_LIMIT);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < reservations.size(); i++) {
            keys.add("load-" + fixtures.runId() + "-pay-" + i);
        }
        Double paymentsCeiling = paired(Ceiling.POSTGRES, "payments");
        PassResult payments = ClosedLoopRunner.run("payments", settings.withMaxRequests(reservations.size()), seq -> {
            if (seq >= reservations.size()) {
                return null;
            }
            int i = (int) seq;
            return api.payRaw(tokens.get(i).token(), reservations.get(i), keys.get(i))
                    .map(r -> r.status() == 201 ? Outcome.ok() : Outcome.error(r.label()));
        });
        report.pass("raw", numbered(payments), Ceiling.POSTGRES, PAYMENTS_TARGET, paymentsCeiling);
        if (payments.exhausted()) {
            report.finding("raw", "payments pass ran out of prepared reservations after " + String.format("%.1f", payments.seconds())
                    + " s (" + reservations.size() + " prepared; raise --payments for a longer window)");
        }
    }

    private PassResult numbered(PassResult result) {
        return round.isEmpty() ? result : result.renamed(result.name() + round);
    }

    /** The ceiling measured right before a pass, so drift on a shared machine hits both alike (null without ceilings). */
    private Double paired(Ceiling kind, String pass) {
        return ceilings == null ? null : ceilings.measure(kind, "(before " + pass + round + ")");
    }
}

package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.OpenLoopRunner;
import io.stagedoor.load.engine.OpenLoopRunner.OpenLoopResult;
import io.stagedoor.load.engine.OpenLoopSettings;
import io.stagedoor.load.engine.Operation;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Latency at a fixed arrival rate. For each path (status poll, seat map, hold, payment): a short closed-loop pass finds
 * the path's maximum throughput on this machine right now, then an open-loop pass sends requests on a schedule at a
 * share of it (70 % by default) and measures each request's latency from its scheduled send time
 * ({@link OpenLoopRunner}), so a stall of the server or of the generator is charged to every request it delayed.
 * Target: p99 at most 50 ms.
 */
public final class OpenLoopPasses {

    public static final String SECTION = "open-loop";
    static final List<String> PATHS = List.of("status", "seat-map", "hold", "payment");
    /** Requests the generator may have outstanding at once before it counts a due request as not sent. */
    static final int MAX_IN_FLIGHT = 10_000;

    private final Fixtures fixtures;
    private final StagedoorApi closedApi;
    private final StagedoorApi openApi;
    private final Report report;
    private final HarnessOptions options;
    private final PassSettings maxSettings;
    private final PassSettings openWindow;
    private final double share;
    private final double p99TargetMs;

    /**
     * @param closedApi the API over the closed loop's client (one connection per worker)
     * @param openApi   the API over a client with enough connections for the requests a stall piles up
     */
    public OpenLoopPasses(Fixtures fixtures, StagedoorApi closedApi, StagedoorApi openApi, PassSettings settings,
                          Report report, HarnessOptions options) {
        this.fixtures = fixtures;
        this.closedApi = closedApi;
        this.openApi = openApi;
        this.report = report;
        this.options = options;
        this.openWindow = settings;
        this.maxSettings = settings.withWarmup(Duration.ofSeconds(2))
                .withDuration(Duration.ofSeconds(options.integer("open-max-seconds", 5)));
        this.share = Double.parseDouble(options.string("open-share", "0.7"));
        this.p99TargetMs = Double.parseDouble(options.string("open-p99-target-ms", "50"));
        if (!(share > 0 && share <= 1.5)) {
            throw new IllegalArgumentException("--open-share must be between 0 and 1.5");
        }
    }

    /** The paths of {@code --open-paths} (all four by default). */
    static Set<String> paths(HarnessOptions options) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String p : options.string("open-paths", String.join(",", PATHS)).split(",")) {
            if (!PATHS.contains(p.trim())) {
                throw new IllegalArgumentException("unknown open-loop path " + p + " (one of " + PATHS + ")");
            }
            chosen.add(p.trim());
        }
        return chosen;
    }

    /** Returns how many paths missed the p99 target. */
    public int run() {
        int missed = 0;
        for (String path : paths(options)) {
            try {
                missed += switch (path) {
                    case "status" -> status();
                    case "seat-map" -> seatMap();
                    case "hold" -> holds();
                    default -> payments();
                };
            } catch (RuntimeException e) {
                report.finding(SECTION, path + " could not run: " + e.getMessage());
                missed++;
            } finally {
                fixtures.retireRooms();
            }
        }
        return missed;
    }

    private int status() {
        List<Long> users = fixtures.users(options.integer("join-users", 1000), 0);
        CreatedConcert room = fixtures.concert("open status", 1, 50);
        fixtures.pauseRoom(room.concertId());
        List<QueueTicket> waiting = fixtures.join(users, room.concertId());
        return measure("status poll", Integer.MAX_VALUE, api -> seq -> api.statusRaw(waiting.get((int) (seq % waiting.size())).token())
                .map(r -> Outcome.expect(200, r.status())));
    }

    private int seatMap() {
        CreatedConcert concert = fixtures.concert("open seat map", 20, 50);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(200, 0), concert.concertId());
        List<Long> schedules = concert.scheduleIds();
        return measure("seat map", Integer.MAX_VALUE, api -> seq -> api.seatMapRaw(concert.concertId(),
                        schedules.get((int) (seq % schedules.size())), tokens.get((int) (seq % tokens.size())).token())
                .map(r -> Outcome.expect(200, r.status())));
    }

    /**
     * Every hold a different seat; each user makes at most 4 holds (the per-fan hold limit the product intends), so
     * the pass measures the hold statement, not a limit's refusals. A user's holds are a token-count apart, as a fan
     * holds one seat after another (docs/performance.md, "Holds and the fan's lock").
     */
    private int holds() {
        int seats = options.integer("open-hold-seats", 60_000);
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("open holds", (seats + perSchedule - 1) / perSchedule, perSchedule);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(Math.max(200, (seats + 3) / 4), 0), concert.concertId());
        List<Long> schedules = concert.scheduleIds();
        return measure("hold (distinct seats)", seats, api -> seq -> {
            if (seq >= (long) schedules.size() * perSchedule) {
                return null;
            }
            return api.holdRaw(tokens.get((int) (seq % tokens.size())).token(), schedules.get((int) (seq / perSchedule)),
                            (int) (seq % perSchedule) + 1)
                    .map(r -> r.status() == 201 ? Outcome.ok() : Outcome.error(r.label()));
        });
    }

    private int payments() {
        int count = options.integer("open-payments", 20_000);
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("open payments", (count + perSchedule - 1) / perSchedule, perSchedule);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(count, Fixtures.PRICE * 2), concert.concertId());
        List<Long> schedules = concert.scheduleIds();
        List<Long> reservations = Flux.range(0, tokens.size())
                .flatMapSequential(i -> closedApi.holdRaw(tokens.get(i).token(), schedules.get(i / perSchedule), i % perSchedule + 1)
                        .map(r -> StagedoorApi.expect(r, 201, "POST /reservations").path("reservationId").asLong()), 64)
                .collectList().block(Fixtures.SETUP_LIMIT);
        String prefix = "load-" + fixtures.runId() + "-open-pay-";
        return measure("payment", reservations.size(), api -> seq -> {
            if (seq >= reservations.size()) {
                return null;
            }
            int i = (int) seq;
            return api.payRaw(tokens.get(i).token(), reservations.get(i), prefix + i)
                    .map(r -> r.status() == 201 ? Outcome.ok() : Outcome.error(r.label()));
        });
    }

    /**
     * The closed-loop maximum, then the open loop at {@link #share} of it. Both passes draw their work (seats,
     * reservations) from one counter, so the open pass goes on with what the closed pass left; the closed pass may use
     * at most 45 % of a {@code budget} of work that is used up.
     */
    private int measure(String name, int budget, Function<StagedoorApi, Operation> operation) {
        AtomicLong next = new AtomicLong();
        long closedCap = budget == Integer.MAX_VALUE ? maxSettings.maxRequests() : Math.max(1, (long) (budget * 0.45));
        Operation closed = operation.apply(closedApi);
        PassResult max = ClosedLoopRunner.run(name + ": closed-loop max", maxSettings.withMaxRequests(closedCap),
                seq -> closed.call(next.getAndIncrement()));
        report.pass(SECTION, max, Ceiling.NONE, null);
        if (max.throughput() <= 0) {
            report.finding(SECTION, name + ": no closed-loop throughput, open loop skipped " + max.errors());
            return 1;
        }
        double rate = max.throughput() * share;
        Operation open = operation.apply(openApi);
        OpenLoopResult result = OpenLoopRunner.run(String.format(Locale.ROOT, "%s: open loop at %.0f/s", name, rate),
                OpenLoopSettings.at(rate, openWindow, MAX_IN_FLIGHT), seq -> open.call(next.getAndIncrement()));
        report.pass(SECTION, result.pass(), Ceiling.NONE, null);
        double p99 = result.pass().latency().p99Ms();
        boolean met = p99 <= p99TargetMs && result.pass().errorCount() == 0 && !result.pass().exhausted();
        report.finding(SECTION, String.format(Locale.ROOT,
                "%s: closed-loop max %.0f/s; open loop at %.0f%% = %.0f/s for %d s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms"
                        + " (from the scheduled send time); %d ok, errors %s; generator send lag p99 %.2f ms — target p99 <= %.0f ms: %s%s",
                name, max.throughput(), share * 100, rate, openWindow.duration().toSeconds(), result.pass().latency().p50Ms(),
                p99, result.pass().latency().p999Ms(), result.pass().latency().maxMs(), result.pass().ok(), result.pass().errors(),
                result.sendLag().p99Ms(), p99TargetMs, met ? "met" : "NOT met",
                result.pass().exhausted() ? " (ran out of prepared work: raise the budget option)" : ""));
        return met ? 0 : 1;
    }
}

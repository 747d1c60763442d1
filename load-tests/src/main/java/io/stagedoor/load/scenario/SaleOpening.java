package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.db.DatabaseInvariants;
import io.stagedoor.load.db.HarnessUsers;
import io.stagedoor.load.engine.OpenLoopSchedule;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.Tally;
import io.stagedoor.load.http.HttpResponse;
import io.stagedoor.load.proc.ProcessCpu;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Distribution;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A sale opening end to end ({@code --scenario sale}). Set-up, not measured: the fans (created in PostgreSQL with a
 * balance and its ledger entry), their signed bearer tokens, a concert with the seats over several schedules, and its
 * room set through the admin API (capacity, admissions per minute, session) and paused. At the opening the room is
 * unpaused and the fans join on a schedule ({@code --sale-fans} within {@code --sale-join-seconds}; join latency from
 * each fan's scheduled instant). Each fan then polls its status honouring {@code pollAfterMillis}; once admitted it
 * reads the seat map of a schedule with free seats, holds a random FREE seat (on 409 it reads again and tries another,
 * up to {@code --sale-hold-retries} times) and pays. Reported: time from the opening to sold out against its bound
 * ({@link SaleBound}), p50/p99 of each step, refusals and errors by code, Redis and PostgreSQL CPU over the sale (from
 * /proc), and the database invariants afterwards.
 */
public final class SaleOpening {

    static final String SECTION = "sale";
    /** How a fan's visit ended. */
    enum Ending { PAID, SOLD_OUT, GAVE_UP_AFTER_409S, NOT_ADMITTED, LOST_PLACE, JOIN_FAILED, ERROR }

    private final Fixtures fixtures;
    private final HarnessUsers users;
    private final StagedoorApi api;
    private final Report report;
    private final HarnessOptions options;
    private final DatabaseInvariants invariants;

    private final Tally joins = new Tally();
    private final Tally polls = new Tally();
    private final Tally seatMaps = new Tally();
    private final Tally holds = new Tally();
    private final Tally payments = new Tally();
    private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
    private final Map<Ending, LongAdder> endings = new ConcurrentHashMap<>();
    private final Set<Long> soldOutSchedules = ConcurrentHashMap.newKeySet();
    private final AtomicLong paid = new AtomicLong();
    private final AtomicLong soldOutAt = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> admittedAtMillis = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> learnedLagMillis = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> sessionMillis = new ConcurrentLinkedQueue<>();
    private volatile boolean over;

    public SaleOpening(Fixtures fixtures, HarnessUsers users, StagedoorApi saleApi, Report report, HarnessOptions options,
                       DatabaseInvariants invariants) {
        this.fixtures = fixtures;
        this.users = users;
        this.api = saleApi;
        this.report = report;
        this.options = options;
        this.invariants = invariants;
    }

    /** The sale's size and the room's rules, from the options (full size by default). */
    record Plan(int fans, int joinSeconds, int seats, int schedules, int capacity, int ratePerMinute, int sessionSeconds,
                int holdRetries, Duration limit) {

        static Plan from(HarnessOptions options) {
            Plan plan = new Plan(options.integer("sale-fans", 100_000), options.integer("sale-join-seconds", 10),
                    options.integer("sale-seats", 5_000), options.integer("sale-schedules", 10),
                    options.integer("sale-capacity", 2_000), options.integer("sale-rate", 3_000),
                    options.integer("sale-session-seconds", 300), options.integer("sale-hold-retries", 3),
                    Duration.ofSeconds(options.integer("sale-limit-seconds", 600)));
            if (plan.seats % plan.schedules != 0 || plan.seats / plan.schedules > 1_000) {
                throw new IllegalArgumentException("--sale-seats must be a multiple of --sale-schedules, at most 1,000 per schedule");
            }
            if (plan.fans < plan.seats) {
                throw new IllegalArgumentException("--sale-fans must be at least --sale-seats, or the sale cannot sell out");
            }
            return plan;
        }
    }

    public void run() {
        Plan plan = Plan.from(options);
        report.finding(SECTION, String.format(Locale.ROOT,
                "plan: %,d fans join within %d s; %,d seats over %d schedules; room admits %,d at a time and %,d per minute, session %d s;"
                        + " up to %d retries of a hold on 409; time limit %d s",
                plan.fans(), plan.joinSeconds(), plan.seats(), plan.schedules(), plan.capacity(), plan.ratePerMinute(),
                plan.sessionSeconds(), plan.holdRetries(), plan.limit().toSeconds()));

        // ---- set-up (not measured) ----
        long setupStart = System.nanoTime();
        CreatedConcert concert = fixtures.concert("sale", plan.schedules(), plan.seats() / plan.schedules());
        api.configureRoom(concert.concertId(), plan.capacity(), plan.ratePerMinute(), plan.sessionSeconds(), true)
                .block(Duration.ofSeconds(10));
        List<Long> fans = users.create("load-" + fixtures.runId() + "-sale", plan.fans(), Fixtures.PRICE * 4);
        // the bearer tokens: signed now, in parallel, so the sale never waits on a signature
        IntStream.range(0, fans.size()).parallel().forEach(i -> api.authorization(fans.get(i)));
        report.finding(SECTION, String.format(Locale.ROOT, "set-up (not measured): %,d fans with balance and signed tokens, concert %d,"
                + " room paused, in %.1f s", fans.size(), concert.concertId(), (System.nanoTime() - setupStart) / 1e9));

        OptionalLong redisPid = ProcessCpu.find("redis-server", ":" + java.net.URI.create(options.redisUrl()).getPort());
        OptionalLong pgPid = ProcessCpu.find("postgres", "-D");
        ProcessCpu redis = redisPid.isPresent() ? new ProcessCpu(redisPid.getAsLong()) : null;
        ProcessCpu postgres = pgPid.isPresent() ? new ProcessCpu(pgPid.getAsLong()) : null;
        double redisBefore = redis == null ? Double.NaN : redis.cpuSeconds();
        double pgBefore = postgres == null ? Double.NaN : postgres.cpuSeconds();

        // ---- the opening ----
        Instant openedWall = Instant.now();
        long opened = System.nanoTime();
        api.configureRoom(concert.concertId(), null, null, null, false).block(Duration.ofSeconds(10));
        OpenLoopSchedule arrivals = new OpenLoopSchedule(opened, fans.size() / (double) plan.joinSeconds());
        long deadline = opened + plan.limit().toNanos();
        Flux.range(0, fans.size())
                .flatMap(i -> Mono.delay(Duration.ofNanos(Math.max(0, arrivals.scheduledAt(i) - System.nanoTime())))
                        .then(Mono.defer(() -> fan(fans.get(i), concert, plan, arrivals.scheduledAt(i), openedWall, deadline)))
                        .onErrorResume(e -> {
                            count(codes, "harness: " + e.getClass().getSimpleName());
                            return Mono.just(Ending.ERROR);
                        })
                        .doOnNext(ending -> count(endings, ending)), fans.size())
                .then()
                .block(plan.limit().plusSeconds(60));
        over = true;
        long ended = System.nanoTime();
        double wall = (ended - opened) / 1e9;
        double redisCores = redis == null ? Double.NaN : ProcessCpu.cores(redisBefore, redis.cpuSeconds(), wall);
        double pgCores = postgres == null ? Double.NaN : ProcessCpu.cores(pgBefore, postgres.cpuSeconds(), wall);

        // ---- report ----
        long lastJoin = joins.ok() > 0 ? opened + (long) (plan.joinSeconds() * 1e9) : opened;
        report.pass(SECTION, joins.result(String.format(Locale.ROOT, "sale: join (%,d in %d s, from scheduled time)", fans.size(),
                plan.joinSeconds()), Math.max(1, lastJoin - opened)), Ceiling.NONE, null);
        report.pass(SECTION, polls.result("sale: status polls", ended - opened), Ceiling.NONE, null);
        report.pass(SECTION, seatMaps.result("sale: seat map", ended - opened), Ceiling.NONE, null);
        report.pass(SECTION, holds.result("sale: hold (409 = refused)", ended - opened), Ceiling.NONE, null);
        PassResult payResult = payments.result("sale: payment", ended - opened);
        report.pass(SECTION, payResult, Ceiling.NONE, null);

        SaleBound bound = new SaleBound(plan.seats(), plan.ratePerMinute(), plan.capacity());
        double session = median(sessionMillis) / 1000.0;
        long soldOutNanos = soldOutAt.get();
        String boundText = String.format(Locale.ROOT, "bound = admission-rate bound %.0f s (the %,d-th admission, at most %,d in any 60 s;"
                        + " spread evenly it would be %.0f s) + one session %.2f s (median admission -> paid) = %.1f s",
                bound.rateBoundSeconds(), plan.seats(), plan.ratePerMinute(), bound.evenRateSeconds(), session, bound.boundSeconds(session));
        if (soldOutNanos > 0) {
            double soldOut = (soldOutNanos - opened) / 1e9;
            report.finding(SECTION, String.format(Locale.ROOT, "SOLD OUT %.1f s after the opening; %s; %.2fx of the bound — target within 10%%: %s",
                    soldOut, boundText, soldOut / bound.boundSeconds(session), bound.within(soldOut, session, 0.10) ? "met" : "NOT met"));
        } else {
            report.finding(SECTION, String.format(Locale.ROOT, "NOT sold out within %d s: %,d of %,d seats paid; %s",
                    plan.limit().toSeconds(), paid.get(), plan.seats(), boundText));
        }
        double[] admitted = admittedAtMillis.stream().mapToDouble(ms -> ms / 1000.0).sorted().toArray();
        if (admitted.length > 0) {
            report.finding(SECTION, String.format(Locale.ROOT, "%,d fans admitted (server's instants, s after the opening): first %.1f s,"
                    + " last %.1f s; %,d of them in the first 60 s; learned it by polling after %s",
                    admitted.length, admitted[0], admitted[admitted.length - 1],
                    java.util.Arrays.stream(admitted).filter(s -> s < 60).count(),
                    Distribution.of(learnedLagMillis.stream().mapToDouble(ms -> ms / 1000.0).toArray()).format("s")));
        }
        Map<Ending, Long> byEnding = new TreeMap<>();
        endings.forEach((k, v) -> byEnding.put(k, v.sum()));
        report.finding(SECTION, "fans by how their visit ended: " + byEnding);
        Map<String, Long> byCode = new TreeMap<>();
        codes.forEach((k, v) -> byCode.put(k, v.sum()));
        long fiveHundreds = byCode.entrySet().stream()
                .filter(e -> e.getKey().matches(".*\\b5\\d\\d\\b.*") && !e.getKey().matches(".*\\b503\\b.*"))
                .mapToLong(Map.Entry::getValue).sum();
        report.finding(SECTION, "refusals and errors by step and code: " + (byCode.isEmpty() ? "none" : byCode));
        report.finding(SECTION, "5xx other than 503: " + fiveHundreds + " — target 0: " + (fiveHundreds == 0 ? "met" : "NOT met"));
        report.finding(SECTION, String.format(Locale.ROOT, "CPU over the %.0f s from opening to the end: Redis %s, PostgreSQL %s"
                        + " (cores busy on average, from /proc; PostgreSQL counts every backend, the machine's other users' too)",
                wall, cores(redisCores, redisPid), cores(pgCores, pgPid)));

        String scheduleList = concert.scheduleIds().stream().map(String::valueOf).collect(Collectors.joining(","));
        long sold = invariants.count(String.format(DatabaseInvariants.SOLD_SEATS_OF_SCHEDULES, scheduleList));
        // more sold than seen paid is a payment whose 201 came after the fan stopped waiting; fewer would be a lost sale
        report.finding(SECTION, "seats sold in the database: " + sold + " of " + plan.seats() + ", payments the fans saw answered 201: "
                + payResult.ok() + (sold == payResult.ok() ? " (equal)"
                : sold > payResult.ok() ? " (the other " + (sold - payResult.ok()) + " were paid after their fan stopped waiting for the answer)"
                : " — A 201 WITHOUT A SOLD SEAT"));
        boolean allHold = true;
        for (DatabaseInvariants.Check check : invariants.checkAll()) {
            allHold &= check.holds();
            report.finding(SECTION, "invariant '" + check.name() + "': " + (check.holds() ? "holds" : "VIOLATED " + check.violations()));
        }
        report.finding(SECTION, "invariants: " + (allHold ? "all hold" : "VIOLATED"));
    }

    private static String cores(double cores, OptionalLong pid) {
        return pid.isEmpty() ? "unknown (process not found)" : String.format(Locale.ROOT, "%.2f cores (pid %d)", cores, pid.getAsLong());
    }

    // ---- one fan ----

    private Mono<Ending> fan(long user, CreatedConcert concert, Plan plan, long scheduledNanos, Instant openedWall, long deadline) {
        return join(user, concert.concertId(), scheduledNanos, 0).flatMap(ticket -> {
            if (ticket.token().isEmpty()) {
                return Mono.just(Ending.JOIN_FAILED);
            }
            return waitForAdmission(ticket, deadline).flatMap(active -> {
                if (!active.active()) {
                    return Mono.just("401".equals(active.status()) ? Ending.LOST_PLACE : over || soldOutAt.get() > 0 ? Ending.SOLD_OUT : Ending.NOT_ADMITTED);
                }
                long learned = System.nanoTime();
                if (active.activeUntil() != null) {
                    Instant admittedAt = active.activeUntil().minusSeconds(plan.sessionSeconds());
                    long admittedMs = Duration.between(openedWall, admittedAt).toMillis();
                    admittedAtMillis.add(admittedMs);
                    learnedLagMillis.add(Math.max(0, Duration.between(admittedAt, Instant.now()).toMillis()));
                }
                return buy(active, concert, plan, 0, learned);
            });
        });
    }

    /** Joins; a 503 or a timeout is tried again after a second, as a fan's browser would (at most 5 times). */
    private Mono<QueueTicket> join(long user, long concertId, long scheduledNanos, int attempt) {
        long start = attempt == 0 ? scheduledNanos : System.nanoTime();
        return api.joinRaw(user, concertId).timeout(Duration.ofSeconds(30)).map(r -> {
            if (r.status() == 201 || r.status() == 200) {
                joins.record(start, Outcome.ok());
                return api.remember(QueueTicket.from(r.json()), user);
            }
            joins.record(start, Outcome.error(r.label()));
            count(codes, "join " + r.label());
            return r.status() == 503 ? retryMarker() : failed();
        }).onErrorResume(e -> {
            joins.record(start, Outcome.error(e.getClass().getSimpleName()));
            count(codes, "join " + e.getClass().getSimpleName());
            return Mono.just(retryMarker());
        }).flatMap(t -> t.status().equals("RETRY") && attempt < 5
                ? Mono.delay(Duration.ofSeconds(1)).then(join(user, concertId, scheduledNanos, attempt + 1))
                : Mono.just(t.status().equals("RETRY") ? failed() : t));
    }

    private static QueueTicket retryMarker() {
        return new QueueTicket("", 0, 0, "RETRY", 0, 0, 0, 1000, null);
    }

    private static QueueTicket failed() {
        return new QueueTicket("", 0, 0, "FAILED", 0, 0, 0, 1000, null);
    }

    /** Polls honouring pollAfterMillis until ACTIVE; stops when the sale is over. A 401 means the place was lost. */
    private Mono<QueueTicket> waitForAdmission(QueueTicket ticket, long deadline) {
        if (ticket.active()) {
            return Mono.just(ticket);
        }
        long wait = Math.max(100, ticket.pollAfterMillis());
        if (soldOutAt.get() > 0 || System.nanoTime() + wait * 1_000_000 > deadline) {
            return Mono.just(ticket);
        }
        return Mono.delay(Duration.ofMillis(wait)).then(Mono.defer(() -> {
            if (soldOutAt.get() > 0) {
                return Mono.just(ticket);
            }
            long start = System.nanoTime();
            return api.statusRaw(ticket.token()).timeout(Duration.ofSeconds(30))
                    .flatMap(r -> {
                        if (r.status() == 200) {
                            polls.record(start, Outcome.ok());
                            QueueTicket next = QueueTicket.from(r.json());
                            return waitForAdmission(next, deadline);
                        }
                        polls.record(start, Outcome.error(r.label()));
                        count(codes, "status " + r.label());
                        if (r.status() == 401) {
                            return Mono.just(new QueueTicket(ticket.token(), ticket.userId(), ticket.concertId(), "401", 0, 0, 0, 0, null));
                        }
                        return waitForAdmission(ticket, deadline); // 503: ask again after the same wait
                    })
                    .onErrorResume(e -> {
                        polls.record(start, Outcome.error(e.getClass().getSimpleName()));
                        count(codes, "status " + e.getClass().getSimpleName());
                        return waitForAdmission(ticket, deadline);
                    });
        }));
    }

    /** Seat map of a schedule with free seats, a random FREE seat held, then paid; a 409 is tried again with a new look. */
    private Mono<Ending> buy(QueueTicket ticket, CreatedConcert concert, Plan plan, int retries, long admittedNanos) {
        List<Long> open = new ArrayList<>(concert.scheduleIds());
        open.removeAll(soldOutSchedules);
        if (open.isEmpty() || soldOutAt.get() > 0) {
            return Mono.just(Ending.SOLD_OUT);
        }
        long scheduleId = open.get(ThreadLocalRandom.current().nextInt(open.size()));
        long t0 = System.nanoTime();
        return api.seatMapRaw(concert.concertId(), scheduleId, ticket.token()).timeout(Duration.ofSeconds(30)).flatMap(map -> {
            if (map.status() != 200) {
                seatMaps.record(t0, Outcome.error(map.label()));
                count(codes, "seat map " + map.label());
                return Mono.just(Ending.ERROR);
            }
            seatMaps.record(t0, Outcome.ok());
            List<Integer> free = new ArrayList<>();
            for (JsonNode seat : map.json().path("seats")) {
                if ("FREE".equals(seat.path("state").asString(""))) {
                    free.add(seat.path("seatNumber").asInt());
                }
            }
            if (free.isEmpty()) {
                soldOutSchedules.add(scheduleId);
                return buy(ticket, concert, plan, retries, admittedNanos); // not a refused hold: look at another schedule
            }
            int seat = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            long t1 = System.nanoTime();
            return api.holdRaw(ticket.token(), scheduleId, seat).timeout(Duration.ofSeconds(30)).flatMap(hold -> {
                if (hold.status() == 409) {
                    holds.record(t1, Outcome.refused(hold.label()));
                    count(codes, "hold " + hold.label());
                    return retries < plan.holdRetries()
                            ? buy(ticket, concert, plan, retries + 1, admittedNanos)
                            : Mono.just(Ending.GAVE_UP_AFTER_409S);
                }
                if (hold.status() != 201) {
                    holds.record(t1, Outcome.error(hold.label()));
                    count(codes, "hold " + hold.label());
                    return Mono.just(Ending.ERROR);
                }
                holds.record(t1, Outcome.ok());
                return pay(ticket, hold, plan, admittedNanos);
            });
        }).onErrorResume(e -> {
            count(codes, "buy " + e.getClass().getSimpleName());
            return Mono.just(Ending.ERROR);
        });
    }

    private Mono<Ending> pay(QueueTicket ticket, HttpResponse hold, Plan plan, long admittedNanos) {
        long reservationId = hold.json().path("reservationId").asLong();
        return pay(ticket, reservationId, "sale-" + fixtures.runId() + "-" + reservationId, plan, admittedNanos, 0);
    }

    /**
     * Pays; a payment that got no answer in time or a 503 is sent again with the same Idempotency-Key after a second
     * (at most 3 times), as a fan's client would: the key makes the retry safe, and the hold is still the fan's.
     */
    private Mono<Ending> pay(QueueTicket ticket, long reservationId, String key, Plan plan, long admittedNanos, int attempt) {
        long t2 = System.nanoTime();
        return api.payRaw(ticket.token(), reservationId, key).timeout(Duration.ofSeconds(30))
                .onErrorResume(e -> {
                    count(codes, "payment " + e.getClass().getSimpleName());
                    return Mono.just(new HttpResponse(599, new byte[0]));
                })
                .flatMap(p -> {
                    if (p.status() != 201) {
                        payments.record(t2, Outcome.error(p.status() == 599 ? "no answer" : p.label()));
                        if (p.status() != 599) {
                            count(codes, "payment " + p.label());
                        }
                        return (p.status() == 503 || p.status() == 599) && attempt < 3
                                ? Mono.delay(Duration.ofSeconds(1)).then(pay(ticket, reservationId, key, plan, admittedNanos, attempt + 1))
                                : Mono.just(Ending.ERROR);
                    }
                    long now = System.nanoTime();
                    payments.record(t2, Outcome.ok());
                    sessionMillis.add((now - admittedNanos) / 1_000_000);
                    if (paid.incrementAndGet() == plan.seats()) {
                        soldOutAt.set(now);
                    }
                    return Mono.just(Ending.PAID);
                });
    }

    private static <K> void count(Map<K, LongAdder> counts, K key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static double median(ConcurrentLinkedQueue<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
}

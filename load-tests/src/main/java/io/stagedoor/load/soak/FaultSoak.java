package io.stagedoor.load.soak;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.AccessTokens;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.db.DatabaseInvariants;
import io.stagedoor.load.db.HarnessUsers;
import io.stagedoor.load.http.HttpResponse;
import io.stagedoor.load.http.LoopbackHttpClient;
import io.stagedoor.load.report.Report;
import io.stagedoor.load.scenario.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A fault soak ({@code --scenario soak}). The harness starts everything it will break: a redis-server of its own (never
 * the shared one), a fresh database of its own on the PostgreSQL server, and two app instances on them. Then, for
 * {@code --soak-seconds}, a booking rush (workers that each, again and again, take a new fan through join, admission,
 * seat map, hold and payment) and a join spike every {@code --soak-spike-every} seconds run against both instances,
 * while every {@code --soak-fault-every} seconds one fault is injected in turn: Redis killed and started again empty,
 * every PostgreSQL backend of the app's database terminated, or one app instance SIGKILLed and started again.
 * Afterwards: the database invariants, and the error budget (share of 503s; every other 5xx, target 0).
 */
public final class FaultSoak {

    static final String SECTION = "soak";
    static final List<String> FAULTS = List.of("redis-restart", "postgres-backends", "app-kill");

    private final HarnessOptions options;
    private final Report report;

    public FaultSoak(HarnessOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    /** One injected fault: when, what, and what it took to come back. */
    record FaultEvent(long atSecond, String fault, String detail) {
    }

    public void run() throws IOException {
        int seconds = options.integer("soak-seconds", 600);
        int every = options.integer("soak-fault-every", 120);
        int workers = options.integer("soak-workers", 24);
        int spikeEvery = options.integer("soak-spike-every", 30);
        int spikeFans = options.integer("soak-spike-fans", 300);
        int seats = options.integer("soak-seats", 20_000);
        int basePort = options.integer("soak-port", 18580);
        int redisPort = options.integer("soak-redis-port", 18579);
        Path jar = Path.of(options.string("app-jar", "bootstrap-app/target/bootstrap-app-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--app-jar " + jar + " not found (build it: ./mvnw -pl bootstrap-app -am package -DskipTests)");
        }
        Path work = Files.createDirectories(Path.of(options.string("soak-dir", "load-tests/target/soak")));
        String adminKey = HexFormat.of().formatHex(randomBytes());
        String pem = options.signingKeyPem();
        AccessTokens tokens = options.accessTokens();

        SoakDatabase database = new SoakDatabase(options.jdbcLogin(), options.string("soak-database", "stagedoor_soak"));
        database.recreate();
        String r2dbc = database.login().url().replaceFirst("^jdbc:", "r2dbc:");
        report.finding(SECTION, String.format(Locale.ROOT, "plan: %d s, a fault every %d s in turn %s; %d booking workers,"
                        + " %d fans joining a second room every %d s; own Redis :%d, own database %s, two app instances :%d and :%d",
                seconds, every, FAULTS, workers, spikeFans, spikeEvery, redisPort, database.name(), basePort, basePort + 10));

        try (OwnedRedis redis = new OwnedRedis(redisPort, work);
             AppInstance a = instance("A", jar, basePort, r2dbc, options.dbUser(), options.dbPassword(), redisPort, adminKey, pem, work);
             AppInstance b = instance("B", jar, basePort + 10, r2dbc, options.dbUser(), options.dbPassword(), redisPort, adminKey, pem, work)) {
            redis.start();
            a.start(); // A first: it migrates the fresh database, B then finds it migrated
            requireReady(a);
            b.start();
            requireReady(b);
            try (LoopbackHttpClient httpA = new LoopbackHttpClient(a.url(), 256);
                 LoopbackHttpClient httpB = new LoopbackHttpClient(b.url(), 256)) {
                StagedoorApi apiA = new StagedoorApi(httpA, adminKey, tokens);
                soak(seconds, every, workers, spikeEvery, spikeFans, seats, database, redis, a, b, apiA, apiA.via(httpB));
            }
        } finally {
            report.finding(SECTION, "app logs and the Redis log: " + work.toAbsolutePath());
        }
    }

    private void soak(int seconds, int every, int workers, int spikeEvery, int spikeFans, int seats, SoakDatabase database,
                      OwnedRedis redis, AppInstance a, AppInstance b, StagedoorApi apiA, StagedoorApi apiB) {
        // ---- set-up through instance A and SQL (not part of the budget) ----
        Instant first = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        int perSchedule = 1_000;
        CreatedConcert rush = apiA.createConcert("soak rush", Math.max(1, seats / perSchedule), perSchedule, Fixtures.PRICE, first)
                .block(Duration.ofSeconds(60));
        CreatedConcert spike = apiA.createConcert("soak spike", 1, 50, Fixtures.PRICE, first).block(Duration.ofSeconds(60));
        openRooms(apiA, rush.concertId(), spike.concertId());
        HarnessUsers users = new HarnessUsers(database.login());
        int fanCount = Math.max(10_000, workers * seconds * 2 + spikeFans * (seconds / Math.max(1, spikeEvery) + 1));
        List<Long> fans = users.create("soak-fan", fanCount, Fixtures.PRICE * 4);
        AtomicInteger nextFan = new AtomicInteger();

        long start = System.nanoTime();
        SoakLedger ledger = new SoakLedger(start);
        TwoInstances both = new TwoInstances(apiA, apiB, ledger);
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        AtomicLong paid = new AtomicLong();

        Disposable rushing = Flux.range(0, workers)
                .flatMap(w -> Mono.defer(() -> visit(both, rush, fans.get(nextFan.getAndIncrement() % fans.size()), deadline, paid))
                        .onErrorResume(e -> Mono.empty())
                        .repeat(() -> System.nanoTime() < deadline), workers)
                .subscribe();
        Disposable spiking = Flux.interval(Duration.ofSeconds(spikeEvery / 2), Duration.ofSeconds(spikeEvery))
                .takeWhile(i -> System.nanoTime() < deadline)
                .concatMap(i -> Flux.range(0, spikeFans)
                        .flatMap(n -> Mono.delay(Duration.ofMillis(n * 2000L / spikeFans))
                                .then(Mono.defer(() -> spikeFan(both, spike.concertId(), fans.get(nextFan.getAndIncrement() % fans.size()))))
                                .onErrorResume(e -> Mono.empty()), spikeFans)
                        .then())
                .subscribe();

        // ---- the faults, one every `every` seconds, in turn ----
        List<FaultEvent> events = new ArrayList<>();
        int k = 0;
        for (long at = every; at < seconds; at += every, k++) {
            sleepUntil(start + Duration.ofSeconds(at).toNanos());
            String fault = FAULTS.get(k % FAULTS.size());
            String detail = switch (fault) {
                case "redis-restart" -> {
                    Duration away = redis.restart();
                    openRooms(apiA, rush.concertId(), spike.concertId()); // the room settings were in Redis too
                    yield "Redis SIGKILLed and started again empty in " + away.toMillis() + " ms; room settings set again";
                }
                case "postgres-backends" -> "pg_terminate_backend of " + database.terminateBackends() + " backends of " + database.name();
                default -> {
                    AppInstance victim = k / FAULTS.size() % 2 == 0 ? b : a;
                    long t0 = System.nanoTime();
                    victim.kill();
                    victim.start();
                    Duration ready = victim.awaitReady(Duration.ofSeconds(Math.max(30, every - 5)));
                    yield "instance " + victim.name() + " SIGKILLed and started again; ready after "
                            + (ready == null ? "more than " + Math.max(30, every - 5) + " s" : (System.nanoTime() - t0) / 1_000_000 + " ms");
                }
            };
            events.add(new FaultEvent(at, fault, detail));
            report.finding(SECTION, "t+" + at + " s: " + fault + ": " + detail);
        }
        sleepUntil(deadline);
        AppInstance.sleep(20_000); // in-flight visits finish (each request has a 15 s timeout)
        rushing.dispose();
        spiking.dispose();

        // ---- the error budget ----
        for (FaultEvent e : events) {
            long[] w = ledger.window(e.atSecond(), Math.min(every, 60));
            report.finding(SECTION, String.format(Locale.ROOT, "within %d s of t+%d s (%s): %d x 503, %d other 5xx, %d unanswered",
                    Math.min(every, 60), e.atSecond(), e.fault(), w[0], w[1], w[2]));
        }
        report.finding(SECTION, String.format(Locale.ROOT,
                "error budget: %,d HTTP answers; 503: %,d = %.3f%% of all requests; 5xx other than 503: %d — target 0: %s;"
                        + " unanswered: %d; requests moved to the other instance because theirs was down: %d; seats paid: %,d",
                ledger.answers(), ledger.unavailable(), ledger.unavailableShare() * 100, ledger.otherServerErrors(),
                ledger.otherServerErrors() == 0 ? "met" : "NOT met", ledger.failures(), ledger.instanceDownHops(), paid.get()));
        report.finding(SECTION, "answers by step and code: " + ledger.codes());

        DatabaseInvariants invariants = new DatabaseInvariants(database.login());
        boolean allHold = true;
        for (DatabaseInvariants.Check check : invariants.checkAll()) {
            allHold &= check.holds();
            report.finding(SECTION, "invariant '" + check.name() + "': " + (check.holds() ? "holds" : "VIOLATED " + check.violations()));
        }
        report.finding(SECTION, "invariants after the soak: " + (allHold ? "all hold" : "VIOLATED"));
    }

    private static void openRooms(StagedoorApi api, long rush, long spike) {
        Mono.defer(() -> api.configureRoom(rush, Fixtures.OPEN_CAPACITY, Fixtures.OPEN_RATE, 600, false))
                .then(Mono.defer(() -> api.configureRoom(spike, 1_000, 6_000, 60, false)))
                .retryWhen(reactor.util.retry.Retry.fixedDelay(20, Duration.ofMillis(500)))
                .block(Duration.ofSeconds(30));
    }

    /** One fan of the rush: join, wait for admission, seat map, hold (3 retries on 409), pay (retried with its key). */
    private Mono<Void> visit(TwoInstances both, CreatedConcert concert, long fan, long deadline, AtomicLong paid) {
        return both.call("join", api -> api.joinRaw(fan, concert.concertId())).flatMap(r -> {
            if (r.status() != 201 && r.status() != 200) {
                return pause(r);
            }
            QueueTicket ticket = both.first().remember(QueueTicket.from(r.json()), fan);
            return admitted(both, ticket, deadline, 0).flatMap(active -> active.active()
                    ? buy(both, concert, active, 0, paid)
                    : Mono.<Void>empty());
        });
    }

    private Mono<QueueTicket> admitted(TwoInstances both, QueueTicket ticket, long deadline, int polls) {
        if (ticket.active() || polls >= 30 || System.nanoTime() > deadline) {
            return Mono.just(ticket);
        }
        return Mono.delay(Duration.ofMillis(Math.min(2_000, Math.max(200, ticket.pollAfterMillis()))))
                .then(both.call("status", api -> api.statusRaw(ticket.token())))
                .flatMap(r -> r.status() == 200 ? admitted(both, QueueTicket.from(r.json()), deadline, polls + 1)
                        : r.status() == 401 ? Mono.just(ticket.withStatus("LOST"))
                        : admitted(both, ticket, deadline, polls + 1));
    }

    private Mono<Void> buy(TwoInstances both, CreatedConcert concert, QueueTicket ticket, int retries, AtomicLong paid) {
        long schedule = concert.scheduleIds().get(ThreadLocalRandom.current().nextInt(concert.scheduleIds().size()));
        return both.call("seat map", api -> api.seatMapRaw(concert.concertId(), schedule, ticket.token())).flatMap(map -> {
            if (map.status() != 200) {
                return pause(map);
            }
            List<Integer> free = new ArrayList<>();
            for (JsonNode seat : map.json().path("seats")) {
                if ("FREE".equals(seat.path("state").asString(""))) {
                    free.add(seat.path("seatNumber").asInt());
                }
            }
            if (free.isEmpty()) {
                return Mono.empty();
            }
            int seat = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            return both.call("hold", api -> api.holdRaw(ticket.token(), schedule, seat)).flatMap(hold -> {
                if (hold.status() == 409 && retries < 3) {
                    return buy(both, concert, ticket, retries + 1, paid);
                }
                if (hold.status() != 201) {
                    return pause(hold);
                }
                long reservation = hold.json().path("reservationId").asLong();
                return pay(both, ticket, reservation, "soak-" + reservation, 0, paid);
            });
        });
    }

    /** A payment whose answer was a 503 or never came is sent again with the same Idempotency-Key, as a client would. */
    private Mono<Void> pay(TwoInstances both, QueueTicket ticket, long reservation, String key, int attempt, AtomicLong paid) {
        return both.call("payment", api -> api.payRaw(ticket.token(), reservation, key))
                .onErrorResume(e -> Mono.just(new HttpResponse(599, new byte[0])))
                .flatMap(p -> {
                    if (p.status() == 201) {
                        paid.incrementAndGet();
                        return Mono.<Void>empty();
                    }
                    if ((p.status() == 503 || p.status() == 599) && attempt < 3) {
                        return Mono.delay(Duration.ofSeconds(1)).then(pay(both, ticket, reservation, key, attempt + 1, paid));
                    }
                    return Mono.<Void>empty();
                });
    }

    private Mono<Void> spikeFan(TwoInstances both, long concertId, long fan) {
        return both.call("spike join", api -> api.joinRaw(fan, concertId)).flatMap(r -> {
            if (r.status() != 201 && r.status() != 200) {
                return Mono.<Void>empty();
            }
            QueueTicket ticket = both.first().remember(QueueTicket.from(r.json()), fan);
            return Mono.delay(Duration.ofMillis(Math.min(5_000, Math.max(500, ticket.pollAfterMillis()))))
                    .then(both.call("spike status", api -> api.statusRaw(ticket.token()))).then();
        });
    }

    /** After a refusal the worker waits a moment (a 503 says Retry-After) before its next fan. */
    private static Mono<Void> pause(HttpResponse r) {
        return Mono.delay(Duration.ofMillis(r.status() == 503 ? 1_000 : 100)).then();
    }

    private static AppInstance instance(String name, Path jar, int port, String r2dbc, String user, String password, int redisPort,
                                        String adminKey, String pem, Path work) {
        return new AppInstance(name, jar, port, Map.of(
                "SPRING_R2DBC_URL", r2dbc,
                "SPRING_R2DBC_USERNAME", user,
                "SPRING_R2DBC_PASSWORD", password,
                "SPRING_DATA_REDIS_HOST", "127.0.0.1",
                "SPRING_DATA_REDIS_PORT", Integer.toString(redisPort),
                "STAGEDOOR_EMBEDDED_ENABLED", "false",
                "STAGEDOOR_ADMIN_KEY", adminKey,
                // every simulated fan comes from this one address and polls on its own schedule: the soak proves
                // what survives faults, not the rate limits (docs/security.md, "Rate limits")
                "STAGEDOOR_RATE_LIMIT_ENABLED", "false",
                "STAGEDOOR_IDENTITY_SIGNING_KEY", pem), work.resolve("app-" + name + ".log"));
    }

    private void requireReady(AppInstance instance) {
        Duration ready = instance.awaitReady(Duration.ofMinutes(5));
        if (ready == null) {
            throw new IllegalStateException("app instance " + instance.name() + " exited or did not become ready within 5 minutes (see its log)");
        }
        report.finding(SECTION, "instance " + instance.name() + " ready after " + ready.toSeconds() + " s");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void sleepUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            AppInstance.sleep(Math.max(1, Math.min(1_000, left / 1_000_000)));
        }
    }
}

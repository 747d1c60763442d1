package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.RoomSettings;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.Tally;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Distribution;
import io.stagedoor.load.report.OrderInversions;
import io.stagedoor.load.report.OrderInversions.Waiter;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * N users join one room within S seconds (open loop: user i is sent at i*S/N), then each polls its status
 * honouring {@code pollAfterMillis} until ACTIVE. The room admits at a fixed rate, so the line drains over
 * N / rate minutes. Reports join and poll latency, admission throughput, order inversions (must be 0) and the
 * error of the ETA given at join against the real wait.
 * <p>
 * The admission instant is the server's: {@code activeUntil - sessionSeconds} of the first ACTIVE answer, so
 * polling granularity does not blur the order.
 */
public final class JoinSpike {

    private final Fixtures fixtures;
    private final StagedoorApi api;
    private final Report report;
    private final HarnessOptions options;

    public JoinSpike(Fixtures fixtures, StagedoorApi spikeApi, Report report, HarnessOptions options) {
        this.fixtures = fixtures;
        this.api = spikeApi;
        this.report = report;
        this.options = options;
    }

    private record Sample(long userId, long joinStartNanos, long joinEndNanos, Instant joinStartWall,
                          QueueTicket joined, QueueTicket active, int polls) {
    }

    public void run() {
        int users = options.integer("spike-users", 2000);
        int seconds = options.integer("spike-seconds", 2);
        int ratePerMinute = options.integer("spike-admissions-per-minute", 1_000);
        long concertId = fixtures.concert("spike", 1, 50).concertId();
        List<Long> ids = fixtures.users(users, 0);
        RoomSettings room = api.configureRoom(concertId, users, ratePerMinute, Fixtures.LONG_SESSION, false).block(Duration.ofSeconds(10));
        long session = Objects.requireNonNull(room).sessionSeconds() > 0 ? room.sessionSeconds() : Fixtures.LONG_SESSION;

        // bounded: the drain time the rate implies, twice, plus the window and 30 s, at most 5 minutes
        double drainSeconds = users * 60.0 / ratePerMinute;
        Duration limit = Duration.ofSeconds(Math.min(300, (long) (seconds + 2 * drainSeconds + 30)));
        long deadline = System.nanoTime() + limit.toNanos();
        Tally joins = new Tally();
        Tally polls = new Tally();
        long spikeStart = System.nanoTime();
        long stepNanos = seconds * 1_000_000_000L / users;

        List<Sample> samples = Flux.range(0, users)
                .flatMap(i -> Mono.delay(Duration.ofNanos(i * stepNanos))
                        .then(Mono.defer(() -> joinAndWait(ids.get(i), concertId, joins, polls, deadline)))
                        .onErrorResume(e -> Mono.empty()), users)
                .collectList()
                .block(limit.plusSeconds(30));
        long elapsed = System.nanoTime() - spikeStart;

        PassResult joinResult = joins.result(String.format(Locale.ROOT, "join spike: %d joins in %d s", users, seconds),
                Math.max(1, lastJoinEnd(samples) - spikeStart));
        report.pass("join-spike", joinResult, Ceiling.NONE, null);
        report.pass("join-spike", polls.result("join spike: status polls", elapsed), Ceiling.NONE, null);

        List<Sample> admitted = samples == null ? List.of() : samples.stream().filter(s -> s.active() != null).toList();
        report.finding("join-spike", String.format(Locale.ROOT, "%d of %d joined users admitted (time limit %d s; room: capacity %d, %d admissions/min, session %d s)",
                admitted.size(), users, limit.toSeconds(), room.activeCapacity(), room.admissionsPerMinute(), session));
        if (admitted.size() < 2) {
            return;
        }
        List<Waiter> waiters = new ArrayList<>();
        double[] etaError = new double[admitted.size()];
        double[] etaAbs = new double[admitted.size()];
        Instant first = null;
        Instant last = null;
        int i = 0;
        for (Sample s : admitted) {
            Instant admittedAt = s.active().activeUntil().minusSeconds(session);
            first = first == null || admittedAt.isBefore(first) ? admittedAt : first;
            last = last == null || admittedAt.isAfter(last) ? admittedAt : last;
            waiters.add(new Waiter(s.joinStartNanos(), s.joinEndNanos(), java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, admittedAt)));
            double actual = Math.max(0, Duration.between(s.joinStartWall(), admittedAt).toMillis() / 1000.0);
            etaError[i] = s.joined().estimatedWaitSeconds() - actual;
            etaAbs[i] = Math.abs(etaError[i]);
            i++;
        }
        long inversions = OrderInversions.count(waiters);
        double span = Duration.between(first, last).toMillis() / 1000.0;
        long[] admittedMillis = admitted.stream()
                .mapToLong(x -> x.active().activeUntil().minusSeconds(session).toEpochMilli()).sorted().toArray();
        report.finding("join-spike", String.format(Locale.ROOT,
                "admission throughput %.1f/s (%d admitted from the first admission to the last, %.1f s); at most %d in any 60 s (configured %d/min)",
                span > 0 ? admitted.size() / span : Double.NaN, admitted.size(), span, maxInWindow(admittedMillis, 60_000), ratePerMinute));
        report.finding("join-spike", "order inversions: " + inversions + (inversions == 0 ? " (admitted in join order)" : " — ADMITTED OUT OF ORDER"));
        report.finding("join-spike", "ETA error, predicted - actual (s): " + Distribution.of(etaError).format("s")
                + "; |error|: " + Distribution.of(etaAbs).format("s"));
        double meanPolls = admitted.stream().mapToInt(Sample::polls).average().orElse(0);
        report.finding("join-spike", String.format(Locale.ROOT, "status polls per admitted user: %.1f (pollAfterMillis honoured)", meanPolls));
    }

    /** The most entries of an ascending array that fall within any window of {@code windowMillis} (two pointers). */
    static int maxInWindow(long[] sortedMillis, long windowMillis) {
        int best = 0;
        int from = 0;
        for (int to = 0; to < sortedMillis.length; to++) {
            while (sortedMillis[to] - sortedMillis[from] >= windowMillis) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    private static long lastJoinEnd(List<Sample> samples) {
        return samples == null ? 0 : samples.stream().mapToLong(Sample::joinEndNanos).max().orElse(0);
    }

    private Mono<Sample> joinAndWait(long userId, long concertId, Tally joins, Tally polls, long deadline) {
        Instant wall = Instant.now();
        long start = System.nanoTime();
        return api.joinRaw(userId, concertId)
                .timeout(Duration.ofSeconds(10))
                .doOnError(e -> joins.record(start, Outcome.error(e instanceof TimeoutException ? "timeout" : e.getClass().getSimpleName())))
                .flatMap(r -> {
                    long end = System.nanoTime();
                    if (r.status() != 201 && r.status() != 200) {
                        joins.record(start, Outcome.error(r.label()));
                        return Mono.empty();
                    }
                    joins.record(start, Outcome.ok());
                    QueueTicket joined = QueueTicket.from(r.json());
                    return poll(joined, polls, deadline, 0)
                            .map(p -> new Sample(userId, start, end, wall, joined, p.ticket(), p.count()))
                            .defaultIfEmpty(new Sample(userId, start, end, wall, joined, null, 0));
                });
    }

    private record Polled(QueueTicket ticket, int count) {
    }

    private Mono<Polled> poll(QueueTicket ticket, Tally polls, long deadline, int count) {
        if (ticket.active()) {
            return Mono.just(new Polled(ticket, count));
        }
        long wait = Math.max(10, ticket.pollAfterMillis());
        if (System.nanoTime() + wait * 1_000_000 > deadline) {
            return Mono.empty();
        }
        return Mono.delay(Duration.ofMillis(wait)).then(Mono.defer(() -> {
            long start = System.nanoTime();
            return api.statusRaw(ticket.token()).timeout(Duration.ofSeconds(10))
                    .onErrorResume(e -> {
                        polls.record(start, Outcome.error(e.getClass().getSimpleName()));
                        return Mono.empty();
                    })
                    .flatMap(r -> {
                        if (r.status() != 200) {
                            polls.record(start, Outcome.error(r.label()));
                            return Mono.<Polled>empty();
                        }
                        polls.record(start, Outcome.ok());
                        return poll(QueueTicket.from(r.json()), polls, deadline, count + 1);
                    });
        }));
    }
}

package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.engine.Tally;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Many admitted users browsing one concert at once: every request is either "list schedules" or "list the seats
 * of a random schedule", alternating, so the two reads share the database the way they do when a show opens.
 * The mixed rate is compared with the PostgreSQL ceiling (both reads have a 1.0x target); each endpoint's own
 * latency is reported as well.
 */
public final class HotReads {

    private final Fixtures fixtures;
    private final StagedoorApi api;
    private final PassSettings settings;
    private final Report report;
    private final HarnessOptions options;
    private final CeilingPasses ceilings;

    public HotReads(Fixtures fixtures, PassSettings settings, Report report, HarnessOptions options, CeilingPasses ceilings) {
        this.ceilings = ceilings;
        this.fixtures = fixtures;
        this.api = fixtures.api();
        this.settings = settings;
        this.report = report;
        this.options = options;
    }

    public void run() {
        int users = options.integer("hot-users", 500);
        CreatedConcert concert = fixtures.concert("hot-reads", 10, 50);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(users, 0), concert.concertId());
        long concertId = concert.concertId();
        List<Long> schedules = concert.scheduleIds();
        Double ceiling = ceilings == null ? null : ceilings.measure(Ceiling.POSTGRES, "(before hot reads)");
        Tally scheduleTally = new Tally();
        Tally seatTally = new Tally();
        Disposable resetAfterWarmup = Mono.delay(settings.warmup()).subscribe(x -> {
            scheduleTally.reset();
            seatTally.reset();
        });
        long start = System.nanoTime() + settings.warmup().toNanos();
        PassResult mixed = ClosedLoopRunner.run("hot reads (schedules+seats mix)", settings, seq -> {
            String token = tokens.get((int) (seq % tokens.size())).token();
            long t0 = System.nanoTime();
            if (seq % 2 == 0) {
                return api.schedulesRaw(concertId, token).map(r -> {
                    Outcome o = Outcome.expect(200, r.status());
                    scheduleTally.record(t0, o);
                    return o;
                });
            }
            long scheduleId = schedules.get(ThreadLocalRandom.current().nextInt(schedules.size()));
            return api.seatsRaw(concertId, scheduleId, token).map(r -> {
                Outcome o = Outcome.expect(200, r.status());
                seatTally.record(t0, o);
                return o;
            });
        });
        resetAfterWarmup.dispose();
        long elapsed = Math.max(1, System.nanoTime() - start);
        report.pass("hot-reads", mixed, Ceiling.POSTGRES, RawPasses.READS_TARGET, ceiling);
        report.pass("hot-reads", scheduleTally.result("  of which schedules", elapsed), Ceiling.NONE, null);
        report.pass("hot-reads", seatTally.result("  of which seats", elapsed), Ceiling.NONE, null);
        report.finding("hot-reads", users + " admitted users, " + schedules.size() + " schedules x 50 seats, concurrency "
                + settings.concurrency() + ", " + Duration.ofNanos(elapsed).toSeconds() + " s");
    }
}

package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.engine.Operation;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The work of an A/B between instances of the app on one database and Redis, prepared once and handed out pass by
 * pass: the status poll of WAITING tokens, and holds and payments, of which every pass takes a slice of its own so no
 * seat or reservation is used twice across instances, rounds and warm-ups. The set-up's per-user calls go where the
 * fixtures send them ({@link Fixtures#spreadOver}).
 */
final class AbWork {

    /** Makes the operation of one pass against one instance (called once per pass). */
    interface PassOf {
        Operation on(StagedoorApi api);
    }

    /** The call a pass makes for prepared item {@code i}, answered 201 when it works. */
    private interface ItemCall {
        Mono<HttpResponse> call(StagedoorApi api, int i);
    }

    private final Fixtures fixtures;
    private final HarnessOptions options;
    private final int setupConcurrency;

    AbWork(Fixtures fixtures, HarnessOptions options, int setupConcurrency) {
        this.fixtures = fixtures;
        this.options = options;
        this.setupConcurrency = setupConcurrency;
    }

    /** Polls of a paused room's WAITING tokens, in turn; no pass uses anything up. */
    PassOf status() {
        CreatedConcert room = fixtures.concert("ab-status", 1, 50);
        fixtures.pauseRoom(room.concertId());
        List<QueueTicket> waiting = fixtures.join(fixtures.users(options.integer("join-users", 1000), 0), room.concertId());
        // every instance serves the poll from its picture of the room, refreshed each tick: let each see it first
        sleep(Duration.ofSeconds(2));
        return api -> seq -> api.statusRaw(waiting.get((int) (seq % waiting.size())).token())
                .map(r -> Outcome.expect(200, r.status()));
    }

    /** {@code passes} slices of {@code perPass} distinct seats; a fan's holds are a token-count apart, as in the raw pass. */
    PassOf holds(int perPass, int passes) {
        int count = perPass * passes;
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("ab-holds", (count + perSchedule - 1) / perSchedule, perSchedule);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(Math.max(200, (count + 3) / 4), 0), concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        return slices(perPass, count, (api, i) -> api.holdRaw(tokens.get(i % tokens.size()).token(), scheduleIds.get(i / perSchedule),
                i % perSchedule + 1));
    }

    /** {@code passes} slices of {@code perPass} held reservations, each of its own fan with the money to pay. */
    PassOf payments(int perPass, int passes) {
        int count = perPass * passes;
        int perSchedule = 1_000;
        CreatedConcert concert = fixtures.concert("ab-payments", (count + perSchedule - 1) / perSchedule, perSchedule);
        List<QueueTicket> tokens = fixtures.admitted(fixtures.users(count, Fixtures.PRICE * 5), concert.concertId());
        List<Long> scheduleIds = concert.scheduleIds();
        List<Long> reservations = Flux.range(0, tokens.size())
                .flatMapSequential(i -> fixtures.userCallApi(i).holdRaw(tokens.get(i).token(), scheduleIds.get(i / perSchedule), i % perSchedule + 1)
                        .map(r -> StagedoorApi.expect(r, 201, "POST /reservations").path("reservationId").asLong()), setupConcurrency)
                .collectList().block(Fixtures.SETUP_LIMIT);
        String run = fixtures.runId();
        return slices(perPass, reservations.size(),
                (on, i) -> on.payRaw(tokens.get(i).token(), reservations.get(i), "load-" + run + "-ab-" + i));
    }

    /**
     * Passes that each take the next slice of {@code perPass} prepared items (of {@code items}); a pass ends when its
     * slice is used up.
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

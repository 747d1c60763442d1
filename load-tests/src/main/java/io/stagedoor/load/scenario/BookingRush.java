package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.db.DatabaseInvariants;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.Tally;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Admitted users, all at once, fight over a few seats: each lists the free seats of a schedule, tries to hold one
 * of the lowest-numbered free seats (so holds overlap on purpose), pays when the hold succeeds, and tries again
 * on 409 until it has a seat, the seats run out, or its attempts are used up. Afterwards the invariants are
 * checked in PostgreSQL: no seat sold twice, every ledger equals its balance, sold seats = successful payments.
 */
public final class BookingRush {

    private static final int ATTEMPTS = 20;

    private final Fixtures fixtures;
    private final StagedoorApi api;
    private final Report report;
    private final HarnessOptions options;
    private final DatabaseInvariants invariants;

    public BookingRush(Fixtures fixtures, StagedoorApi rushApi, Report report, HarnessOptions options, DatabaseInvariants invariants) {
        this.fixtures = fixtures;
        this.api = rushApi;
        this.report = report;
        this.options = options;
        this.invariants = invariants;
    }

    public void run() {
        int users = options.integer("rush-users", 300);
        int seats = options.integer("rush-seats", 100);
        CreatedConcert concert = fixtures.concert("rush", Math.max(1, seats / 50), 50);
        List<Long> ids = fixtures.users(users, Fixtures.PRICE * 3);
        List<QueueTicket> tokens = fixtures.admitted(ids, concert.concertId());

        Tally lists = new Tally();
        Tally holds = new Tally();
        Tally payments = new Tally();
        AtomicLong gaveUp = new AtomicLong();
        Duration limit = Duration.ofSeconds(90);
        long deadline = System.nanoTime() + limit.toNanos();
        long start = System.nanoTime();
        Flux.fromIterable(tokens)
                .flatMap(t -> buy(t, concert, lists, holds, payments, deadline, ATTEMPTS)
                        .doOnNext(bought -> {
                            if (!bought) {
                                gaveUp.incrementAndGet();
                            }
                        }), tokens.size())
                .then()
                .block(limit.plusSeconds(30));
        long elapsed = System.nanoTime() - start;

        PassResult holdResult = holds.result("booking rush: holds (409 = refused)", elapsed);
        PassResult payResult = payments.result("booking rush: payments", elapsed);
        report.pass("booking-rush", lists.result("booking rush: seat listings", elapsed), Ceiling.NONE, null);
        report.pass("booking-rush", holdResult, Ceiling.NONE, null);
        report.pass("booking-rush", payResult, Ceiling.NONE, null);
        report.finding("booking-rush", String.format(Locale.ROOT,
                "%d users for %d seats: %.1f holds/s, %.1f payments/s over %.1f s; %d holds refused (409), %d users without a seat",
                users, concert.scheduleIds().size() * 50, holdResult.throughput(), payResult.throughput(), elapsed / 1e9,
                holdResult.refused(), gaveUp.get()));

        String scheduleList = concert.scheduleIds().stream().map(String::valueOf).collect(Collectors.joining(","));
        long sold = invariants.count(String.format(DatabaseInvariants.SOLD_SEATS_OF_SCHEDULES, scheduleList));
        report.finding("booking-rush", "sold seats in the database: " + sold + ", successful payments: " + payResult.ok()
                + (sold == payResult.ok() ? " (equal)" : " — MISMATCH"));
        for (DatabaseInvariants.Check check : invariants.checkAll()) {
            report.finding("booking-rush", "invariant '" + check.name() + "': "
                    + (check.holds() ? "holds" : "VIOLATED " + check.violations()));
        }
    }

    /** Emits true when the user ended up with a paid seat. */
    private Mono<Boolean> buy(QueueTicket ticket, CreatedConcert concert, Tally lists, Tally holds, Tally payments,
                              long deadline, int attemptsLeft) {
        if (attemptsLeft == 0 || System.nanoTime() > deadline) {
            return Mono.just(false);
        }
        List<Long> schedules = concert.scheduleIds();
        long scheduleId = schedules.get(ThreadLocalRandom.current().nextInt(schedules.size()));
        long t0 = System.nanoTime();
        return api.seatsRaw(concert.concertId(), scheduleId, ticket.token()).flatMap(r -> {
            if (r.status() != 200) {
                lists.record(t0, Outcome.error(r.label()));
                return Mono.just(false);
            }
            lists.record(t0, Outcome.ok());
            List<Integer> free = new ArrayList<>();
            for (JsonNode seat : r.json().path("seats")) {
                free.add(seat.path("seatNumber").asInt());
            }
            if (free.isEmpty()) {
                // this schedule is sold out; with one schedule left to try we give up only when all are empty
                return anyFree(ticket, concert, lists).flatMap(any -> any
                        ? buy(ticket, concert, lists, holds, payments, deadline, attemptsLeft - 1)
                        : Mono.just(false));
            }
            int seat = free.get(ThreadLocalRandom.current().nextInt(Math.min(5, free.size())));
            long t1 = System.nanoTime();
            return api.holdRaw(ticket.token(), scheduleId, seat).flatMap(h -> {
                if (h.status() == 409) {
                    holds.record(t1, Outcome.refused(h.label()));
                    return buy(ticket, concert, lists, holds, payments, deadline, attemptsLeft - 1);
                }
                if (h.status() != 201) {
                    holds.record(t1, Outcome.error(h.label()));
                    return Mono.just(false);
                }
                holds.record(t1, Outcome.ok());
                long reservationId = h.json().path("reservationId").asLong();
                long t2 = System.nanoTime();
                return api.payRaw(ticket.token(), reservationId, "rush-" + reservationId).map(p -> {
                    payments.record(t2, p.status() == 201 ? Outcome.ok() : Outcome.error(p.label()));
                    return p.status() == 201;
                });
            });
        }).onErrorResume(e -> {
            lists.record(t0, Outcome.error(e.getClass().getSimpleName()));
            return Mono.just(false);
        });
    }

    private Mono<Boolean> anyFree(QueueTicket ticket, CreatedConcert concert, Tally lists) {
        return Flux.fromIterable(concert.scheduleIds())
                .concatMap(id -> api.seatsRaw(concert.concertId(), id, ticket.token()))
                .any(r -> r.status() == 200 && r.json().path("seats").size() > 0);
    }
}

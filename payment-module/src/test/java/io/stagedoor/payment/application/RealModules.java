package io.stagedoor.payment.application;

import io.stagedoor.account.adapter.out.persistence.PostgresBatchDebits;
import io.stagedoor.account.adapter.out.persistence.PostgresLedger;
import io.stagedoor.account.application.BalanceMoves;
import io.stagedoor.account.application.DebitBalanceService;
import io.stagedoor.account.application.DebitBalancesService;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.concert.adapter.out.persistence.R2dbcReservationRecords;
import io.stagedoor.concert.adapter.out.persistence.R2dbcSeatHolds;
import io.stagedoor.concert.adapter.out.persistence.R2dbcSeatSales;
import io.stagedoor.concert.application.ConfirmReservationService;
import io.stagedoor.concert.application.FanLimitsService;
import io.stagedoor.concert.adapter.out.persistence.R2dbcFanLimitSettings;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.application.ConfirmReservationsService;
import io.stagedoor.concert.application.ReservationLookupService;
import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.payment.adapter.out.persistence.R2dbcIdempotencyKeys;
import io.stagedoor.payment.adapter.out.persistence.R2dbcPaymentBatches;
import io.stagedoor.payment.adapter.out.persistence.R2dbcPaidAdmissions;
import io.stagedoor.payment.adapter.out.persistence.R2dbcPaymentRecords;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The real concert, account and payment modules over one test database (schemas concert, account, payment), wired as
 * bootstrap-app's PaymentWiring does — a test-only wiring, so the batch's cross-module transaction runs for real. The
 * queue's token expiry (Redis) is only recorded here; the HTTP tests in bootstrap-app run the real one.
 */
final class RealModules implements AutoCloseable {

    static final long PRICE = 130_000;

    final TestDatabase database;
    final DatabaseClient client;
    final TransactionalOperator transaction;
    final List<String> expiredTokens = new CopyOnWriteArrayList<>();
    final ExpireTokenUseCase tokens = token -> Mono.fromRunnable(() -> expiredTokens.add(token));
    final PayReservationService single;
    final ConfirmReservationsService confirmations;
    final DebitBalancesService debits;
    final R2dbcPaymentBatches batches;
    private final FanLimitsService fanLimits;
    private final BalanceMoves moves;
    private final R2dbcSeatHolds holds;
    private long nextUser = 1;
    private long nextSchedule = 1;

    RealModules() {
        database = TestDatabase.create("concert", "account", "payment");
        client = database.databaseClient();
        transaction = TransactionalOperator.create(new R2dbcTransactionManager(database.connectionFactory()));
        Clock clock = Clock.systemUTC();
        R2dbcReservationRecords records = new R2dbcReservationRecords(client);
        holds = new R2dbcSeatHolds(client);
        PostgresLedger ledger = new PostgresLedger(client);
        moves = new BalanceMoves(ledger, new ChargePolicy(10_000_000, 100_000_000), clock);
        confirmations = new ConfirmReservationsService(new R2dbcSeatSales(client), clock);
        debits = new DebitBalancesService(new PostgresBatchDebits(client), clock);
        batches = new R2dbcPaymentBatches(client);
        fanLimits = new FanLimitsService(new R2dbcFanLimitSettings(client),
                new FanLimits(FanLimits.DEFAULT_PER_FAN, FanLimits.DEFAULT_PER_FAN, Duration.ofMinutes(5)));
        single = new PayReservationService(
                new PayReservationService.Partners(new ReservationLookupService(records, clock),
                        new ConfirmReservationService(holds, records, clock), confirmations, new DebitBalanceService(moves),
                        fanLimits, fanLimits, tokens),
                new PayReservationService.Store(new R2dbcPaymentRecords(client), new R2dbcPaidAdmissions(client),
                        new R2dbcIdempotencyKeys(client)),
                transaction, new PayReservationService.KeyRules(new IdempotencyPolicy(Duration.ofMinutes(1)),
                        Duration.ofSeconds(5)),
                clock);
        database.execute("INSERT INTO concert.concerts (id, title) VALUES (1, 'One'), (2, 'Two')");
    }

    BatchedPayReservationService batched(int maxBatch, int maxInFlight) {
        return batched(debits, maxBatch, maxInFlight);
    }

    BatchedPayReservationService batched(io.stagedoor.account.api.DebitBalancesUseCase debitsToUse, int maxBatch, int maxInFlight) {
        return new BatchedPayReservationService(single, confirmations, fanLimits, debitsToUse, batches,
                new R2dbcPaidAdmissions(client), tokens, transaction,
                new RequestFingerprints(), Clock.systemUTC(), maxBatch, maxInFlight);
    }

    /** A user with {@code balance} charged (so the ledger explains it). */
    long user(long balance) {
        long id = nextUser++;
        database.execute("INSERT INTO account.users (id, name, created_at) VALUES (" + id + ", 'user " + id + "', now());"
                + "INSERT INTO account.balances (user_id, balance) VALUES (" + id + ", 0)");
        if (balance > 0) {
            moves.credit(id, balance, EntryType.CHARGE, "charge").block();
        }
        return id;
    }

    /** A future schedule of the concert with {@code seats} seats at {@link #PRICE}. */
    long schedule(long concertId, int seats) {
        long id = nextSchedule++;
        database.execute("INSERT INTO concert.schedules (id, concert_id, starts_at) VALUES (" + id + ", " + concertId
                + ", now() + interval '30 days');"
                + "INSERT INTO concert.seats (schedule_id, seat_number, price) SELECT " + id + ", n, " + PRICE
                + " FROM generate_series(1, " + seats + ") n");
        return id;
    }

    /** A live five-minute hold of the seat by the user; its reservation id. */
    long hold(long userId, long concertId, long scheduleId, int seat) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        HoldAttempt attempt = holds.hold(userId, concertId, scheduleId, seat, now, now.plus(Duration.ofMinutes(5))).block();
        return ((HoldAttempt.Won) attempt).reservation().id();
    }

    /** Lets the hold run out (at a fixed past instant, so refusals read the same in every database). */
    void expire(long reservationId) {
        database.execute("UPDATE concert.seats SET hold_expires_at = '2020-01-01T00:00:00Z' WHERE reservation_id = "
                + reservationId + "; UPDATE concert.reservations SET expires_at = '2020-01-01T00:00:00Z' WHERE id = "
                + reservationId);
    }

    long count(String sql) {
        return database.queryForLong(sql);
    }

    /** Rows where a balance differs from its ledger sum (docs/architecture.md invariant 4). */
    long balancesNotMatchingTheirLedger() {
        return count("""
                SELECT count(*) FROM account.balances b
                 WHERE b.balance <> coalesce((SELECT sum(CASE WHEN l.type = 'PAYMENT' THEN -l.amount ELSE l.amount END)
                                                FROM account.ledger l WHERE l.user_id = b.user_id), 0)
                    OR b.balance < 0""");
    }

    /** Seats sold with more than one payment, or payments whose reservation is not CONFIRMED with its seat SOLD to it. */
    long saleInconsistencies() {
        return count("""
                SELECT (SELECT count(*) FROM (SELECT reservation_id FROM payment.payments GROUP BY reservation_id
                                               HAVING count(*) > 1) twice)
                     + (SELECT count(*) FROM payment.payments p
                         WHERE NOT EXISTS (SELECT 1 FROM concert.reservations r JOIN concert.seats s
                                             ON s.reservation_id = r.id AND s.status = 'SOLD' AND s.held_by = r.user_id
                                            WHERE r.id = p.reservation_id AND r.status = 'CONFIRMED' AND r.user_id = p.user_id))
                     + (SELECT count(*) FROM concert.reservations r WHERE r.status = 'CONFIRMED'
                         AND NOT EXISTS (SELECT 1 FROM payment.payments p WHERE p.reservation_id = r.id))
                     + (SELECT count(*) FROM payment.payments p WHERE NOT EXISTS (SELECT 1 FROM account.ledger l
                         WHERE l.type = 'PAYMENT' AND l.amount = p.amount AND l.user_id = p.user_id
                           AND l.reference = 'payment:' || p.id))""");
    }

    @Override
    public void close() {
        database.close();
    }
}

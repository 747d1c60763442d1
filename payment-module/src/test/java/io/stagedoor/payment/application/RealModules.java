package io.stagedoor.payment.application;

import io.r2dbc.spi.ConnectionFactory;
import io.stagedoor.account.AccountModule;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.concert.ConcertModule;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.payment.PaymentModule;
import io.stagedoor.payment.api.CheckoutCommand;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The real concert, account and payment modules over one test database (schemas concert, account, payment), each
 * built by its own assembly ({@link ConcertModule}, {@link AccountModule}, {@link PaymentModule}) as bootstrap-app
 * builds them, so the batch's cross-module transaction runs for real. The queue's token expiry (Redis) is only recorded
 * here; the HTTP tests in bootstrap-app run the real one.
 */
final class RealModules implements AutoCloseable {

    static final long PRICE = 130_000;

    final TestDatabase database;
    final DatabaseClient client;
    final TransactionalOperator transaction;
    final List<String> expiredTokens = new CopyOnWriteArrayList<>();
    final ExpireTokenUseCase tokens = token -> Mono.fromRunnable(() -> expiredTokens.add(token));
    /** Payment requests in batches that rolled back as a whole (they then ran one by one), over every batched payment. */
    final AtomicInteger rolledBack = new AtomicInteger();
    private final PaymentModule.Watch rollbacks = new PaymentModule.Watch() {
        @Override
        public PaymentReports reports() {
            return new PaymentReports() {
                @Override
                public void batchRolledBack(int payments) {
                    rolledBack.addAndGet(payments);
                }
            };
        }
    };
    /** Every payment on its own (batch max size 1), and every checkout. */
    final Single single;
    /** The account module's set-based debit, which batched payments call (tests put gates and faults around it). */
    final DebitBalancesUseCase debits;
    private final ConcertModule concert;
    private final AccountModule account;
    private final List<AccountModule> alsoOpened = new CopyOnWriteArrayList<>();
    private long nextUser = 1;
    private long nextSchedule = 1;

    RealModules() {
        database = TestDatabase.create("concert", "account", "payment");
        client = database.databaseClient();
        transaction = TransactionalOperator.create(new R2dbcTransactionManager(database.connectionFactory()));
        Clock clock = Clock.systemUTC();
        concert = ConcertModule.assemble(client, transaction, clock, Schedulers.parallel(), ConcertModule.Settings.defaults());
        account = AccountModule.assemble(client, transaction, clock,
                new AccountModule.Settings(10_000_000, 100_000_000, Duration.ofHours(24), 64, 1, 1, 16));
        debits = account.debitBalances();
        PaymentModule alone = payments(debits, PaymentModule.Settings.defaults().withBatch(1, 1));
        single = new Single(alone.payReservation(), alone.checkout());
        database.execute("INSERT INTO concert.concerts (id, title) VALUES (1, 'One'), (2, 'Two')");
    }

    /** The pay and checkout use cases of the payment module without batching. */
    record Single(PayReservationUseCase payments, CheckoutUseCase checkouts) implements PayReservationUseCase, CheckoutUseCase {

        @Override
        public Mono<PaymentReceipt> pay(PayCommand command) {
            return payments.pay(command);
        }

        @Override
        public Mono<CheckoutReceipt> checkout(CheckoutCommand command) {
            return checkouts.checkout(command);
        }
    }

    PayReservationUseCase batched(int maxBatch, int maxInFlight) {
        return batched(debits, maxBatch, maxInFlight);
    }

    /** Batched payments whose set-based debit is {@code debitsToUse}. */
    PayReservationUseCase batched(DebitBalancesUseCase debitsToUse, int maxBatch, int maxInFlight) {
        return batched(debitsToUse, tokens, maxBatch, maxInFlight);
    }

    /** Batched payments whose set-based debit is {@code debitsToUse} and whose paid tokens end through {@code tokensToUse}. */
    PayReservationUseCase batched(DebitBalancesUseCase debitsToUse, ExpireTokenUseCase tokensToUse, int maxBatch,
                                  int maxInFlight) {
        return payments(debitsToUse, tokensToUse, PaymentModule.Settings.defaults().withBatch(maxBatch, maxInFlight))
                .payReservation();
    }

    /**
     * Batched payments whose modules all reach PostgreSQL through {@code factory} (one that records the round trips, say),
     * each module assembled over it as bootstrap-app assembles them, so they share the batch's transaction.
     */
    PayReservationUseCase batchedThrough(ConnectionFactory factory, int maxBatch, int maxInFlight) {
        DatabaseClient db = DatabaseClient.create(factory);
        TransactionalOperator transactionOver = TransactionalOperator.create(new R2dbcTransactionManager(factory));
        Clock clock = Clock.systemUTC();
        ConcertModule concertOver = ConcertModule.assemble(db, transactionOver, clock, Schedulers.parallel(),
                ConcertModule.Settings.defaults());
        AccountModule accountOver = AccountModule.assemble(db, transactionOver, clock,
                new AccountModule.Settings(10_000_000, 100_000_000, Duration.ofHours(24), 64, 1, 1, 16));
        alsoOpened.add(accountOver);
        return PaymentModule.assemble(
                new PaymentModule.Partners(concertOver.loadReservation(), concertOver.confirmReservation(),
                        concertOver.confirmReservations(), accountOver.debitBalance(), accountOver.debitBalances(),
                        concertOver.fanLimits(), concertOver.ticketLimit(), tokens, accountOver.userExistence()),
                db, name -> transactionOver, clock, PaymentModule.Settings.defaults().withBatch(maxBatch, maxInFlight),
                rollbacks).payReservation();
    }

    private PaymentModule payments(DebitBalancesUseCase debitsToUse, PaymentModule.Settings settings) {
        return payments(debitsToUse, tokens, settings);
    }

    private PaymentModule payments(DebitBalancesUseCase debitsToUse, ExpireTokenUseCase tokensToUse,
                                   PaymentModule.Settings settings) {
        return PaymentModule.assemble(
                new PaymentModule.Partners(concert.loadReservation(), concert.confirmReservation(),
                        concert.confirmReservations(), account.debitBalance(), debitsToUse, concert.fanLimits(),
                        concert.ticketLimit(), tokensToUse, account.userExistence()),
                client, name -> transaction, Clock.systemUTC(), settings, rollbacks);
    }

    /** A user with {@code balance} charged (so the ledger explains it). */
    long user(long balance) {
        long id = nextUser++;
        database.execute("INSERT INTO account.users (id, name, created_at) VALUES (" + id + ", 'user " + id + "', now());"
                + "INSERT INTO account.balances (user_id, balance) VALUES (" + id + ", 0)");
        if (balance > 0) {
            account.chargeBalance().charge(new ChargeCommand(id, balance, null)).block();
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
        return concert.holdSeat().hold(new HoldSeatCommand(userId, concertId, scheduleId, seat)).block().reservationId().value();
    }

    /** Live holds of seats 1 to {@code count} by the user, in seat order; their reservation ids. */
    List<Long> holds(long userId, long concertId, long scheduleId, int count) {
        List<Long> ids = new ArrayList<>();
        for (int seat = 1; seat <= count; seat++) {
            ids.add(hold(userId, concertId, scheduleId, seat));
        }
        return List.copyOf(ids);
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
        alsoOpened.forEach(AccountModule::close);
        account.close();
        database.close();
    }
}

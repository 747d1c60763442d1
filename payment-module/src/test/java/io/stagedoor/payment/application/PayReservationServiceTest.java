package io.stagedoor.payment.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.payment.adapter.out.persistence.R2dbcIdempotencyKeys;
import io.stagedoor.payment.adapter.out.persistence.R2dbcPaymentRecords;
import io.stagedoor.payment.api.IdempotencyKeyReusedException;
import io.stagedoor.payment.api.IdempotencyRequestInProgressException;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PaymentForAnotherConcertException;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.ReplayedRefusalException;
import io.stagedoor.payment.api.ReservationPaidConcurrentlyException;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.PaymentRequest;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The pay use case's orchestration and Idempotency-Key rules against real PostgreSQL (payment schema), with small
 * in-memory stand-ins for the other modules' api ports. The all-or-nothing guarantees across modules are proven by
 * the flow tests in bootstrap-app, which run the real account and concert modules.
 */
class PayReservationServiceTest {

    private static final long USER = 42;
    private static final long OTHER_USER = 43;
    private static final long CONCERT = 1;
    private static final String TOKEN = "token-of-42";

    private static TestDatabase database;
    private static TransactionalOperator transaction;

    private final FakeReservations reservations = new FakeReservations();
    private final FakeBalances balances = new FakeBalances();
    private final FakeTokens tokens = new FakeTokens();

    @BeforeAll
    static void database() {
        database = TestDatabase.create("payment");
        transaction = TransactionalOperator.create(new R2dbcTransactionManager(database.connectionFactory()));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("ALTER TABLE payment.payment_history DISABLE TRIGGER payment_history_append_only;"
                + "DELETE FROM payment.payment_history; DELETE FROM payment.payments; DELETE FROM payment.idempotency_keys;"
                + "ALTER TABLE payment.payment_history ENABLE TRIGGER payment_history_append_only");
        reservations.hold(91, USER, CONCERT, 130_000);
        reservations.hold(92, USER, CONCERT, 90_000);
        reservations.hold(93, OTHER_USER, CONCERT, 130_000);
        reservations.hold(94, USER, 2, 50_000);
        balances.set(USER, 200_000);
        balances.set(OTHER_USER, 200_000);
    }

    private PayReservationService service(Duration inProgressWait) {
        return new PayReservationService(reservations, reservations, balances, tokens,
                new R2dbcPaymentRecords(database.databaseClient()), new R2dbcIdempotencyKeys(database.databaseClient()),
                transaction, new IdempotencyPolicy(Duration.ofMinutes(1)), new RequestFingerprints(), Clock.systemUTC(),
                inProgressWait);
    }

    private final PayReservationService service = service(Duration.ofSeconds(5));

    private static PayCommand pay(long reservationId, String key) {
        return new PayCommand(USER, CONCERT, TOKEN, reservationId, key);
    }

    @Test
    void paymentIsRecordedWithHistoryDebitedUnderItsOwnReferenceAndTheTokenExpiredAfterwards() {
        PaymentReceipt receipt = service.pay(pay(91, null)).block();

        assertThat(receipt.reservationId()).isEqualTo(91);
        assertThat(receipt.userId()).isEqualTo(USER);
        assertThat(receipt.amount()).isEqualTo(130_000);
        assertThat(receipt.status()).isEqualTo("COMPLETED");
        assertThat(receipt.balance()).isEqualTo(70_000);
        assertThat(balances.references).containsExactly("payment:" + receipt.paymentId());
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE id = " + receipt.paymentId()
                + " AND reservation_id = 91 AND user_id = 42 AND amount = 130000 AND status = 'COMPLETED'")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history WHERE payment_id = " + receipt.paymentId()
                + " AND event = 'COMPLETED'")).isEqualTo(1);
        assertThat(tokens.expired).containsExactly(TOKEN);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isZero();
    }

    @Test
    void sameKeyAndSameRequestReplaysTheFirstReceiptWithoutPayingAgain() {
        PaymentReceipt first = service.pay(pay(91, "order-91")).block();
        PaymentReceipt again = service.pay(pay(91, "order-91")).block();

        assertThat(again).isEqualTo(first);
        assertThat(reservations.confirmations.get()).isEqualTo(1);
        assertThat(balances.references).hasSize(1);
        assertThat(tokens.expired).hasSize(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments")).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherRequestIsRefusedAsReusedAndChangesNothing() {
        service.pay(pay(91, "order-x")).block();

        assertThatThrownBy(() -> service.pay(pay(92, "order-x")).block())
                .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                });
        assertThat(reservations.status(92)).isEqualTo("HELD");
        assertThat(balances.references).hasSize(1);
    }

    @Test
    void keysAreScopedToTheUserSoTwoUsersMayPickTheSameOne() {
        PaymentReceipt mine = service.pay(pay(91, "same-key")).block();
        PaymentReceipt theirs = service.pay(new PayCommand(OTHER_USER, CONCERT, "token-of-43", 93, "same-key")).block();

        assertThat(theirs.paymentId()).isNotEqualTo(mine.paymentId());
        assertThat(theirs.userId()).isEqualTo(OTHER_USER);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments")).isEqualTo(2);
    }

    @Test
    void definitiveRefusalIsStoredAndReplayedWithoutExecutingAgain() {
        balances.set(USER, 1_000);
        ErrorResponseException first = catchProblem(() -> service.pay(pay(91, "poor")).block());
        assertThat(first.getBody().getProperties()).containsEntry("code", "INSUFFICIENT_BALANCE");

        balances.set(USER, 500_000);
        ErrorResponseException replay = catchProblem(() -> service.pay(pay(91, "poor")).block());

        assertThat(replay).isInstanceOf(ReplayedRefusalException.class);
        assertThat(replay.getStatusCode()).isEqualTo(first.getStatusCode());
        assertThat(replay.getBody().getTitle()).isEqualTo(first.getBody().getTitle());
        assertThat(replay.getBody().getDetail()).isEqualTo(first.getBody().getDetail());
        assertThat(replay.getBody().getProperties()).isEqualTo(first.getBody().getProperties());
        assertThat(balances.attempts.get()).isEqualTo(1);

        PaymentReceipt withNewKey = service.pay(pay(91, "poor-2")).block();
        assertThat(withNewKey.balance()).isEqualTo(370_000);
    }

    @Test
    void unexpectedFailureIsNotStoredSoARetryWithTheSameKeyExecutes() {
        balances.failNext.set(new IllegalStateException("connection reset"));

        assertThatThrownBy(() -> service.pay(pay(91, "flaky")).block()).hasMessageContaining("connection reset");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isZero();

        PaymentReceipt retry = service.pay(pay(91, "flaky")).block();
        assertThat(retry.reservationId()).isEqualTo(91);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'COMPLETED'")).isEqualTo(1);
    }

    @Test
    void retryWhileTheFirstIsStillRunningWaitsAndGetsTheSameReceipt() throws Exception {
        Sinks.Empty<Void> release = Sinks.empty();
        reservations.confirmGate.set(release.asMono());
        AtomicReference<PaymentReceipt> first = new AtomicReference<>();
        service.pay(pay(91, "slow")).subscribe(first::set);
        awaitKeyState("slow", "IN_PROGRESS");

        AtomicReference<PaymentReceipt> second = new AtomicReference<>();
        AtomicReference<Throwable> secondError = new AtomicReference<>();
        service.pay(pay(91, "slow")).subscribe(second::set, secondError::set);
        Thread.sleep(300);
        assertThat(second.get()).isNull();
        release.tryEmitEmpty();

        awaitNonNull(first);
        awaitNonNull(second);
        assertThat(secondError.get()).isNull();
        assertThat(second.get()).isEqualTo(first.get());
        assertThat(balances.attempts.get()).isEqualTo(1);
    }

    @Test
    void retryWhileTheFirstRunsLongerThanTheWaitIsRefusedAsInProgress() throws Exception {
        Sinks.Empty<Void> release = Sinks.empty();
        reservations.confirmGate.set(release.asMono());
        AtomicReference<PaymentReceipt> first = new AtomicReference<>();
        service.pay(pay(91, "slower")).subscribe(first::set);
        awaitKeyState("slower", "IN_PROGRESS");

        assertThatThrownBy(() -> service(Duration.ofMillis(200)).pay(pay(91, "slower")).block())
                .isInstanceOfSatisfying(IdempotencyRequestInProgressException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS");
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("1");
                });

        release.tryEmitEmpty();
        awaitNonNull(first);
        assertThat(service.pay(pay(91, "slower")).block()).isEqualTo(first.get());
    }

    @Test
    void claimLeftBehindByACrashedRequestIsTakenOverAfterTheClaimTimeout() {
        String fingerprint = new RequestFingerprints().of(new PaymentRequest(91)).hex();
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        database.execute("INSERT INTO payment.idempotency_keys (user_id, idem_key, fingerprint, state, attempt, claimed_at, created_at)"
                + " VALUES (42, 'crashed', '" + fingerprint + "', 'IN_PROGRESS', 1, '" + longAgo + "', '" + longAgo + "')");

        PaymentReceipt receipt = service.pay(pay(91, "crashed")).block();

        assertThat(receipt.reservationId()).isEqualTo(91);
        assertThat(database.queryForLong("SELECT attempt FROM payment.idempotency_keys WHERE idem_key = 'crashed' AND state = 'COMPLETED'"))
                .isEqualTo(2);
    }

    @Test
    void paymentStandsWhenExpiringTheTokenFails() {
        tokens.fail.set(true);

        PaymentReceipt receipt = service.pay(pay(91, null)).block();

        assertThat(receipt.status()).isEqualTo("COMPLETED");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = 91")).isEqualTo(1);
    }

    @Test
    void reservationForAnotherConcertThanTheTokenAdmitsToIsForbiddenAndNothingRuns() {
        assertThatThrownBy(() -> service.pay(pay(94, "k94")).block())
                .isInstanceOfSatisfying(PaymentForAnotherConcertException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("QUEUE_WRONG_CONCERT");
                });
        assertThat(reservations.confirmations.get()).isZero();
        assertThat(balances.attempts.get()).isZero();
        assertThat(tokens.expired).isEmpty();
    }

    @Test
    void someoneElsesReservationIsNotFoundForTheCaller() {
        ErrorResponseException problem = catchProblem(() -> service.pay(pay(93, null)).block());
        assertThat(problem.getStatusCode().value()).isEqualTo(404);
        assertThat(reservations.status(93)).isEqualTo("HELD");
    }

    @Test
    void recordedPaymentOfTheReservationMakesASecondPaymentRollBackAsAlreadyPaid() {
        database.execute("INSERT INTO payment.payments (reservation_id, user_id, amount, status, paid_at)"
                + " VALUES (91, 42, 130000, 'COMPLETED', now())");

        assertThatThrownBy(() -> service.pay(pay(91, "late-twin")).block())
                .isInstanceOfSatisfying(ReservationPaidConcurrentlyException.class,
                        e -> assertThat(e.code()).isEqualTo("RESERVATION_ALREADY_PAID"));
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history")).isZero();
        assertThat(database.queryForLong("SELECT response_status FROM payment.idempotency_keys WHERE idem_key = 'late-twin'"))
                .isEqualTo(409);
        assertThat(tokens.expired).isEmpty();
    }

    private static ErrorResponseException catchProblem(Runnable call) {
        try {
            call.run();
        } catch (ErrorResponseException problem) {
            return problem;
        }
        throw new AssertionError("expected a problem");
    }

    private static void awaitKeyState(String key, String state) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = '" + key
                    + "' AND state = '" + state + "'") == 1) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("key " + key + " never reached " + state);
    }

    private static <T> void awaitNonNull(AtomicReference<T> reference) throws InterruptedException {
        for (int i = 0; i < 400 && reference.get() == null; i++) {
            Thread.sleep(25);
        }
        assertThat(reference.get()).isNotNull();
    }

    private static ErrorResponseException problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setProperty("code", code);
        return new ErrorResponseException(status, body, null);
    }

    /** Reservations of the concert module, in memory (not transactional: these tests are about payment's own rules). */
    static final class FakeReservations implements LoadReservationQuery, ConfirmReservationUseCase {
        final Map<Long, ReservationView> reservations = new ConcurrentHashMap<>();
        final AtomicInteger confirmations = new AtomicInteger();
        final AtomicReference<Mono<Void>> confirmGate = new AtomicReference<>(Mono.empty());

        void hold(long id, long userId, long concertId, long price) {
            reservations.put(id, new ReservationView(id, userId, concertId, 3, (int) id % 50 + 1, price, "HELD", Instant.now().plusSeconds(300)));
        }

        String status(long id) {
            return reservations.get(id).status();
        }

        @Override
        public Mono<ReservationView> load(long reservationId, long userId) {
            ReservationView view = reservations.get(reservationId);
            if (view == null || view.userId() != userId) {
                return Mono.error(problem(HttpStatus.NOT_FOUND, "RESERVATION_NOT_FOUND", "Reservation not found", "no " + reservationId));
            }
            return Mono.just(view);
        }

        @Override
        public Mono<ReservationView> confirm(long reservationId, long userId) {
            return confirmGate.get().then(load(reservationId, userId)).flatMap(view -> {
                confirmations.incrementAndGet();
                if (!view.status().equals("HELD")) {
                    return Mono.error(problem(HttpStatus.CONFLICT, "RESERVATION_ALREADY_PAID", "Reservation already paid", "paid"));
                }
                ReservationView confirmed = new ReservationView(view.reservationId(), view.userId(), view.concertId(), view.scheduleId(),
                        view.seatNumber(), view.price(), "CONFIRMED", view.expiresAt());
                reservations.put(reservationId, confirmed);
                // like the real one, the confirmation is undone when the payment's transaction rolls back
                return TransactionSynchronizationManager.forCurrentTransaction()
                        .doOnNext(transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                            @Override
                            public Mono<Void> afterCompletion(int status) {
                                if (status != STATUS_COMMITTED) {
                                    reservations.put(reservationId, view);
                                }
                                return Mono.empty();
                            }
                        }))
                        .thenReturn(confirmed);
            });
        }
    }

    /** Balances of the account module, in memory. */
    static final class FakeBalances implements DebitBalanceUseCase {
        final Map<Long, Long> balances = new ConcurrentHashMap<>();
        final List<String> references = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicReference<RuntimeException> failNext = new AtomicReference<>();

        void set(long userId, long balance) {
            balances.put(userId, balance);
        }

        @Override
        public Mono<BalanceChange> debit(BalanceMovement movement) {
            return Mono.defer(() -> {
                attempts.incrementAndGet();
                RuntimeException failure = failNext.getAndSet(null);
                if (failure != null) {
                    return Mono.error(failure);
                }
                long balance = balances.get(movement.userId());
                if (balance < movement.amount()) {
                    return Mono.error(problem(HttpStatus.CONFLICT, "INSUFFICIENT_BALANCE", "Insufficient balance",
                            "The balance of user " + movement.userId() + " (" + balance + " KRW) is lower than " + movement.amount() + " KRW"));
                }
                balances.put(movement.userId(), balance - movement.amount());
                references.add(movement.reference());
                return Mono.just(new BalanceChange(movement.userId(), balance - movement.amount()));
            });
        }
    }

    /** The queue's token expiry, recording what it was asked to expire. */
    static final class FakeTokens implements ExpireTokenUseCase {
        final List<String> expired = new CopyOnWriteArrayList<>();
        final AtomicReference<Boolean> fail = new AtomicReference<>(false);

        @Override
        public Mono<Void> expire(String token) {
            if (fail.get()) {
                return Mono.error(new IllegalStateException("Redis unreachable"));
            }
            return Mono.fromRunnable(() -> expired.add(token));
        }
    }
}

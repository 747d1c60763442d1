package io.stagedoor.payment.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.PaymentId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.ScheduleId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.ConfirmedSale;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.FanOfConcert;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.ReservationAlreadyPaidException;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationNotFoundException;
import io.stagedoor.concert.api.ReservationOfUser;
import io.stagedoor.concert.api.ReservationStatus;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.payment.adapter.out.persistence.PaymentPersistence;
import io.stagedoor.payment.api.IdempotencyKeyReusedException;
import io.stagedoor.payment.api.IdempotencyRequestInProgressException;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PaymentForAnotherConcertException;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.PaymentStatus;
import io.stagedoor.payment.api.ReplayedRefusalException;
import io.stagedoor.payment.api.ReservationPaidConcurrentlyException;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.IdempotencyRetention;
import io.stagedoor.payment.domain.PaymentRequest;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.testsupport.Concurrently;
import io.stagedoor.testsupport.Polling;
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
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;
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
                + "DELETE FROM payment.paid_admissions;"
                + "ALTER TABLE payment.payment_history ENABLE TRIGGER payment_history_append_only");
        reservations.hold(91, USER, CONCERT, 130_000);
        reservations.hold(92, USER, CONCERT, 90_000);
        reservations.hold(93, OTHER_USER, CONCERT, 130_000);
        reservations.hold(94, USER, 2, 50_000);
        balances.set(USER, 200_000);
        balances.set(OTHER_USER, 200_000);
    }

    private PayReservationService service(Duration inProgressWait) {
        return service(database.databaseClient(), transaction, inProgressWait);
    }

    private PayReservationService service(DatabaseClient client, TransactionalOperator transaction, Duration inProgressWait) {
        // the one-reservation form never reaches the set-based confirmation or the fan limits
        ConfirmReservationsUseCase noCheckouts = new ConfirmReservationsUseCase() {
            @Override
            public Mono<List<ReservationView>> confirmAll(List<ReservationOfUser> wanted) {
                return Mono.error(new AssertionError("a one-reservation payment confirmed through confirmAll"));
            }

            @Override
            public Mono<List<ConfirmedSale>> confirmAllWithinTicketLimits(List<FanOfConcert> fans,
                                                                         List<ReservationOfUser> wanted) {
                return Mono.error(new AssertionError("a one-reservation payment confirmed through a batch's statement"));
            }

            @Override
            public Mono<Integer> undoConfirmations(List<ReservationId> reservationIds) {
                return Mono.error(new AssertionError("a one-reservation payment undid confirmations"));
            }
        };
        FanLimitsQuery noLimits = concertId -> Mono.error(new AssertionError("a one-reservation payment asked for fan limits"));
        // the ticket limit at payment is the concert module's statement, proved against it in CheckoutTest
        TicketLimitUseCase noTicketLimit = new TicketLimitUseCase() {
            @Override
            public <T> Mono<T> withinTicketLimit(UserId userId, ConcertId concertId, Mono<T> sale) {
                return sale;
            }
        };
        PaymentPersistence persistence = new PaymentPersistence(client);
        UserExistenceQuery noUsers = userId -> Mono.error(new AssertionError("a payment asked whether its user exists"));
        return new PayReservationService(
                new PaymentServices.Partners(reservations, reservations, noCheckouts, balances, noLimits, noTicketLimit,
                        tokens, noUsers),
                new PaymentServices.Store(persistence.records(), persistence.paidAdmissions(), persistence.idempotencyKeys()),
                PaymentPersistence.transactions(kind -> transaction),
                new PaymentServices.KeyRules(new IdempotencyPolicy(Duration.ofMinutes(1)), inProgressWait,
                        new IdempotencyRetention(Duration.ofHours(24))),
                Clock.systemUTC());
    }

    private final PayReservationService service = service(Duration.ofSeconds(5));

    private static PayCommand pay(long reservationId, String key) {
        return new PayCommand(UserId.of(USER), ConcertId.of(CONCERT), TOKEN, ReservationId.of(reservationId), key);
    }

    @Test
    void paymentIsRecordedWithHistoryDebitedUnderItsOwnReferenceAndTheTokenExpiredAfterwards() {
        PaymentReceipt receipt = service.pay(pay(91, null)).block();

        assertThat(receipt.reservationId().value()).isEqualTo(91);
        assertThat(receipt.userId().value()).isEqualTo(USER);
        assertThat(receipt.amount().value()).isEqualTo(130_000);
        assertThat(receipt.status().name()).isEqualTo("COMPLETED");
        assertThat(receipt.balance().value()).isEqualTo(70_000);
        assertThat(balances.references).containsExactly("payment:" + receipt.paymentId());
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE id = " + receipt.paymentId()
                + " AND reservation_id = 91 AND user_id = 42 AND amount = 130000 AND status = 'COMPLETED'")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history WHERE payment_id = " + receipt.paymentId()
                + " AND event = 'COMPLETED' AND amount = 130000 AND reference = 'payment:" + receipt.paymentId() + "'")).isEqualTo(1);
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
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'order-91'"
                + " AND state = 'COMPLETED' AND response_status = 201 AND attempt = 1")).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherRequestIsRefusedAsReusedAndChangesNothing() {
        service.pay(pay(91, "order-x")).block();

        assertThatThrownBy(() -> service.pay(pay(92, "order-x")).block())
                .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
                    assertThat(e.kind().status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                });
        assertThat(reservations.status(92)).isEqualTo("HELD");
        assertThat(balances.references).hasSize(1);
    }

    @Test
    void keysAreScopedToTheUserSoTwoUsersMayPickTheSameOne() {
        PaymentReceipt mine = service.pay(pay(91, "same-key")).block();
        PaymentReceipt theirs = service.pay(new PayCommand(UserId.of(OTHER_USER), ConcertId.of(CONCERT), "token-of-43", ReservationId.of(93), "same-key")).block();

        assertThat(theirs.paymentId()).isNotEqualTo(mine.paymentId());
        assertThat(theirs.userId().value()).isEqualTo(OTHER_USER);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments")).isEqualTo(2);
    }

    @Test
    void definitiveRefusalIsStoredAndReplayedWithoutExecutingAgain() {
        balances.set(USER, 1_000);
        StagedoorProblem first = catchProblem(() -> service.pay(pay(91, "poor")).block());
        assertThat(first.code()).isEqualTo("INSUFFICIENT_BALANCE");

        balances.set(USER, 500_000);
        StagedoorProblem replay = catchProblem(() -> service.pay(pay(91, "poor")).block());

        assertThat(replay).isInstanceOf(ReplayedRefusalException.class);
        assertThat(replay.kind()).isEqualTo(first.kind());
        assertThat(replay.title()).isEqualTo(first.title());
        assertThat(replay.detail()).isEqualTo(first.detail());
        assertThat(replay.properties()).isEqualTo(first.properties());
        assertThat(balances.attempts.get()).isEqualTo(1);
        assertThat(reservations.status(91)).as("the confirmation rolled back with the refused debit").isEqualTo("HELD");

        PaymentReceipt withNewKey = service.pay(pay(91, "poor-2")).block();
        assertThat(withNewKey.balance().value()).isEqualTo(370_000);
    }

    @Test
    void unexpectedFailureIsNotStoredSoARetryWithTheSameKeyExecutes() {
        balances.failNext.set(new IllegalStateException("connection reset"));

        assertThatThrownBy(() -> service.pay(pay(91, "flaky")).block()).hasMessageContaining("connection reset");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isZero();

        PaymentReceipt retry = service.pay(pay(91, "flaky")).block();
        assertThat(retry.reservationId().value()).isEqualTo(91);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'COMPLETED'")).isEqualTo(1);
    }

    @Test
    void manyConcurrentPaymentsWithOneKeyPayOnceAndAllAnswerWithTheSameReceipt() throws Exception {
        int payers = 40;

        List<PaymentReceipt> receipts = Concurrently.run(payers, racer -> service.pay(pay(91, "one-key-for-all")).block());

        assertThat(receipts).hasSize(payers).doesNotContainNull();
        assertThat(receipts).containsOnly(receipts.get(0));
        assertThat(receipts.get(0).balance().value()).isEqualTo(70_000);
        assertThat(reservations.confirmations.get()).as("executed once; every other request replayed").isEqualTo(1);
        assertThat(balances.attempts.get()).isEqualTo(1);
        assertThat(balances.references).containsExactly("payment:" + receipts.get(0).paymentId());
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = 91")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'one-key-for-all'"
                + " AND state = 'COMPLETED' AND response_status = 201")).isEqualTo(1);
        assertThat(tokens.expired).containsExactly(TOKEN);
    }

    @Test
    void duplicateWhileTheFirstRunsWaitsOnTheKeyAndReplaysItsReceiptEvenPastTheInProgressWait() throws Exception {
        Sinks.Empty<Void> release = Sinks.empty();
        reservations.confirmGate.set(release.asMono());
        AtomicReference<PaymentReceipt> first = new AtomicReference<>();
        service.pay(pay(91, "slow")).subscribe(first::set);
        awaitTrue(() -> reservations.gateEntries.get() == 1);

        AtomicReference<PaymentReceipt> second = new AtomicReference<>();
        AtomicReference<Throwable> secondError = new AtomicReference<>();
        // the in-progress wait is for committed IN_PROGRESS rows only; a duplicate of a running payment waits on its lock
        service(Duration.ofMillis(100)).pay(pay(91, "slow")).subscribe(second::set, secondError::set);
        Thread.sleep(400);
        assertThat(second.get()).isNull();
        assertThat(secondError.get()).isNull();
        assertThat(reservations.gateEntries.get()).as("the duplicate never got past the key").isEqualTo(1);
        release.tryEmitEmpty();

        awaitNonNull(first);
        awaitNonNull(second);
        assertThat(secondError.get()).isNull();
        assertThat(second.get()).isEqualTo(first.get());
        assertThat(balances.attempts.get()).isEqualTo(1);
    }

    @Test
    void duplicateOfAFirstRequestThatRollsBackOwnsTheKeyAndPays() throws Exception {
        Sinks.Empty<Void> release = Sinks.empty();
        reservations.confirmGate.set(release.asMono());
        balances.failNext.set(new IllegalStateException("connection reset"));
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        service.pay(pay(91, "second-time-lucky")).subscribe(null, firstError::set);
        awaitTrue(() -> reservations.gateEntries.get() == 1);

        AtomicReference<PaymentReceipt> second = new AtomicReference<>();
        service.pay(pay(91, "second-time-lucky")).subscribe(second::set);
        Thread.sleep(200);
        release.tryEmitEmpty();

        awaitNonNull(firstError);
        awaitNonNull(second);
        assertThat(firstError.get()).hasMessageContaining("connection reset");
        assertThat(second.get().balance().value()).isEqualTo(70_000);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'second-time-lucky'"
                + " AND state = 'COMPLETED' AND response_status = 201 AND attempt = 1")).isEqualTo(1);
    }

    @Test
    void paymentRefusedAfterTheClaimNeverShowsAnInProgressKeyAndItsStoredRefusalReplays() throws Exception {
        balances.set(USER, 1_000);
        Sinks.Empty<Void> release = Sinks.empty();
        balances.gate.set(release.asMono());
        AtomicReference<Throwable> first = new AtomicReference<>();
        service.pay(pay(91, "refused-late")).subscribe(null, first::set);
        awaitTrue(() -> balances.gateEntries.get() == 1);

        // claimed, confirmed, about to be refused by the debit: nothing of it is visible outside its transaction
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isZero();
        release.tryEmitEmpty();
        awaitNonNull(first);

        assertThat(first.get()).isInstanceOfSatisfying(StagedoorProblem.class,
                e -> assertThat(e.code()).isEqualTo("INSUFFICIENT_BALANCE"));
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'")).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'refused-late'"
                + " AND state = 'COMPLETED' AND response_status = 409")).isEqualTo(1);
        assertThat(reservations.status(91)).isEqualTo("HELD");
        balances.set(USER, 500_000);
        StagedoorProblem replay = catchProblem(() -> service.pay(pay(91, "refused-late")).block());
        assertThat(replay).isInstanceOf(ReplayedRefusalException.class);
        assertThat(replay.detail()).isEqualTo(((StagedoorProblem) first.get()).detail());
        assertThat(balances.attempts.get()).isEqualTo(1);
    }

    @Test
    void expiredHoldIsRefusedStoredWithoutAnInProgressKeyAndReplayed() {
        reservations.expire(91);

        StagedoorProblem refused = catchProblem(() -> service.pay(pay(91, "too-late")).block());

        assertThat(refused).isInstanceOf(ReservationExpiredException.class);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'")).isZero();
        assertThat(database.queryForLong("SELECT response_status FROM payment.idempotency_keys WHERE idem_key = 'too-late'"
                + " AND state = 'COMPLETED'")).isEqualTo(409);
        StagedoorProblem replay = catchProblem(() -> service.pay(pay(91, "too-late")).block());
        assertThat(replay).isInstanceOf(ReplayedRefusalException.class);
        assertThat(replay.code()).isEqualTo("RESERVATION_EXPIRED");
        assertThat(replay.detail()).isEqualTo(refused.detail());
        assertThat(balances.attempts.get()).isZero();
    }

    @Test
    void inProgressKeyCommittedByAnOlderVersionIsWaitedForAndItsStoredReceiptReplayed() throws Exception {
        insertInProgressKey("older-version", 91, Instant.now());
        AtomicReference<PaymentReceipt> waiter = new AtomicReference<>();
        AtomicReference<Throwable> waiterError = new AtomicReference<>();
        service.pay(pay(91, "older-version")).subscribe(waiter::set, waiterError::set);
        Thread.sleep(300);
        assertThat(waiter.get()).isNull();
        assertThat(waiterError.get()).isNull();

        // the older version's payment commits its outcome
        database.execute("UPDATE payment.idempotency_keys SET state = 'COMPLETED', response_status = 201, completed_at = now(),"
                + " response_body = '{\"paymentId\":77,\"reservationId\":91,\"userId\":42,\"amount\":130000,\"status\":\"COMPLETED\","
                + "\"paidAt\":\"2026-12-24T10:00:00.123Z\",\"balance\":70000}' WHERE idem_key = 'older-version'");

        awaitNonNull(waiter);
        assertThat(waiter.get()).isEqualTo(new PaymentReceipt(PaymentId.of(77), ReservationId.of(91), UserId.of(42),
                Krw.of(130_000), PaymentStatus.COMPLETED, Instant.parse("2026-12-24T10:00:00.123Z"), Krw.of(70_000)));
        assertThat(reservations.confirmations.get()).isZero();
        assertThat(balances.attempts.get()).isZero();
    }

    @Test
    void inProgressKeyOfAnOlderVersionStillRunningAfterTheWaitIsRefusedAsInProgress() {
        insertInProgressKey("older-and-slow", 91, Instant.now());

        assertThatThrownBy(() -> service(Duration.ofMillis(200)).pay(pay(91, "older-and-slow")).block())
                .isInstanceOfSatisfying(IdempotencyRequestInProgressException.class, e -> {
                    assertThat(e.kind().status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                });
        assertThat(reservations.confirmations.get()).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'older-and-slow'"
                + " AND state = 'IN_PROGRESS' AND attempt = 1")).isEqualTo(1);
    }

    @Test
    void inProgressKeyReleasedByAnOlderVersionLetsTheWaitingRequestPay() throws Exception {
        insertInProgressKey("older-and-failed", 91, Instant.now());
        AtomicReference<PaymentReceipt> waiter = new AtomicReference<>();
        service.pay(pay(91, "older-and-failed")).subscribe(waiter::set);
        Thread.sleep(200);
        assertThat(waiter.get()).isNull();

        database.execute("DELETE FROM payment.idempotency_keys WHERE idem_key = 'older-and-failed'");

        awaitNonNull(waiter);
        assertThat(waiter.get().balance().value()).isEqualTo(70_000);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'older-and-failed'"
                + " AND state = 'COMPLETED' AND response_status = 201")).isEqualTo(1);
    }

    @Test
    void claimLeftBehindByACrashedRequestIsTakenOverAfterTheClaimTimeout() {
        insertInProgressKey("crashed", 91, Instant.now().minus(Duration.ofMinutes(10)));

        PaymentReceipt receipt = service.pay(pay(91, "crashed")).block();

        assertThat(receipt.reservationId().value()).isEqualTo(91);
        assertThat(balances.references).containsExactly("payment:" + receipt.paymentId());
        assertThat(database.queryForLong("SELECT attempt FROM payment.idempotency_keys WHERE idem_key = 'crashed' AND state = 'COMPLETED'"))
                .isEqualTo(2);
        assertThat(service.pay(pay(91, "crashed")).block()).isEqualTo(receipt);
    }

    @Test
    void takenOverClaimThatIsRefusedStoresTheRefusalInPlaceOfTheStaleClaim() {
        insertInProgressKey("crashed-then-poor", 91, Instant.now().minus(Duration.ofMinutes(10)));
        balances.set(USER, 1_000);

        StagedoorProblem refused = catchProblem(() -> service.pay(pay(91, "crashed-then-poor")).block());

        assertThat(refused.code()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'crashed-then-poor'"
                + " AND state = 'COMPLETED' AND response_status = 409 AND attempt = 2")).isEqualTo(1);
        assertThat(catchProblem(() -> service.pay(pay(91, "crashed-then-poor")).block())).isInstanceOf(ReplayedRefusalException.class);
        assertThat(balances.attempts.get()).isEqualTo(1);
    }

    @Test
    void takenOverClaimThatFailsUnexpectedlyLeavesTheStaleClaimSoTheNextRetryTakesItOverAgain() {
        insertInProgressKey("crashed-twice", 91, Instant.now().minus(Duration.ofMinutes(10)));
        balances.failNext.set(new IllegalStateException("connection reset"));

        assertThatThrownBy(() -> service.pay(pay(91, "crashed-twice")).block()).hasMessageContaining("connection reset");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'crashed-twice'"
                + " AND state = 'IN_PROGRESS' AND attempt = 1")).as("the take-over rolled back").isEqualTo(1);

        PaymentReceipt retry = service.pay(pay(91, "crashed-twice")).block();
        assertThat(retry.balance().value()).isEqualTo(70_000);
        assertThat(database.queryForLong("SELECT attempt FROM payment.idempotency_keys WHERE idem_key = 'crashed-twice'"
                + " AND state = 'COMPLETED'")).isEqualTo(2);
    }

    @Test
    void paymentStandsWhenExpiringTheTokenFails() {
        tokens.fail.set(true);

        PaymentReceipt receipt = service.pay(pay(91, null)).block();

        assertThat(receipt.status().name()).isEqualTo("COMPLETED");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = 91")).isEqualTo(1);
    }

    @Test
    void reservationForAnotherConcertThanTheTokenAdmitsToIsForbiddenAndChangesNothing() {
        assertThatThrownBy(() -> service.pay(pay(94, "k94")).block())
                .isInstanceOfSatisfying(PaymentForAnotherConcertException.class, e -> {
                    assertThat(e.kind().status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("QUEUE_WRONG_CONCERT");
                });
        assertThat(reservations.status(94)).as("the confirmation rolled back").isEqualTo("HELD");
        assertThat(balances.attempts.get()).isZero();
        assertThat(tokens.expired).isEmpty();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments")).isZero();
        assertThat(database.queryForLong("SELECT response_status FROM payment.idempotency_keys WHERE idem_key = 'k94'")).isEqualTo(403);
    }

    @Test
    void expiredOrPaidReservationOfAnotherConcertIsStillForbiddenAsTheWrongConcert() {
        reservations.expire(94);
        assertThatThrownBy(() -> service.pay(pay(94, null)).block()).isInstanceOf(PaymentForAnotherConcertException.class);

        reservations.hold(95, USER, 2, 50_000);
        reservations.markPaid(95);
        assertThatThrownBy(() -> service.pay(pay(95, "k95")).block()).isInstanceOf(PaymentForAnotherConcertException.class);
        assertThat(database.queryForLong("SELECT response_status FROM payment.idempotency_keys WHERE idem_key = 'k95'")).isEqualTo(403);
        assertThat(balances.attempts.get()).isZero();
    }

    @Test
    void someoneElsesReservationIsNotFoundForTheCaller() {
        StagedoorProblem problem = catchProblem(() -> service.pay(pay(93, null)).block());
        assertThat(problem).isInstanceOf(ReservationNotFoundException.class);
        assertThat(problem.kind().status()).isEqualTo(404);
        assertThat(reservations.status(93)).isEqualTo("HELD");
    }

    @Test
    void paymentsForMadeUpReservationsLeaveNoIdempotencyRow() {
        for (int i = 0; i < 20; i++) {
            long madeUp = 10_000 + i;
            catchProblem(() -> service.pay(pay(madeUp, "guess-" + madeUp)).block());
            catchProblem(() -> service.pay(pay(93, "not-mine-" + madeUp)).block());
        }

        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.paid_admissions")).isZero();
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
        assertThat(reservations.status(91)).isEqualTo("HELD");
        assertThat(tokens.expired).isEmpty();
    }

    @Test
    void paymentWithAKeyIsOneTransactionOfThreePaymentStatementsAndNothingCommittedOnItsOwn() {
        RecordingConnectionFactory recording = new RecordingConnectionFactory(database.connectionFactory());
        PayReservationService recorded = recordedService(recording);

        PaymentReceipt receipt = recorded.pay(pay(91, "counted")).block();

        assertThat(receipt.balance().value()).isEqualTo(70_000);
        List<RecordingConnectionFactory.Call> calls = recording.calls();
        assertThat(calls).extracting(RecordingConnectionFactory.Call::kind)
                .as(calls.toString()).containsExactly("BEGIN", "STATEMENT", "STATEMENT", "STATEMENT", "COMMIT");
        assertThat(calls.get(1).sql()).contains("INSERT INTO payment.idempotency_keys").contains("nextval");
        assertThat(calls.get(2).sql()).as("one admission pays once").contains("INSERT INTO payment.paid_admissions");
        assertThat(calls.get(3).sql()).contains("INSERT INTO payment.payments").contains("INSERT INTO payment.payment_history")
                .contains("UPDATE payment.idempotency_keys");
        assertThat(calls).filteredOn(RecordingConnectionFactory.Call::isStatement).allMatch(RecordingConnectionFactory.Call::inTransaction);

        // a replay is one short transaction that writes nothing
        recording.clear();
        assertThat(recorded.pay(pay(91, "counted")).block()).isEqualTo(receipt);
        assertThat(recording.count("COMMIT")).isEqualTo(1);
        assertThat(recording.count("STATEMENT")).isEqualTo(2);

        // the recorder does tell a statement committed on its own (as the old claim was) from one inside a transaction
        recording.clear();
        new PaymentPersistence(DatabaseClient.create(recording.factory())).idempotencyKeys().find(USER, IdempotencyKey.of("counted")).block();
        assertThat(recording.calls()).singleElement().satisfies(call -> {
            assertThat(call.isStatement()).isTrue();
            assertThat(call.inTransaction()).isFalse();
        });
    }

    @Test
    void paymentWithoutAKeyIsOneTransactionToo() {
        RecordingConnectionFactory recording = new RecordingConnectionFactory(database.connectionFactory());

        recordedService(recording).pay(pay(92, null)).block();

        List<RecordingConnectionFactory.Call> calls = recording.calls();
        assertThat(calls).extracting(RecordingConnectionFactory.Call::kind)
                .as(calls.toString()).containsExactly("BEGIN", "STATEMENT", "STATEMENT", "STATEMENT", "COMMIT");
        assertThat(calls.get(1).sql()).contains("nextval");
        assertThat(calls.get(2).sql()).contains("INSERT INTO payment.paid_admissions");
        assertThat(calls.get(3).sql()).contains("INSERT INTO payment.payments").doesNotContain("idempotency_keys");
    }

    private PayReservationService recordedService(RecordingConnectionFactory recording) {
        return service(DatabaseClient.create(recording.factory()),
                TransactionalOperator.create(new R2dbcTransactionManager(recording.factory())), Duration.ofSeconds(5));
    }

    /** A claim committed on its own, as the previous version of this service (or one that died) left it. */
    private static void insertInProgressKey(String key, long reservationId, Instant claimedAt) {
        String fingerprint = new RequestFingerprints().of(new PaymentRequest(reservationId)).hex();
        database.execute("INSERT INTO payment.idempotency_keys (user_id, idem_key, fingerprint, state, attempt, claimed_at, created_at)"
                + " VALUES (" + USER + ", '" + key + "', '" + fingerprint + "', 'IN_PROGRESS', 1, '" + claimedAt + "', '" + claimedAt + "')");
    }

    private static StagedoorProblem catchProblem(Runnable call) {
        try {
            call.run();
        } catch (StagedoorProblem problem) {
            return problem;
        }
        throw new AssertionError("expected a problem");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(25), condition)).isTrue();
    }

    private static <T> void awaitNonNull(AtomicReference<T> reference) throws InterruptedException {
        Polling.within(Duration.ofSeconds(10), Duration.ofMillis(25), () -> reference.get() != null);
        assertThat(reference.get()).isNotNull();
    }


    private static StagedoorProblem problem(ProblemKind kind, String code, String title, String detail) {
        return new StagedoorProblem(kind, code, title, detail);
    }

    /**
     * Reservations of the concert module, in memory, raising the concert module's own refusals. A confirmation is
     * atomic and undone when the payment's transaction rolls back, like the real conditional UPDATE.
     */
    static final class FakeReservations implements LoadReservationQuery, ConfirmReservationUseCase {
        final Map<Long, ReservationView> reservations = new ConcurrentHashMap<>();
        final AtomicInteger confirmations = new AtomicInteger();
        final AtomicInteger gateEntries = new AtomicInteger();
        final AtomicReference<Mono<Void>> confirmGate = new AtomicReference<>(Mono.empty());
        private final Map<Long, Mono<Void>> rowLocks = new ConcurrentHashMap<>();

        void hold(long id, long userId, long concertId, long price) {
            reservations.put(id, new ReservationView(ReservationId.of(id), UserId.of(userId), ConcertId.of(concertId), ScheduleId.of(3),
                    (int) id % 50 + 1, Krw.of(price), ReservationStatus.HELD, Instant.now().plusSeconds(300)));
        }

        void expire(long id) {
            withStatus(id, ReservationStatus.EXPIRED);
        }

        void markPaid(long id) {
            withStatus(id, ReservationStatus.CONFIRMED);
        }

        private void withStatus(long id, ReservationStatus status) {
            ReservationView view = reservations.get(id);
            reservations.put(id, new ReservationView(view.reservationId(), view.userId(), view.concertId(), view.scheduleId(),
                    view.seatNumber(), view.price(), status, view.expiresAt()));
        }

        String status(long id) {
            return reservations.get(id).status().name();
        }

        @Override
        public Mono<ReservationView> load(ReservationId reservation, UserId user) {
            long reservationId = reservation.value();
            long userId = user.value();
            return Mono.defer(() -> {
                ReservationView view = reservations.get(reservationId);
                if (view == null || view.userId().value() != userId) {
                    return Mono.error(new ReservationNotFoundException(reservationId));
                }
                return Mono.just(view);
            });
        }

        @Override
        public Mono<ReservationView> confirm(ReservationId reservation, UserId user) {
            long reservationId = reservation.value();
            long userId = user.value();
            return Mono.defer(() -> {
                gateEntries.incrementAndGet();
                return confirmGate.get();
            }).then(Mono.defer(() -> confirmWhenUnlocked(reservationId, userId)));
        }

        /** Like the conditional UPDATE: waits while another uncommitted confirmation holds the reservation's row. */
        private Mono<ReservationView> confirmWhenUnlocked(long reservationId, long userId) {
            ReservationView view;
            ReservationView confirmed;
            Sinks.Empty<Void> unlocked = Sinks.empty();
            synchronized (this) {
                Mono<Void> lock = rowLocks.get(reservationId);
                if (lock != null) {
                    return lock.then(Mono.defer(() -> confirmWhenUnlocked(reservationId, userId)));
                }
                view = reservations.get(reservationId);
                if (view == null || view.userId().value() != userId) {
                    return Mono.error(new ReservationNotFoundException(reservationId));
                }
                confirmations.incrementAndGet();
                if (view.status() == ReservationStatus.CONFIRMED) {
                    return Mono.error(new ReservationAlreadyPaidException(reservationId));
                }
                if (view.status() != ReservationStatus.HELD) {
                    return Mono.error(new ReservationExpiredException(reservationId, "ran out at " + view.expiresAt()));
                }
                confirmed = new ReservationView(view.reservationId(), view.userId(), view.concertId(), view.scheduleId(),
                        view.seatNumber(), view.price(), ReservationStatus.CONFIRMED, view.expiresAt());
                reservations.put(reservationId, confirmed);
                rowLocks.put(reservationId, unlocked.asMono());
            }
            // like the real one, the confirmation is undone when the payment's transaction rolls back
            return TransactionSynchronizationManager.forCurrentTransaction()
                    .doOnNext(transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public Mono<Void> afterCompletion(int status) {
                            synchronized (FakeReservations.this) {
                                if (status != STATUS_COMMITTED) {
                                    reservations.put(reservationId, view);
                                }
                                rowLocks.remove(reservationId);
                            }
                            unlocked.tryEmitEmpty();
                            return Mono.empty();
                        }
                    }))
                    .thenReturn(confirmed);
        }
    }

    /** Balances of the account module, in memory (a refused or failed debit changes nothing). */
    static final class FakeBalances implements DebitBalanceUseCase {
        final Map<Long, Long> balances = new ConcurrentHashMap<>();
        final List<String> references = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger gateEntries = new AtomicInteger();
        final AtomicReference<Mono<Void>> gate = new AtomicReference<>(Mono.empty());
        final AtomicReference<RuntimeException> failNext = new AtomicReference<>();

        void set(long userId, long balance) {
            balances.put(userId, balance);
        }

        @Override
        public Mono<BalanceChange> debit(BalanceMovement movement) {
            return Mono.defer(() -> {
                gateEntries.incrementAndGet();
                return gate.get();
            }).then(Mono.defer(() -> {
                attempts.incrementAndGet();
                RuntimeException failure = failNext.getAndSet(null);
                if (failure != null) {
                    return Mono.error(failure);
                }
                long userId = movement.userId().value();
                long amount = movement.amount().value();
                long balance = balances.get(userId);
                if (balance < amount) {
                    return Mono.error(problem(ProblemKind.CONFLICT, "INSUFFICIENT_BALANCE", "Insufficient balance",
                            "The balance of user " + userId + " (" + balance + " KRW) is lower than " + amount + " KRW"));
                }
                balances.put(userId, balance - amount);
                references.add(movement.reference());
                return Mono.just(new BalanceChange(movement.userId(), Krw.of(balance - amount)));
            }));
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

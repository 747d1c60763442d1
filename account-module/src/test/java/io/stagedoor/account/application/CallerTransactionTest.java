package io.stagedoor.account.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.account.AccountStack;
import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.InsufficientBalanceException;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Debit and credit run inside the caller's reactive transaction, the way the payment module calls them: their writes
 * commit or roll back with the caller's.
 */
class CallerTransactionTest {

    private static TestDatabase db;
    private static AccountStack account;
    private static TransactionalOperator callerTransaction;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create("account");
        account = new AccountStack(db, new ChargePolicy(10_000_000, 100_000_000), Clock.systemUTC());
        callerTransaction = TransactionalOperator.create(new R2dbcTransactionManager(db.connectionFactory()));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void debitInACallerTransactionThatRollsBackLeavesBalanceAndLedgerUntouched() {
        long userId = funded(100_000);
        AtomicReference<BalanceChange> seenInside = new AtomicReference<>();

        Mono<Void> paymentThatFailsAfterDebiting = account.debitBalance
                .debit(new BalanceMovement(UserId.of(userId), Krw.of(30_000), "payment:1"))
                .doOnNext(seenInside::set)
                .then(Mono.error(new IllegalStateException("seat was sold meanwhile")));

        StepVerifier.create(callerTransaction.transactional(paymentThatFailsAfterDebiting))
                .expectErrorMessage("seat was sold meanwhile")
                .verify();

        assertThat(seenInside.get()).as("the debit did run inside").isEqualTo(new BalanceChange(UserId.of(userId), Krw.of(70_000)));
        assertThat(account.balanceInTable(userId)).isEqualTo(100_000);
        assertThat(account.ledgerEntries(userId)).isEqualTo(1);
        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger WHERE reference = 'payment:1'")).isZero();
    }

    @Test
    void refundInACallerTransactionThatRollsBackLeavesBalanceAndLedgerUntouched() {
        long userId = funded(100_000);

        StepVerifier.create(callerTransaction.transactional(account.creditBalance
                        .credit(new BalanceMovement(UserId.of(userId), Krw.of(5_000), "refund:1"))
                        .then(Mono.error(new IllegalStateException("refund aborted")))))
                .expectErrorMessage("refund aborted")
                .verify();

        assertThat(account.balanceInTable(userId)).isEqualTo(100_000);
        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger WHERE reference = 'refund:1'")).isZero();
    }

    @Test
    void debitInACallerTransactionIsInvisibleToOthersUntilTheCallerCommits() {
        long userId = funded(100_000);
        AtomicLong seenFromOutsideBeforeCommit = new AtomicLong(-1);

        Mono<BalanceChange> payment = account.debitBalance
                .debit(new BalanceMovement(UserId.of(userId), Krw.of(40_000), "payment:2"))
                .flatMap(change -> Mono.fromCallable(() -> account.balanceInTable(userId))
                        .subscribeOn(Schedulers.boundedElastic())
                        .doOnNext(seenFromOutsideBeforeCommit::set)
                        .thenReturn(change));

        StepVerifier.create(callerTransaction.transactional(payment))
                .expectNext(new BalanceChange(UserId.of(userId), Krw.of(60_000)))
                .verifyComplete();

        assertThat(seenFromOutsideBeforeCommit.get()).isEqualTo(100_000);
        assertThat(account.balanceInTable(userId)).isEqualTo(60_000);
        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger WHERE reference = 'payment:2'")).isEqualTo(1);
    }

    @Test
    void refusedDebitLeavesTheCallersTransactionUsable() {
        long userId = funded(10_000);

        Mono<BalanceChange> fallBackToCheaperSeat = account.debitBalance
                .debit(new BalanceMovement(UserId.of(userId), Krw.of(50_000), "payment:3"))
                .onErrorResume(InsufficientBalanceException.class,
                        tooExpensive -> account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(8_000), "payment:4")));

        StepVerifier.create(callerTransaction.transactional(fallBackToCheaperSeat))
                .expectNext(new BalanceChange(UserId.of(userId), Krw.of(2_000)))
                .verifyComplete();

        assertThat(account.balanceInTable(userId)).isEqualTo(2_000);
        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger WHERE reference IN ('payment:3', 'payment:4')"))
                .isEqualTo(1);
        assertThat(account.ledgerSum(userId)).isEqualTo(2_000);
    }

    private static long funded(long amount) {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, amount)).block();
        return userId;
    }
}

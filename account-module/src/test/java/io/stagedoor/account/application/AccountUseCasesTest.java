package io.stagedoor.account.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.account.AccountStack;
import io.stagedoor.account.api.Balance;
import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceHistory;
import io.stagedoor.account.api.BalanceLimitExceededException;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.HistoryRequest;
import io.stagedoor.account.api.InsufficientBalanceException;
import io.stagedoor.account.api.InvalidAmountException;
import io.stagedoor.account.api.NewUser;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The account use cases over the real PostgreSQL adapters, one caller at a time. */
class AccountUseCasesTest {

    private static final long MAX_CHARGE = 100_000;
    private static final long MAX_BALANCE = 250_000;
    private static final Instant NOW = Instant.parse("2026-12-24T10:00:00.123456Z");
    private static final long UNKNOWN_USER = 9_000_000;

    private static TestDatabase db;
    private static AccountStack account;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create("account");
        account = new AccountStack(db, new ChargePolicy(MAX_CHARGE, MAX_BALANCE), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void newUserGetsAnIdAndAZeroBalance() {
        NewUser user = account.createUser.create(new CreateUserCommand(" Kim ", AccountStack.PASSWORD)).block();

        assertThat(user.userId()).isPositive();
        assertThat(user.name()).isEqualTo("Kim");
        assertThat(db.queryForLong("SELECT count(*) FROM account.users WHERE id = %d AND name = 'Kim'"
                .formatted(user.userId()))).isEqualTo(1);
        assertThat(account.balanceInTable(user.userId())).isZero();
        assertThat(account.getBalance.balanceOf(user.userId()).block()).isEqualTo(new Balance(user.userId(), 0));
        assertThat(account.ledgerEntries(user.userId())).isZero();
    }

    @Test
    void existenceIsTrueOnlyForRegisteredUsers() {
        long userId = account.newUser();

        assertThat(account.userExistence.exists(userId).block()).isTrue();
        assertThat(account.userExistence.exists(UNKNOWN_USER).block()).isFalse();
        assertThat(account.userExistence.exists(0).block()).isFalse();
        assertThat(account.userExistence.exists(-1).block()).isFalse();
    }

    @Test
    void chargeAddsToTheBalanceAndAppendsAChargeEntry() {
        long userId = account.newUser();

        Balance first = account.chargeBalance.charge(new ChargeCommand(userId, 50_000)).block();
        Balance second = account.chargeBalance.charge(new ChargeCommand(userId, 1)).block();

        assertThat(first).isEqualTo(new Balance(userId, 50_000));
        assertThat(second).isEqualTo(new Balance(userId, 50_001));
        assertThat(account.balanceInTable(userId)).isEqualTo(50_001);
        assertThat(db.queryForLong("""
                SELECT count(*) FROM account.ledger WHERE user_id = %d AND type = 'CHARGE' AND reference = 'charge'
                   AND at = '2026-12-24T10:00:00.123456Z'""".formatted(userId))).isEqualTo(2);
        assertThat(account.ledgerSum(userId)).isEqualTo(50_001);
    }

    @Test
    void chargeUpToExactlyTheMaximumBalanceSucceedsAndOneKrwMoreIsRefusedWithoutChange() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, MAX_CHARGE)).block();
        account.chargeBalance.charge(new ChargeCommand(userId, MAX_CHARGE)).block();
        account.chargeBalance.charge(new ChargeCommand(userId, MAX_BALANCE - 2 * MAX_CHARGE)).block();
        assertThat(account.balanceInTable(userId)).isEqualTo(MAX_BALANCE);

        assertThatThrownBy(() -> account.chargeBalance.charge(new ChargeCommand(userId, 1)).block())
                .isInstanceOfSatisfying(BalanceLimitExceededException.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(ProblemKind.CONFLICT);
                    assertThat(problem.code()).isEqualTo("BALANCE_LIMIT_EXCEEDED");
                    assertThat(problem.detail()).contains(String.valueOf(MAX_BALANCE));
                });
        assertThat(account.balanceInTable(userId)).isEqualTo(MAX_BALANCE);
        assertThat(account.ledgerEntries(userId)).isEqualTo(3);
    }

    @Test
    void chargeOutsideTheAllowedRangeIsAnInvalidAmountAndChangesNothing() {
        long userId = account.newUser();

        for (long amount : new long[] {0, -1, MAX_CHARGE + 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> account.chargeBalance.charge(new ChargeCommand(userId, amount)).block())
                    .as("amount %d", amount)
                    .isInstanceOfSatisfying(InvalidAmountException.class, problem -> {
                        assertThat(problem.kind()).isEqualTo(ProblemKind.BAD_REQUEST);
                        assertThat(problem.code()).isEqualTo("INVALID_AMOUNT");
                        assertThat(problem.detail()).contains("between 1 and " + MAX_CHARGE);
                    });
        }
        assertThat(account.balanceInTable(userId)).isZero();
        assertThat(account.ledgerEntries(userId)).isZero();
    }

    @Test
    void unknownUserIsNotFoundForEveryUseCaseAndNothingIsWritten() {
        long entriesBefore = db.queryForLong("SELECT count(*) FROM account.ledger");

        assertThatThrownBy(() -> account.getBalance.balanceOf(UNKNOWN_USER).block())
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> account.chargeBalance.charge(new ChargeCommand(UNKNOWN_USER, 1_000)).block())
                .isInstanceOfSatisfying(UserNotFoundException.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(ProblemKind.NOT_FOUND);
                    assertThat(problem.code()).isEqualTo("USER_NOT_FOUND");
                });
        assertThatThrownBy(() -> account.debitBalance.debit(new BalanceMovement(UserId.of(UNKNOWN_USER), Krw.of(1), "payment:1")).block())
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> account.creditBalance.credit(new BalanceMovement(UserId.of(UNKNOWN_USER), Krw.of(1), "refund:1")).block())
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> account.balanceHistory.history(HistoryRequest.newest(UNKNOWN_USER)).block())
                .isInstanceOf(UserNotFoundException.class);

        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger")).isEqualTo(entriesBefore);
    }

    @Test
    void debitTakesMoneyAndWritesAPaymentEntryWithTheCallersReference() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 80_000)).block();

        BalanceChange change = account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(30_000), "payment:17")).block();

        assertThat(change).isEqualTo(new BalanceChange(UserId.of(userId), Krw.of(50_000)));
        assertThat(account.balanceInTable(userId)).isEqualTo(50_000);
        assertThat(db.queryForLong("""
                SELECT count(*) FROM account.ledger WHERE user_id = %d AND type = 'PAYMENT' AND amount = 30000
                   AND balance_after = 50000 AND reference = 'payment:17'""".formatted(userId))).isEqualTo(1);
    }

    @Test
    void debitOfTheWholeBalanceLeavesZeroAndOneKrwMoreIsInsufficient() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 10_000)).block();

        assertThatThrownBy(() -> account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(10_001), "payment:1")).block())
                .isInstanceOfSatisfying(InsufficientBalanceException.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(ProblemKind.CONFLICT);
                    assertThat(problem.code()).isEqualTo("INSUFFICIENT_BALANCE");
                });
        assertThat(account.balanceInTable(userId)).isEqualTo(10_000);
        assertThat(account.ledgerEntries(userId)).isEqualTo(1);

        account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(10_000), "payment:2")).block();
        assertThat(account.balanceInTable(userId)).isZero();
    }

    @Test
    void refundGivesMoneyBackButNotPastTheMaximumBalance() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 100_000)).block();
        account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(60_000), "payment:3")).block();

        BalanceChange refunded = account.creditBalance.credit(new BalanceMovement(UserId.of(userId), Krw.of(60_000), "refund:3")).block();
        assertThat(refunded.balanceAfter().value()).isEqualTo(100_000);

        // A refund is not a charge: it may be larger than the per-charge maximum, only the balance maximum binds it.
        account.creditBalance.credit(new BalanceMovement(UserId.of(userId), Krw.of(MAX_BALANCE - 100_000), "refund:4")).block();
        assertThat(account.balanceInTable(userId)).isEqualTo(MAX_BALANCE);
        assertThatThrownBy(() -> account.creditBalance.credit(new BalanceMovement(UserId.of(userId), Krw.of(1), "refund:5")).block())
                .isInstanceOf(BalanceLimitExceededException.class);
        assertThatThrownBy(() -> account.creditBalance.credit(new BalanceMovement(UserId.of(userId), Krw.of(Long.MAX_VALUE), "refund:6"))
                .block())
                .isInstanceOf(BalanceLimitExceededException.class);

        assertThat(account.balanceInTable(userId)).isEqualTo(MAX_BALANCE);
        assertThat(account.ledgerSum(userId)).isEqualTo(MAX_BALANCE);
        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = %d AND type = 'REFUND'"
                .formatted(userId))).isEqualTo(2);
    }

    @Test
    void referenceThatDoesNotFitTheLedgerIsRefusedBeforeAnythingIsWritten() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 1_000)).block();

        assertThatThrownBy(() -> account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(10), "p".repeat(201))).block())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(10), "  ")).block())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(account.balanceInTable(userId)).isEqualTo(1_000);
        assertThat(account.ledgerEntries(userId)).isEqualTo(1);
    }

    @Test
    void historyListsEntriesNewestFirstWithTypesReferencesAndBalances() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 50_000)).block();
        account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(20_000), "payment:8")).block();
        account.creditBalance.credit(new BalanceMovement(UserId.of(userId), Krw.of(20_000), "refund:8")).block();
        account.chargeBalance.charge(new ChargeCommand(userId, 5)).block();

        BalanceHistory history = account.balanceHistory.history(HistoryRequest.newest(userId)).block();

        assertThat(history.userId()).isEqualTo(userId);
        assertThat(history.entries()).containsExactly(
                new BalanceHistory.Entry("CHARGE", 5, 50_005, NOW, "charge"),
                new BalanceHistory.Entry("REFUND", 20_000, 50_000, NOW, "refund:8"),
                new BalanceHistory.Entry("PAYMENT", 20_000, 30_000, NOW, "payment:8"),
                new BalanceHistory.Entry("CHARGE", 50_000, 50_000, NOW, "charge"));
    }

    @Test
    void historyIsCutAtTheLimitKeepingTheNewest() {
        long userId = account.newUser();
        for (int amount = 1; amount <= 5; amount++) {
            account.chargeBalance.charge(new ChargeCommand(userId, amount)).block();
        }

        BalanceHistory history = account.balanceHistory.history(new HistoryRequest(userId, 2)).block();

        assertThat(history.entries()).extracting(BalanceHistory.Entry::amount).containsExactly(5L, 4L);
    }

    @Test
    void historyPagesFollowTheirNextCursorToTheOldestEntryWithoutRepeatsOrGaps() {
        long userId = account.newUser();
        for (int amount = 1; amount <= 5; amount++) {
            account.chargeBalance.charge(new ChargeCommand(userId, amount)).block();
        }

        BalanceHistory first = account.balanceHistory.history(new HistoryRequest(userId, 2)).block();
        BalanceHistory second = account.balanceHistory.history(
                new HistoryRequest(userId, 2, Long.valueOf(first.nextCursor()))).block();
        account.chargeBalance.charge(new ChargeCommand(userId, 6)).block(); // a new entry moves no page
        BalanceHistory last = account.balanceHistory.history(
                new HistoryRequest(userId, 2, Long.valueOf(second.nextCursor()))).block();

        assertThat(first.entries()).extracting(BalanceHistory.Entry::amount).containsExactly(5L, 4L);
        assertThat(second.entries()).extracting(BalanceHistory.Entry::amount).containsExactly(3L, 2L);
        assertThat(last.entries()).extracting(BalanceHistory.Entry::amount).containsExactly(1L);
        assertThat(last.nextCursor()).as("the last page says so").isNull();
        assertThat(account.balanceHistory.history(new HistoryRequest(userId, 6)).block().nextCursor())
                .as("a page that holds everything is the last").isNull();
    }

    @Test
    void userWithoutMovementsHasAnEmptyHistory() {
        long userId = account.newUser();

        assertThat(account.balanceHistory.history(HistoryRequest.newest(userId)).block().entries()).isEmpty();
    }
}

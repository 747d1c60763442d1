package io.stagedoor.account.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.account.AccountStack;
import io.stagedoor.account.adapter.out.persistence.AccountPersistence;
import io.stagedoor.account.api.Balance;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.ChargeKeyReusedException;
import io.stagedoor.account.api.InvalidAmountException;
import io.stagedoor.account.api.ReplayedChargeRefusalException;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.testsupport.Concurrently;
import io.stagedoor.testsupport.MutableClock;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Charges under an Idempotency-Key: a retry never credits twice and gets the first answer. */
class ChargeIdempotencyTest {

    private static final long MAX_BALANCE = 1_000_000;

    private static TestDatabase db;
    private static AccountStack account;
    private static MutableClock clock;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create("account");
        clock = new MutableClock(Instant.parse("2026-12-24T10:00:00Z"));
        account = new AccountStack(db, new ChargePolicy(MAX_BALANCE, MAX_BALANCE), clock);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void aRepeatOfTheSameChargeReplaysTheFirstAnswerAndCreditsOnce() {
        long userId = account.newUser();

        Balance first = account.chargeBalance.charge(new ChargeCommand(userId, 5_000, "top-up-1")).block();
        account.chargeBalance.charge(new ChargeCommand(userId, 1_000)).block();
        Balance again = account.chargeBalance.charge(new ChargeCommand(userId, 5_000, "top-up-1")).block();

        assertThat(again).isEqualTo(first).isEqualTo(new Balance(userId, 5_000));
        assertThat(account.balanceInTable(userId)).isEqualTo(6_000);
        assertThat(account.ledgerEntries(userId)).isEqualTo(2);
    }

    @Test
    void theSameKeyForAnotherAmountIsRefusedAndChargesNothing() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 5_000, "top-up")).block();

        assertThatThrownBy(() -> account.chargeBalance.charge(new ChargeCommand(userId, 7_000, "top-up")).block())
                .isInstanceOfSatisfying(ChargeKeyReusedException.class, reused -> {
                    assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                    assertThat(reused.kind().status()).isEqualTo(422);
                });
        assertThat(account.balanceInTable(userId)).isEqualTo(5_000);
    }

    @Test
    void keysBelongToOneUser() {
        long kim = account.newUser();
        long lee = account.newUser();

        account.chargeBalance.charge(new ChargeCommand(kim, 5_000, "same-key")).block();
        account.chargeBalance.charge(new ChargeCommand(lee, 7_000, "same-key")).block();

        assertThat(account.balanceInTable(kim)).isEqualTo(5_000);
        assertThat(account.balanceInTable(lee)).isEqualTo(7_000);
    }

    @Test
    void aRefusalIsStoredAndReplayedEvenWhenTheChargeWouldNowPass() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, MAX_BALANCE - 100)).block();

        Throwable first = catchRefusal(new ChargeCommand(userId, 500, "too-much"));
        account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(10_000), "payment:1")).block();
        Throwable replay = catchRefusal(new ChargeCommand(userId, 500, "too-much"));

        assertThat(first).isInstanceOfSatisfying(StagedoorProblem.class,
                refused -> assertThat(refused.code()).isEqualTo("BALANCE_LIMIT_EXCEEDED"));
        assertThat(replay).isInstanceOfSatisfying(ReplayedChargeRefusalException.class, replayed -> {
            StagedoorProblem original = (StagedoorProblem) first;
            assertThat(replayed.kind().status()).isEqualTo(409);
            assertThat(replayed.kind()).isEqualTo(original.kind());
            assertThat(replayed.code()).isEqualTo(original.code());
            assertThat(replayed.title()).isEqualTo(original.title());
            assertThat(replayed.detail()).isEqualTo(original.detail())
                    .contains("(999900 KRW)");
        });
        assertThat(account.balanceInTable(userId)).isEqualTo(MAX_BALANCE - 100 - 10_000);
    }

    @Test
    void badInputIsNotStoredUnderTheKey() {
        long userId = account.newUser();

        assertThatThrownBy(() -> account.chargeBalance.charge(new ChargeCommand(userId, 0, "k")).block())
                .isInstanceOf(InvalidAmountException.class);
        assertThat(account.chargeBalance.charge(new ChargeCommand(userId, 10, "k")).block().balance()).isEqualTo(10);
    }

    @Test
    void concurrentRetriesWithOneKeyCreditExactlyOnceAndAllGetTheSameAnswer() throws Exception {
        long userId = account.newUser();

        List<Balance> answers = Concurrently.run(24, i ->
                account.chargeBalance.charge(new ChargeCommand(userId, 3_000, "retry-storm")).block(Duration.ofSeconds(30)));

        assertThat(new HashSet<>(answers)).containsExactly(new Balance(userId, 3_000));
        assertThat(account.balanceInTable(userId)).isEqualTo(3_000);
        assertThat(account.ledgerEntries(userId)).isEqualTo(1);
        assertThat(account.ledgerSum(userId)).isEqualTo(3_000);
        assertThat(db.queryForLong("SELECT count(*) FROM account.charge_keys WHERE user_id = " + userId)).isEqualTo(1);
    }

    @Test
    void thePurgeForgetsOnlyKeysPastTheRetention() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 10, "old")).block();
        clock.advance(Duration.ofHours(25));
        account.chargeBalance.charge(new ChargeCommand(userId, 10, "new")).block();

        long purged = new PurgeChargeKeysService(new AccountPersistence(db.databaseClient()).chargeKeys(), Duration.ofHours(24), clock)
                .purge().block();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(db.queryForLong("SELECT count(*) FROM account.charge_keys WHERE user_id = " + userId + " AND idem_key = 'old'"))
                .isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM account.charge_keys WHERE user_id = " + userId + " AND idem_key = 'new'"))
                .isEqualTo(1);
    }

    @Test
    void aRetentionShorterThanADayIsRefused() {
        assertThatThrownBy(() -> new PurgeChargeKeysService(new AccountPersistence(db.databaseClient()).chargeKeys(), Duration.ofHours(23), clock))
                .hasMessageContaining("at least PT24H");
    }

    private static Throwable catchRefusal(ChargeCommand command) {
        try {
            account.chargeBalance.charge(command).block();
        } catch (RuntimeException refused) {
            return refused;
        }
        throw new AssertionError("charged " + command);
    }
}
